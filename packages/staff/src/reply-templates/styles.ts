export const REPLY_TEMPLATES_CSS = `
:host { container-type: inline-size; }
.replies { display: grid; gap: 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: start; padding: 8px 6px; border-bottom: 1px solid var(--parley-border); vertical-align: top; }
thead th { font-size: 13px; color: var(--parley-muted); font-weight: 600; }
.shortcut { font: 600 13px ui-monospace, monospace; white-space: nowrap; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 48ch; }
.text span { display: block; }
.actions { display: flex; gap: 6px; flex-wrap: wrap; }
button.danger { color: var(--parley-danger); border-color: var(--parley-danger); }
form.editor { display: grid; gap: 10px; padding: 12px; border: 1px solid var(--parley-border); border-radius: var(--parley-radius); background: var(--parley-surface); }
form.editor .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
form.editor textarea { min-height: 96px; resize: vertical; width: 100%; }
form.editor fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 16px; flex-wrap: wrap; }
form.editor legend { padding: 0; margin-bottom: 4px; }
.variables code { font-size: 12px; margin-inline-end: 6px; white-space: nowrap; }
.buttons { display: flex; gap: 8px; flex-wrap: wrap; }
@container (max-width: 640px) {
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  tr { display: grid; gap: 4px; padding: 8px 0; border-bottom: 1px solid var(--parley-border); }
  tbody th, td { border: 0; padding: 2px 0; }
  form.editor .pair { grid-template-columns: 1fr; }
}
`
