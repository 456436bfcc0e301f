import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MailMessage } from '../../packages/local/src/mail/store.ts'
import { startTestStack, type TestStack } from '../../packages/local/test/stack.ts'

// Invitations, missed replies, unsubscribe and bounces end to end: unmodified supabase-js,
// the send-email function on the local stack's functions host, and its mailbox at /mail.
const ORG = '11111111-1111-4111-8111-111111111111'
const WEBHOOK_KEY = randomBytes(24)
const POLL = { timeout: 20_000, interval: 100 }

let stack: TestStack
let admin: SupabaseClient
let nathalie: SupabaseClient

beforeAll(async () => {
  stack = await startTestStack({ seed: true })
  await writeFile(join(stack.stateDir, 'env'), `RESEND_WEBHOOK_SECRET=whsec_${WEBHOOK_KEY.toString('base64')}\n`)
  admin = createClient(stack.url, stack.serviceRoleKey, { auth: { persistSession: false, autoRefreshToken: false } })
  nathalie = stack.client()
  expect((await nathalie.auth.signInWithPassword({ email: 'admin@lavoie.demo', password: 'parley-demo' })).error).toBeNull()
})
afterAll(() => stack?.stop())

async function mailbox(to: string): Promise<MailMessage[]> {
  const response = await fetch(`${stack.url}/mail/api/messages?to=${encodeURIComponent(to)}`)
  return (await response.json()) as MailMessage[]
}

/** Runs the dispatcher (as the schedule would) until `to` has `count` messages. */
async function delivered(to: string, count = 1): Promise<MailMessage[]> {
  await expect
    .poll(async () => {
      // Missed replies wait a minute for more replies to join them; the test does not.
      await stack.pool.query(`update public.email_outbox set next_attempt_at = now() where status = 'pending'`)
      await admin.functions.invoke('send-email', { body: {} })
      return (await mailbox(to)).length
    }, POLL)
    .toBeGreaterThanOrEqual(count)
  return mailbox(to)
}

async function signUp(email: string): Promise<SupabaseClient> {
  const client = stack.client()
  const { error } = await client.auth.signUp({ email, password: 'a-long-password-1' })
  expect(error).toBeNull()
  return client
}

