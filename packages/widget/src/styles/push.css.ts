// Rules of settings and the push prompt (one chunk), added when either is first drawn.
export const PUSH_CSS = `
.settings{padding:16px;display:flex;flex-direction:column;gap:12px;overflow:auto}
.note{color:var(--muted)}
.push{display:flex;flex-direction:column;gap:8px;border:1px solid var(--line);border-radius:10px;padding:12px;margin:8px 12px}
.settings .push{margin:0}
.push .actions{display:flex;gap:12px;align-items:center}
`
