import type { ChatConversation, InboxStore } from '@parley/core'
import { playTone } from '@parley/widget/tone'
import { useEffect } from 'preact/hooks'
import type { ParleyInbox } from './element.ts'

/**
 * New customer messages while the inbox is on screen: "(3) " before the page title for every
 * unread customer message in the organization, and with the `sound` attribute one short tone
 * per change that brings new ones to the agent's own or an unassigned conversation.
 */
export function useAttention(inbox: InboxStore, me: string, host: ParleyInbox): void {
  useEffect(() => {
    const base = document.title.replace(/^\(\d+\) /, '')
    // Each conversation's count when last looked at. Until a first read has completed, every
    // change is the load itself (0 → N), not news.
    let seen = new Map<string, number>()
    let loaded = false
    const look = (rows: readonly ChatConversation[]) => {
      let total = 0
      let news = false
      const next = new Map<string, number>()
      for (const row of rows) {
        const count = row.unread_count_staff
        total += count
        next.set(row.id, count)
        news ||= loaded && count > (seen.get(row.id) ?? 0) && (row.assigned_to === null || row.assigned_to === me)
      }
      seen = next
      document.title = total > 0 ? `(${total}) ${base}` : base
      // One tone for a catch-up's whole batch; none before the page was ever clicked, where the
      // browser would refuse the sound and warn in the console.
      if (news && host.sound && navigator.userActivation?.hasBeenActive !== false) playTone()
    }
    const stops = [
      // Every conversation, whatever the list's filters; their counters only a customer message
      // raises (a reply or an internal note leaves them as they are).
      inbox.$all.subscribe(look),
      inbox.$loading.listen((loading) => {
        loaded ||= !loading && !inbox.$error.get()
      })
    ]
    return () => {
      for (const stop of stops) stop()
      document.title = base
    }
  }, [inbox, me])
}
