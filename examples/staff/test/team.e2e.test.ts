// @vitest-environment node
// <parley-team> and the invitation link in the staff app: an admin invites a new agent, the
// e-mail arrives in the local mailbox, the agent opens its link, sets a password, lands in
// the inbox and answers a customer. Revoked, expired and reused links are refused in words.
// axe finds nothing in the team element or the accept page.
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { TestStack } from '../../../packages/local/test/stack.ts'
import { DEMO, DEMO_PASSWORD } from '../../../supabase/tests/kit/demo.ts'
import type { ExamplesServer } from '../../serve.ts'
import { axeViolations, launchBrowser, signInStaff, type TestBrowser } from '../../test/browser.ts'
import { type ExamplesRun, startExamples } from '../../test/kit.ts'

let run: ExamplesRun
let stack: TestStack
let web: ExamplesServer
let browser: TestBrowser
const others: TestBrowser[] = []

beforeAll(async () => {
  run = await startExamples({ browser: true })
  ;({ stack, web, browser } = run)
  // Where invitation links point, as a deployment sets it (the demo points it at its staff app).
  appendFileSync(join(stack.stateDir, 'env'), `\nPARLEY_STAFF_URL=${web.url}/staff/\n`)
})

afterAll(async () => {
  for (const other of others) await other.close()
  await run?.close()
})

/** Sends the queued e-mails and returns the invitation link the mailbox received for `email`. */
async function invitationLink(email: string): Promise<string> {
  const service = stack.client(stack.serviceRoleKey)
  let link: string | undefined
  await expect
    .poll(
      async () => {
        await service.functions.invoke('send-email', { body: {} })
        const messages = (await (await fetch(`${stack.url}/mail/api/messages?to=${encodeURIComponent(email)}`)).json()) as {
          text: string
        }[]
        link = /(https?:\/\/\S+\?invitation=[0-9a-f]{64})/.exec(messages[0]?.text ?? '')?.[1]
        return link
      },
      { timeout: 30_000, interval: 200 }
    )
    .toBeDefined()
  return link!
}

/** A browser with no session, as the invitee's own device. */
async function freshPage(): Promise<Page> {
  const other = await launchBrowser()
  others.push(other)
  return other.context.newPage()
}

const team = (page: Page) => page.locator('parley-team')

async function invite(admin: Page, email: string): Promise<void> {
  await team(admin).getByLabel('E-mail address to invite').fill(email)
  await team(admin).getByLabel('Role', { exact: true }).selectOption('agent')
  await team(admin).getByRole('button', { name: 'Send invitation' }).click()
  await team(admin).getByText(email).waitFor()
}

async function signUpWith(page: Page, link: string, email: string, name: string): Promise<void> {
  await page.goto(link)
  await page.getByRole('heading', { name: 'Join your team on Parley' }).waitFor()
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Your name').fill(name)
  await page.getByLabel('Password').fill('a-long-password-1')
  await page.getByRole('button', { name: 'Create my account and join' }).click()
}

