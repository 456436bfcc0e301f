import { atom } from 'nanostores'
import type { Context } from '../src/client/context.ts'
import { resolveOptions } from '../src/client/context.ts'
import { createSignal } from '../src/client/signal.ts'
import type { TopicListener } from '../src/client/topics.ts'
import type { WakeReason } from '../src/client/wake.ts'
import type { ParleyError } from '../src/errors/parley-error.ts'
import type { ChatConversation, ChatMessage, ConnectionState, OutboxEntry, ParleySession } from '../src/types/api.ts'

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
    skills: [],
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
    joined: createSignal<void>(),
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
    for (const name of ['select', 'eq', 'or', 'order', 'limit', 'maybeSingle', 'single', 'insert', 'update', 'delete', 'in', 'is']) {
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

/** A staff-side conversation row with every column, as the staff list reads it. */
export function conversationRow(id: string, overrides: Partial<ChatConversation> = {}): ChatConversation {
  return {
    id,
    organization_id: 'org',
    customer_name: `Customer ${id}`,
    customer_email: `${id}@example.com`,
    customer_phone: null,
    assigned_to: null,
    warranty_id: null,
    claim_id: null,
    status: 'active',
    priority: 'normal',
    last_message_at: null,
    unread_count_customer: 0,
    unread_count_staff: 0,
    tags: [],
    internal_notes: null,
    subject: null,
    created_by: null,
    created_at: '2026-11-24T07:00:00Z',
    updated_at: '2026-11-24T07:00:00Z',
    customer_updated_at: '2026-11-24T07:00:00Z',
    deleted_at: null,
    deleted_by: null,
    customer_last_seen_at: null,
    staff_last_seen_at: null,
    customer_verified_at: null,
    page_url: null,
    routing_reason: null,
    ...overrides
  }
}
