import type { Parley } from '@parley/core'
import { playTone } from '@parley/widget/tone'
import { useEffect } from 'preact/hooks'
import type { ParleyInbox } from './element.ts'

/**
 * New customer messages while the inbox is on screen: "(3) " before the page title, and a
 * short tone when the `sound` attribute is set and the count grows.
 */
export function useAttention(parley: Parley, host: ParleyInbox): void {
  useEffect(() => {
    const base = document.title.replace(/^\(\d+\) /, '')
    let before = parley.$unread.get()
    const stop = parley.$unread.subscribe((count) => {
      document.title = count > 0 ? `(${count}) ${base}` : base
      if (count > before && host.sound) playTone()
      before = count
    })
    return () => {
      stop()
      document.title = base
    }
  }, [parley])
}
