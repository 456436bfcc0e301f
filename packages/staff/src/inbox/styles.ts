export const INBOX_CSS = `
:host { height: 100%; min-height: 420px; container-type: inline-size; background: var(--parley-background); }
.layout { display: grid; grid-template-columns: minmax(240px, 320px) minmax(0, 1fr) minmax(240px, 320px); height: 100%; min-height: inherit; }
.list { overflow: auto; background: var(--parley-surface); border-right: 1px solid var(--parley-border); min-width: 0; }
.filters { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; padding: 10px; border-bottom: 1px solid var(--parley-border); font-size: 13px; }
.filters .wide { grid-column: 1 / -1; }
.counts { padding: 4px 10px; }
ul { list-style: none; margin: 0; padding: 0; }
.row { width: 100%; text-align: left; border: 0; border-radius: 0; border-bottom: 1px solid var(--parley-border); background: var(--parley-surface); padding: 10px; display: grid; gap: 2px; }
.row[aria-current='true'] { background: var(--parley-selected); box-shadow: inset 4px 0 var(--parley-accent); }
.name { font-weight: 600; }
.sub { display: grid; gap: 2px; font-size: 13px; color: var(--parley-muted); }
.badge { background: var(--parley-danger); color: #fff; border-radius: 10px; padding: 0 7px; font-size: 12px; justify-self: start; }
.empty { align-self: center; justify-self: center; }
.conversation { display: flex; flex-direction: column; min-height: 0; min-width: 0; }
.conversation-head { display: flex; align-items: center; gap: 8px; padding: 8px 16px; border-bottom: 1px solid var(--parley-border); background: var(--parley-surface); }
.back { display: none; }
.messages { flex: 1; overflow: auto; padding: 12px 16px; display: flex; flex-direction: column; gap: 8px; }
.older { align-self: center; }
.message { max-width: min(70%, 520px); padding: 8px 12px; border-radius: 12px; background: var(--parley-surface); border: 1px solid var(--parley-border); align-self: flex-start; white-space: pre-wrap; overflow-wrap: anywhere; }
.message.staff { align-self: flex-end; background: var(--parley-accent); color: var(--parley-accent-text); border-color: var(--parley-accent); }
.message.note { align-self: flex-end; background: var(--parley-note); color: var(--parley-note-text); border: 2px dashed var(--parley-note-border); }
.note-label svg { width: 14px; height: 14px; fill: currentColor; vertical-align: -2px; margin-right: 4px; }
.attachment.file svg { width: 16px; height: 16px; fill: none; stroke: currentColor; stroke-width: 2; vertical-align: -3px; margin-right: 4px; }
.file svg { width: 18px; height: 18px; fill: none; stroke: currentColor; stroke-width: 2; }
.note-label { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.message .meta { font-size: 12px; opacity: .9; }
.message a { color: inherit; }
.attachment.image img { max-width: 220px; max-height: 220px; display: block; border-radius: 8px; margin-top: 4px; }
.attachment.file { display: inline-block; margin-top: 4px; }
.system { align-self: center; font-size: 13px; color: var(--parley-muted); }
.tick svg { width: 18px; height: 14px; fill: none; stroke: currentColor; stroke-width: 2; vertical-align: -2px; }
.failed { color: var(--parley-danger); }
.link { border: 0; background: none; padding: 0; text-decoration: underline; }
.typing { padding: 0 16px; min-height: 20px; }
.composer { display: grid; gap: 6px; padding: 10px; border-top: 1px solid var(--parley-border); background: var(--parley-surface); }
.composer.note { background: var(--parley-note); color: var(--parley-note-text); border-top: 3px dashed var(--parley-note-border); }
.composer textarea { min-height: 56px; resize: vertical; width: 100%; }
.composer-actions { display: flex; gap: 10px; align-items: center; justify-content: flex-end; flex-wrap: wrap; }
.composer-actions .inline { margin-right: auto; }
.file { position: relative; display: inline-flex; padding: 6px 10px; border: 1px solid var(--parley-border); border-radius: 8px; cursor: pointer; }
.file:focus-within { outline: 3px solid var(--parley-focus); }
.file input { position: absolute; inset: 0; opacity: 0; cursor: pointer; width: 100%; }
.details { overflow: auto; background: var(--parley-surface); border-left: 1px solid var(--parley-border); padding: 12px; display: grid; gap: 12px; align-content: start; min-width: 0; }
.details select, .details input, .details textarea { width: 100%; }
.verified { color: var(--parley-success); font-weight: 600; }
.row-actions { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
.danger { color: var(--parley-danger); border-color: var(--parley-danger); }
.access summary { cursor: pointer; font-weight: 600; }
.access[open] { display: grid; gap: 8px; }
.shortcuts { border: 1px solid var(--parley-border); border-radius: var(--parley-radius); background: var(--parley-surface); color: var(--parley-text); padding: 16px; max-width: 420px; }
.shortcuts::backdrop { background: #0006; }
.shortcuts dl { display: grid; gap: 6px; margin: 12px 0; }
.shortcuts dl div { display: flex; gap: 12px; }
.shortcuts dt { min-width: 70px; }
.shortcuts dd { margin: 0; }
kbd { border: 1px solid var(--parley-border); border-bottom-width: 2px; border-radius: 4px; padding: 0 5px; margin-right: 4px; font: 13px ui-monospace, monospace; }
@container (max-width: 960px) {
  .layout { grid-template-columns: minmax(220px, 300px) minmax(0, 1fr); }
  .details { grid-column: 2; border-left: 0; border-top: 1px solid var(--parley-border); max-height: 40vh; }
  .layout.has-open { grid-template-rows: minmax(0, 1fr) auto; }
  .layout.has-open .list { grid-row: 1 / span 2; }
}
@container (max-width: 640px) {
  .layout, .layout.has-open { grid-template-columns: minmax(0, 1fr); grid-template-rows: none; overflow: auto; }
  .conversation { min-height: 70vh; }
  .layout.has-open .list, .layout:not(.has-open) .empty { display: none; }
  .details { grid-column: 1; max-height: none; }
  .back { display: inline-block; }
  .message { max-width: 88%; }
}
`
