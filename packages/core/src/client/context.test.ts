import type { SupabaseClient } from '@supabase/supabase-js'
import { describe, expect, it } from 'vitest'
import { createContext, resolveOptions } from './context.ts'

function fakeSupabase(user: { id: string; is_anonymous: boolean } | null) {
  const statuses: Array<(status: string) => void> = []
  const client = {
    auth: {
      onAuthStateChange: () => ({ data: { subscription: { unsubscribe() {} } } }),
      getSession: async () => ({ data: { session: user ? { user } : null } }),
      signInAnonymously: async () => ({ error: { message: 'Anonymous sign-ins are disabled', status: 422 } })
    },
    realtime: { setAuth: async () => undefined },
    channel() {
      const channel = { on: () => channel, subscribe: (callback: (status: string) => void) => (statuses.push(callback), channel) }
      return channel
    },
    removeChannel: async () => 'ok'
  }
  return { client: client as unknown as SupabaseClient, statuses }
}

async function settle(): Promise<void> {
  for (let index = 0; index < 5; index++) await new Promise((resolve) => setTimeout(resolve, 0))
}

describe('context', () => {
  it('resolves options with the bucket’s limits and localStorage by default', () => {
    const options = resolveOptions()
    expect(options).toMatchObject({ pageSize: 50, typingThrottleMs: 3000, typingIdleMs: 5000, maxAttachmentBytes: 10 * 1024 * 1024 })
    expect(options.storage).toBe(localStorage)
    expect(resolveOptions({ storage: null }).storage).toBeNull()
  })

  it('derives $connection from the topics: idle, connecting, connected, reconnecting', async () => {
    const { client, statuses } = fakeSupabase(null)
    const context = createContext({ supabase: client })
    expect(context.$connection.get()).toBe('idle')
    const stop = context.topics.listen('user:1', { event: () => undefined })
    await settle()
    expect(context.$connection.get()).toBe('connecting')
    statuses[0]?.('SUBSCRIBED')
    expect(context.$connection.get()).toBe('connected')
    statuses[0]?.('CHANNEL_ERROR')
    expect(context.$connection.get()).toBe('reconnecting')
    statuses[0]?.('SUBSCRIBED')
    expect(context.$connection.get()).toBe('connected')
    stop()
    expect(context.$connection.get()).toBe('idle')
    await context.destroy()
  })

  it('tells customers from staff and reports a refused anonymous sign-in', async () => {
    const customer = createContext({ supabase: fakeSupabase({ id: 'c', is_anonymous: true }).client })
    expect(await customer.session()).toEqual({ userId: 'c', kind: 'customer', profile: null })
    const nobody = createContext({ supabase: fakeSupabase(null).client })
    expect(await nobody.session()).toBeNull()
    await expect(nobody.requireSession()).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' })
    await expect(nobody.customerSession()).rejects.toMatchObject({ code: 'NOT_AUTHORIZED', status: 422 })
  })
})
