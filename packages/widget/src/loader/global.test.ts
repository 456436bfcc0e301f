// @vitest-environment-options {"settings":{"disableJavaScriptFileLoading":true,"handleDisabledFileLoadingAsSuccess":true}}
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppHandle, Bridge, MountApp } from './contract.ts'
import { install } from './global.ts'

const CONFIG = { 'data-supabase-url': 'https://demo.supabase.co', 'data-supabase-key': 'anon', 'data-organization': 'org-1' }

function scriptTag(attributes: Record<string, string> = CONFIG): HTMLScriptElement {
  const script = document.createElement('script')
  script.src = 'https://cdn.example/parley/parley.js'
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value)
  return script
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

/** Stands in for the app chunk: answers the loader's <script type=module> by registering. */
function fakeApp() {
  const handle: AppHandle = { open: vi.fn(), close: vi.fn(), identify: vi.fn(), setLocale: vi.fn(), shutdown: vi.fn(async () => {}), destroy: vi.fn() }
  let bridge: Bridge | undefined
  const mount: MountApp = (given) => {
    bridge = given
    return handle
  }
  const respond = () => {
    const tag = document.head.querySelector<HTMLScriptElement>('script[type=module]')
    if (tag) window.Parley!._app!(mount)
    return tag
  }
  return { handle, respond, bridge: () => bridge! }
}

const host = () => document.querySelector<HTMLElement>('parley-chat')!
const bubble = () => host().shadowRoot!.querySelector('button')!

beforeEach(() => {
  delete window.Parley
  document.head.innerHTML = ''
  document.body.innerHTML = ''
  localStorage.clear()
  if (!('reportError' in globalThis)) vi.stubGlobal('reportError', (error: unknown) => console.error(error))
})

afterEach(() => {
  for (const instance of window.Parley?.instances ?? []) instance.destroy()
  vi.unstubAllGlobals()
})

describe('the loader', () => {
  it('starts from the script tag, renders a labelled bubble in an open shadow root, and writes nothing to storage', async () => {
    install(scriptTag({ ...CONFIG, 'data-locale': 'fr-CA', 'data-position': 'left' }))
    await flush()
    expect(host().shadowRoot!.mode).toBe('open')
    expect(bubble().getAttribute('aria-label')).toBe('Discussion')
    expect(bubble().getAttribute('aria-expanded')).toBe('false')
    expect(host().dataset.position).toBe('left')
    expect(localStorage.length).toBe(0)
    expect(document.head.querySelector('script')).toBeNull()
  })

  it('replays the snippet queue in order, including listeners', async () => {
    const events: string[] = []
    const stub = function (...args: unknown[]) {
      ;(stub.q = stub.q || []).push(args)
    } as unknown as { (...args: unknown[]): void; q?: unknown[][] }
    window.Parley = stub as never
    stub('on', 'ready', () => events.push('ready'))
    stub('on', 'open', () => events.push('open'))
    stub('open')
    install(scriptTag())
    await flush()
    expect(events).toEqual(['open', 'ready'])
    expect(bubble().getAttribute('aria-expanded')).toBe('true')
  })

  it('loads the app chunk next to the loader on first open, with the nonce, and forwards calls made meanwhile', async () => {
    const app = fakeApp()
    install(scriptTag({ ...CONFIG, nonce: 'abc123' }))
    await flush()
    window.Parley!('identify', { name: 'Ada' })
    window.Parley!('open')
    const tag = app.respond()!
    expect(tag.src).toBe('https://cdn.example/parley/parley-app.js')
    expect(tag.nonce).toBe('abc123')
    await flush()
    expect(app.handle.identify).toHaveBeenCalledWith({ name: 'Ada' })
    expect(app.handle.open).toHaveBeenCalled()
    app.bridge().setUnread(3)
    expect(window.Parley!('unread')).toBe(3)
    expect(bubble().getAttribute('aria-label')).toBe('Chat (3)')
  })

  it('emits open, close and unread, and returns focus to the bubble on close', async () => {
    const app = fakeApp()
    const instance = window.Parley?.init ? undefined : install(scriptTag()).instances[0]!
    await flush()
    const seen: unknown[] = []
    instance!.on('open', () => seen.push('open'))
    instance!.on('close', () => seen.push('close'))
    const stop = instance!.on('unread', (count) => seen.push(count))
    instance!.open()
    app.respond()
    await flush()
    app.bridge().setUnread(2)
    stop()
    app.bridge().setUnread(5)
    app.bridge().close()
    expect(seen).toEqual(['open', 2, 'close'])
    expect(host().shadowRoot!.activeElement).toBe(bubble())
  })

  it('rejects a missing organization and unknown commands with typed errors', async () => {
    const Parley = install(null)
    expect(() => Parley.init({ supabaseUrl: 'https://x', supabaseKey: 'k', appSrc: '/a.js' })).toThrowError(expect.objectContaining({ code: 'INVALID_CONFIG', name: 'WidgetError' }))
    Parley.init({ supabaseUrl: 'https://x', supabaseKey: 'k', organization: 'o', appSrc: '/a.js' })
    expect(() => Parley('explode')).toThrowError(expect.objectContaining({ code: 'UNKNOWN_COMMAND' }))
  })

  it('supports several instances, and adds one global only', async () => {
    const before = Object.keys(window).length
    const Parley = install(null)
    Parley.init({ supabaseUrl: 'https://x', supabaseKey: 'k', organization: 'a', appSrc: '/a.js' })
    Parley.init({ supabaseUrl: 'https://x', supabaseKey: 'k', organization: 'b', appSrc: '/a.js', position: 'left' })
    await flush()
    expect(document.querySelectorAll('parley-chat')).toHaveLength(2)
    expect(Object.keys(window).length - before).toBeLessThanOrEqual(1)
  })

  it('comes back when a single-page app replaces the body content', async () => {
    install(scriptTag())
    await flush()
    document.body.innerHTML = '<main>next route</main>'
    await flush()
    expect(host()).not.toBeNull()
  })

  it('destroy removes the widget; shutdown forgets the visitor', async () => {
    const app = fakeApp()
    const instance = install(scriptTag()).instances[0]!
    await flush()
    localStorage.setItem('parley:org-1', '{}')
    const shutdown = instance.shutdown()
    app.respond()
    await shutdown
    expect(app.handle.shutdown).toHaveBeenCalled()
    instance.destroy()
    await flush()
    expect(document.querySelector('parley-chat')).toBeNull()
  })
})
