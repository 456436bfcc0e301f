// Screenshots for the docs (desktop and mobile, light and dark): `npm run build && node
// scripts/screenshots.ts [--only widget|staff]`. Starts its own local stack with the demo seed
// and shows the demo customer's conversation with its live claim timeline in the widget, and
// the staff elements in the staff app signed in as the demo admin.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type pg from 'pg'
import type { Page } from 'playwright-core'
import { serveExamples } from '../examples/serve.ts'
import { launchBrowser, requireBuild } from '../examples/test/browser.ts'
import { transaction } from '../packages/local/src/auth/transaction.ts'
import { startLocalStack } from '../packages/local/src/index.ts'

const CONVERSATION_TOKEN = 'd8dfb96614622f3f7c88ec9045e42bba15ca824d4a4c4f85682dc281e98bcb37'
const CONVERSATION_ID = '66666666-6666-4666-8666-666666666601'
const ORGANIZATION = '11111111-1111-4111-8111-111111111111'
const OUT = new URL('../docs/img/', import.meta.url).pathname

const VARIANTS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'mobile', viewport: { width: 390, height: 844 } }
] as const

const { values } = parseArgs({ options: { only: { type: 'string' } } })
// `--only resolved` takes just the resolved conversation's prompt and the unsubscribe page;
// `--only app` the staff app in each language.
const wanted = (part: 'widget' | 'staff' | 'resolved' | 'app') => !values.only || values.only === part

const ORG = '11111111-1111-4111-8111-111111111111'
const ADMIN = '22222222-2222-4222-8222-222222222201'

/**
 * A month of the demo garage's history for the analytics and quick-reply screenshots, as a
 * bulk import writes it: resolved conversations (so the inbox still shows the demo's own) with
 * their messages, facts rebuilt, then resolutions with ratings and comments, and a few quick
 * replies with their use counts.
 */
async function demoHistory(pool: pg.Pool): Promise<void> {
  await transaction(pool, async (client) => {
    await client.query("set local session_replication_role = 'replica'")
    await client.query(
      `with agents as (
       select array_agg(id order by display_name) as ids from public.profiles where organization_id = $1 and role = 'agent'
     ),
     made as (
       insert into public.chat_conversations (organization_id, customer_name, assigned_to, status, created_at, last_message_at, updated_at)
       select $1, (array['Émilie Roy', 'Jacob Martin', 'Léa Côté', 'William Morin', 'Chloé Fortin', 'Noah Pelletier', 'Alice Bélanger', 'Thomas Lévesque'])[1 + g % 8],
         agents.ids[1 + g % 2], 'resolved', now() - g * interval '4 hours 37 minutes', now() - g * interval '4 hours 37 minutes',
         now() - g * interval '4 hours 37 minutes'
       from generate_series(1, 150) g, agents
       returning id, organization_id, assigned_to, created_at
     )
     insert into public.chat_messages (organization_id, conversation_id, sender_type, sender_id, sender_name, content, is_internal, created_at)
     select m.organization_id, m.id, 'customer'::public.sender_type, null::uuid, 'Client', 'Bonjour, une question sur ma garantie.', false, m.created_at from made m
     union all
     select m.organization_id, m.id, 'staff'::public.sender_type, m.assigned_to, 'Agent', 'Bonjour! Je regarde votre dossier.', false,
       m.created_at + (2 + (extract(epoch from m.created_at)::bigint % 31)) * interval '1 minute' from made m
     union all
     select m.organization_id, m.id, 'staff'::public.sender_type, m.assigned_to, 'Agent', 'C’est réglé, bonne journée!', false, m.created_at + interval '70 minutes' from made m
     where extract(epoch from m.created_at)::bigint % 3 <> 0`,
      [ORG]
    )
  })
  await pool.query('select private.rebuild_conversation_metrics($1)', [ORG])
  await pool.query(
    `insert into public.conversation_resolutions (organization_id, conversation_id, agent_id, opened_at, resolved_at, rating, comment, rated_at)
     select c.organization_id, c.id, c.assigned_to, c.created_at, least(now(), c.created_at + r.hours * interval '1 hour'),
       case when r.n % 3 = 0 then (array[5, 4, 5, 3, 5, 2, 4, 5])[1 + r.n % 8] end,
       case when r.n % 9 = 0 then (array['Très rapide, merci!', 'Great help with my warranty claim.', 'Réponse claire, mais j’ai attendu un peu.', 'Perfect, thank you Julie.'])[1 + r.n % 4] end,
       case when r.n % 3 = 0 then least(now(), c.created_at + r.hours * interval '1 hour' + interval '5 minutes') end
     from (select c.*, row_number() over (order by c.created_at) as n from public.chat_conversations c
           where c.organization_id = $1 and c.status = 'resolved') c
     cross join lateral (select c.n, 1 + c.n % 20 as hours) r`,
    [ORG]
  )
  await pool.query(
    `with made as (
       insert into public.reply_templates (organization_id, owner_id, title, shortcut, body_fr, body_en)
       values ($1, null, 'Garantie : couverture', '/garantie', 'Bonjour {{customer.name}}, votre garantie {{warranty.number}} est valide jusqu’au {{warranty.expiry}}.', 'Hello {{customer.name}}, your warranty {{warranty.number}} is valid until {{warranty.expiry}}.'),
         ($1, null, 'Réclamation : suivi', '/reclamation', 'Votre réclamation {{claim.number}} est maintenant : {{claim.status}}.', 'Your claim {{claim.number}} is now: {{claim.status}}.'),
         ($1, null, 'Rendez-vous au garage', '/rdv', 'Nous pouvons vous recevoir cette semaine chez {{dealer.name}}. Quel moment vous convient?', 'We can see you this week at {{dealer.name}}. What time suits you?'),
         ($1, $2, 'Merci et bonne journée', '/merci', 'Merci {{customer.name}}, bonne journée! — {{agent.name}}', 'Thank you {{customer.name}}, have a good day! — {{agent.name}}')
       returning id, shortcut
     )
     insert into public.reply_template_usage (template_id, organization_id, use_count, last_used_at)
     select id, $1, case shortcut when '/garantie' then 42 when '/reclamation' then 17 when '/rdv' then 9 else 3 end, now() - interval '2 hours' from made`,
    [ORG, ADMIN]
  )
}

