window.Parley =
  window.Parley ||
  function () {
    ;(Parley.q = Parley.q || []).push(arguments)
  }
// The e-mailed link carries the access token (#token=…), and the customer's language when
// the dealer knows it (&lang=en).
var link = new URLSearchParams(location.hash.slice(1))
var token = link.get('token')
Parley('init', {
  supabaseUrl: '{{SUPABASE_URL}}',
  supabaseKey: '{{SUPABASE_ANON_KEY}}',
  organization: '11111111-1111-4111-8111-111111111111',
  token: token || undefined,
  locale: link.get('lang') || undefined,
  color: '#0f766e'
})
Parley('on', 'ready', () => {
  if (token) Parley('open')
})
