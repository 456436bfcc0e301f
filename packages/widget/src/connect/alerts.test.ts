import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeCore, fakeState, memoryVisitor } from '../../test/fake-core.ts'
import { createAlerts } from './alerts.ts'

// happy-dom has no reportError; a tone that cannot load reports there.
vi.stubGlobal('reportError', vi.fn())
afterEach(() => {
  document.title = ''
})

function setUp() {
  const core = fakeCore()
  const state = fakeState()
  const bridge = { emit: vi.fn(), setUnread: vi.fn() }
  const onUnread = vi.fn()
  const visitor = memoryVisitor()
  const alerts = createAlerts({ parley: core.parley, bridge, visitor, ...state, onUnread })
  return { core, state, bridge, onUnread, visitor, alerts }
}

describe('alerts slice', () => {
  it('follows the unread count on the bubble and in the page title', () => {
    document.title = 'Garage'
    const { core, bridge, onUnread, alerts } = setUp()
    core.parley.$unread.set(3)
    expect(bridge.setUnread).toHaveBeenLastCalledWith(3)
    expect(document.title).toBe('(3) Garage')
    expect(onUnread).toHaveBeenCalledTimes(2)
    alerts.clear()
    expect(document.title).toBe('Garage')
    core.parley.$unread.set(4)
    expect(document.title).toBe('(4) Garage')
    alerts.clear(true)
    core.parley.$unread.set(5)
    expect(document.title).toBe('Garage')
    expect(bridge.setUnread).toHaveBeenLastCalledWith(4)
  })

  it('announces a reply to the page, and keeps the visitor’s tone setting', () => {
    const { bridge, state, visitor, alerts } = setUp()
    alerts.announce('Bonjour', 'Julie')
    expect(bridge.emit).toHaveBeenCalledWith('message', { content: 'Bonjour', senderName: 'Julie' })
    alerts.setSound(true)
    expect(state.get().sound).toBe(true)
    expect(visitor.read().sound).toBe(true)
  })
})
