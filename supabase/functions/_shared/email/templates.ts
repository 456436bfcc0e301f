import { escapeHtml, oneLine } from './escape.ts'
import { roleLabel, STRINGS, statusLabel } from './strings.ts'
import type { ClaimedEmail, EmailChatMessage, EmailLocale, RenderedEmail } from './types.ts'

/** Where an e-mail's links go; built by the dispatcher from its configuration. */
export interface EmailLinks {
  /** The function's unsubscribe door: the List-Unsubscribe one-click POST, and the visible link without a dealer page. */
  unsubscribe: string
  /** Staff console address for invitations; without it the e-mail carries the code alone. */
  staffUrl?: string
}

interface Block {
  text: string
  html: string
}

const paragraph = (text: string): Block => ({ text, html: `<p>${escapeHtml(text)}</p>` })
const button = (label: string, url: string, color: string): Block => ({
  text: `${label}: ${url}`,
  html: `<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;border-radius:6px;background:${color};color:#ffffff;text-decoration:none">${escapeHtml(label)}</a></p>`
})

function messages(locale: EmailLocale, list: EmailChatMessage[]): Block {
  const strings = STRINGS[locale]
  const lines = list.map((m) => ({
    who: m.sender_type === 'customer' ? strings.you : m.sender_name,
    what: m.attachment ? strings.attachment : (m.content ?? '')
  }))
  return {
    text: lines.map((l) => `${l.who}: ${l.what}`).join('\n\n'),
    html: lines
      .map((l) => `<p style="margin:0 0 12px"><strong>${escapeHtml(l.who)}</strong><br>${escapeHtml(l.what).replace(/\n/g, '<br>')}</p>`)
      .join('')
  }
}

function withQuery(base: string, key: string, value: string, lang: EmailLocale): string {
  const url = new URL(base)
  url.searchParams.set(key, value)
  url.searchParams.set('lang', lang)
  return url.toString()
}

function withFragment(base: string, key: string, value: string): string {
  const url = new URL(base)
  url.hash = `${key}=${value}`
  return url.toString()
}

/**
 * The dealer's page (`organizations.site_url`, where the widget is) asking "Stop e-mails from
 * … to …?" before it unsubscribes: a link scanner that opens it changes nothing.
 */
export function unsubscribePage(siteUrl: string, token: string): string {
  return withFragment(siteUrl, 'unsubscribe', token)
}

/** A dealer colour that is not a 6-digit hex never reaches the style attribute. */
function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(color) ? color : '#1f6feb'
}

/**
 * The e-mail for one claimed row, in the dealer's locale, as plain text and simple HTML
 * (every value escaped). Content comes only from claim_email_batch, which never includes
 * internal notes.
 */
export function renderEmail(mail: ClaimedEmail, links: EmailLinks): RenderedEmail {
  const org = mail.organization
  const locale: EmailLocale = org.locale === 'fr-CA' ? 'fr-CA' : 'en'
  const strings = STRINGS[locale]
  const color = safeColor(org.color)
  const c = mail.content
  const str = (key: string): string => (typeof c[key] === 'string' ? (c[key] as string) : '')
  let subject: string
  const blocks: Block[] = []

  if (mail.kind === 'invitation') {
    subject = strings.invitationSubject(org.name)
    const expires = new Date(str('expires_at')).toLocaleDateString(locale, { year: 'numeric', month: 'long', day: 'numeric' })
    blocks.push(paragraph(strings.invitationIntro(str('invited_by') || org.name, org.name, roleLabel(locale, str('role')))))
    // The accept page speaks the e-mail's language.
    if (links.staffUrl)
      blocks.push(button(strings.invitationAction, withQuery(links.staffUrl, 'invitation', str('invitation_token'), locale), color))
    else blocks.push(paragraph(`${strings.invitationCode}: ${str('invitation_token')}`))
    blocks.push(paragraph(strings.invitationExpires(expires)))
  } else if (mail.kind === 'missed_reply') {
    subject = strings.missedSubject(org.name)
    blocks.push(paragraph(strings.greeting(str('customer_name'))), paragraph(strings.missedIntro(org.name)))
    blocks.push(messages(locale, (c['messages'] as EmailChatMessage[] | undefined) ?? []))
    if (org.site_url) blocks.push(button(strings.missedAction, withFragment(org.site_url, 'token', str('access_token')), color))
  } else if (mail.kind === 'claim_status') {
    const to = statusLabel(locale, str('new_status'))
    subject = strings.claimSubject(str('claim_number'), to)
    blocks.push(paragraph(strings.greeting(str('customer_name'))))
    blocks.push(paragraph(strings.claimIntro(str('claim_number'), statusLabel(locale, str('old_status')), to)))
    if (str('reason')) blocks.push(paragraph(str('reason')))
  } else {
    subject = strings.transcriptSubject(org.name)
    blocks.push(paragraph(strings.greeting(str('customer_name'))), paragraph(strings.transcriptIntro(org.name)))
    blocks.push(messages(locale, (c['messages'] as EmailChatMessage[] | undefined) ?? []))
  }

  const unsubscribe = org.site_url ? unsubscribePage(org.site_url, c.unsubscribe_token) : links.unsubscribe
  const footer = `${strings.unsubscribe} ${org.name}: ${unsubscribe}`
  const text = [...blocks.map((b) => b.text), '—', org.name, footer].join('\n\n')
  const logo = org.logo_url?.startsWith('https://') ? `<img src="${escapeHtml(org.logo_url)}" alt="" height="40"><br>` : ''
  const html =
    `<!doctype html><html lang="${locale}"><body style="margin:0;font-family:system-ui,sans-serif;color:#1f2328">` +
    `<div style="max-width:560px;margin:0 auto;padding:24px">` +
    `<div style="border-top:4px solid ${color};padding-top:16px">${logo}<strong>${escapeHtml(org.name)}</strong></div>` +
    blocks.map((b) => b.html).join('') +
    `<p style="font-size:12px;color:#656d76"><a href="${escapeHtml(unsubscribe)}" style="color:#656d76">${escapeHtml(`${strings.unsubscribe} ${org.name}`)}</a></p>` +
    `</div></body></html>`
  return { subject: oneLine(subject), text, html }
}
