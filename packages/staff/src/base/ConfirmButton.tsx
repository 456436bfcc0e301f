export interface ConfirmButtonProps {
  asking: boolean
  busy: boolean
  label: string
  /** The button's accessible name, naming what it acts on. */
  labelFor: string
  confirmLabel: string
  cancelLabel: string
  onAsk(): void
  onConfirm(): void
  onCancel(): void
}

/** A button that cannot be undone asks once more, in place, before it acts. */
export function ConfirmButton(props: ConfirmButtonProps) {
  if (!props.asking) {
    return (
      <button type="button" disabled={props.busy} aria-label={props.labelFor} onClick={props.onAsk}>
        {props.label}
      </button>
    )
  }
  return (
    <>
      <button type="button" class="danger" disabled={props.busy} onClick={props.onConfirm}>
        {props.confirmLabel}
      </button>
      <button type="button" onClick={props.onCancel}>
        {props.cancelLabel}
      </button>
    </>
  )
}
