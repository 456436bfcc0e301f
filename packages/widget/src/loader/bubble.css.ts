import { isFrench } from './config.ts'

// The host resets everything it could inherit from the page (important wins from inside a
// shadow root), so hostile page CSS cannot reach in; custom properties still pass for theming.
// The button is sized by its padding around the 28 px icon. The unread badge's rule is added
// by the app chunk (take-over.ts), the only code that can count replies.
export const BUBBLE_CSS =
  ':host{all:initial!important}' +
  '.b{position:fixed;bottom:20px;right:20px;z-index:var(--parley-z);padding:14px;border:0;border-radius:50%;background:var(--parley-primary,#1d4ed8);cursor:pointer;box-shadow:0 4px 14px #0004}' +
  ':host([data-position=left]) .b{right:auto;left:20px}' +
  '.b:focus-visible{outline:3px solid #f59e0b}' +
  'svg{display:block;width:28px;fill:#fff}'

/** The bubble's accessible name; the app adds the unread count. */
export const bubbleLabel = (locale?: string) => (isFrench(locale) ? 'Discussion' : 'Chat')

// The button's aria-label names it; the icon is hidden, or Chrome exposes an unnamed image.
export const bubbleHtml = (locale?: string) =>
  `<button class=b part=bubble aria-haspopup=dialog aria-expanded=false aria-label=${bubbleLabel(locale)}><svg viewBox=0,0,24,24 aria-hidden=true><path d=M6,4h14q2,0,2,2v10q0,2-2,2H8l-4,4V6q0-2,2-2z /></svg></button>`
