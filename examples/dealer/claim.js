window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments) }
var token = new URLSearchParams(location.hash.slice(1)).get('token')
Parley('init', {
  supabaseUrl: '{{SUPABASE_URL}}',
  supabaseKey: '{{SUPABASE_ANON_KEY}}',
  organization: '11111111-1111-4111-8111-111111111111',
  token: token || undefined,
  color: '#0f766e'
})
Parley('on', 'ready', function () { if (token) Parley('open') })
