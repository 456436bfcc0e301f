import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserSubscription, writePushSecrets } from '../../../../supabase/tests/push-harness.ts'
import { startTestStack, type TestStack } from '../../../local/test/stack.ts'
import { DEMO, keep, until } from '../../test/helpers.ts'
import type { Attachment } from '../types/api.ts'
import { createParley } from './create-parley.ts'
import { createParleyCustomer } from './create-parley-customer.ts'

const url = 'http://127.0.0.1:9'
const conversation_id = '66666666-6666-4666-8666-666666666601'
const STAFF_ONLY = [
  'signIn',
  'inbox',
  'notifications',
  'assignConversation',
  'setPriority',
  'setTags',
  'setInternalNotes',
  'resolveConversation',
  'archiveConversation',
  'reopenConversation',
  'rotateAccessToken',
  'revokeAccessToken',
  'issueClaimAccessToken',
  'changeClaimStatus',
  'createClaimStatusUpdate',
  'sendTestNotification',
  'listStaff',
  'getPushSubscription',
  'listPushSubscriptions',
  'identityVerificationStatus',
  'rotateIdentitySecret',
  'setIdentityVerificationRequired',
  'listReplyTemplates',
  'searchReplyTemplates',
  'createReplyTemplate',
  'updateReplyTemplate',
  'deleteReplyTemplate',
  'renderReplyTemplate',
  'replyTemplateUsage',
  'operationsReport',
  'operationsReportCsv',
  'operationsBacklog',
  'recentRatings',
  'firstResponseTarget'
]

describe('createParleyCustomer', () => {
  it('exposes the customer API and nothing staff-only', async () => {
    const customer = createParleyCustomer({ supabaseUrl: url, supabaseKey: 'anon' }, { storage: null })
    const full = createParley({ supabaseUrl: url, supabaseKey: 'anon' }, { storage: null })
    const keys = Object.keys(customer)
    for (const name of STAFF_ONLY) expect(keys).not.toContain(name)
    expect(Object.keys(full).sort()).toEqual([...keys, ...STAFF_ONLY].sort())
    await customer.destroy()
    await full.destroy()
  })

  it('is lazy and validates like createParley', async () => {
    expect(() => createParleyCustomer(null as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/createParleyCustomer/) })
    )
    expect(() => createParleyCustomer({ supabaseUrl: 'ftp://x', supabaseKey: 'k' })).toThrow(/supabaseUrl/)
    expect(() => createParleyCustomer({ supabase: {} as never })).toThrow(/SupabaseClient/)
    const parley = createParleyCustomer({ supabaseUrl: url, supabaseKey: 'anon' }, { storage: null })
    expect(parley.$connection.get()).toBe('idle')
    expect(parley.$session.get()).toBeNull()
    expect(parley.conversation(conversation_id)).toBe(parley.conversation(conversation_id))
    await expect(parley.sendMessage({ conversation_id, content: 'hi' })).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' })
    await expect(parley.resumeConversation('short')).rejects.toMatchObject({ code: 'TOKEN_INVALID' })
    await parley.destroy()
  })
})

describe('createParleyCustomer over the local stack', () => {
  let stack: TestStack
  const releases: Array<() => void> = []
  const destroys: Array<() => Promise<void>> = []

  beforeAll(async () => {
    stack = await startTestStack({ seed: true })
    await writePushSecrets(stack.stateDir)
  })

  afterAll(async () => {
    for (const release of releases) release()
    for (const destroy of destroys) await destroy()
    await stack?.stop()
  })

  it('chats with an agent on createParley and shares a client (and its session) with it', async () => {
    const supabase = stack.client()
    const customer = createParleyCustomer({ supabase }, { storage: null })
    const agent = createParley({ supabase: stack.client() }, { storage: null })
    destroys.push(
      () => customer.destroy(),
      () => agent.destroy()
    )
    await agent.signIn({ email: DEMO.julie.email, password: DEMO.julie.password })

    const { conversation_id: id } = await customer.startConversation({
      organization_id: DEMO.organizationId,
      customer_name: 'Ada Roy',
      customer_email: 'ada@example.com'
    })
    const chat = customer.conversation(id)
    releases.push(keep(chat.$messages), keep(customer.$unread))
    await until(() => customer.$connection.get() === 'connected', 'customer connected')
    const sent = await chat.send('Bonjour')
    expect(sent).toMatchObject({ sender_type: 'customer', content: 'Bonjour' })

    const reply = await agent.sendMessage({ conversation_id: id, content: 'Bonjour Ada' })
    await until(() => chat.$messages.get().some((message) => message.id === reply.id), 'customer receives the reply')
    await until(() => customer.$unread.get() === 1, 'one unread')
    await customer.markRead(id)
    await until(() => customer.$unread.get() === 0, 'read')

    const sameSession = createParley({ supabase }, { storage: null })
    destroys.push(() => sameSession.destroy())
    expect((await sameSession.listConversations()).map((row) => row.id)).toEqual([id])
  })

  it('follows a claim from its access token', async () => {
    const customer = createParleyCustomer({ supabase: stack.client() }, { storage: null })
    destroys.push(() => customer.destroy())
    const access = await customer.resumeConversation(DEMO.claimToken)
    expect(access).toMatchObject({ claim_id: DEMO.claimId })
    const timeline = customer.claimTimeline(DEMO.claimId)
    releases.push(keep(timeline.$updates))
    await until(() => timeline.$updates.get().length > 0, 'claim history')
  })

  it('sends a file as its first message and registers push, through the parts it loads on first use', async () => {
    const customer = createParleyCustomer({ supabase: stack.client() }, { storage: null })
    destroys.push(() => customer.destroy())
    const { conversation_id: id } = await customer.startConversation({
      organization_id: DEMO.organizationId,
      customer_name: 'Ada Roy',
      customer_email: 'ada@example.com'
    })
    const chat = customer.conversation(id)
    releases.push(keep(chat.$messages))
    const message = await chat.sendFile(new File(['%PDF-1.4'], 'devis.pdf', { type: 'application/pdf' }))
    expect(message).toMatchObject({
      message_type: 'file',
      content: '',
      attachments: [{ name: 'devis.pdf', size: 8, mime_type: 'application/pdf' }]
    })
    await until(() => chat.$messages.get().some((row) => row.id === message.id && row.delivery === 'sent'), 'the file message in the store')
    const [attachment] = message.attachments as unknown as Attachment[]
    const url = await customer.getAttachmentUrl(attachment!)
    expect(await (await fetch(url)).text()).toBe('%PDF-1.4')

    const browser = browserSubscription('https://push.example/ada')
    const { id: subscription } = await customer.registerPushSubscription({
      organization_id: DEMO.organizationId,
      platform: 'web',
      endpoint: browser.endpoint,
      keys: browser.keys
    })
    await customer.updatePushPreferences(subscription, { claim_updates: false })
    await customer.unregisterPushSubscription(subscription)
    await expect(customer.updatePushPreferences(subscription, { claim_updates: true })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
