import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTypingController } from './typing-controller.ts'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

/** Lets queued announcements run, and timers due after `ms`. */
const after = (ms = 0) => vi.advanceTimersByTimeAsync(ms)

describe('typing controller', () => {
  it('announces at most once per throttle window while typing, then stops when idle', async () => {
    const sent: boolean[] = []
    const typing = createTypingController({ throttleMs: 3000, idleMs: 5000, send: async (value) => void sent.push(value) })
    typing.keystroke()
    for (let index = 0; index < 20; index++) {
      await after(100)
      typing.keystroke()
    }
    expect(sent).toEqual([true])
    await after(1000)
    typing.keystroke()
    await after()
    expect(sent).toEqual([true, true])
    await after(5000)
    expect(sent).toEqual([true, true, false])
  })

  it('stops at once on send and says nothing when it was not typing', async () => {
    const sent: boolean[] = []
    const typing = createTypingController({ throttleMs: 3000, idleMs: 5000, send: async (value) => void sent.push(value) })
    typing.stop()
    await after()
    expect(sent).toEqual([])
    typing.keystroke()
    typing.stop()
    await after()
    expect(sent).toEqual([true, false])
    await after(10_000)
    expect(sent).toEqual([true, false])
    typing.keystroke()
    await after()
    expect(sent).toEqual([true, false, true])
  })

  it('never lets a stop overtake the announcement before it, however slow that one is', async () => {
    const done: boolean[] = []
    const typing = createTypingController({
      throttleMs: 3000,
      idleMs: 5000,
      send: (value) => new Promise((resolve) => setTimeout(() => resolve(void done.push(value)), value ? 500 : 10))
    })
    typing.keystroke()
    typing.stop()
    await after(1000)
    expect(done).toEqual([true, false])
  })

  it('announces a switch between reply and internal note at once, and stops in the mode it was typing', async () => {
    const sent: string[] = []
    const typing = createTypingController({
      throttleMs: 3000,
      idleMs: 5000,
      send: async (value, internal) => void sent.push(`${value}${internal ? ' note' : ''}`)
    })
    typing.keystroke()
    await after(100)
    typing.keystroke(true)
    await after(100)
    typing.keystroke(true)
    await after()
    expect(sent).toEqual(['true', 'true note'])
    typing.stop()
    await after()
    expect(sent).toEqual(['true', 'true note', 'false note'])
  })

  it('reports failures instead of throwing from a keystroke, and keeps announcing after one', async () => {
    const errors: unknown[] = []
    const sent: boolean[] = []
    let fail = true
    const typing = createTypingController({
      throttleMs: 10,
      idleMs: 50,
      send: async (value) => {
        if (fail) throw new Error('down')
        sent.push(value)
      },
      onError: (error) => errors.push(error)
    })
    typing.keystroke()
    await after()
    expect(errors).toHaveLength(1)
    fail = false
    typing.stop()
    await after()
    expect(sent).toEqual([false])
  })
})
