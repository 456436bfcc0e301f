import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

export interface PanelProps {
  open: boolean
  /** What the panel shows; a new view whose elements replaced the focused one takes focus. */
  view?: string
  labelledBy: string
  onClose: () => void
  children: ComponentChildren
}

/**
 * The chat window: a non-modal dialog beside the page, a modal one on a phone, where it
 * covers the page and Tab must not reach links hidden behind it (it wraps around inside).
 * Focus moves in when it opens, and when a view change removed the focused element (the
 * pre-chat form's button): a keyboard user would be left on the page's body, where Escape
 * does nothing. Escape closes it and the loader returns focus to the bubble.
 */
export function Panel({ open, view, labelledBy, onClose, children }: PanelProps) {
  const ref = useRef<HTMLDivElement>(null)
  const shown = useRef(false)
  useEffect(() => {
    const panel = ref.current
    const opened = open && !shown.current
    shown.current = open
    if (!panel || !open || (!opened && document.activeElement !== document.body)) return
    ;(panel.querySelector<HTMLElement>('[data-autofocus]') ?? panel).focus()
  }, [open, view])
  // Where the panel covers the whole screen (widget.css.ts).
  const modal = matchMedia('(max-width:639px)').matches
  return (
    <div
      ref={ref}
      class="panel"
      role="dialog"
      aria-modal={modal}
      aria-labelledby={labelledBy}
      tabIndex={-1}
      hidden={!open}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation()
          onClose()
        }
        if (event.key === 'Tab' && modal) {
          const stops = [...ref.current!.querySelectorAll<HTMLButtonElement>('a[href],button,input,textarea')].filter(
            (stop) => !stop.disabled && stop.offsetParent
          )
          const [first, last] = event.shiftKey ? [stops.at(-1), stops[0]] : [stops[0], stops.at(-1)]
          if (event.target === last) {
            event.preventDefault()
            first!.focus()
          }
        }
      }}
    >
      {children}
    </div>
  )
}