/** Each staff element in the staff app, as the demo admin, with Sophie Gagnon's conversation open. */
async function staffShots(page: Page, origin: string, suffix: string): Promise<void> {
  await page.goto(`${origin}/staff/`)
  await page.getByLabel('Email').fill('admin@lavoie.demo')
  await page.getByLabel('Password').fill('parley-demo')
  await page.getByRole('button', { name: 'Sign in' }).click()
  const inbox = page.locator('parley-inbox')
  await inbox.getByRole('button', { name: /Sophie Gagnon/ }).click()
  await inbox
    .locator('parley-claim-tracker')
    .getByText(/Current status/)
    .waitFor()
  await inbox.locator('.message').first().waitFor()
  await page.waitForTimeout(300)
  const shoot = async (name: string, target: Page | ReturnType<Page['locator']>) => {
    const file = join(OUT, `staff-${name}-${suffix}.png`)
    await target.screenshot({ path: file })
    console.log(file)
  }
  await shoot('inbox', page)
  const tracker = inbox.locator('parley-claim-tracker')
  await tracker.scrollIntoViewIfNeeded()
  await shoot('claim-tracker', tracker)
  await page
    .locator('parley-notification-center')
    .getByRole('button', { name: /^Notifications/ })
    .click()
  await page.locator('parley-notification-center').getByRole('region', { name: 'Notifications' }).waitFor()
  await shoot('notification-center', page)
  await page.keyboard.press('Escape')
  await page.goto(`${origin}/staff/#/notifications`)
  await page.locator('parley-push-settings [role="status"]').waitFor()
  await page.waitForTimeout(300)
  await shoot('push-settings', page.locator('parley-push-settings'))
  await page.goto(`${origin}/staff/#/team`)
  const team = page.locator('parley-team')
  await team.getByLabel('E-mail address to invite').fill(`nouveau-${suffix}@lavoie.demo`)
  await team.getByRole('button', { name: 'Send invitation' }).click()
  await team.getByText('Invitation sent.').waitFor()
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(300)
  await shoot('team', page)
  await page.goto(`${origin}/staff/#/replies`)
  await page.locator('parley-reply-templates').getByRole('rowheader', { name: '/garantie' }).waitFor()
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(300)
  await shoot('reply-templates', page)
  await page.goto(`${origin}/staff/#/analytics`)
  const analytics = page.locator('parley-analytics')
  await analytics.getByRole('img', { name: /First response time/ }).waitFor()
  // The whole dashboard in one picture: a window as tall as it is.
  const viewport = page.viewportSize()!
  await page.setViewportSize({ width: viewport.width, height: Math.ceil((await analytics.boundingBox())!.height) + 120 })
  await page.waitForTimeout(300)
  await shoot('analytics', analytics)
  await page.setViewportSize(viewport)
  // The / picker over Sophie Gagnon's conversation.
  await page.goto(`${origin}/staff/#/chat/66666666-6666-4666-8666-666666666601`)
  await inbox.locator('.message').first().waitFor()
  await inbox.getByRole('textbox', { name: 'Reply' }).click()
  await page.keyboard.type('/')
  await inbox.getByRole('listbox', { name: 'Quick replies' }).getByRole('option').first().waitFor()
  await page.keyboard.type('ga')
  await page.waitForTimeout(300)
  await shoot('quick-reply-picker', page)
}

