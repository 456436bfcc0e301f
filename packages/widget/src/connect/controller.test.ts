import { ParleyError } from '@parley/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CLAIM, type ClaimRow, fakeController, fakeCore, memoryVisitor } from '../../test/fake-core.ts'

const CLAIM_ROW: ClaimRow = {
  id: CLAIM,
  claim_number: 'RC-2026-0042',
  status: 'under_review',
  customer_name: 'Sophie Gagnon',
  customer_email: 'sophie@example.com'
}
const LINKED = '22222222-2222-4222-8222-222222222201'

afterEach(() => vi.unstubAllGlobals())

describe('a claim link', () => {
  it('opens the claim: number, live status and history, with nothing to chat in yet', async () => {
    const core = fakeCore({ claims: [CLAIM_ROW], access: { conversation_id: null, claim_id: CLAIM } })
    const controller = await fakeController(core, { token: 'claim-token' })
    await controller.restore()
    expect(controller.$state.get()).toMatchObject({ view: 'claim', activeId: null })
    await vi.waitFor(() =>
      expect(controller.$state.get().claim).toMatchObject({
        id: CLAIM,
        number: 'RC-2026-0042',
        status: 'under_review',
        conversationId: null
      })
    )
    const timeline = core.timelines.get(CLAIM)!
    expect(timeline.open).toHaveBeenCalled()
    timeline.$status.set('approved')
    expect(controller.$state.get().claim?.status).toBe('approved')
    expect(controller.$state.get().claim?.filedUnder).toEqual({ name: 'Sophie Gagnon', email: 'sophie@example.com' })
  })

  it('points at the visitor’s own conversation about the claim when they have one', async () => {
    const core = fakeCore({
      claims: [CLAIM_ROW],
      access: { conversation_id: null, claim_id: CLAIM },
      conversations: [
        { id: LINKED, subject: 'Transmission', claim_id: CLAIM, status: 'active', unread_count_customer: 1, last_message_at: null }
      ]
    })
    const controller = await fakeController(core, { token: 'claim-token' }, memoryVisitor({ tokens: { [LINKED]: 'conversation-token' } }))
    await controller.restore()
    expect(controller.$state.get().claim?.conversationId).toBe(LINKED)
  })

  it('“ask about this claim” starts a conversation linked to it in one tap, as the claim’s customer', async () => {
    const core = fakeCore({ claims: [CLAIM_ROW], access: { conversation_id: null, claim_id: CLAIM } })
    const controller = await fakeController(core, { token: 'claim-token' })
    await controller.restore()
    await vi.waitFor(() => expect(controller.$state.get().claim?.number).toBe('RC-2026-0042'))
    await controller.askAboutClaim()
    expect(core.parley.startConversation).toHaveBeenCalledWith(
      expect.objectContaining({
        claim_id: CLAIM,
        customer_name: 'Sophie Gagnon',
        customer_email: 'sophie@example.com',
        subject: 'Claim RC-2026-0042'
      })
    )
    expect(controller.$state.get()).toMatchObject({ view: 'chat', error: null })
  })

  it('prefers what identify() said, and asks with the form when neither knows the e-mail', async () => {
    const core = fakeCore({ claims: [{ ...CLAIM_ROW, customer_email: null }], access: { conversation_id: null, claim_id: CLAIM } })
    const controller = await fakeController(core, { token: 'claim-token' })
    await controller.restore()
    await vi.waitFor(() => expect(controller.$state.get().claim?.filedUnder).not.toBeNull())
    await controller.askAboutClaim()
    expect(core.parley.startConversation).not.toHaveBeenCalled()
    expect(controller.$state.get()).toMatchObject({ view: 'form', prefill: { name: 'Sophie Gagnon' } })
    controller.identify({ name: 'Sophie G.', email: 'sophie.g@example.com' })
    await controller.askAboutClaim()
    expect(core.parley.startConversation).toHaveBeenCalledWith(
      expect.objectContaining({ claim_id: CLAIM, customer_name: 'Sophie G.', customer_email: 'sophie.g@example.com' })
    )
  })

  it('a claim that cannot be read says so instead of showing an empty heading', async () => {
    const core = fakeCore({ claims: [], access: { conversation_id: null, claim_id: CLAIM } })
    const controller = await fakeController(core, { token: 'claim-token' })
    await controller.restore()
    await vi.waitFor(() => expect(controller.$state.get().error).toBe('Something went wrong. Please try again.'))
  })
})