describe('e-mail on the local stack', () => {
  it('the invitation e-mail lands in the mailbox and its code joins the organization', async () => {
    const email = `${randomUUID()}@invitee.test`
    const invited = await nathalie.rpc('invite_member', { organization_id: ORG, email, role: 'operations' })
    expect(invited.error).toBeNull()
    const [mail] = await delivered(email)
    expect(mail!.subject).toContain('Garage Lavoie')
    expect(mail!.html).not.toMatch(/<script/i)
    const token = /([0-9a-f]{64})/.exec(mail!.text)?.[1]
    expect(token).toBeDefined()

    const stranger = await signUp(`${randomUUID()}@stranger.test`)
    const wrong = await stranger.rpc('accept_invitation', { token })
    expect(wrong.error?.hint).toBe('INVITATION_EMAIL_MISMATCH')

    const invitee = await signUp(email.toUpperCase())
    const accepted = await invitee.rpc('accept_invitation', { token })
    expect(accepted.error).toBeNull()
    expect(accepted.data).toMatchObject({ organization_id: ORG, role: 'operations' })
    const again = await invitee.rpc('accept_invitation', { token })
    expect(again.error?.hint).toBe('INVITATION_INVALID')
    const members = await nathalie.from('profiles').select('role').eq('organization_id', ORG).eq('role', 'operations')
    expect(members.data).toHaveLength(1)
  })

  it('a customer who left gets one missed-reply e-mail, without the internal note, whose link opens the conversation; unsubscribing asks first, then stops it', async () => {
    const email = `${randomUUID()}@customer.test`
    const customer = stack.client()
    expect((await customer.auth.signInAnonymously()).error).toBeNull()
    const started = await customer.rpc('start_conversation', { organization_id: ORG, customer_name: 'Léa Roy', customer_email: email })
    expect(started.error).toBeNull()
    const conversationId = (started.data as { conversation_id: string }[])[0]!.conversation_id
    await stack.pool.query(`update public.organizations set site_url = 'https://lavoie.example/contact' where id = $1`, [ORG])
    await stack.pool.query(`update public.chat_conversations set customer_last_seen_at = now() - interval '1 hour' where id = $1`, [
      conversationId
    ])

    const julie = stack.client()
    expect((await julie.auth.signInWithPassword({ email: 'julie@lavoie.demo', password: 'parley-demo' })).error).toBeNull()
    for (const [content, internal] of [
      ['Votre voiture est prête', false],
      ['Client difficile, prudence', true],
      ['Nous fermons à 17 h', false]
    ] as const) {
      const sent = await julie.rpc('send_message', {
        conversation_id: conversationId,
        client_id: randomUUID(),
        content,
        is_internal: internal
      })
      expect(sent.error).toBeNull()
    }
    const [mail] = await delivered(email)
    expect(mail!.text).toContain('Votre voiture est prête')
    expect(mail!.text).toContain('Nous fermons à 17 h')
    expect(mail!.text + mail!.html).not.toContain('Client difficile')
    const sentAgain = await julie.rpc('send_message', {
      conversation_id: conversationId,
      client_id: randomUUID(),
      content: 'Encore une chose'
    })
    expect(sentAgain.error).toBeNull()
    await stack.pool.query(`update public.email_outbox set next_attempt_at = now() where status = 'pending'`)
    await admin.functions.invoke('send-email', { body: {} })
    expect(await mailbox(email)).toHaveLength(1)

    const token = /#token=([0-9a-f]{64})/.exec(mail!.text)?.[1]
    const elsewhere = stack.client()
    expect((await elsewhere.auth.signInAnonymously()).error).toBeNull()
    const redeemed = await elsewhere.rpc('redeem_access_token', { token })
    expect(redeemed.error).toBeNull()
    expect(redeemed.data).toEqual([{ conversation_id: conversationId, claim_id: null }])

    // The visible link asks on the dealer's page; the mail app's one-click header goes to the function.
    const code = /https:\/\/lavoie\.example\/contact#unsubscribe=([0-9a-f]{64})/.exec(mail!.text)?.[1]
    expect(code).toBeDefined()
    expect(mail!.html).toContain(`href="https://lavoie.example/contact#unsubscribe=${code}"`)
    const unsubscribeUrl = /^<(http:\/\/\S+\/functions\/v1\/send-email\/unsubscribe\?token=[0-9a-f]{64})>$/.exec(
      String(mail!.headers['List-Unsubscribe'])
    )?.[1]
    expect(unsubscribeUrl).toBe(`${stack.url}/functions/v1/send-email/unsubscribe?token=${code}`)
    expect(mail!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    const suppressions = async () => (await stack.pool.query(`select reason from public.email_suppressions where email = $1`, [email])).rows

    // A link scanner's GET changes nothing: it is sent to the dealer's confirmation page, or,
    // without one, told how to confirm; the page itself reads whose e-mails these are.
    const scanned = await fetch(unsubscribeUrl!, { redirect: 'manual' })
    expect(scanned.status).toBe(303)
    expect(scanned.headers.get('location')).toBe(`https://lavoie.example/contact#unsubscribe=${code}`)
    const preview = await fetch(unsubscribeUrl!.replace('/unsubscribe?', '/unsubscribe/preview?'))
    expect(await preview.json()).toEqual({ email, organization_name: 'Garage Lavoie Auto' })
    await stack.pool.query(`update public.organizations set site_url = null where id = $1`, [ORG])
    const page = await fetch(unsubscribeUrl!)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await page.text()).toContain(`To stop e-mails from Garage Lavoie Auto to ${email}, use the Unsubscribe button`)
    expect(await suppressions()).toEqual([])

    expect((await fetch(unsubscribeUrl!, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(200)
    expect(await suppressions()).toEqual([{ reason: 'unsubscribed' }])
    const bad = await fetch(unsubscribeUrl!.replace(/token=.*/, `token=${'0'.repeat(64)}`), { method: 'POST' })
    expect(bad.status).toBe(400)
    const badPreview = await fetch(
      unsubscribeUrl!.replace('/unsubscribe?', '/unsubscribe/preview?').replace(/token=.*/, `token=${'0'.repeat(64)}`)
    )
    expect(badPreview.status).toBe(404)
    expect(await badPreview.json()).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('a bounce webhook with a valid signature suppresses the address; a forged one is refused', async () => {
    const email = `${randomUUID()}@bounce.test`
    const body = JSON.stringify({ type: 'email.bounced', created_at: new Date().toISOString(), data: { to: [email] } })
    const id = `msg_${randomUUID()}`
    const timestamp = String(Math.floor(Date.now() / 1000))
    const signature = createHmac('sha256', WEBHOOK_KEY).update(`${id}.${timestamp}.${body}`).digest('base64')
    const url = `${stack.url}/functions/v1/send-email/webhooks/resend`
    const forged = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'svix-id': id,
        'svix-timestamp': timestamp,
        'svix-signature': `v1,${Buffer.from('nope').toString('base64')}`
      },
      body
    })
    expect(forged.status).toBe(403)
    const stale = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'svix-id': id,
        'svix-timestamp': String(Number(timestamp) - 3600),
        'svix-signature': `v1,${signature}`
      },
      body
    })
    expect(stale.status).toBe(403)
    const ok = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'svix-id': id,
        'svix-timestamp': timestamp,
        'svix-signature': `v1,bm9wZQ== v1,${signature}`
      },
      body
    })
    expect(ok.status).toBe(200)
    const invited = await nathalie.rpc('invite_member', { organization_id: ORG, email, role: 'agent' })
    expect(invited.error?.hint).toBe('EMAIL_SUPPRESSED')
  })

  it('only the service-role key drains the outbox', async () => {
    const response = await fetch(`${stack.url}/functions/v1/send-email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.anonKey}`, 'content-type': 'application/json' },
      body: '{}'
    })
    expect(response.status).toBe(403)
  })
})