/**
 * The staff app in each language, Sophie Gagnon's conversation open: fr-CA on a phone (a
 * French browser) and English on a desktop, as the demo admin.
 */
async function appShots(origin: string): Promise<void> {
  for (const [locale, variant] of [
    ['fr-CA', VARIANTS[1]],
    ['en', VARIANTS[0]]
  ] as const) {
    const browser = await launchBrowser({ viewport: variant.viewport, locale })
    try {
      const page = await browser.context.newPage()
      await page.goto(`${origin}/staff/`)
      await page.getByLabel(locale === 'en' ? 'Email' : 'Courriel').fill('admin@lavoie.demo')
      await page.getByLabel(locale === 'en' ? 'Password' : 'Mot de passe').fill('parley-demo')
      await page.getByRole('button', { name: locale === 'en' ? 'Sign in' : 'Se connecter' }).click()
      await page.goto(`${origin}/staff/#/chat/${CONVERSATION_ID}`)
      await page.locator('parley-inbox .message').first().waitFor()
      await page.waitForTimeout(300)
      await shot(page, `staff-app-${locale}-${variant.name}.png`)
    } finally {
      await browser.close()
    }
  }
}

async function shot(page: Page, name: string): Promise<void> {
  const file = join(OUT, name)
  await page.screenshot({ path: file })
  console.log(file)
}

