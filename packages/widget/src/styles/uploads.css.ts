// Rules of the uploads list, added when the visitor first attaches a file.
export const UPLOADS_CSS = `
.icon.small{width:28px;height:28px}
.uploads{display:flex;flex-direction:column;gap:6px;padding:0 4px 8px}
.uploads li{display:flex;align-items:center;gap:8px;font-size:13px}
.uploads img{width:36px;height:36px;object-fit:cover;border-radius:6px}
.uploads .name{flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.uploads .error{color:var(--bad)}
.uploads progress{width:70px}
`