it('invites an agent by e-mail; the link signs them up into the inbox, where they answer a customer', async () => {
  const admin = await browser.context.newPage()
  await signInStaff(admin, web.url, DEMO.admin.email)
  await admin.getByRole('link', { name: 'Team' }).click()
  await team(admin)
    .getByRole('row', { name: /Julie Tremblay/ })
    .waitFor()
  expect(await axeViolations(admin, 'parley-team')).toEqual([])

  await invite(admin, 'paul@lavoie.demo')
  await team(admin).getByText('Invitation sent.').waitFor()
  expect(await axeViolations(admin, 'parley-team')).toEqual([])
  const link = await invitationLink('paul@lavoie.demo')
  expect(link.startsWith(`${web.url}/staff/?invitation=`)).toBe(true)

  // The last active admin cannot step down: the refusal is said in words with its code.
  await team(admin).getByLabel('Role of Nathalie Lavoie').selectOption('agent')
  await team(admin).getByRole('alert').filter({ hasText: 'LAST_ADMIN' }).waitFor()

  const paul = await freshPage()
  await signUpWith(paul, link, 'paul@lavoie.demo', 'Paul Gagnon')
  await paul.getByRole('heading', { name: 'Parley — Paul Gagnon' }).waitFor()
  await paul.locator('parley-inbox').getByLabel('Search conversations').waitFor()
  expect(new URL(paul.url()).search).toBe('')

  const customer = await browser.context.newPage()
  await customer.goto(`${web.url}/dealer/`)
  await customer.locator('parley-chat').getByRole('button', { name: 'Discussion' }).click()
  await customer.getByLabel('Nom').fill('Grace Hopper')
  await customer.getByLabel('Courriel').fill('grace@example.com')
  await customer.getByLabel(/J’accepte/).check()
  await customer.getByRole('button', { name: 'Commencer la conversation' }).click()
  const composer = customer.getByRole('textbox', { name: 'Écrivez un message…' })
  await composer.fill('Bonjour, mon rendez-vous est-il confirmé?')
  await composer.press('Enter')

  const inbox = paul.locator('parley-inbox')
  await inbox.getByRole('button', { name: 'Grace Hopper' }).click()
  await inbox.getByText('Bonjour, mon rendez-vous est-il confirmé?').waitFor()
  await inbox.getByLabel('Reply').fill('Oui, demain à 9 h.')
  await inbox.getByLabel('Reply').press('Enter')
  await customer.locator('parley-chat [role="dialog"]').getByText('Oui, demain à 9 h.').waitFor()

  // Paul is now a member; the admin's list shows him active.
  await admin.reload()
  await team(admin)
    .getByRole('row', { name: /Paul Gagnon/ })
    .getByText('active')
    .waitFor()

  // The same link again, from another device: refused.
  const again = await freshPage()
  await signUpWith(again, link, 'paul.again@lavoie.demo', 'Paul encore')
  await again
    .getByRole('alert')
    .getByText(/no longer works|another e-mail address/)
    .waitFor()
})

it('refuses a revoked or an expired invitation link in words', async () => {
  const admin = await browser.context.newPage()
  await signInStaff(admin, web.url, DEMO.admin.email)
  await admin.goto(`${web.url}/staff/#/team`)

  await invite(admin, 'revoked@lavoie.demo')
  const revokedLink = await invitationLink('revoked@lavoie.demo')
  await team(admin).getByRole('button', { name: 'Revoke the invitation to revoked@lavoie.demo' }).click()
  await team(admin).getByRole('button', { name: 'Revoke the invitation to revoked@lavoie.demo now' }).click()
  await team(admin).getByText('Invitation revoked: its link no longer works.').waitFor()
  const revoked = await freshPage()
  await signUpWith(revoked, revokedLink, 'revoked@lavoie.demo', 'Rita')
  await revoked
    .getByRole('alert')
    .getByText(/^This invitation link no longer works: it was already used, cancelled/)
    .waitFor()
  expect(await axeViolations(revoked)).toEqual([])

  await invite(admin, 'late@lavoie.demo')
  const lateLink = await invitationLink('late@lavoie.demo')
  const { error } = await stack
    .client(stack.serviceRoleKey)
    .from('invitations')
    .update({ expires_at: new Date(Date.now() - 60_000).toISOString() })
    .eq('email', 'late@lavoie.demo')
  expect(error).toBeNull()
  const late = await freshPage()
  await signUpWith(late, lateLink, 'late@lavoie.demo', 'Luc')
  await late.getByRole('alert').getByText('This invitation has expired. Ask your administrator to send it again.').waitFor()
})

