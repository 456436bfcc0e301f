import type { ParleyCustomer } from '@parley/core'
import { currentPushSubscription, subscribeToPush, unsubscribeFromPush } from '@parley/core/web-push'
import type { PushActions } from '../app/App.tsx'
import type { Bridge } from '../loader/contract.ts'
import type { Controller } from './controller.ts'
import { followWorker } from './push-worker.ts'
import type { VisitorStorage } from './visitor-storage.ts'

export interface PushOptions {
  parley: ParleyCustomer
  controller: Controller
  bridge: Pick<Bridge, 'config' | 'open'>
  visitor: VisitorStorage
}

/**
 * The visitor's push opt-in, on the push module's browser helpers and core's registration
 * calls. Loaded when the prompt is offered or settings open (the first open only decides,
 * with pushAvailable, whether to offer it), and for a subscribed visitor once their
 * conversations are restored, to follow the service worker.
 */
export function connectPush(options: PushOptions): PushActions {
  const { parley, controller, bridge, visitor } = options
  const { config } = bridge
  const worker = { serviceWorkerUrl: config.serviceWorker }
  const failed = (error: unknown) => {
    controller.setPush({ state: Notification.permission === 'denied' ? 'denied' : 'default' })
    reportError(error)
  }
  if (visitor.read().pushId) {
    void currentPushSubscription(worker).then((current) => controller.setPush({ state: current ? 'subscribed' : 'default' }), failed)
    followWorker(options)
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
