import { createParleyCustomer } from '@parley/core'
import type { SupabaseClient } from '@supabase/supabase-js'
import { render } from 'preact'
import { createController } from '../connect/controller.ts'
import { connectPush } from '../connect/push.ts'
import { prefixedStorage, visitorStorage } from '../connect/visitor-storage.ts'
import type { AppHandle, Bridge } from '../loader/contract.ts'
import { addStyles } from '../loader/stylesheet.ts'
import { WIDGET_CSS } from '../styles/widget.css.ts'
import { createLiteClient } from '../supabase/lite-client.ts'
import { App } from './App.tsx'
import { checkPresentation } from './check-presentation.ts'

/**
 * Starts the app inside the instance's shadow root: a lite Supabase client whose session is
 * kept under the visitor's prefix, core on top of it, the controller, and the Preact tree.
 */
export function mountApp(bridge: Bridge): AppHandle {
  const { config, root } = bridge
  checkPresentation(config)
  const visitor = visitorStorage(config.organization)
  const supabase = createLiteClient(config.supabaseUrl, config.supabaseKey, { storage: visitor.store, storageKey: visitor.prefix + 'auth' })
  const parley = createParleyCustomer({ supabase: supabase as unknown as SupabaseClient }, { storage: prefixedStorage(visitor.store, visitor.prefix + 'core:') })
  const controller = createController({ parley, bridge, visitor })
  const push = connectPush({ parley, controller, config, visitor })
  addStyles(root, WIDGET_CSS, config.nonce)
  const container = document.createElement('div')
  root.append(container)
  render(<App controller={controller} push={push} />, container)
  void controller.restore()
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
