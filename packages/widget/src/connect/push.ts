import type { Parley } from '@parley/core'
import type { PushActions } from '../app/App.tsx'
import type { Controller } from './controller.ts'

/**
 * Push opt-in for the visitor. The Web Push plumbing (service worker, subscription) is the
 * push module's (src/push); until it is wired, push shows as unsupported and these are no-ops.
 */
export function connectPush(_options: { parley: Parley; controller: Controller; organization: string }): PushActions {
  return {
    enablePush() {},
    disablePush() {},
    setPushPreferences() {}
  }
}
