import { BUBBLE_CSS, bubbleHtml } from './bubble.css.ts'
import type { WidgetConfig } from './config.ts'
import type { AppHandle, Listener, MutableInstance, ParleyInstance, PendingCall, StartApp, WidgetEvent } from './contract.ts'
import { STORAGE_PREFIX } from './contract.ts'

/**
 * One widget on the page. The bubble is plain DOM in a shadow root, styled by a constructable
 * stylesheet (no CSP nonce needed; browsers without them, Safari before 16.4, throw here).
 * The app (Preact, core, Supabase) is fetched on hover, and started on first open or, when
 * this visitor already has a conversation here, once the browser is idle. Until then the
 * instance only records calls: the app takes it over (take-over.ts) and replays them in
 * order. A failed fetch rejects (LOAD_FAILED, in the console) and the next open tries again.
 */
export function createInstance(config: WidgetConfig, loadApp: () => Promise<StartApp>): ParleyInstance {
  const host = document.createElement('parley-chat')
  const root = host.attachShadow({ mode: 'open' })
  const listeners = new Set<[WidgetEvent, Listener]>()
  const calls: PendingCall[] = []

  root.innerHTML = bubbleHtml(config.locale)
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(BUBBLE_CSS)
  root.adoptedStyleSheets = [sheet]
  host.dataset.position = config.position || 'right'
  host.style.setProperty('--parley-z', (config.zIndex ?? 2147483000) as never)
  host.style.setProperty('--parley-primary', config.color || '')

  // The host hangs off <html>, which exists from the first script and which SPA routers do
  // not replace (they swap the body or its content); put it back if something removes it.
  const attach = () => host.isConnected || document.documentElement.append(host)
  const keepAttached = new MutationObserver(attach)
  keepAttached.observe(document.documentElement, { childList: true })
  attach()

  const remove = () => {
    keepAttached.disconnect()
    host.remove()
  }
  // Every trigger calls start; the app starts each instance once (take-over.ts).
  const boot = () => loadApp().then((start) => start(root, config, instance, listeners, calls, remove))
  const button = root.firstChild as HTMLButtonElement
  button.onclick = () => instance.toggle()
  // Hovering only fetches: the click that usually follows then shares that one fetch, and
  // a failure is reported once.
  button.onpointerenter = loadApp
  try {
    if (localStorage[STORAGE_PREFIX + config.organization]) (self.requestIdleCallback || setTimeout)(boot)
  } catch {
    // Storage blocked: this visitor has nothing to resume.
  }

  const instance = {
    unread: 0,
    on(event, listener) {
      const entry: [WidgetEvent, Listener] = [event, listener]
      listeners.add(entry)
      // The bubble is on the page from the start: `ready` is always a late listener.
      if (event == 'ready') listener(true)
      return () => listeners.delete(entry)
    }
  } as Partial<MutableInstance> as MutableInstance
  for (const method of 'open close identify setLocale shutdown destroy'.split(' ') as (keyof AppHandle)[])
    instance[method] = ((...args: unknown[]) => {
      // Forgetting needs the app (it owns the session and the keys): fetch it, then ask it.
      if (method == 'shutdown') return boot().then(() => instance.shutdown())
      calls.push([method, args])
      if (method == 'destroy') remove()
      if (method == 'open') boot()
    }) as never
  // The panel cannot be open before the app is there, so a toggle opens, however many
  // clicks it took while the app was loading (or failing to).
  instance.toggle = instance.open
  return instance
}
