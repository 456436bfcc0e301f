import { createParleyCustomer } from '@parley/core'
import { render } from 'preact'
import { chunk } from '../connect/chunk.ts'
import { createController } from '../connect/controller.ts'
import { prefixedStorage, visitorStorage } from '../connect/visitor-storage.ts'
import type { AppHandle, Bridge } from '../loader/contract.ts'
import { addStyles } from '../loader/stylesheet.ts'
import { WIDGET_CSS } from '../styles/widget.css.ts'
import { createLiteClient } from '../supabase/lite-client.ts'
import { PreChatForm } from '../ui/Widget.tsx'
import { App, type PartActions, type PushActions } from './App.tsx'
import { checkPresentation } from './check-presentation.ts'

/**
 * Starts the app inside the instance's shadow root: a lite Supabase client whose session is
 * kept under the visitor's prefix, core on top of it, the controller, and the Preact tree.
 */
export function mountApp(bridge: Bridge): AppHandle {
  const { config, root } = bridge
  checkPresentation(config)
  const visitor = visitorStorage(config.organization)
  const supabase = createLiteClient(config.supabaseUrl, config.supabaseKey, { storage: visitor.store, storageKey: `${visitor.prefix}auth` })
  const parley = createParleyCustomer({ supabase }, { storage: prefixedStorage(visitor.store, `${visitor.prefix}core:`) })
  const controller = createController({ parley, bridge, visitor })
  // A visitor without a conversation opens onto the pre-chat form: fetch it with the app. Its
  // failure is shown (with Retry) where the form is drawn.
  if (!config.token && !Object.keys(visitor.read().tokens).length) PreChatForm.preload().catch(() => undefined)
  // The opt-in's code travels with the prompt and settings.
  const loadPush = chunk(() => import('../connect/push.ts').then(({ connectPush }) => connectPush({ parley, controller, bridge, visitor })))
  const withPush =
    <A extends unknown[]>(run: (actions: PushActions, ...args: A) => void) =>
    (...args: A) =>
      void loadPush().then((actions) => run(actions, ...args), reportError)
  const push: PartActions = {
    enablePush: withPush((actions) => actions.enablePush()),
    disablePush: withPush((actions) => actions.disablePush()),
    setPushPreferences: withPush((actions, preferences) => actions.setPushPreferences(preferences)),
    // The resolved conversation's prompt and the unsubscribe confirmation call core themselves.
    parley,
    visitor,
    config
  }
  const added = new Set<string>()
  const addCss = (css: string) => {
    if (added.has(css)) return
    added.add(css)
    addStyles(root, css)
  }
  addCss(WIDGET_CSS)
  const container = document.createElement('div')
  root.append(container)
  render(<App controller={controller} push={push} addCss={addCss} />, container)
  // A subscribed visitor's page follows the service worker: taps on notifications, and a
  // subscription the browser rotated.
  void controller.restore().then(() => {
    // An e-mail's unsubscribe link: asked over whatever the visitor had open.
    if (config.unsubscribe) controller.show('unsubscribe')
    if (visitor.read().pushId) loadPush().catch(reportError)
  })
  return {
    open: () => controller.setOpen(true),
    close: () => controller.setOpen(false),
    identify: controller.identify,
    setLocale: controller.setLocale,
    shutdown: controller.shutdown,
    destroy() {
      render(null, container)
      container.remove()
      void controller.destroy()
    }
  }
}
