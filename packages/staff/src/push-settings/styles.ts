export const PUSH_CSS = `
.push-settings { display: grid; gap: 10px; }
fieldset { border: 1px solid var(--parley-border); border-radius: 8px; display: grid; gap: 6px; }
fieldset label { display: flex; gap: 6px; align-items: center; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; }
`
