// @vitest-environment node
// The team API over the local stack with unmodified supabase-js: sign-up → organization,
// invitation → e-mail in the local mailbox → accept, role change, last-admin refusal.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../../local/test/stack.ts'
import { createParley, type Parley, ParleyError } from '../index.ts'
import { createTeam } from './index.ts'

let stack: TestStack

beforeAll(async () => {
  stack = await startTestStack()
})
afterAll(() => stack?.stop())

async function signedUp(email: string): Promise<Parley> {
  const parley = createParley({ supabase: stack.client() }, { storage: null })
  const { error } = await parley.supabase.auth.signUp({ email, password: 'a-long-password-1' })
  expect(error).toBeNull()
  return parley
}

async function refusal(work: Promise<unknown>): Promise<ParleyError> {
  const error = await work.then(
    () => undefined,
    (failure: unknown) => failure
  )
  if (!(error instanceof ParleyError)) throw new Error(`expected a ParleyError, got ${String(error)}`)
  return error
}

describe('createTeam', () => {
  it('creates an organization, invites by e-mail, accepts, changes roles and keeps an admin', async () => {
    const owner = createTeam(await signedUp(`${randomUUID()}@owner.test`))
    const org = await owner.createOrganization({
      name: 'Garage Roy',
      slug: `roy-${randomUUID().slice(0, 8)}`,
      locale: 'fr-CA',
      time_zone: 'America/Montreal'
    })
    expect(org).toMatchObject({ name: 'Garage Roy', locale: 'fr-CA' })
    expect(await owner.organization()).toMatchObject({ id: org.id })
    const updated = await owner.updateOrganization(org.id, { widget_color: '#0f766e', business_hours: { mon: [['09:00', '17:00']] } })
    expect(updated.widget_color).toBe('#0f766e')
    expect((await refusal(owner.updateOrganization(org.id, { business_hours: { mon: [['18:00', '09:00']] } }))).code).toBe('INVALID_INPUT')

    const email = `${randomUUID()}@invitee.test`
    const invitation = await owner.invite({ organization_id: org.id, email, role: 'agent' })
    expect(invitation).toMatchObject({ email, role: 'agent', sent_count: 1 })
    const admin = stack.client(stack.serviceRoleKey)
    let token: string | undefined
    await expect
      .poll(
        async () => {
          await admin.functions.invoke('send-email', { body: {} })
          const messages = (await (await fetch(`${stack.url}/mail/api/messages?to=${encodeURIComponent(email)}`)).json()) as {
            text: string
          }[]
          token = /([0-9a-f]{64})/.exec(messages[0]?.text ?? '')?.[1]
          return token
        },
        { timeout: 20_000, interval: 100 }
      )
      .toBeDefined()

    const invitee = createTeam(await signedUp(email))
    expect((await refusal(invitee.acceptInvitation('nope'))).code).toBe('INVALID_INPUT')
    const member = await invitee.acceptInvitation(token!, 'Marc Roy')
    expect(member).toMatchObject({ organization_id: org.id, role: 'agent', display_name: 'Marc Roy' })
    expect((await refusal(invitee.acceptInvitation(token!))).code).toBe('INVITATION_INVALID')

    const names = (await owner.members(org.id)).map((m) => m.display_name)
    expect(names).toHaveLength(2)
    expect(names).toContain('Marc Roy')
    expect((await refusal(invitee.invite({ organization_id: org.id, email: 'x@y.test', role: 'admin' }))).code).toBe('NOT_AUTHORIZED')
    const me = (await owner.members(org.id)).find((m) => m.role === 'admin')!
    expect((await refusal(owner.deactivate(me.id))).code).toBe('LAST_ADMIN')
    await owner.changeRole(member.id, 'admin')
    expect((await owner.deactivate(me.id)).is_active).toBe(false)
  })
})
