import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppHandle, Bridge, MountApp } from './contract.ts'
import { install } from './global.ts'
import { takeOver } from './take-over.ts'

const CONFIG = { 'data-supabase-url': 'https://demo.supabase.co', 'data-supabase-key': 'anon', 'data-organization': 'org-1' }
const CODE_CONFIG = { supabaseUrl: 'https://x', supabaseKey: 'k', organization: 'o', appSrc: '/a.js' }

function scriptTag(attributes: Record<string, string> = CONFIG): HTMLScriptElement {
  const script = document.createElement('script')
  script.src = 'https://cdn.example/parley/parley.js'
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value)
  return script
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

/**
 * Stands in for `import()` of the app chunk: records what was asked for and, like the chunk,
 * registers the real take-over around a MountApp whose handle is a set of spies.
 */
function fakeApp() {
  const handle: AppHandle = {
    open: vi.fn(),
    close: vi.fn(),
    identify: vi.fn(),
    setLocale: vi.fn(),
    shutdown: vi.fn(async () => {}),
    destroy: vi.fn()
  }
  const bridges: Bridge[] = []
  const mount: MountApp = vi.fn((bridge: Bridge) => {
    bridges.push(bridge)
    return handle
  })
  const requested: string[] = []
  let answer: () => void = () => {}
  let fail: (error: Error) => void = () => {}
  const importApp = (src: string) => {
    requested.push(src)
    return new Promise<void>((resolve, reject) => {
      answer = resolve
      fail = reject
    })
  }
  return {
    handle,
    mount,
    importApp,
    requested,
    bridge: () => bridges.at(-1)!,
    async respond() {
      // What app/browser.tsx does when the module runs.
      window.Parley!._app = takeOver(mount)
      answer()
      await flush()
    },
    async refuse() {
      fail(new TypeError('Failed to fetch dynamically imported module'))
      await flush()
    }
  }
}

const host = () => document.querySelector<HTMLElement>('parley-chat')!
const bubble = () => host().shadowRoot!.querySelector('button')!
const badge = () => bubble().querySelector<HTMLElement>('.c')

beforeEach(() => {
  delete window.Parley
  document.head.innerHTML = ''
  document.body.innerHTML = ''
  localStorage.clear()
})

afterEach(() => {
  for (const instance of window.Parley?.instances ?? []) instance.destroy()
  for (const element of document.querySelectorAll('parley-chat')) element.remove()
})

