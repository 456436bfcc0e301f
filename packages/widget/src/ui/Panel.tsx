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
 * The chat window: a non-modal dialog (the page stays usable beside it). Focus moves in
 * when it opens, and when a view change removed the focused element (the pre-chat form's
 * button): a keyboard user would be left on the page's body, where Escape does nothing.
 * Escape closes it and the loader returns focus to the bubble.
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
  return (
    <div
      ref={ref}
      class="panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby={labelledBy}
      tabIndex={-1}
      hidden={!open}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation()
          onClose()
        }
      }}
    >
      {children}
    </div>
  )
}
