import { describe, expect, it } from 'vitest'
import { refCounted } from './ref-count.ts'

describe('refCounted', () => {
  it('starts on the first open, stops on the last release, and ignores a double release', () => {
    const calls: string[] = []
    const open = refCounted(
      () => calls.push('start'),
      () => calls.push('stop')
    )
    const first = open()
    const second = open()
    first()
    first()
    expect(calls).toEqual(['start'])
    second()
    expect(calls).toEqual(['start', 'stop'])
    open()()
    expect(calls).toEqual(['start', 'stop', 'start', 'stop'])
  })
})
