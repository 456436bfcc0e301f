import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ATTACHMENT_URL_LIFETIME, attachmentUrls } from './attachment-urls.ts'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function setUp() {
  const requests: Array<{ path: string; expiresIn: number }> = []
  let changes = 0
  const urls = attachmentUrls(
    async (path, expiresIn) => {
      requests.push({ path, expiresIn })
      return `https://signed/${path}?n=${requests.length}`
    },
    () => changes++
  )
  return { urls, requests, changes: () => changes }
}

describe('attachment URLs', () => {
  it('signs each path once, for ten minutes', async () => {
    const { urls, requests, changes } = setUp()
    expect(urls.get('a')).toBeUndefined()
    expect(urls.get('a')).toBeUndefined()
    await vi.advanceTimersByTimeAsync(0)
    expect(urls.get('a')).toBe('https://signed/a?n=1')
    expect(requests).toEqual([{ path: 'a', expiresIn: ATTACHMENT_URL_LIFETIME }])
    expect(ATTACHMENT_URL_LIFETIME).toBe(600)
    expect(changes()).toBe(1)
  })

  // Was a bug: the widget signed each attachment once, for an hour, and kept the URL for as
  // long as the page lived; with short lifetimes a shown link must be renewed instead.
  it('renews a shown URL before it expires, keeping the old one until the new one arrives', async () => {
    const { urls, requests, changes } = setUp()
    urls.get('a')
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(ATTACHMENT_URL_LIFETIME * 800 - 1)
    expect(changes()).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(changes()).toBe(2)
    expect(urls.get('a')).toBe('https://signed/a?n=1')
    await vi.advanceTimersByTimeAsync(0)
    expect(urls.get('a')).toBe('https://signed/a?n=2')
    expect(requests).toHaveLength(2)
  })

  it('stops renewing what is no longer asked for, and everything once disposed', async () => {
    const { urls, requests, changes } = setUp()
    urls.get('a')
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(ATTACHMENT_URL_LIFETIME * 1000 * 3)
    expect(changes()).toBe(2)
    expect(requests).toHaveLength(1)
    urls.get('b')
    await vi.advanceTimersByTimeAsync(0)
    urls.dispose()
    await vi.advanceTimersByTimeAsync(ATTACHMENT_URL_LIFETIME * 1000 * 3)
    expect(changes()).toBe(3)
    expect(requests.map((request) => request.path)).toEqual(['a', 'b'])
  })
})
