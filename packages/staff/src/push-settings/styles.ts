export const PUSH_CSS = `
.push-settings { display: grid; gap: 10px; }
fieldset { border: 1px solid var(--parley-border); border-radius: 8px; display: grid; gap: 6px; }
fieldset label { display: flex; gap: 6px; align-items: center; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; }
.devices ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.devices li { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; border-top: 1px solid var(--parley-border); padding-top: 6px; }
.device-name { font-weight: 600; }
.device-used { color: var(--parley-muted); flex: 1; }
`
