// The claim page's rules (what a claim link opens), added when it is first drawn.
export const CLAIM_CSS = `
.claim-view{overflow:auto}
.ask{padding:16px;display:grid;gap:8px}
.ask .note{font-size:13px;color:var(--muted)}
`
// The claim's steps and history (its page, and above a conversation about it).
export const TIMELINE_CSS = `
.claim{padding:10px 16px;border-bottom:1px solid var(--line);background:var(--soft)}
.claim h3{font-size:14px;margin-bottom:8px}
.steps{display:flex;gap:2px}
.steps li{flex:1;display:flex;flex-direction:column;align-items:center;gap:4px;font-size:11px;text-align:center;color:var(--muted)}
.dot{width:12px;height:12px;border-radius:50%;border:2px solid var(--line);background:var(--bg)}
.done .dot,.current .dot{background:var(--link);border-color:var(--link)}
.steps .current{color:var(--fg);font-weight:700}
.current .dot{animation:pulse 1.6s ease-in-out infinite}
@keyframes pulse{0%,100%{box-shadow:0 0 0 0 #3b82f680}50%{box-shadow:0 0 0 6px #3b82f600}}
.history{margin-top:8px;font-size:13px}
.history summary{cursor:pointer;color:var(--link)}
.history li{padding:6px 0;border-top:1px solid var(--line)}
`
