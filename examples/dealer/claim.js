window.Parley =
  window.Parley ||
  function () {
    ;(Parley.q = Parley.q || []).push(arguments)
  }
// The e-mailed links carry an access token (#token=…) or an unsubscribe code
// (#unsubscribe=…, the panel asks to confirm it), and the customer's language when the
// dealer knows it (&lang=en).
var link = new URLSearchParams(location.hash.slice(1))
var token = link.get('token')
var unsubscribe = link.get('unsubscribe')
Parley('init', {
  supabaseUrl: '{{SUPABASE_URL}}',
  supabaseKey: '{{SUPABASE_ANON_KEY}}',
  organization: '11111111-1111-4111-8111-111111111111',
  token: token || undefined,
  unsubscribe: unsubscribe || undefined,
  locale: link.get('lang') || undefined,
  color: '#0f766e'
})
Parley('on', 'ready', () => {
  if (token || unsubscribe) Parley('open')
})