describe('an access link for a visitor with conversations of their own', () => {
  const MINE = '22222222-2222-4222-8222-222222222209'
  const OTHER = '22222222-2222-4222-8222-222222222210'
  const own = [{ id: MINE, subject: 'Pneus', claim_id: null, status: 'active' as const, unread_count_customer: 0, last_message_at: null }]
  const preview = { kind: 'conversation' as const, organization_name: 'Garage Test', subject: 'Transmission', claim_number: null }
  const setup = () => {
    const core = fakeCore({ access: { conversation_id: OTHER, claim_id: null }, preview, conversations: own })
    const visitor = memoryVisitor({ tokens: { [MINE]: 'my-token' }, active: MINE })
    return { core, visitor }
  }

  it('is not redeemed before the visitor agrees: they see the dealer and subject only', async () => {
    const { core, visitor } = setup()
    const controller = await fakeController(core, { token: 'their-token' }, visitor)
    await controller.restore()
    expect(controller.$state.get()).toMatchObject({ view: 'link', link: preview, activeId: null })
    expect(core.parley.peekAccessToken).toHaveBeenCalledWith('their-token')
    expect(core.parley.resumeConversation).not.toHaveBeenCalled()
  })

  it('“keep my conversations” returns to theirs and leaves the link unredeemed', async () => {
    const { core, visitor } = setup()
    const controller = await fakeController(core, { token: 'their-token' }, visitor)
    await controller.restore()
    await controller.keepMine()
    expect(controller.$state.get()).toMatchObject({ view: 'chat', activeId: MINE })
    expect(core.parley.resumeConversation).not.toHaveBeenCalled()
    expect(Object.keys(visitor.read().tokens)).toEqual([MINE])
  })

  it('“open it” redeems the link and keeps their own conversations listed', async () => {
    const { core, visitor } = setup()
    const controller = await fakeController(core, { token: 'their-token' }, visitor)
    await controller.restore()
    await controller.openLink()
    expect(core.parley.resumeConversation).toHaveBeenCalledWith('their-token')
    expect(controller.$state.get()).toMatchObject({ view: 'chat', activeId: OTHER })
    expect(visitor.read().tokens).toEqual({ [MINE]: 'my-token', [OTHER]: 'their-token' })
    expect(controller.$state.get().conversations.map((conversation) => conversation.id)).toContain(MINE)
  })

  it('a link of their own, or a wrong or revoked one, is not asked about', async () => {
    const { core, visitor } = setup()
    const controller = await fakeController(core, { token: 'my-token' }, visitor)
    await controller.restore()
    expect(core.parley.peekAccessToken).not.toHaveBeenCalled()
    const revoked = fakeCore({ preview: null, conversations: own })
    const again = await fakeController(revoked, { token: 'revoked-token' }, memoryVisitor({ tokens: { [MINE]: 'my-token' }, active: MINE }))
    await again.restore()
    expect(again.$state.get()).toMatchObject({ view: 'chat', activeId: MINE })
    expect(revoked.parley.resumeConversation).not.toHaveBeenCalledWith('revoked-token')
  })
})

describe('attachments', () => {
  const file = (name: string, type = 'image/png') => new File(['x'], name, { type })

  it('without an open conversation: no chip is left behind, and the visitor is told', async () => {
    const core = fakeCore()
    const controller = await fakeController(core)
    controller.files([file('a.png'), file('b.png')])
    expect(controller.$state.get().uploads).toEqual([])
    expect(controller.$state.get().error).toBeTruthy()
  })

  it('sends every file of a drop, and removing a chip frees its preview', async () => {
    const revoked: string[] = []
    let made = 0
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: () => `blob:preview-${++made}`, revokeObjectURL: (url: string) => revoked.push(url) })
    )
    const core = fakeCore({ access: { conversation_id: LINKED, claim_id: null } })
    const controller = await fakeController(core, { token: 'conversation-token' })
    await controller.restore()
    controller.files([file('a.png'), file('b.pdf', 'application/pdf'), file('c.png')])
    await vi.waitFor(() => expect(core.conversations.get(LINKED)!.sendFile).toHaveBeenCalledTimes(3), { timeout: 20_000, interval: 50 })
    const uploads = controller.$state.get().uploads
    expect(uploads.map((upload) => upload.name)).toEqual(['a.png', 'b.pdf', 'c.png'])
    controller.removeUpload(uploads[2]!.id)
    await vi.waitFor(() => expect(controller.$state.get().uploads).toHaveLength(2), { timeout: 20_000, interval: 50 })
    expect(revoked).toEqual(['blob:preview-2'])
  })
})

