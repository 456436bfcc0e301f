/** A short tone for a new reply; off unless the visitor turned it on, so loaded only then. */
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
