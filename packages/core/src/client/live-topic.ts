import type { ParleyError } from '../errors/parley-error.ts'
import { toParleyError } from '../errors/to-parley-error.ts'
import type { Context } from './context.ts'
import { refCounted } from './ref-count.ts'

export interface LiveTopicOptions {
  /** The private topic to follow, resolved once a session exists; throws when the caller may not follow it. */
  topic(): Promise<string>
  event(name: string, payload: Record<string, unknown>): void
  /** Re-reads the database: on every (re)join and every wake, since the socket alone can miss events. */
  refresh(): Promise<void>
  onError(error: ParleyError): void
}

/**
 * Follows a topic while anything listens: joins on the first open, catches up from the
 * database on each SUBSCRIBED and wake, and leaves on the last release. Returns `open`.
 */
export function liveTopic(context: Context, options: LiveTopicOptions): () => () => void {
  let generation = 0
  let cleanups: Array<() => void> = []

  async function start(run: number): Promise<void> {
    let topic: string
    try {
      topic = await options.topic()
    } catch (error) {
      options.onError(toParleyError(error))
      return
    }
    if (run !== generation) return
    context.watch()
    cleanups.push(
      context.wake.listen((reason) => {
        if (reason !== 'offline') void options.refresh()
      }),
      context.topics.listen(topic, {
        event: options.event,
        status(status, error) {
          if (status === 'SUBSCRIBED') void options.refresh()
          else if (error) options.onError(error)
        }
      })
    )
  }

  return refCounted(
    () => void start(++generation),
    () => {
      generation++
      for (const cleanup of cleanups) cleanup()
      cleanups = []
    }
  )
}