describe('the loader', () => {
  it('starts from the script tag with a labelled bubble in an open shadow root, fetching nothing and writing nothing', () => {
    const app = fakeApp()
    install(scriptTag({ ...CONFIG, 'data-locale': 'fr-CA', 'data-position': 'left', 'data-z-index': '7' }), app.importApp)
    expect(host().shadowRoot!.mode).toBe('open')
    expect(host().parentNode).toBe(document.documentElement)
    expect(bubble().getAttribute('aria-label')).toBe('Discussion')
    expect(bubble().getAttribute('aria-expanded')).toBe('false')
    expect(bubble().getAttribute('aria-haspopup')).toBe('dialog')
    expect(host().dataset.position).toBe('left')
    expect(host().style.getPropertyValue('--parley-z')).toBe('7')
    expect(host().shadowRoot!.adoptedStyleSheets).toHaveLength(1)
    expect(localStorage.length).toBe(0)
    expect(app.requested).toEqual([])
  })

  it('defaults the stacking order and names the bubble from the page language', () => {
    document.documentElement.lang = 'en-CA'
    install(scriptTag(), fakeApp().importApp)
    document.documentElement.lang = ''
    expect(host().style.getPropertyValue('--parley-z')).toBe('2147483000')
    expect(bubble().getAttribute('aria-label')).toBe('Chat')
  })

  it('replays the snippet queue in order; open loads the app, which then opens and tells listeners', async () => {
    const app = fakeApp()
    const events: string[] = []
    const stub = ((...args: unknown[]) => {
      ;(stub.q = stub.q || []).push(args)
    }) as unknown as { (...args: unknown[]): void; q?: unknown[][] }
    window.Parley = stub as never
    stub('on', 'ready', () => events.push('ready'))
    stub('on', 'open', () => events.push('open'))
    stub('identify', { name: 'Ada' })
    stub('open')
    install(scriptTag(), app.importApp)
    await flush()
    expect(events).toEqual(['ready'])
    expect(app.requested).toEqual(['https://cdn.example/parley/parley-app.js'])
    await app.respond()
    expect(events).toEqual(['ready', 'open'])
    expect(app.handle.identify).toHaveBeenCalledWith({ name: 'Ada' })
    expect(app.handle.open).toHaveBeenCalledOnce()
    expect(bubble().getAttribute('aria-expanded')).toBe('true')
  })

  it('keeps calls made before init until an instance exists', async () => {
    const app = fakeApp()
    const Parley = install(null, app.importApp)
    Parley('identify', { email: 'ada@example.com' })
    Parley('init', { ...CODE_CONFIG })
    await flush()
    Parley('open')
    await app.respond()
    expect(app.requested).toEqual(['/a.js'])
    expect(app.handle.identify).toHaveBeenCalledWith({ email: 'ada@example.com' })
  })

  it('counts unread replies on the badge and in the label, and emits open, close and unread', async () => {
    const app = fakeApp()
    const instance = install(scriptTag({ ...CONFIG, 'data-locale': 'en', 'data-theme': 'dark' }), app.importApp).instances[0]!
    const seen: unknown[] = []
    instance.on('open', () => seen.push('open'))
    instance.on('close', () => seen.push('close'))
    const stop = instance.on('unread', (count) => seen.push(count))
    bubble().click()
    await app.respond()
    expect(host().dataset.theme).toBe('dark')
    app.bridge().setUnread(3)
    expect(window.Parley!('unread')).toBe(3)
    expect(instance.unread).toBe(3)
    expect(bubble().getAttribute('aria-label')).toBe('Chat (3)')
    expect(badge()!.dataset.n).toBe('3')
    expect(badge()!.textContent).toBe('')
    expect(badge()!.hidden).toBe(false)
    app.bridge().setUnread(120)
    expect(badge()!.dataset.n).toBe('99+')
    stop()
    app.bridge().setUnread(0)
    expect(badge()!.hidden).toBe(true)
    expect(bubble().getAttribute('aria-label')).toBe('Chat')
    app.bridge().close()
    expect(seen).toEqual(['open', 3, 120, 'close'])
    expect(app.handle.close).toHaveBeenCalledOnce()
    expect(bubble().getAttribute('aria-expanded')).toBe('false')
    expect(host().shadowRoot!.activeElement).toBe(bubble())
  })

  it('passes the config and the chosen locale to the app, and switches language', async () => {
    const app = fakeApp()
    const instance = install(scriptTag({ ...CONFIG, 'data-locale': 'fr' }), app.importApp).instances[0]!
    instance.setLocale('en')
    expect(bubble().getAttribute('aria-label')).toBe('Discussion')
    instance.open()
    await app.respond()
    expect(app.bridge().config).toMatchObject({
      supabaseUrl: 'https://demo.supabase.co',
      supabaseKey: 'anon',
      organization: 'org-1',
      appSrc: 'https://cdn.example/parley/parley-app.js'
    })
    expect(app.handle.setLocale).toHaveBeenCalledWith('en')
    expect(bubble().getAttribute('aria-label')).toBe('Chat')
    instance.setLocale('fr-FR' as 'fr-CA')
    expect(app.handle.setLocale).toHaveBeenLastCalledWith('fr-CA')
    expect(app.bridge().config.locale).toBe('fr-CA')
    expect(bubble().getAttribute('aria-label')).toBe('Discussion')
  })

  it('fetches the app when the bubble is hovered, mounts it on open, and mounts each instance once', async () => {
    const app = fakeApp()
    const instance = install(scriptTag(), app.importApp).instances[0]!
    bubble().dispatchEvent(new Event('pointerenter'))
    expect(app.requested).toHaveLength(1)
    await app.respond()
    expect(app.mount).not.toHaveBeenCalled()
    bubble().click()
    await flush()
    instance.toggle()
    instance.open()
    await flush()
    expect(app.requested).toHaveLength(1)
    expect(app.mount).toHaveBeenCalledOnce()
    expect(app.handle.open).toHaveBeenCalledTimes(2)
    expect(app.handle.close).toHaveBeenCalledOnce()
  })

  it('preloads the app when idle for a returning visitor only', async () => {
    const fresh = fakeApp()
    install(scriptTag(), fresh.importApp)
    const first = window.Parley!.instances[0]!

    delete window.Parley
    localStorage.setItem('parley:org-1', '{}')
    const returning = fakeApp()
    install(scriptTag(), returning.importApp)
    // The returning visitor's preload is the barrier: a fresh one's would have come first.
    await expect.poll(() => returning.requested).toHaveLength(1)
    expect(fresh.requested).toEqual([])
    first.destroy()
  })

  it('rejects a missing option, an unknown command and an app that cannot be fetched with typed errors, and retries the fetch', async () => {
    const app = fakeApp()
    const Parley = install(null, app.importApp)
    expect(() => Parley.init({ supabaseUrl: 'https://x', supabaseKey: 'k', appSrc: '/a.js' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_CONFIG', name: 'WidgetError', message: 'organization is required' })
    )
    expect(() => install(scriptTag({ 'data-organization': 'o' }), app.importApp)).not.toThrow()
    const instance = Parley.init({ ...CODE_CONFIG })
    expect(() => Parley('explode')).toThrowError(expect.objectContaining({ code: 'UNKNOWN_COMMAND', name: 'WidgetError' }))
    expect(() => Parley('toString')).toThrowError(expect.objectContaining({ code: 'UNKNOWN_COMMAND' }))
    const failed = expect(instance.shutdown()).rejects.toMatchObject({ code: 'LOAD_FAILED', name: 'WidgetError', message: '/a.js' })
    await app.refuse()
    await failed
    instance.toggle()
    instance.toggle()
    expect(app.requested).toEqual(['/a.js', '/a.js'])
    await app.respond()
    // Clicks while the app is loading open the panel: it cannot be open before.
    expect(app.handle.open).toHaveBeenCalledOnce()
    expect(app.handle.close).not.toHaveBeenCalled()
    expect(bubble().getAttribute('aria-expanded')).toBe('true')
  })

  it('replays each queued call on its own, so one that throws (reported like any uncaught error) does not stop the next', async () => {
    const app = fakeApp()
    const errors: unknown[] = []
    const realSetTimeout = setTimeout
    // The browser reports an error thrown by a timer callback; here the test collects it.
    vi.stubGlobal('setTimeout', (run: (...args: unknown[]) => void, delay: number, ...args: unknown[]) =>
      realSetTimeout(() => {
        try {
          run(...args)
        } catch (error) {
          errors.push(error)
        }
      }, delay)
    )
    window.Parley = Object.assign(() => {}, { q: [['nope'], ['identify', { name: 'Ada' }]] }) as never
    const Parley = install(scriptTag(), app.importApp)
    await flush()
    vi.unstubAllGlobals()
    Parley('open')
    await app.respond()
    expect(errors).toEqual([expect.objectContaining({ code: 'UNKNOWN_COMMAND' })])
    expect(app.handle.identify).toHaveBeenCalledWith({ name: 'Ada' })
  })

  it('supports several instances, and adds one global only, even when the script runs twice', () => {
    const before = Object.keys(window).length
    const Parley = install(null, fakeApp().importApp)
    Parley.init({ ...CODE_CONFIG, organization: 'a' })
    Parley.init({ ...CODE_CONFIG, organization: 'b', position: 'left' })
    expect(install(scriptTag(), fakeApp().importApp)).toBe(Parley)
    expect(document.querySelectorAll('parley-chat')).toHaveLength(2)
    expect(Object.keys(window).length - before).toBeLessThanOrEqual(1)
  })

  it('stays on the page when a single-page app replaces the body, and comes back if removed', async () => {
    install(scriptTag(), fakeApp().importApp)
    document.body.innerHTML = '<main>next route</main>'
    document.body.replaceWith(document.createElement('body'))
    expect(host().isConnected).toBe(true)
    host().remove()
    await flush()
    expect(host().isConnected).toBe(true)
  })

  it('destroy removes the widget, before or after the app loaded; shutdown loads the app to forget the visitor', async () => {
    const early = fakeApp()
    install(scriptTag(), early.importApp).instances[0]!.destroy()
    await flush()
    expect(document.querySelector('parley-chat')).toBeNull()

    delete window.Parley
    const app = fakeApp()
    const instance = install(scriptTag(), app.importApp).instances[0]!
    const shutdown = instance.shutdown()
    await app.respond()
    await shutdown
    expect(app.handle.shutdown).toHaveBeenCalledOnce()
    instance.destroy()
    await flush()
    expect(app.handle.destroy).toHaveBeenCalledOnce()
    expect(document.querySelector('parley-chat')).toBeNull()
  })
})
