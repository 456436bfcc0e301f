import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { renderEmail, unsubscribePage } from '../functions/_shared/email/templates.ts'
import type { ClaimedEmail } from '../functions/_shared/email/types.ts'
import { suppressionsOf, verifySvixSignature } from '../functions/_shared/email/webhook.ts'

const organization = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Garage <Lavoie> & Fils',
  slug: 'lavoie',
  locale: 'fr-CA' as const,
  color: '#0f766e',
  logo_url: null,
  site_url: 'https://lavoie.example/contact'
}

function mail(kind: ClaimedEmail['kind'], content: Record<string, unknown>, locale: 'fr-CA' | 'en' = 'fr-CA'): ClaimedEmail {
  return {
    id: 'x',
    kind,
    to: 'a@b.test',
    attempts: 1,
    locked_at: '',
    organization: { ...organization, locale },
    content: { unsubscribe_token: 'u'.repeat(64), ...content }
  }
}

describe('e-mail templates', () => {
  it('escape every dealer and customer value in the HTML, and keep the subject on one line', () => {
    const rendered = renderEmail(
      mail('missed_reply', {
        customer_name: 'Léa\r\nBcc: x@evil.test',
        access_token: 'a'.repeat(64),
        messages: [
          { sender_type: 'staff', sender_name: 'Julie', content: '<img src=x onerror=alert(1)>', attachment: false, created_at: '' }
        ]
      }),
      { unsubscribe: 'https://p.test/unsubscribe?token=1' }
    )
    expect(rendered.html).not.toContain('<img src=x')
    expect(rendered.html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(rendered.html).toContain('Garage &lt;Lavoie&gt; &amp; Fils')
    expect(rendered.subject).not.toMatch(/[\r\n]/)
    expect(rendered.text).toContain(`https://lavoie.example/contact#token=${'a'.repeat(64)}`)
    expect(rendered.subject).toBe('Garage <Lavoie> & Fils a répondu à votre message')
  })

  it('speak the dealer’s language and use its colour', () => {
    const en = renderEmail(
      mail(
        'claim_status',
        { claim_number: 'RC-1', customer_name: 'Ada', old_status: 'under_review', new_status: 'approved', reason: null },
        'en'
      ),
      { unsubscribe: 'https://p.test/u' }
    )
    expect(en.subject).toBe('Claim RC-1: Approved')
    expect(en.text).toContain('changed from Under review to Approved')
    expect(en.html).toContain('#0f766e')
    const fr = renderEmail(
      mail('invitation', { invitation_token: 'b'.repeat(64), role: 'f_and_i', invited_by: 'Nathalie', expires_at: '2026-12-09T00:00:00Z' }),
      { unsubscribe: 'https://p.test/u', staffUrl: 'https://staff.test/' }
    )
    expect(fr.text).toContain(`https://staff.test/?invitation=${'b'.repeat(64)}&lang=fr-CA`)
    expect(fr.text).toContain('financement et assurance')
  })
})

describe('the unsubscribe link', () => {
  const token = 'u'.repeat(64)
  const claim = { claim_number: 'RC-1', customer_name: 'Ada', old_status: 'under_review', new_status: 'approved', reason: null }

  it('goes to the dealer’s page, which asks before unsubscribing, when the dealer has one', () => {
    const rendered = renderEmail(mail('claim_status', claim, 'en'), { unsubscribe: `https://p.test/unsubscribe?token=${token}` })
    expect(rendered.text).toContain(`Stop e-mails from Garage <Lavoie> & Fils: https://lavoie.example/contact#unsubscribe=${token}`)
    expect(rendered.html).toContain(`href="https://lavoie.example/contact#unsubscribe=${token}"`)
    expect(rendered.text).not.toContain('https://p.test/')
  })

  it('goes to the function (which only explains, on a GET) without a dealer page', () => {
    const bare = { ...mail('claim_status', claim), organization: { ...organization, site_url: null } }
    const rendered = renderEmail(bare, { unsubscribe: `https://p.test/unsubscribe?token=${token}` })
    expect(rendered.text).toContain(`https://p.test/unsubscribe?token=${token}`)
    expect(unsubscribePage('https://lavoie.example/a#old', token)).toBe(`https://lavoie.example/a#unsubscribe=${token}`)
  })
})

describe('Resend webhook signature (Svix scheme)', () => {
  const key = Buffer.from('a webhook signing key of some length')
  const secret = `whsec_${key.toString('base64')}`
  const body = JSON.stringify({ type: 'email.complained', data: { to: ['x@y.test'] } })
  const sign = (id: string, ts: string, payload: string) => createHmac('sha256', key).update(`${id}.${ts}.${payload}`).digest('base64')
  const headers = (id: string, ts: string, sig: string) => new Headers({ 'svix-id': id, 'svix-timestamp': ts, 'svix-signature': sig })

  it('accepts a valid signature among several and refuses a tampered body, a stale timestamp and another key', async () => {
    const now = 1_800_000_000
    const ts = String(now)
    expect(await verifySvixSignature(secret, headers('m1', ts, `v1,AAAA v1,${sign('m1', ts, body)}`), body, now)).toBe(true)
    expect(await verifySvixSignature(secret, headers('m1', ts, `v1,${sign('m1', ts, body)}`), body.replace('x@y', 'z@y'), now)).toBe(false)
    expect(await verifySvixSignature(secret, headers('m1', ts, `v1,${sign('m1', ts, body)}`), body, now + 301)).toBe(false)
    expect(
      await verifySvixSignature(
        `whsec_${Buffer.from('other').toString('base64')}`,
        headers('m1', ts, `v1,${sign('m1', ts, body)}`),
        body,
        now
      )
    ).toBe(false)
    expect(await verifySvixSignature(secret, new Headers(), body, now)).toBe(false)
  })

  it('turns bounces and complaints into suppressions and ignores other events', () => {
    expect(suppressionsOf(JSON.parse(body))).toEqual([{ email: 'x@y.test', reason: 'complained' }])
    expect(suppressionsOf({ type: 'email.delivered', data: { to: ['x@y.test'] } })).toEqual([])
    expect(suppressionsOf('nonsense')).toEqual([])
  })
})
