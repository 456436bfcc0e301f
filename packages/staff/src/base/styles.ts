/**
 * Tokens every element reads. Hosts theme with these custom properties (or `::part`); the
 * defaults follow `prefers-color-scheme` through `light-dark()`, and `theme="light" | "dark"`
 * pins one.
 */
export const BASE_CSS = `
:host {
  color-scheme: light dark;
  --parley-font: system-ui, sans-serif;
  --parley-text: light-dark(#111827, #f3f4f6);
  --parley-muted: light-dark(#4b5563, #a1a1aa);
  --parley-surface: light-dark(#ffffff, #18181b);
  --parley-background: light-dark(#f3f4f6, #09090b);
  --parley-border: light-dark(#d1d5db, #3f3f46);
  --parley-accent: light-dark(#1d4ed8, #60a5fa);
  --parley-accent-text: light-dark(#ffffff, #0b1220);
  --parley-selected: light-dark(#dbeafe, #1e3a8a);
  --parley-note: light-dark(#fef3c7, #422006);
  --parley-note-text: light-dark(#78350f, #fde68a);
  --parley-note-border: light-dark(#b45309, #f59e0b);
  --parley-danger: light-dark(#b91c1c, #f87171);
  --parley-success: light-dark(#047857, #34d399);
  --parley-focus: #f59e0b;
  --parley-radius: 10px;
  display: block;
  font: 15px/1.45 var(--parley-font);
  color: var(--parley-text);
}
:host([theme='light']) { color-scheme: light; }
:host([theme='dark']) { color-scheme: dark; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
button, input, select, textarea { font: inherit; color: inherit; }
input, select, textarea { padding: 6px 9px; border: 1px solid var(--parley-border); border-radius: 8px; background: var(--parley-surface); min-width: 0; }
button { cursor: pointer; border: 1px solid var(--parley-border); border-radius: 8px; padding: 6px 12px; background: var(--parley-surface); }
button:disabled { opacity: .6; cursor: default; }
button.primary { background: var(--parley-accent); color: var(--parley-accent-text); border-color: var(--parley-accent); }
:focus-visible { outline: 3px solid var(--parley-focus); outline-offset: 2px; }
label { display: grid; gap: 4px; }
label.inline { display: flex; gap: 6px; align-items: center; }
h2, h3 { margin: 0; font-size: 16px; }
p { margin: 0; }
.notice { padding: 16px; color: var(--parley-muted); }
.error { color: var(--parley-danger); }
.muted { color: var(--parley-muted); font-size: 13px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`
