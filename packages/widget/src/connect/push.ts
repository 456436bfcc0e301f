import type { ParleyCustomer } from '@parley/core'
import type { PushActions } from '../app/App.tsx'
import type { WidgetConfig } from '../loader/config.ts'
import { currentPushSubscription, pushSupport, subscribeToPush, unsubscribeFromPush } from '../push/index.ts'
import type { Controller } from './controller.ts'
import type { VisitorStorage } from './visitor-storage.ts'

interface PushOptions {
  parley: ParleyCustomer
  controller: Controller
  config: WidgetConfig
  visitor: VisitorStorage
}

/**
 * The visitor's push opt-in, on the push module's browser helpers and core's registration
 * calls. Hidden unless the dealer set data-vapid-key and the browser can do Web Push.
 */
export function connectPush({ parley, controller, config, visitor }: PushOptions): PushActions {
  const worker = { serviceWorkerUrl: config.serviceWorker }
  const support = pushSupport()
  const failed = (error: unknown) => {
    controller.setPush({ state: support.permission === 'denied' || Notification.permission === 'denied' ? 'denied' : 'default' })
    reportError(error)
  }
  if (!config.vapidKey || !support.supported) {
    controller.setPush({ state: 'unsupported' })
  } else if (support.permission === 'denied') {
    controller.setPush({ state: 'denied' })
  } else {
    controller.setPush({ state: 'default' })
    if (visitor.read().pushId) {
      void currentPushSubscription(worker).then((current) => controller.setPush({ state: current ? 'subscribed' : 'default' }), failed)
    }
  }
  return {
    enablePush() {
      controller.setPush({ state: 'busy' })
      subscribeToPush({ vapidPublicKey: config.vapidKey!, ...worker })
        .then((registration) =>
          parley.registerPushSubscription({
            organization_id: config.organization,
            ...registration,
            preferences: controller.$state.get().push.preferences,
            user_agent: navigator.userAgent
          })
        )
        .then(({ id }) => {
          visitor.write({ pushId: id })
          controller.setPush({ state: 'subscribed' })
        }, failed)
    },
    disablePush() {
      const id = visitor.read().pushId
      controller.setPush({ state: 'busy' })
      unsubscribeFromPush(worker)
        .then(() => (id ? parley.unregisterPushSubscription(id) : undefined))
        .then(() => {
          visitor.write({ pushId: null })
          controller.setPush({ state: 'default' })
        }, failed)
    },
    setPushPreferences(preferences) {
      controller.setPush({ preferences })
      const id = visitor.read().pushId
      if (id) parley.updatePushPreferences(id, preferences).catch(failed)
    }
  }
}
