import { ParleyElement } from '../base/parley-element.tsx'
import { PUSH_CSS } from './styles.ts'

/**
 * `<parley-push-settings vapid-key="…">`: push on this device for the signed-in staff member,
 * which kinds of notification, a test, and turning it off. Needs the page to serve the
 * widget's service worker (`/parley-sw.js`).
 */
export class ParleyPushSettings extends ParleyElement {
  static override observedAttributes = [...ParleyElement.observedAttributes, 'vapid-key']
  protected readonly capability = 'push'
  protected readonly subject = 'theNotifications'
  protected readonly css = PUSH_CSS
  protected loadView() {
    return import('./PushSettingsView.tsx').then((module) => module.default)
  }
}

if (!customElements.get('parley-push-settings')) customElements.define('parley-push-settings', ParleyPushSettings)

declare global {
  interface HTMLElementTagNameMap {
    'parley-push-settings': ParleyPushSettings
  }
}
