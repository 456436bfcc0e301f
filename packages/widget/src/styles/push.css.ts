// The push prompt's and preferences' rules, added when they are first drawn.
export const PUSH_CSS = `
.push{display:flex;flex-direction:column;gap:8px;border:1px solid var(--line);border-radius:10px;padding:12px;margin:8px 12px}
.settings .push{margin:0}
.push .actions{display:flex;gap:12px;align-items:center}
`
