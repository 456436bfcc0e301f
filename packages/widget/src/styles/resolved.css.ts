// The resolved conversation's prompt (rating, transcript) and the unsubscribe confirmation,
// added when either is first drawn.
export const RESOLVED_CSS = `
.resolved{border-top:1px solid var(--line);padding:10px 12px;display:flex;flex-direction:column;gap:8px;max-height:60%;overflow:auto}
.resolved form,.unsubscribe{display:flex;flex-direction:column;gap:8px}
.resolved fieldset{border:0;min-width:0}
.resolved legend,.unsubscribe h2{font-weight:600;font-size:15px;margin-bottom:6px}
.scale{display:flex;gap:6px}
.scale label{flex:1;display:flex;flex-direction:column;align-items:center;gap:2px;min-height:44px;padding:6px 2px;border:1px solid var(--line);border-radius:10px;font-size:12px;text-align:center;cursor:pointer}
.scale strong{font-size:16px}
.scale input{position:absolute;opacity:0;width:1px;height:1px}
.scale input:checked+label{background:var(--p);border-color:var(--p);color:#fff}
.scale input:focus-visible+label{outline:3px solid #f59e0b;outline-offset:2px}
.resolved textarea{min-height:44px;width:100%}
.resolved .actions{display:flex;gap:12px;align-items:center;flex-wrap:wrap}
.unsubscribe{padding:16px;overflow:auto}
.resolved .note,.unsubscribe .note{color:var(--muted);font-size:14px}
`
