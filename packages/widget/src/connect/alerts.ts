import type { ParleyCustomer } from '@parley/core'
import type { Bridge } from '../loader/contract.ts'
import { titleBadge } from './attention.ts'
import { chunk } from './chunk.ts'
import type { StateAccess } from './state.ts'
import type { VisitorStorage } from './visitor-storage.ts'

export interface AlertsOptions extends Pick<StateAccess, 'get' | 'set'> {
  parley: Pick<ParleyCustomer, '$unread'>
  bridge: Pick<Bridge, 'emit' | 'setUnread'>
  visitor: VisitorStorage
  /** The unread count changed (home shows each conversation's). */
  onUnread(): void
}

/**
 * How the visitor hears of replies: the unread count on the bubble and in the page title,
 * the `message` event, and the tone. The tone is off by default: its code comes when the
 * visitor turns it on (or a reply rings).
 */
export function createAlerts({ parley, bridge, visitor, get, set, onUnread }: AlertsOptions) {
  const tone = chunk(() => import('./tone.ts'))
  const stop = parley.$unread.subscribe((count) => {
    bridge.setUnread(count)
    titleBadge(count)
    onUnread()
  })
  return {
    /** A reply that arrived while the conversation was on screen. */
    announce(content: string, senderName: string | null): void {
      bridge.emit('message', { content, senderName })
      if (get().sound) tone().then((module) => module.playTone(), reportError)
    },
    setSound(sound: boolean): void {
      visitor.write({ sound })
      set({ sound })
      if (sound) tone().catch(reportError)
    },
    /** Takes the count off the page title; `stop` also stops following it. */
    clear(stopFollowing?: boolean): void {
      if (stopFollowing) stop()
      titleBadge(0)
    }
  }
}
