export interface TypingControllerOptions {
  throttleMs: number
  idleMs: number
  /** `internal`: the typing is for a staff internal note. */
  send(isTyping: boolean, internal: boolean): Promise<void>
  onError?(error: unknown): void
  now?(): number
}

export interface TypingController {
  /** Call on every keystroke; `internal` when it goes into an internal note. */
  keystroke(internal?: boolean): void
  /** Stops now (on send, blur or close) if typing was announced. */
  stop(): void
}

/**
 * Announces typing at most once per throttle window while keys keep coming, and stops
 * after an idle pause, so a fast typist costs one write every few seconds, not one per key.
 */
export function createTypingController(options: TypingControllerOptions): TypingController {
  const now = options.now ?? Date.now
  let typing = false
  let internalMode = false
  let lastSent = 0
  let idle: ReturnType<typeof setTimeout> | null = null
  let sending: Promise<void> = Promise.resolve()

  // Each announcement waits for the previous one: a `false` overtaking its `true` on another
  // connection would leave the row behind and the next `true` inside the re-announce window.
  function send(isTyping: boolean, internal: boolean): void {
    sending = sending.then(() => options.send(isTyping, internal)).catch((error: unknown) => options.onError?.(error))
  }

  const controller: TypingController = {
    keystroke(internal = false) {
      // Switching between reply and note is news at once: the customer must stop seeing it.
      if (!typing || internal !== internalMode || now() - lastSent >= options.throttleMs) {
        typing = true
        internalMode = internal
        lastSent = now()
        send(true, internal)
      }
      if (idle) clearTimeout(idle)
      idle = setTimeout(() => controller.stop(), options.idleMs)
    },
    stop() {
      if (idle) clearTimeout(idle)
      idle = null
      if (!typing) return
      typing = false
      send(false, internalMode)
    }
  }
  return controller
}
