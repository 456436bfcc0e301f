/** What a key does in the inbox when focus is not in a text field. */
export type InboxCommand = 'next' | 'previous' | 'reply' | 'note' | 'resolve' | 'assign' | 'search' | 'help'

const KEYS: Record<string, InboxCommand> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  r: 'reply',
  n: 'note',
  e: 'resolve',
  a: 'assign',
  '/': 'search',
  '?': 'help'
}

/** The shortcut list the `?` overlay shows, in this order. */
export const SHORTCUTS: { keys: string[]; command: InboxCommand }[] = [
  { keys: ['j', '↓'], command: 'next' },
  { keys: ['k', '↑'], command: 'previous' },
  { keys: ['r'], command: 'reply' },
  { keys: ['n'], command: 'note' },
  { keys: ['e'], command: 'resolve' },
  { keys: ['a'], command: 'assign' },
  { keys: ['/'], command: 'search' },
  { keys: ['?'], command: 'help' }
]

const isField = (target: EventTarget | null): target is HTMLElement =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))

/** The command for a key press, or null when it belongs to a field or carries a modifier. */
export function commandFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  target: EventTarget | null
): InboxCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey || isField(target)) return null
  return KEYS[event.key] ?? null
}

/** The field an Escape press leaves for the shortcuts, unless the field used the key itself. */
export function fieldToLeave(event: Pick<KeyboardEvent, 'key' | 'defaultPrevented'>, target: EventTarget | null): HTMLElement | null {
  return event.key === 'Escape' && !event.defaultPrevented && isField(target) ? target : null
}

/** The id `step` places away from `current` in `ids`, staying at the ends. */
export function neighbour(ids: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null
  const at = current ? ids.indexOf(current) : -1
  if (at === -1) return step === 1 ? ids[0]! : ids[ids.length - 1]!
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))]!
}
