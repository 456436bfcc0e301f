import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks'
import { dayKey, formatDay } from '../i18n/dates.ts'
import { useI18n } from './i18n-context.ts'
import { Message } from './Message.tsx'
import type { MessageView } from './types.ts'

export interface MessageListProps {
  messages: readonly MessageView[]
  hasMore: boolean
  loadingOlder?: boolean
  onLoadOlder: () => void
  onRetry: (message: MessageView) => void
  offline?: boolean
}

type Row = { key: string; day: string } | { key: string; message: MessageView }

const ESTIMATE = 72
const OVERSCAN = 600
/** When layout is unknown (hidden panel, tests) render this many of the newest rows. */
const FALLBACK_ROWS = 40

/**
 * The conversation, virtualised: only rows near the viewport are in the DOM, spacers keep
 * the scroll height, measured heights replace estimates as rows render. Sticks to the
 * bottom while the visitor is there; keeps their place when older pages arrive.
 */
export function MessageList({ messages, hasMore, loadingOlder, onLoadOlder, onRetry, offline }: MessageListProps) {
  const { t, locale } = useI18n()
  const scroller = useRef<HTMLDivElement>(null)
  const heights = useRef(new Map<string, number>())
  const atBottom = useRef(true)
  const anchor = useRef<{ key: string; height: number } | null>(null)
  const [view, setView] = useState({ top: 0, height: 0 })
  const [, remeasured] = useState(0)

  const rows = useMemo(() => {
    const out: Row[] = []
    let day = ''
    for (const message of messages) {
      const key = dayKey(message.createdAt)
      if (key !== day) out.push({ key: `day:${key}`, day: formatDay(message.createdAt, locale, t) })
      day = key
      out.push({ key: message.clientId ?? message.id, message })
    }
    return out
  }, [messages, locale, t])

  const offsets: number[] = []
  let total = 0
  for (const row of rows) {
    offsets.push(total)
    total += heights.current.get(row.key) ?? ESTIMATE
  }
  let first = 0
  let last = rows.length
  if (view.height > 0) {
    while (first < rows.length - 1 && offsets[first + 1]! < view.top - OVERSCAN) first++
    last = first
    while (last < rows.length && offsets[last]! < view.top + view.height + OVERSCAN) last++
  } else {
    first = Math.max(0, rows.length - FALLBACK_ROWS)
  }
  const before = offsets[first] ?? 0
  const after = total - (offsets[last] ?? total)

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    let changed = false
    for (const node of element.querySelectorAll<HTMLElement>('[data-row]')) {
      const height = node.offsetHeight
      if (height && heights.current.get(node.dataset.row!) !== height) {
        heights.current.set(node.dataset.row!, height)
        changed = true
      }
    }
    if (anchor.current) {
      // Older messages were prepended: keep the row that was on top where it was.
      const index = rows.findIndex((row) => row.key === anchor.current!.key)
      if (index > 0) element.scrollTop += element.scrollHeight - anchor.current.height
      anchor.current = null
    } else if (atBottom.current) {
      element.scrollTop = element.scrollHeight
    }
    if (changed) remeasured((n) => n + 1)
  })

  const onScroll = () => {
    const element = scroller.current!
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40
    setView({ top: element.scrollTop, height: element.clientHeight })
    if (element.scrollTop < 200 && hasMore && !loadingOlder) loadOlder()
  }
  const loadOlder = () => {
    anchor.current = rows[0] ? { key: rows[0].key, height: scroller.current?.scrollHeight ?? 0 } : null
    onLoadOlder()
  }

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(() => setView({ top: element.scrollTop, height: element.clientHeight }))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the history must scroll from the keyboard when it holds nothing focusable (axe scrollable-region-focusable)
    <div class="scroller" ref={scroller} onScroll={onScroll} tabIndex={0}>
      {hasMore && (
        <button type="button" class="link older" onClick={loadOlder} disabled={loadingOlder}>
          {t('olderMessages')}
        </button>
      )}
      {rows.length === 0 && <p class="empty">{t('noMessages')}</p>}
      <div class="log" role="log" aria-live="polite" aria-relevant="additions" aria-label={t('messages')}>
        <div style={{ height: `${before}px` }} aria-hidden="true" />
        {rows.slice(first, last).map((row) =>
          'day' in row ? (
            <p class="day" data-row={row.key} key={row.key}>
              <span>{row.day}</span>
            </p>
          ) : (
            <div data-row={row.key} key={row.key}>
              <Message message={row.message} onRetry={onRetry} offline={offline} />
            </div>
          )
        )}
        <div style={{ height: `${after}px` }} aria-hidden="true" />
      </div>
    </div>
  )
}
