/**
 * Ways to get the visitor's attention outside the panel: a short tone (off unless they
 * turned it on) and an "(n)" prefix on the page title while there are unread replies.
 */
export function playTone(): void {
  const Context = window.AudioContext
  if (!Context) return
  const audio = new Context()
  const oscillator = audio.createOscillator()
  const gain = audio.createGain()
  oscillator.frequency.value = 880
  gain.gain.setValueAtTime(0.12, audio.currentTime)
  gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25)
  oscillator.connect(gain).connect(audio.destination)
  oscillator.start()
  oscillator.stop(audio.currentTime + 0.25)
  oscillator.onended = () => void audio.close()
}

const BADGE = /^\(\d+\+?\) /

/** Keeps "(n) " at the start of document.title; the page's own title changes are kept. */
export function titleBadge(count: number): void {
  const base = document.title.replace(BADGE, '')
  const next = count > 0 ? `(${count > 99 ? '99+' : count}) ${base}` : base
  if (next !== document.title) document.title = next
}
