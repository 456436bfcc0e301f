/**
 * The mailbox page: the list of captured e-mails and the selected one as text or HTML. The
 * HTML is shown in a sandboxed iframe (no scripts, no same-origin), served with a CSP that
 * loads nothing but inline styles and images.
 */
export const MAILBOX_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley local mailbox</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; font: 14px system-ui, sans-serif; color: #1f2328; display: grid; grid-template-columns: 340px 1fr; height: 100vh; }
  header { grid-column: 1 / -1; display: flex; gap: 12px; align-items: center; padding: 8px 16px; border-bottom: 1px solid #d0d7de; }
  header h1 { font-size: 16px; margin: 0; flex: 1; }
  ul { list-style: none; margin: 0; padding: 0; overflow: auto; border-right: 1px solid #d0d7de; }
  li button { display: block; width: 100%; text-align: left; padding: 10px 16px; border: 0; border-bottom: 1px solid #eaeef2; background: none; font: inherit; cursor: pointer; }
  li button[aria-current="true"] { background: #ddf4ff; }
  li small { color: #656d76; display: block; }
  main { overflow: auto; padding: 16px; }
  iframe { width: 100%; height: 70vh; border: 1px solid #d0d7de; }
  pre { white-space: pre-wrap; background: #f6f8fa; padding: 12px; }
  body { grid-template-rows: auto 1fr; }
</style>
</head>
<body>
<header><h1>Parley local mailbox</h1><span id="count"></span><button id="refresh">Refresh</button><button id="clear">Delete all</button></header>
<ul id="list" aria-label="Messages"></ul>
<main id="view" tabindex="0" aria-label="Open e-mail"><p>Nothing leaves this machine: every e-mail the functions send lands here.</p></main>
<script>
const list = document.getElementById('list')
const view = document.getElementById('view')
let selected = null
async function load() {
  const messages = await (await fetch('api/messages')).json()
  document.getElementById('count').textContent = messages.length + ' message(s)'
  list.replaceChildren(...messages.map((m) => {
    const li = document.createElement('li')
    const b = document.createElement('button')
    b.setAttribute('aria-current', String(m.id === selected))
    b.append(m.subject)
    const small = document.createElement('small')
    small.textContent = m.to.join(', ') + ' · ' + new Date(m.receivedAt).toLocaleString()
    b.append(small)
    b.onclick = () => show(m)
    li.append(b)
    return li
  }))
}
function show(m) {
  selected = m.id
  const h = document.createElement('h2')
  h.textContent = m.subject
  const meta = document.createElement('p')
  meta.textContent = 'From ' + m.from + ' to ' + m.to.join(', ')
  const frame = document.createElement('iframe')
  frame.setAttribute('sandbox', '')
  frame.title = 'HTML version'
  frame.src = 'messages/' + encodeURIComponent(m.id) + '/html'
  const text = document.createElement('pre')
  text.textContent = m.text
  view.replaceChildren(h, meta, frame, text)
  load()
}
document.getElementById('refresh').onclick = load
document.getElementById('clear').onclick = async () => { await fetch('api/messages', { method: 'DELETE' }); selected = null; view.replaceChildren(); load() }
load()
setInterval(load, 5000)
</script>
</body>
</html>
`
