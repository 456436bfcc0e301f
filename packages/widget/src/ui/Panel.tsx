import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

export interface PanelProps {
  open: boolean
  labelledBy: string
  onClose: () => void
  children: ComponentChildren
}

/**
 * The chat window: a non-modal dialog (the page stays usable beside it). Focus moves in
 * when it opens; Escape closes it and the loader returns focus to the bubble.
 */
export function Panel({ open, labelledBy, onClose, children }: PanelProps) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open || !ref.current) return
    const target = ref.current.querySelector<HTMLElement>('[data-autofocus]') ?? ref.current
    target.focus()
  }, [open])
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
