// The snippet's command queue: calls made before parley.js loads are replayed in order.
window.Parley =
  window.Parley ||
  function () {
    ;(Parley.q = Parley.q || []).push(arguments)
  }
document.getElementById('open-chat').addEventListener('click', () => {
  Parley('open')
})
