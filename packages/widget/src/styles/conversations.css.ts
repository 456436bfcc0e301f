// The conversation list's rules, added to the shadow root when the list is first drawn.
export const CONVERSATIONS_CSS = `
.conversations{padding:16px;display:flex;flex-direction:column;gap:12px;overflow:auto}
.conversations ul{display:flex;flex-direction:column;gap:6px}
.conversations li button{width:100%;display:flex;gap:8px;align-items:center;text-align:left;border:1px solid var(--line);border-radius:10px;padding:10px 12px;background:var(--bg);min-height:44px}
.conversations .name{flex:1;font-weight:600}
.conversations .when{font-size:13px;color:var(--muted)}
.conversations .count{background:#b91c1c;color:#fff;border-radius:10px;padding:0 7px;font-size:12px}
`