describe('a failed attachment', () => {
  it('keeps its chip with the reason, sends the same file again on Retry, and Remove frees its preview', async () => {
    const revoked: string[] = []
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:preview', revokeObjectURL: (url: string) => revoked.push(url) }))
    const core = fakeCore({ access: { conversation_id: LINKED, claim_id: null } })
    const controller = await fakeController(core, { token: 'conversation-token' })
    await controller.restore()
    const store = core.conversations.get(LINKED)!
    store.sendFile.mockRejectedValueOnce(new ParleyError('NETWORK', 'Network request failed'))
    const file = new File(['x'], 'photo.png', { type: 'image/png' })
    controller.files([file])
    const chip = () => controller.$state.get().uploads[0]
    await vi.waitFor(() => expect(chip()?.error).toBe('Something went wrong. Please try again.'), { timeout: 20_000, interval: 50 })
    controller.retryUpload(chip()!.id)
    await vi.waitFor(() => expect(store.sendFile).toHaveBeenCalledTimes(2), { timeout: 20_000, interval: 50 })
    expect(store.sendFile.mock.calls[1]![0]).toBe(file)
    expect(chip()?.error).toBeUndefined()
    controller.removeUpload(chip()!.id)
    await vi.waitFor(() => expect(controller.$state.get().uploads).toEqual([]), { timeout: 20_000, interval: 50 })
    expect(revoked).toEqual(['blob:preview'])
  })
})

describe('home', () => {
  it('lists a returning visitor’s conversations and the claim they are about, and keeps unread counts current', async () => {
    const conversations = [
      { id: LINKED, subject: 'Transmission', claim_id: CLAIM, status: 'active' as const, unread_count_customer: 0, last_message_at: null },
      {
        id: '22222222-2222-4222-8222-222222222202',
        subject: 'Pneus',
        claim_id: null,
        status: 'resolved' as const,
        unread_count_customer: 0,
        last_message_at: null
      }
    ]
    const core = fakeCore({ claims: [CLAIM_ROW], conversations })
    const controller = await fakeController(core, {}, memoryVisitor({ tokens: { [LINKED]: 'a', [conversations[1]!.id]: 'b' } }))
    await controller.restore()
    expect(controller.$state.get().view).toBe('list')
    await vi.waitFor(() => expect(controller.$state.get().claim).toMatchObject({ number: 'RC-2026-0042', conversationId: LINKED }))
    conversations[0]!.unread_count_customer = 1
    core.parley.$unread.set(1)
    await vi.waitFor(() => expect(controller.$state.get().conversations.map((row) => row.unread)).toEqual([1, 0]))
  })
})

describe('starting a conversation', () => {
  it('sends the page it was started on for routing, without the fragment (it may hold a token), at most 2,000 characters', async () => {
    const core = fakeCore({})
    const controller = await fakeController(core, {})
    history.replaceState(null, '', `/financement?modele=civic#token=${'a'.repeat(64)}`)
    await controller.start({ name: 'Ada', email: 'ada@example.com', phone: '', consent: true })
    expect(core.parley.startConversation).toHaveBeenLastCalledWith(
      expect.objectContaining({ page_url: `${location.origin}/financement?modele=civic` })
    )
    history.replaceState(null, '', `/${'x'.repeat(3000)}`)
    await controller.start({ name: 'Ada', email: 'ada@example.com', phone: '', consent: true })
    expect(core.parley.startConversation).toHaveBeenLastCalledWith(expect.objectContaining({ page_url: expect.any(String) }))
    const [[input]] = vi.mocked(core.parley.startConversation).mock.calls.slice(-1) as unknown as [[{ page_url: string }]]
    expect(input.page_url).toHaveLength(2000)
  })
})
