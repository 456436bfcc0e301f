import { describe, expect, it } from 'vitest'
import { createParley } from './create-parley.ts'

const url = 'http://127.0.0.1:9'
const conversation_id = '66666666-6666-4666-8666-666666666601'

describe('createParley', () => {
  it('refuses a bad configuration with INVALID_INPUT', () => {
    expect(() => createParley(null as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
    expect(() => createParley({ supabaseUrl: 'ftp://x', supabaseKey: 'k' })).toThrow(/supabaseUrl/)
    expect(() => createParley({ supabaseUrl: url, supabaseKey: '' })).toThrow(/supabaseKey/)
    expect(() => createParley({ supabase: {} as never })).toThrow(/SupabaseClient/)
  })

  it('connects nothing and creates no client until used', () => {
    const parley = createParley({ supabaseUrl: url, supabaseKey: 'anon' }, { storage: null })
    expect(parley.$connection.get()).toBe('idle')
    expect(parley.$session.get()).toBeNull()
    expect(parley.$outbox.get()).toEqual([])
    const store = parley.conversation(conversation_id)
    expect(parley.conversation(conversation_id)).toBe(store)
    expect(store.$messages.get()).toEqual([])
  })

  it('validates every call before the network', async () => {
    const parley = createParley({ supabaseUrl: url, supabaseKey: 'anon' }, { storage: null })
    await expect(parley.sendMessage({ conversation_id: 'x', content: 'hi' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(
      parley.startConversation({ organization_id: conversation_id, customer_name: '', customer_email: 'a@b.c' })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(
      parley.startConversation({ organization_id: conversation_id, customer_name: 'Ada', customer_email: 'nope' })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(parley.resumeConversation('short')).rejects.toMatchObject({ code: 'TOKEN_INVALID' })
    await expect(parley.changeClaimStatus({ claim_id: conversation_id, new_status: 'lost' as 'closed' })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    await expect(parley.setTags(conversation_id, [''])).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(parley.registerPushSubscription({ organization_id: conversation_id, platform: 'web' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/endpoint/)
    })
    await expect(
      parley.registerPushSubscription({
        organization_id: conversation_id,
        platform: 'web',
        endpoint: 'https://push.example/1',
        keys: { p256dh: 'p', auth: 'a' },
        preferences: { loud: true } as never
      })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/Unknown preference loud/) })
    await expect(parley.registerPushSubscription({ organization_id: conversation_id, platform: 'ios' })).rejects.toMatchObject({
      message: expect.stringMatching(/push_token/)
    })
    await expect(parley.updatePushPreferences(conversation_id, { new_messages: 'yes' as never })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    await expect(parley.getAttachmentUrl('not/a/path')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(
      parley.uploadAttachment({ conversation_id, file: new File(['x'], 'x.exe', { type: 'application/x-msdownload' }) })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(() => parley.conversation('nope')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
    await parley.destroy()
  })

  it('says NOT_AUTHORIZED when a call needs a session and there is none', async () => {
    const parley = createParley({ supabaseUrl: url, supabaseKey: 'anon' }, { storage: null })
    await expect(parley.sendMessage({ conversation_id, content: 'hi' })).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' })
    await expect(parley.markRead(conversation_id)).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' })
    expect(await parley.listConversations()).toEqual([])
    await parley.destroy()
  })
})
