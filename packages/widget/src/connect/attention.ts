/** An "(n)" prefix on the page title while there are unread replies (the tone is in tone.ts). */
const BADGE = /^\(\d+\+?\) /

/** Keeps "(n) " at the start of document.title; the page's own title changes are kept. */
export function titleBadge(count: number): void {
  const base = document.title.replace(BADGE, '')
  const next = count > 0 ? `(${count > 99 ? '99+' : count}) ${base}` : base
  if (next !== document.title) document.title = next
}
