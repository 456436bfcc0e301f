import { afterEach, describe, expect, it, vi } from 'vitest'
import { CLAIM, fakeController, fakeCore, memoryVisitor } from '../../test/fake-core.ts'
import type { WidgetConfig } from '../loader/config.ts'
import { followWorker } from './push-worker.ts'

const MINE = '22222222-2222-4222-8222-222222222201'
const OTHER = '22222222-2222-4222-8222-222222222202'
const conversations = [
  { id: MINE, subject: 'Transmission', claim_id: CLAIM, status: 'active' as const, unread_count_customer: 0, last_message_at: null },
  { id: OTHER, subject: 'Pneus', claim_id: null, status: 'active' as const, unread_count_customer: 1, last_message_at: null }
]

/** The page's service worker container: what the worker posts reaches `post`. */
function standInWorker() {
  const target = new EventTarget()
  Object.defineProperty(navigator, 'serviceWorker', { configurable: true, value: target })
  return (data: unknown) => target.dispatchEvent(new MessageEvent('message', { data }))
}

async function setUp(url = 'https://dealer.example/') {
  vi.stubGlobal('reportError', vi.fn())
  window.history.replaceState(null, '', new URL(url).pathname + new URL(url).search)
  const core = fakeCore({ conversations })
  Object.assign(core.parley, { registerPushSubscription: vi.fn(async () => ({ id: 'rotated-id' })) })
  const visitor = memoryVisitor({ tokens: { [MINE]: 'a', [OTHER]: 'b' }, active: MINE, pushId: 'old-id' })
  const controller = await fakeController(core, {}, visitor)
  await controller.restore()
  const bridge = { config: { organization: 'org' } as WidgetConfig, open: vi.fn() }
  return { core, visitor, controller, bridge }
}

afterEach(() => {
  vi.unstubAllGlobals()
  Reflect.deleteProperty(navigator, 'serviceWorker')
  window.history.replaceState(null, '', '/')
})

describe('a subscribed visitor’s page and the service worker', () => {
  it('a tap on a page already open opens the panel on that conversation', async () => {
    const post = standInWorker()
    const { core, visitor, controller, bridge } = await setUp()
    followWorker({ parley: core.parley, controller, bridge, visitor })
    expect(bridge.open).not.toHaveBeenCalled()
    post({ type: 'parley:notificationclick', data: { conversation_id: OTHER } })
    await vi.waitFor(() => expect(controller.$state.get()).toMatchObject({ view: 'chat', activeId: OTHER }), {
      timeout: 20_000,
      interval: 50
    })
    expect(bridge.open).toHaveBeenCalledTimes(1)
  })

  it('a page the tap opened reads the conversation or claim from its URL', async () => {
    standInWorker()
    const { core, visitor, controller, bridge } = await setUp(`https://dealer.example/?parley_conversation=${OTHER}`)
    followWorker({ parley: core.parley, controller, bridge, visitor })
    await vi.waitFor(() => expect(controller.$state.get()).toMatchObject({ view: 'chat', activeId: OTHER }), {
      timeout: 20_000,
      interval: 50
    })
    expect(bridge.open).toHaveBeenCalled()

    const claim = await setUp(`https://dealer.example/?parley_claim=${CLAIM}`)
    followWorker({ parley: claim.core.parley, controller: claim.controller, bridge: claim.bridge, visitor: claim.visitor })
    expect(claim.controller.$state.get().view).toBe('claim')
    expect(claim.bridge.open).toHaveBeenCalled()
  })

  it('one the visitor no longer has here opens home, and other pages are left alone', async () => {
    const post = standInWorker()
    const { core, visitor, controller, bridge } = await setUp()
    followWorker({ parley: core.parley, controller, bridge, visitor })
    post({ type: 'parley:notificationclick', data: { conversation_id: '22222222-2222-4222-8222-222222222299' } })
    expect(controller.$state.get().view).toBe('list')
    post({ type: 'parley:push', payload: { title: 'x' } })
    post({ type: 'someone-else', data: { conversation_id: OTHER } })
    expect(controller.$state.get().view).toBe('list')
    expect(bridge.open).toHaveBeenCalledTimes(1)
  })

  it('a subscription the browser rotated is registered again, and the new id kept', async () => {
    const post = standInWorker()
    const { core, visitor, controller, bridge } = await setUp()
    followWorker({ parley: core.parley, controller, bridge, visitor })
    const subscription = { endpoint: 'https://push.example/new', keys: { p256dh: 'p', auth: 'a' } }
    post({ type: 'parley:pushsubscriptionchange', subscription })
    await vi.waitFor(() => expect(visitor.read().pushId).toBe('rotated-id'), { timeout: 20_000, interval: 50 })
    expect(core.parley.registerPushSubscription).toHaveBeenCalledWith(
      expect.objectContaining({
        organization_id: 'org',
        platform: 'web',
        ...subscription,
        preferences: { new_messages: true, claim_updates: true }
      })
    )
    expect(bridge.open).not.toHaveBeenCalled()
    expect(reportError).not.toHaveBeenCalled()
  })
})
