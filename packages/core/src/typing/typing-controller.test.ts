import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTypingController } from './typing-controller.ts'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('typing controller', () => {
  it('announces at most once per throttle window while typing, then stops when idle', async () => {
    const sent: boolean[] = []
    const typing = createTypingController({ throttleMs: 3000, idleMs: 5000, send: async (value) => void sent.push(value) })
    typing.keystroke()
    for (let index = 0; index < 20; index++) {
      vi.advanceTimersByTime(100)
      typing.keystroke()
    }
    expect(sent).toEqual([true])
    vi.advanceTimersByTime(1000)
    typing.keystroke()
    expect(sent).toEqual([true, true])
    vi.advanceTimersByTime(5000)
    expect(sent).toEqual([true, true, false])
  })

  it('stops at once on send and says nothing when it was not typing', () => {
    const sent: boolean[] = []
    const typing = createTypingController({ throttleMs: 3000, idleMs: 5000, send: async (value) => void sent.push(value) })
    typing.stop()
    expect(sent).toEqual([])
    typing.keystroke()
    typing.stop()
    expect(sent).toEqual([true, false])
    vi.advanceTimersByTime(10_000)
    expect(sent).toEqual([true, false])
    typing.keystroke()
    expect(sent).toEqual([true, false, true])
    typing.dispose()
  })

  it('reports failures instead of throwing from a keystroke', async () => {
    const errors: unknown[] = []
    const typing = createTypingController({ throttleMs: 10, idleMs: 50, send: () => Promise.reject(new Error('down')), onError: (error) => errors.push(error) })
    typing.keystroke()
    await vi.advanceTimersByTimeAsync(0)
    expect(errors).toHaveLength(1)
  })
})
