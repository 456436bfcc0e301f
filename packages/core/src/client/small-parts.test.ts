import { describe, expect, it } from 'vitest'
import { backoff } from './backoff.ts'
import { createSignal } from './signal.ts'
import { listenForWake, type WakeReason } from './wake.ts'

describe('backoff', () => {
  it('grows exponentially within bounds', () => {
    expect(backoff(0, 500, 15_000, () => 0)).toBe(250)
    expect(backoff(0, 500, 15_000, () => 1)).toBe(500)
    expect(backoff(3, 500, 15_000, () => 1)).toBe(4000)
    expect(backoff(30, 500, 15_000, () => 1)).toBe(15_000)
  })
})

describe('signal', () => {
  it('emits to current listeners and stops after removal', () => {
    const signal = createSignal<number>()
    const heard: number[] = []
    const stop = signal.listen((value) => heard.push(value))
    signal.emit(1)
    stop()
    signal.emit(2)
    expect(heard).toEqual([1])
  })
})

describe('wake', () => {
  it('hears online, offline and the tab becoming visible, and stops cleanly', () => {
    const signal = createSignal<WakeReason>()
    const heard: WakeReason[] = []
    signal.listen((reason) => heard.push(reason))
    const stop = listenForWake(window, signal)
    window.dispatchEvent(new Event('offline'))
    window.dispatchEvent(new Event('online'))
    document.dispatchEvent(new Event('visibilitychange'))
    stop()
    window.dispatchEvent(new Event('online'))
    expect(heard).toEqual(['offline', 'online', 'visible'])
    expect(listenForWake(null, signal)()).toBeUndefined()
  })
})
