import { bubbleLabel } from './bubble.css.ts'
import { pickLocale } from './config.ts'
import type { AppHandle, MountApp, ParleyInstance, StartApp, WidgetEvent } from './contract.ts'
import { addStyles } from './stylesheet.ts'

// The unread badge only ever shows a count the app computed, so its rule lives here. The
// count is drawn from data-n, not text: the button's label already says it, and a text
// node would be a second, different name for the same button (axe: label-content-name-mismatch).
const BADGE_CSS =
  '.c{position:absolute;top:-4px;right:-4px;min-width:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#b91c1c;color:#fff;font:700 12px/20px system-ui,sans-serif}.c::after{content:attr(data-n)}'

/**
 * Bundled in the app chunk, not the loader: turns the app's MountApp into the `start` the
 * loader calls. It takes over an instance the loader has only shown and recorded: the
 * bubble's open state, label with the unread count and badge, the events after `ready`,
 * focus back on the bubble when the panel closes, then replays what the page asked for.
 */
export function takeOver(mount: MountApp): StartApp {
  const started = new WeakSet<ShadowRoot>()
  return (root, config, instance, listeners, calls, remove) => {
    if (started.has(root)) return
    started.add(root)
    const host = root.host as HTMLElement
    const button = root.querySelector('button')!
    const badge = button.appendChild(document.createElement('span'))
    let isOpen = false

    badge.className = 'c'
    addStyles(root, BADGE_CSS)
    if (config.theme) host.dataset.theme = config.theme
    config.locale = pickLocale(config.locale)

    const render = () => {
      const count = instance.unread
      button.setAttribute('aria-expanded', String(isOpen))
      button.setAttribute('aria-label', bubbleLabel(config.locale) + (count ? ` (${count})` : ''))
      badge.dataset.n = count > 99 ? '99+' : String(count)
      badge.hidden = !count
    }
    const emit = (event: WidgetEvent, payload?: unknown) => {
      for (const [name, listener] of listeners) if (name == event) listener(payload)
    }
    const show = (open: boolean) => {
      if (open == isOpen) return
      isOpen = open
      render()
      if (open) app.open()
      else {
        app.close()
        button.focus()
      }
      emit(open ? 'open' : 'close')
    }

    const app: AppHandle = mount({
      root,
      config,
      emit,
      setUnread(count) {
        instance.unread = count
        render()
        emit('unread', count)
      },
      open: () => show(true),
      close: () => show(false)
    })
    render()
    Object.assign(instance, {
      open: () => show(true),
      close: () => show(false),
      toggle: () => show(!isOpen),
      identify: (identity) => app.identify(identity),
      setLocale(locale) {
        config.locale = pickLocale(locale)
        app.setLocale(config.locale)
        render()
      },
      async shutdown() {
        show(false)
        await app.shutdown()
      },
      destroy() {
        remove()
        app.destroy()
      }
    } satisfies Omit<ParleyInstance, 'on' | 'unread'>)
    for (const [method, args] of calls.splice(0)) (instance[method] as (...args: unknown[]) => unknown)(...args)
  }
}
