import { describe, expect, it } from 'vitest'
import { fakeState, memoryVisitor } from '../../test/fake-core.ts'
import { createPushState } from './push-state.ts'

describe('push state slice', () => {
  it('offers nothing without a VAPID key or push support', () => {
    const push = createPushState({ config: {}, visitor: memoryVisitor(), ...fakeState() })
    expect(push.initial()).toBe('unsupported')
  })

  it('remembers a dismissed prompt and merges changes', () => {
    const state = fakeState()
    const visitor = memoryVisitor()
    const push = createPushState({ config: { vapidKey: 'key' }, visitor, ...state })
    push.dismiss()
    expect(visitor.read().pushDismissed).toBe(true)
    push.update({ state: 'busy' })
    expect(state.get().push).toMatchObject({ state: 'busy', dismissed: true })
  })
})
