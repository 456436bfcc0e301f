import { atom } from 'nanostores'
import type { Context } from '../src/client/context.ts'
import { resolveOptions } from '../src/client/context.ts'
import { createSignal } from '../src/client/signal.ts'
import type { TopicListener } from '../src/client/topics.ts'
import type { WakeReason } from '../src/client/wake.ts'
import type { ParleyError } from '../src/errors/parley-error.ts'
import type { ChatMessage, ConnectionState, OutboxEntry, ParleySession } from '../src/types/api.ts'

export const STAFF: ParleySession = {
  userId: '22222222-2222-4222-8222-222222222202',
  kind: 'staff',
  profile: {
    id: '22222222-2222-4222-8222-222222222202',
    organization_id: 'org',
    role: 'agent',
    display_name: 'Julie Tremblay',
    avatar_url: null,
    is_available: true,
    is_active: true,
    deactivated_at: null,
    last_assigned_at: null,
    created_at: '2026-11-24T07:00:00Z'
  }
}
export const CUSTOMER: ParleySession = { userId: 'customer', kind: 'customer', profile: null }

/**
 * A Context for unit tests: topics are captured so a test can play the server's part (join
 * statuses, broadcasts); there is no supabase-js behind it, so modules that query are stubbed
 * at their own module boundary with vi.mock.
 */
export function fakeContext(session: ParleySession | null = CUSTOMER) {
  const listeners = new Map<string, Set<TopicListener>>()
  const $session = atom<ParleySession | null>(session)
  const context = {
    options: resolveOptions({ storage: null, pageSize: 3, events: null }),
    supabase: () => {
      throw new Error('unit tests have no supabase-js')
    },
    $session,
    $connection: atom<ConnectionState>('idle'),
    topics: {
      listen(topic: string, listener: TopicListener) {
        const set = listeners.get(topic) ?? new Set()
        set.add(listener)
        listeners.set(topic, set)
        return () => {
          set.delete(listener)
          if (set.size === 0) listeners.delete(topic)
        }
      },
      statuses: () => [],
      close: async () => undefined
    },
    wake: createSignal<WakeReason>(),
    delivered: createSignal<ChatMessage>(),
    failed: createSignal<{ entry: OutboxEntry; error: ParleyError }>(),
    session: async () => $session.get(),
    async requireSession() {
      const current = $session.get()
      if (!current) throw Object.assign(new Error('no session'), { code: 'NOT_AUTHORIZED' })
      return current
    },
    reloadSession: async () => $session.get(),
    customerSession: async () => $session.get() ?? CUSTOMER,
    watch: () => undefined,
    destroy: async () => undefined
  } satisfies Context
  return {
    context,
    /** Plays the server: a status or a broadcast on a topic, to every listener. */
    status(topic: string, status: 'SUBSCRIBED' | 'CHANNEL_ERROR' | 'CLOSED' | 'TIMED_OUT') {
      for (const listener of listeners.get(topic) ?? []) listener.status?.(status)
    },
    broadcast(topic: string, event: string, payload: object) {
      for (const listener of listeners.get(topic) ?? []) listener.event(event, payload as Record<string, unknown>)
    },
    topics: () => [...listeners.keys()]
  }
}

/** Lets queued promise callbacks and timers of 0 ms run. */
export async function settle(): Promise<void> {
  for (let index = 0; index < 10; index++) await new Promise((resolve) => setTimeout(resolve, 0))
}

/** Records supabase-js calls a module makes and answers them, for unit tests of query shape. */
export function recordingClient(
  answer: (call: { table?: string; rpc?: string; args?: unknown; chain: Array<[string, unknown[]]> }) => { data: unknown; error: unknown }
) {
  const calls: Array<{ table?: string; rpc?: string; args?: unknown; chain: Array<[string, unknown[]]> }> = []
  function builder(call: (typeof calls)[number]) {
    const proxy: Record<string, unknown> = {
      then(resolve: (value: unknown) => void, reject: (error: unknown) => void) {
        try {
          resolve(answer(call))
        } catch (error) {
          reject(error)
        }
      }
    }
    for (const name of ['select', 'eq', 'or', 'order', 'limit', 'maybeSingle', 'single', 'update', 'in', 'is']) {
      proxy[name] = (...args: unknown[]) => (call.chain.push([name, args]), proxy)
    }
    return proxy
  }
  const client = {
    from(table: string) {
      const call = { table, chain: [] }
      calls.push(call)
      return builder(call)
    },
    rpc(name: string, args: unknown) {
      const call = { rpc: name, args, chain: [] }
      calls.push(call)
      return builder(call)
    }
  }
  return { client, calls }
}
