import type { Locale, WidgetConfig } from './config.ts'
import { pickLocale } from './config.ts'
import type { AppHandle, MountApp, ParleyInstance, WidgetEvent } from './contract.ts'
import { STORAGE_PREFIX } from './contract.ts'
import { BUBBLE_CSS } from './bubble.css.ts'
import { addStyles } from './stylesheet.ts'

type Listener = (payload?: unknown) => void

const LABELS: Record<Locale, string> = { en: 'Chat', 'fr-CA': 'Discussion' }

/**
 * One widget on the page. The bubble is plain DOM so the first paint costs nothing; the app
 * (Preact, core, Supabase) is fetched on first open, on hover, or when the browser is idle
 * if this visitor already has a conversation here. Calls made before it arrives are replayed.
 */
export function createInstance(config: WidgetConfig, loadApp: () => Promise<MountApp>): ParleyInstance {
  const host = document.createElement('parley-chat')
  const root = host.attachShadow({ mode: 'open' })
  const listeners: [WidgetEvent, Listener][] = []
  const later: [keyof AppHandle, unknown][] = []
  let app: AppHandle | undefined
  let loading: Promise<void> | undefined
  let locale = config.locale as Locale
  let unread = 0
  let isOpen = false
  let ready = false

  addStyles(root, BUBBLE_CSS, config.nonce)
  Object.assign(host.dataset, { position: config.position || 'right', theme: config.theme || 'auto' })
  host.style.setProperty('--parley-z', config.zIndex as unknown as string)
  host.style.setProperty('--parley-primary', config.color ?? null)
  root.innerHTML =
    '<button class=b part=bubble aria-haspopup=dialog><svg viewBox="0 0 24 24" aria-hidden=true><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg><span class=c hidden></span></button>'
  const button = root.firstChild as HTMLButtonElement
  const badge = button.lastChild as HTMLElement

  const render = () => {
    button.setAttribute('aria-expanded', '' + isOpen)
    button.setAttribute('aria-label', LABELS[locale] + (unread ? ` (${unread})` : ''))
    badge.textContent = unread > 99 ? '99+' : '' + unread
    badge.hidden = !unread
    host.toggleAttribute('data-open', isOpen)
  }
  const emit = (event: WidgetEvent, payload?: unknown) => {
    for (const [name, listener] of listeners) if (name === event) listener(payload)
  }
  const forward = (method: keyof AppHandle, arg?: unknown) => {
    if (app) return (app[method] as (a: unknown) => void)(arg)
    later.push([method, arg])
  }
  const boot = () =>
    (loading ||= loadApp().then((mount) => {
      app = mount({
        root,
        config: { ...config, locale },
        emit,
        setUnread(count) {
          unread = count
          render()
          emit('unread', count)
        },
        close: () => instance.close()
      })
      for (const [method, arg] of later.splice(0)) forward(method, arg)
    }, (error) => {
      // Offline or blocked: report it, and let the next open try again.
      loading = undefined
      reportError(error)
    }))
  const show = (open: boolean) => {
    if (open === isOpen) return
    isOpen = open
    render()
    forward(open ? 'open' : 'close')
    if (open) boot()
    else button.focus()
    emit(open ? 'open' : 'close')
  }
  render()

  // SPA routers may replace the body or its children: put the widget back.
  const keepAttached = new MutationObserver(() => host.isConnected || attach())
  const attach = () => {
    document.body.append(host)
    keepAttached.observe(document.documentElement, { childList: true, subtree: true })
    if (!ready) emit('ready', (ready = true))
  }
  if (document.body) queueMicrotask(attach)
  else addEventListener('DOMContentLoaded', attach)

  button.onclick = () => show(!isOpen)
  button.onpointerenter = boot
  try {
    if (localStorage[STORAGE_PREFIX + config.organization]) (window.requestIdleCallback ?? setTimeout)(boot)
  } catch {
    // Storage blocked: this visitor has nothing to resume.
  }

  const instance: ParleyInstance = {
    open: () => show(true),
    close: () => show(false),
    toggle: () => show(!isOpen),
    identify: (identity) => forward('identify', identity),
    setLocale(value) {
      forward('setLocale', (locale = pickLocale(value)))
      render()
    },
    on(event, listener) {
      const entry: [WidgetEvent, Listener] = [event, listener]
      listeners.push(entry)
      if (event === 'ready' && ready) listener(true)
      return () => listeners.splice(listeners.indexOf(entry) >>> 0, 1)
    },
    get unread() {
      return unread
    },
    // Forgetting needs the app (it owns the session and the keys), so fetch it if need be.
    async shutdown() {
      show(false)
      await boot()
      await app!.shutdown()
    },
    destroy() {
      keepAttached.disconnect()
      forward('destroy')
      host.remove()
    }
  }
  return instance
}
