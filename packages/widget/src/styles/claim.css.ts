// The claim page's rules (what a claim link opens), added when it is first drawn.
export const CLAIM_CSS = `
.claim-view{overflow:auto}
.ask{padding:16px;display:grid;gap:8px}
.ask .note{font-size:13px;color:var(--muted)}
`
