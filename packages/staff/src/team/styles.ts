export const TEAM_CSS = `
.team { display: grid; gap: 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: start; padding: 8px 6px; border-bottom: 1px solid var(--parley-border); vertical-align: middle; }
thead th { font-size: 13px; color: var(--parley-muted); font-weight: 600; }
.actions { display: flex; gap: 6px; flex-wrap: wrap; }
.invitations { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.invitations li { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; }
.inactive { color: var(--parley-muted); }
button.danger { color: var(--parley-danger); border-color: var(--parley-danger); }
form.invite { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; }
form.invite .field { display: grid; gap: 4px; flex: 1 1 200px; }
@media (max-width: 640px) {
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  tr { display: grid; gap: 4px; padding: 8px 0; border-bottom: 1px solid var(--parley-border); }
  tbody th, td { border: 0; padding: 2px 0; }
}
`
