import { atom, type WritableAtom } from 'nanostores'
import type { ParleyError } from '../errors/parley-error.ts'
import { toParleyError } from '../errors/to-parley-error.ts'
import type { ChannelStatus, ParleySession } from '../types/api.ts'
import type { Context } from './context.ts'
import { refCounted } from './ref-count.ts'

export interface LiveTopicOptions {
  /** The private topics to follow for this session; throws when the caller may not follow them. */
  topics(session: ParleySession): string[] | Promise<string[]>
  event(name: string, payload: Record<string, unknown>, session: ParleySession): void
  /** Re-reads the database: on every (re)join and every wake, since the socket alone can miss events. */
  refresh(session: ParleySession): Promise<void>
  /** Whatever else the store hears while open; returns the removals. */
  start?(session: ParleySession): Array<() => void>
  stop?(): void
  /** Hears every channel status, and `CHANNEL_ERROR` for a failed sign-in check or re-read. */
  report?(status: ChannelStatus, error?: ParleyError): void
  /**
   * Starts over when someone else signs in (the topics are that person's), or when the
   * customer gains a conversation (one more topic; a visitor's first has no session before).
   */
  follow?: boolean
}

export interface LiveTopic {
  /** Follows the topics until the returned release; shared by every opener. */
  open(): () => void
  /** One database re-read at a time: a call during a re-read runs once more after it. */
  refresh(): Promise<void>
  $loading: WritableAtom<boolean>
  $error: WritableAtom<ParleyError | null>
}

/**
 * The one live-data lifecycle every store shares: while anything listens, it resolves the
 * session, joins the topics, re-reads the database on each SUBSCRIBED (first join, rejoin,
 * a topic that moved to a new name) and each wake, and leaves on the last release.
 */
export function liveTopic(context: Context, options: LiveTopicOptions): LiveTopic {
  const $loading = atom(false)
  const $error = atom<ParleyError | null>(null)
  let generation = 0
  let cleanups: Array<() => void> = []
  let running: Promise<void> | null = null
  let again = false

  function report(status: ChannelStatus, error?: ParleyError): void {
    options.report?.(status, error)
    if (error) $error.set(error)
  }

  function refresh(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    $loading.set(true)
    running = context
      .requireSession()
      .then(options.refresh)
      .then(
        () => $error.set(null),
        (error: unknown) => report('CHANNEL_ERROR', toParleyError(error))
      )
      .finally(() => {
        running = null
        $loading.set(false)
        if (again) {
          again = false
          void refresh()
        }
      })
    return running
  }

  async function start(run: number): Promise<void> {
    let session: ParleySession
    let topics: string[]
    // Also before anyone signs in: a visitor's first conversation comes with their session.
    if (options.follow) cleanups.push(context.joined.listen(restart))
    try {
      session = await context.requireSession()
      topics = await options.topics(session)
    } catch (error) {
      if (run === generation) report('CHANNEL_ERROR', toParleyError(error))
      return
    }
    if (run !== generation) return
    context.watch()
    const listener = {
      event: (name: string, payload: Record<string, unknown>) => options.event(name, payload, session),
      status(status: ChannelStatus, error?: ParleyError) {
        report(status, error)
        if (status === 'SUBSCRIBED') void refresh()
      }
    }
    cleanups.push(
      ...(options.start?.(session) ?? []),
      context.wake.listen((reason) => {
        if (reason !== 'offline') void refresh()
      }),
      ...topics.map((topic) => context.topics.listen(topic, listener))
    )
    if (options.follow)
      cleanups.push(
        context.$session.listen((next) => {
          if (next?.userId !== session.userId) restart()
        })
      )
  }

  function restart(): void {
    stop()
    void start(++generation)
  }

  function stop(): void {
    generation++
    for (const cleanup of cleanups) cleanup()
    cleanups = []
    options.stop?.()
  }

  return { open: refCounted(() => void start(++generation), stop), refresh, $loading, $error }
}
