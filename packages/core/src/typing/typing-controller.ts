export interface TypingControllerOptions {
  throttleMs: number
  idleMs: number
  send(isTyping: boolean): Promise<void>
  onError?(error: unknown): void
  now?(): number
}

export interface TypingController {
  /** Call on every keystroke. */
  keystroke(): void
  /** Stops now (on send, blur or close) if typing was announced. */
  stop(): void
  dispose(): void
}

/**
 * Announces typing at most once per throttle window while keys keep coming, and stops
 * after an idle pause, so a fast typist costs one write every few seconds, not one per key.
 */
export function createTypingController(options: TypingControllerOptions): TypingController {
  const now = options.now ?? Date.now
  let typing = false
  let lastSent = Number.NEGATIVE_INFINITY
  let idle: ReturnType<typeof setTimeout> | null = null
  let sending: Promise<void> = Promise.resolve()

  // Each announcement waits for the previous one: a `false` overtaking its `true` on another
  // connection would leave the row behind and the next `true` inside the re-announce window.
  function send(isTyping: boolean): void {
    sending = sending.then(() => options.send(isTyping)).catch((error: unknown) => options.onError?.(error))
  }

  const controller: TypingController = {
    keystroke() {
      if (!typing || now() - lastSent >= options.throttleMs) {
        typing = true
        lastSent = now()
        send(true)
      }
      if (idle) clearTimeout(idle)
      idle = setTimeout(() => controller.stop(), options.idleMs)
    },
    stop() {
      if (idle) clearTimeout(idle)
      idle = null
      if (!typing) return
      typing = false
      lastSent = Number.NEGATIVE_INFINITY
      send(false)
    },
    dispose() {
      if (idle) clearTimeout(idle)
      idle = null
    }
  }
  return controller
}
