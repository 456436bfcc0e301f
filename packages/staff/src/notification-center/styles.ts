export const CENTER_CSS = `
:host { display: inline-block; position: relative; }
.bell { position: relative; display: inline-flex; align-items: center; padding: 6px 10px; background: var(--parley-surface); }
.bell svg { width: 20px; height: 20px; fill: currentColor; }
.count { position: absolute; top: -6px; right: -6px; min-width: 20px; padding: 0 5px; border-radius: 10px; background: var(--parley-danger); color: #fff; font-size: 12px; line-height: 20px; text-align: center; }
.panel { position: absolute; right: 0; top: calc(100% + 6px); width: min(360px, 92vw); max-height: 70vh; overflow: auto; z-index: 20; background: var(--parley-surface); border: 1px solid var(--parley-border); border-radius: var(--parley-radius); box-shadow: 0 8px 24px #0004; padding: 10px; display: grid; gap: 8px; }
.panel[hidden] { display: none; }
.panel header { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
.item { display: flex; gap: 6px; align-items: start; border-bottom: 1px solid var(--parley-border); padding-bottom: 4px; }
.item .open { flex: 1; text-align: left; border: 0; background: transparent; display: grid; gap: 2px; padding: 4px; }
.item:not(.unread) strong { font-weight: 400; }
.item.unread .open { border-left: 3px solid var(--parley-accent); }
.mark { font-size: 13px; padding: 2px 8px; }
`
