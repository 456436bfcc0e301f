import { pushAvailable } from '@parley/core/web-push'
import type { WidgetConfig } from '../loader/config.ts'
import type { StateAccess, WidgetState } from './state.ts'
import type { VisitorStorage } from './visitor-storage.ts'

export interface PushStateOptions extends Pick<StateAccess, 'get' | 'set'> {
  config: Pick<WidgetConfig, 'vapidKey'>
  visitor: VisitorStorage
}

/**
 * The push opt-in's state in `WidgetState.push`. What the prompt shows is decided here,
 * cheaply, from the browser's permission and the visitor's record; the opt-in's code
 * (push.ts) loads when it is offered or settings open, and checks the subscription then.
 */
export function createPushState({ config, visitor, get, set }: PushStateOptions) {
  return {
    initial(): WidgetState['push']['state'] {
      const permission = config.vapidKey && pushAvailable() ? Notification.permission : null
      if (!permission) return 'unsupported'
      if (permission === 'denied') return 'denied'
      return permission === 'granted' && visitor.read().pushId ? 'subscribed' : 'default'
    },
    dismiss(): void {
      visitor.write({ pushDismissed: true })
      set({ push: { ...get().push, dismissed: true } })
    },
    update(push: Partial<WidgetState['push']>): void {
      set({ push: { ...get().push, ...push } })
    }
  }
}
