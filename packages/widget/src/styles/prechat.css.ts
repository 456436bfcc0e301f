// The pre-chat form's rules, added with its chunk (a returning visitor never draws it).
export const PRECHAT_CSS = `
.prechat{padding:16px;display:flex;flex-direction:column;gap:12px;overflow:auto}
.intro{color:var(--muted)}
.field input:not([type=checkbox]){border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:var(--bg);min-height:44px}
`