requireBuild()
const stateDir = await mkdtemp(join(tmpdir(), 'parley-screenshots-'))
const stack = await startLocalStack({ root: new URL('..', import.meta.url).pathname, stateDir, port: 55621, dbPort: 55622, reset: true })
const web = await serveExamples({ supabaseUrl: stack.url, supabaseAnonKey: stack.anonKey })
try {
  if (wanted('staff')) await demoHistory(stack.pool)
  if (wanted('app')) await appShots(web.url)
  for (const variant of VARIANTS) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const browser = await launchBrowser({ viewport: variant.viewport, colorScheme })
      try {
        const page = await browser.context.newPage()
        if (wanted('staff')) await staffShots(page, web.url, `${variant.name}-${colorScheme}`)
        if (!wanted('widget')) continue
        await page.goto(`${web.url}/dealer/claim.html#token=${CONVERSATION_TOKEN}`)
        const dialog = page.locator('parley-chat [role="dialog"]')
        await dialog.locator('.steps [aria-current="step"]').waitFor()
        await dialog.locator('.message').first().waitFor()
        await page.waitForTimeout(300)
        const file = join(OUT, `widget-${variant.name}-${colorScheme}.png`)
        await page.screenshot({ path: file })
        console.log(file)
      } finally {
        await browser.close()
      }
    }
  }
  // Journeys, one screenshot per language, desktop light.
  const CLAIM_TOKEN = '2b6030c4d067189f257c72342f7debdcdbb17883bc5d716f3bb5e5fbc54f0892'
  for (const locale of wanted('widget') ? (['fr-CA', 'en'] as const) : []) {
    const browser = await launchBrowser({ viewport: VARIANTS[0].viewport })
    try {
      const page = await browser.context.newPage()
      await page.goto(`${web.url}/dealer/claim.html#token=${CLAIM_TOKEN}&lang=${locale}`)
      const dialog = page.locator('parley-chat [role="dialog"]')
      await dialog.locator('.claim-view .ask .note').waitFor()
      await dialog.locator('.history li').first().waitFor()
      await page.waitForTimeout(300)
      const file = join(OUT, `widget-claim-${locale}.png`)
      await page.screenshot({ path: file })
      console.log(file)
      // Home: the claim the visitor follows and their conversations, reached with Back.
      await page.goto(`${web.url}/dealer/claim.html#token=${CONVERSATION_TOKEN}&lang=${locale}`)
      await page.reload()
      await dialog.locator('.message').first().waitFor()
      await dialog.locator('header button').first().click()
      await dialog.locator('.conversations li').nth(1).waitFor()
      await page.waitForTimeout(300)
      const home = join(OUT, `widget-home-${locale}.png`)
      await page.screenshot({ path: home })
      console.log(home)
      // A tapped notification: the page opens with the widget on that conversation (a
      // subscribed visitor's page follows ?parley_conversation=).
      await page.evaluate((organization) => {
        const key = `parley:${organization}`
        localStorage.setItem(key, JSON.stringify({ ...JSON.parse(localStorage.getItem(key) ?? '{}'), pushId: 'screenshot' }))
      }, ORGANIZATION)
      await page.goto(`${web.url}/dealer/claim.html?parley_conversation=${CONVERSATION_ID}#lang=${locale}`)
      await dialog.locator('.message').first().waitFor()
      await page.waitForTimeout(300)
      await shot(page, `widget-notification-tap-${locale}.png`)
      // Offline: the banner, and a message waiting for the connection.
      await browser.context.setOffline(true)
      await dialog.locator('.banner').waitFor()
      await dialog.locator('textarea').fill(locale === 'en' ? 'Is the part in yet?' : 'La pièce est-elle arrivée ?')
      await dialog.locator('textarea').press('Enter')
      await dialog.locator('.message.mine[data-state="pending"]').last().waitFor()
      await page.waitForTimeout(300)
      await shot(page, `widget-offline-${locale}.png`)
      await browser.context.setOffline(false)
      await dialog.locator('.banner').waitFor({ state: 'detached' })
      // A file whose upload failed: Retry and Remove.
      await page.route('**/storage/v1/object/**', (route) => route.abort('internetdisconnected'))
      await dialog
        .locator('input[type="file"]')
        .setInputFiles({ name: 'facture.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') })
      await dialog.locator('.uploads li.error').waitFor()
      await page.waitForTimeout(300)
      await shot(page, `widget-attachment-failed-${locale}.png`)
      await page.unroute('**/storage/v1/object/**')
      await dialog.locator('.uploads li.error button.icon').click()
      // Two tabs of the site: the same conversation, live in both.
      const second = await browser.context.newPage()
      await second.goto(`${web.url}/dealer/claim.html#lang=${locale}`)
      await second.locator('parley-chat').getByRole('button').first().click()
      const secondDialog = second.locator('parley-chat [role="dialog"]')
      await secondDialog.locator('.message').first().waitFor()
      await secondDialog.locator('textarea').fill(locale === 'en' ? 'Sent from the second tab' : 'Envoyé du second onglet')
      await secondDialog.locator('textarea').press('Enter')
      await dialog.getByText(locale === 'en' ? 'Sent from the second tab' : 'Envoyé du second onglet').waitFor()
      await page.waitForTimeout(300)
      const [left, right] = await Promise.all([page.screenshot(), second.screenshot()])
      const sideBySide = await browser.context.newPage()
      await sideBySide.setViewportSize({ width: 1280, height: 420 })
      await sideBySide.setContent(
        `<body style="margin:0;display:flex;gap:8px;background:#334155">${[left, right]
          .map((png) => `<img style="width:636px" src="data:image/png;base64,${png.toString('base64')}">`)
          .join('')}</body>`
      )
      await shot(sideBySide, `widget-tabs-${locale}.png`)
      await second.close()
      await sideBySide.close()
      // Someone else's access link, opened by a visitor with a conversation of their own.
      const visitor = await launchBrowser({ viewport: VARIANTS[0].viewport })
      const other = await visitor.context.newPage()
      await other.goto(`${web.url}/dealer/claim.html#lang=${locale}`)
      await other.locator('parley-chat').getByRole('button').first().click()
      const panel = other.locator('parley-chat [role="dialog"]')
      await panel.locator('#parley-name').fill('Marc Lefebvre')
      await panel.locator('#parley-email').fill('marc.lefebvre@example.com')
      await panel.locator('#parley-consent').check()
      await panel.locator('form.prechat button[type="submit"]').click()
      await panel.locator('textarea').waitFor()
      await other.goto(`${web.url}/dealer/claim.html#token=${CONVERSATION_TOKEN}&lang=${locale}`)
      await other.reload()
      await panel.locator('#parley-link-title').waitFor()
      await other.waitForTimeout(300)
      const consent = join(OUT, `widget-link-consent-${locale}.png`)
      await other.screenshot({ path: consent })
      console.log(consent)
      await visitor.close()
    } finally {
      await browser.close()
    }
  }
  // A resolved conversation asks for a rating (4 chosen, a comment typed) and offers the
  // transcript; an e-mail's unsubscribe link asks on the dealer's page.
  for (const locale of wanted('widget') || wanted('resolved') ? (['fr-CA', 'en'] as const) : []) {
    const browser = await launchBrowser({ viewport: VARIANTS[0].viewport })
    try {
      const page = await browser.context.newPage()
      const email = `claire.${locale.toLowerCase()}@example.com`
      await page.goto(`${web.url}/dealer/claim.html#lang=${locale}`)
      await page.locator('parley-chat').getByRole('button').first().click()
      const panel = page.locator('parley-chat [role="dialog"]')
      await panel.locator('#parley-name').fill('Claire Martin')
      await panel.locator('#parley-email').fill(email)
      await panel.locator('#parley-consent').check()
      await panel.locator('form.prechat button[type="submit"]').click()
      await panel.locator('textarea').fill(locale === 'en' ? 'Is my car ready?' : 'Mon auto est-elle prête?')
      await panel.locator('textarea').press('Enter')
      // Delivered: a customer message arriving after the resolution would reopen it.
      await panel.locator('.message.mine .tick.sent, .message.mine .tick.read').first().waitFor()
      const { rows } = await stack.pool.query<{ id: string }>('select id from public.chat_conversations where customer_email = $1', [email])
      await stack.pool.query(`update public.chat_conversations set status = 'resolved' where id = $1`, [rows[0]!.id])
      await panel.locator('.resolved .scale').waitFor()
      await panel.locator('.scale label').nth(3).click()
      await panel.locator('.resolved textarea').fill(locale === 'en' ? 'Quick and clear, thank you.' : 'Rapide et clair, merci.')
      await page.waitForTimeout(300)
      const rating = join(OUT, `widget-rating-${locale}.png`)
      await page.screenshot({ path: rating })
      console.log(rating)

      const code = randomBytes(32).toString('hex')
      await stack.pool.query(
        `insert into private.unsubscribe_tokens (hash, organization_id, email) values (private.sha256_hex($1), $2, $3)`,
        [code, '11111111-1111-4111-8111-111111111111', email]
      )
      const phone = await launchBrowser({ viewport: VARIANTS[1].viewport })
      try {
        const tab = await phone.context.newPage()
        await tab.goto(`${web.url}/dealer/claim.html#unsubscribe=${code}&lang=${locale}`)
        await tab.locator('parley-chat [role="dialog"] .unsubscribe .primary').waitFor()
        await tab.waitForTimeout(300)
        const unsubscribe = join(OUT, `widget-unsubscribe-${locale}.png`)
        await tab.screenshot({ path: unsubscribe })
        console.log(unsubscribe)
      } finally {
        await phone.close()
      }
    } finally {
      await browser.close()
    }
  }
} finally {
  await web.close()
  await stack.stop()
  await rm(stateDir, { recursive: true, force: true })
}