it('tells an agent they cannot manage the team; in French and dark, axe finds nothing', async () => {
  const julie = await freshPage()
  await signInStaff(julie, web.url)
  await julie.goto(`${web.url}/staff/#/team`)
  await team(julie).getByText('Your role (agent) does not give access to team management.').waitFor()

  const dark = await launchBrowser({ colorScheme: 'dark' })
  others.push(dark)
  const admin = await dark.context.newPage()
  await signInStaff(admin, web.url, DEMO.admin.email)
  await admin.goto(`${web.url}/staff/#/team`)
  await team(admin).evaluate((element) => element.setAttribute('lang', 'fr-CA'))
  await team(admin).getByRole('heading', { name: 'Équipe' }).waitFor()
  await team(admin)
    .getByRole('row', { name: /Julie Tremblay/ })
    .waitFor()
  expect(await axeViolations(admin, 'parley-team')).toEqual([])
})

it('opens the invitation in the e-mail’s language: a French dealer’s link signs up in French, on a phone too, and refuses in French', async () => {
  const admin = await browser.context.newPage()
  await signInStaff(admin, web.url, DEMO.admin.email)
  await admin.goto(`${web.url}/staff/#/team`)
  await invite(admin, 'lea@lavoie.demo')
  const code = /\?invitation=([0-9a-f]{64})/.exec(await invitationLink('lea@lavoie.demo'))![1]
  const messages = (await (await fetch(`${stack.url}/mail/api/messages?to=lea%40lavoie.demo`)).json()) as { text: string }[]
  // Garage Lavoie Auto writes in fr-CA: its e-mail's link says so.
  expect(messages[0]!.text).toContain(`?invitation=${code}&lang=fr-CA`)
  const link = `${web.url}/staff/?invitation=${code}&lang=fr-CA`

  const phone = await launchBrowser({ viewport: { width: 390, height: 844 } })
  others.push(phone)
  const lea = await phone.context.newPage()
  await lea.goto(link)
  await lea.getByRole('heading', { name: 'Joignez-vous à votre équipe sur Parley' }).waitFor()
  expect(await lea.locator('html').getAttribute('lang')).toBe('fr-CA')
  expect(await axeViolations(lea)).toEqual([])
  await lea.getByLabel('Courriel').fill('lea@lavoie.demo')
  await lea.getByLabel('Votre nom').fill('Léa Roy')
  await lea.getByLabel('Mot de passe').fill('a-long-password-1')
  await lea.getByRole('button', { name: 'Créer mon compte et me joindre à l’équipe' }).click()
  await lea.getByRole('heading', { name: 'Parley — Léa Roy' }).waitFor()
  // She joined in French: the console is French too, and stays so once the link is gone.
  await lea.getByRole('button', { name: 'Déconnexion' }).waitFor()
  await lea.reload()
  await lea.getByRole('link', { name: 'Clavardage' }).waitFor()
  expect(await lea.locator('parley-inbox').getAttribute('lang')).toBe('fr-CA')

  // The link again, elsewhere: refused in French; the English page is one link away.
  const again = await freshPage()
  await again.goto(link)
  await again.getByRole('button', { name: 'J’ai déjà un compte' }).click()
  await again.getByLabel('Courriel').fill('lea@lavoie.demo')
  await again.getByLabel('Mot de passe').fill('a-long-password-1')
  await again.getByRole('button', { name: 'Me connecter et me joindre à l’équipe' }).click()
  await again
    .getByRole('alert')
    .getByText(/^Ce lien d’invitation ne fonctionne plus|^Ce compte fait déjà partie d’une équipe/)
    .waitFor()
  expect(await axeViolations(again)).toEqual([])
  await again.goto(link.replace('lang=fr-CA', 'lang=en'))
  await again.getByRole('heading', { name: 'Join your team on Parley' }).waitFor()
})

it('tells a deactivated member who signs in why the app stays closed, and keeps them signed out', async () => {
  await stack.db.pool.query('update public.profiles set is_active = false where id = $1', [DEMO.marc.id])
  try {
    const page = await freshPage()
    await page.goto(`${web.url}/staff/`)
    await page.getByLabel('Email').fill(DEMO.marc.email)
    await page.getByLabel('Password').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').filter({ hasText: 'has been deactivated' }).waitFor()
    await page.reload()
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
  } finally {
    await stack.db.pool.query('update public.profiles set is_active = true where id = $1', [DEMO.marc.id])
  }
})
