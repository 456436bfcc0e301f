// @vitest-environment node
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createContext, runInContext } from 'node:vm'
import { describe, expect, it } from 'vitest'

const SOURCE = readFileSync(resolve(import.meta.dirname, '../../public/parley-sw.js'), 'utf8')
const SCOPE = 'https://dealer.example/'

interface FakeClient {
  url: string
  messages: unknown[]
  focused: boolean
  focus(): Promise<FakeClient>
  postMessage(message: unknown): void
}

function client(url: string): FakeClient {
  const c: FakeClient = {
    url,
    messages: [],
    focused: false,
    async focus() {
      c.focused = true
      return c
    },
    postMessage(message) {
      c.messages.push(message)
    }
  }
  return c
}

/** Runs parley-sw.js in a ServiceWorkerGlobalScope stand-in and returns what it did. */
function worker(windows: FakeClient[] = [], scriptUrl = `${SCOPE}parley-sw.js?icon=/logo.png`, language = 'en-US') {
  const listeners = new Map<string, (event: unknown) => void>()
  const shown: Array<{ title: string; options: Record<string, unknown> }> = []
  const opened: string[] = []
  const self = {
    navigator: { language },
    location: { href: scriptUrl, origin: new URL(scriptUrl).origin },
    addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(type, listener),
    skipWaiting: () => undefined,
    registration: {
      scope: SCOPE,
      showNotification: async (title: string, options: Record<string, unknown>) => {
        shown.push({ title, options })
      },
      pushManager: { subscribe: async () => null }
    },
    clients: {
      claim: async () => undefined,
      matchAll: async () => windows,
      openWindow: async (url: string) => {
        opened.push(url)
        const c = client(url)
        windows.push(c)
        return c
      }
    }
  }
  const context = createContext({ self, URL, btoa, Date, Promise, Uint8Array, String })
  runInContext(SOURCE, context)

  async function fire(type: string, event: Record<string, unknown>) {
    let pending: Promise<unknown> = Promise.resolve()
    listeners.get(type)!({ ...event, waitUntil: (promise: Promise<unknown>) => (pending = promise) })
    await pending
  }
  return { shown, opened, windows, fire }
}

const push = (payload: unknown) => ({ data: { json: () => payload, text: () => JSON.stringify(payload) } })
const click = (data: unknown) => ({ notification: { data, close: () => undefined } })

describe('parley-sw.js', () => {
  it('shows the pushed notification with its tag and tells open pages', async () => {
    const page = client(`${SCOPE}support`)
    const sw = worker([page])
    await sw.fire(
      'push',
      push({
        title: 'New reply from Julie',
        body: 'Your car is ready.',
        tag: 'parley:conversation:c1',
        data: { type: 'new_message', conversation_id: 'c1' }
      })
    )
    expect(sw.shown).toHaveLength(1)
    expect(sw.shown[0]).toMatchObject({
      title: 'New reply from Julie',
      options: {
        body: 'Your car is ready.',
        tag: 'parley:conversation:c1',
        renotify: true,
        icon: '/logo.png',
        data: { conversation_id: 'c1' }
      }
    })
    expect(page.messages).toEqual([
      {
        type: 'parley:push',
        payload: { title: 'New reply from Julie', body: 'Your car is ready.', data: { type: 'new_message', conversation_id: 'c1' } }
      }
    ])
  })

  it('still shows something for a push without a readable payload, titled in the device’s language', async () => {
    const sw = worker()
    await sw.fire('push', {
      data: {
        json: () => {
          throw new SyntaxError('x')
        },
        text: () => 'plain text'
      }
    })
    expect(sw.shown[0]).toMatchObject({ title: 'New notification', options: { body: 'plain text' } })
    const french = worker([], undefined, 'fr-CA')
    await french.fire('push', { data: { json: () => ({ body: 'sans titre' }), text: () => '' } })
    expect(french.shown[0]).toMatchObject({ title: 'Nouvelle notification', options: { body: 'sans titre' } })
  })

  it('on click focuses the window already on that page and tells it which conversation to open', async () => {
    const other = client('https://dealer.example/inventory')
    const support = client('https://dealer.example/support?c=1')
    const sw = worker([other, support])
    await sw.fire('notificationclick', click({ url: '/support?c=1', conversation_id: 'c1' }))
    expect(support.focused).toBe(true)
    expect(other.focused).toBe(false)
    expect(support.messages).toEqual([{ type: 'parley:notificationclick', data: { url: '/support?c=1', conversation_id: 'c1' } }])
    expect(sw.opened).toEqual([])
  })

  it('on click opens data.url when no window shows it', async () => {
    const sw = worker([client('https://dealer.example/inventory')])
    await sw.fire('notificationclick', click({ url: 'https://dealer.example/claims/42', claim_id: '42' }))
    expect(sw.opened).toEqual(['https://dealer.example/claims/42'])
  })

  it('without a url opens the worker scope with the conversation id, then reuses that window', async () => {
    const sw = worker()
    await sw.fire('notificationclick', click({ conversation_id: 'c9' }))
    expect(sw.opened).toEqual([`${SCOPE}?parley_conversation=c9`])
    await sw.fire('notificationclick', click({ claim_id: 'k3' }))
    expect(sw.opened).toHaveLength(1)
    expect(sw.windows[0]!.focused).toBe(true)
    expect(sw.windows[0]!.messages.at(-1)).toEqual({ type: 'parley:notificationclick', data: { claim_id: 'k3' } })
  })
})
