import type { TypingIndicator } from '../types/api.ts'

export interface TypingList {
  apply(indicator: TypingIndicator): void
  clear(): void
}

const LONGEST = 10_000
const FALLBACK = 8_000

function keyOf(indicator: TypingIndicator): string {
  return `${indicator.user_type}:${indicator.user_name ?? ''}`
}

/**
 * Who is typing, from `typing` broadcasts. Each entry removes itself at its expires_at
 * (bounded, since the sender's clock is not ours) in case the "stopped" event never comes.
 */
export function createTypingList(onChange: (typing: readonly TypingIndicator[]) => void): TypingList {
  const entries = new Map<string, { indicator: TypingIndicator; timer: ReturnType<typeof setTimeout> }>()

  function publish(): void {
    onChange([...entries.values()].map((entry) => entry.indicator))
  }

  function drop(key: string): void {
    clearTimeout(entries.get(key)?.timer)
    entries.delete(key)
  }

  return {
    apply(indicator) {
      const key = keyOf(indicator)
      drop(key)
      if (indicator.is_typing) {
        const until = Date.parse(indicator.expires_at) - Date.now()
        // A fresh "typing" event expiring outside (0, 10 s] (or unreadable) means the clocks disagree.
        const delay = until > 0 && until <= LONGEST ? until : FALLBACK
        entries.set(key, {
          indicator,
          timer: setTimeout(() => {
            entries.delete(key)
            publish()
          }, delay)
        })
      }
      publish()
    },
    clear() {
      for (const key of entries.keys()) drop(key)
      publish()
    }
  }
}
