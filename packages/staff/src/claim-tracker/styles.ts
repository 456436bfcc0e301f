export const TRACKER_CSS = `
.tracker { display: grid; gap: 10px; }
.status { font-weight: 600; }
.timeline { list-style: none; margin: 0; padding: 0 0 0 14px; border-left: 2px solid var(--parley-border); display: grid; gap: 10px; }
.entry { position: relative; padding: 6px 8px; border-radius: 8px; }
.entry::before { content: ''; position: absolute; left: -21px; top: 12px; width: 10px; height: 10px; border-radius: 50%; background: var(--parley-accent); }
.entry.new { background: var(--parley-selected); animation: parley-arrive 1.2s ease-out; }
.old { text-decoration: line-through; color: var(--parley-muted); }
.label { font-weight: 600; }
.change-form { display: grid; gap: 8px; border-top: 1px solid var(--parley-border); padding-top: 10px; }
@keyframes parley-arrive { from { box-shadow: 0 0 0 4px var(--parley-accent); } to { box-shadow: 0 0 0 0 transparent; } }
@media (prefers-reduced-motion: reduce) { .entry.new { animation: none; } }
`
