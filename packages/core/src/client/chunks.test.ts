import { describe, expect, it } from 'vitest'
import type { ParleyError } from '../errors/parley-error.ts'
import { attachments, callbacks, extras, identity, loadChunk, push, starting } from './chunks.ts'
import { createParleyCustomer } from './create-parley-customer.ts'

const conversation_id = '66666666-6666-4666-8666-666666666601'

describe('parts loaded on first use', () => {
  it('load the modules they name', async () => {
    expect(Object.keys(await attachments())).toEqual(expect.arrayContaining(['uploadAttachment', 'fileMessage', 'getAttachmentUrl']))
    expect(Object.keys(await push()).sort()).toEqual([
      'getPushSubscription',
      'listPushSubscriptions',
      'peekUnsubscribe',
      'registerPushSubscription',
      'sendTestNotification',
      'unregisterPushSubscription',
      'unsubscribeEmail',
      'updatePushPreferences'
    ])
    expect(Object.keys(await extras()).sort()).toEqual(['peekAccessToken', 'rateConversation', 'requestTranscript'])
    expect(Object.keys(await callbacks()).sort()).toEqual(['subscribeToClaimUpdates', 'subscribeToConversation'])
    expect(Object.keys(await starting())).toEqual(['startConversation'])
    expect(Object.keys(await identity()).sort()).toEqual([
      'identityVerificationStatus',
      'rotateIdentitySecret',
      'setIdentityVerificationRequired'
    ])
  })

  it('turn a chunk that cannot be fetched into a NETWORK error', async () => {
    const cause = new TypeError('error loading dynamically imported module')
    await expect(loadChunk(Promise.reject(cause))).rejects.toMatchObject({ name: 'ParleyError', code: 'NETWORK', cause })
  })

  it('validate before loading, and never subscribe once unsubscribed while loading', async () => {
    const parley = createParleyCustomer({ supabaseUrl: 'http://127.0.0.1:9', supabaseKey: 'anon' }, { storage: null })
    expect(() => parley.subscribeToConversation('nope', {})).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
    expect(() => parley.subscribeToClaimUpdates('nope', () => undefined)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
    await expect(parley.uploadAttachment({ conversation_id, file: 'x' as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(parley.registerPushSubscription({ organization_id: 'x', platform: 'web' })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })

    // Both start together; the kept one reports (no session here), the dropped one never starts.
    const dropped: ParleyError[] = []
    parley.subscribeToConversation(conversation_id, { onStatus: (_status, error) => error && dropped.push(error) })()
    const reported = await new Promise<ParleyError | undefined>((resolve) => {
      parley.subscribeToConversation(conversation_id, { onStatus: (_status, error) => resolve(error) })
    })
    expect(reported).toMatchObject({ code: 'NOT_AUTHORIZED' })
    expect(dropped).toEqual([])
    await parley.destroy()
  })
})
