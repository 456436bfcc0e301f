import { ParleyElement } from '../base/parley-element.tsx'
import { CENTER_CSS } from './styles.ts'

/**
 * `<parley-notification-center>`: a bell with the unread count and the latest 20
 * notifications; choosing one fires `parley-notification-select` for the host to navigate.
 */
export class ParleyNotificationCenter extends ParleyElement {
  protected readonly capability = 'notifications'
  protected readonly subject = 'theNotifications'
  protected readonly css = CENTER_CSS
  protected loadView() {
    return import('./NotificationCenterView.tsx').then((module) => module.default)
  }
}

if (!customElements.get('parley-notification-center')) customElements.define('parley-notification-center', ParleyNotificationCenter)

declare global {
  interface HTMLElementTagNameMap {
    'parley-notification-center': ParleyNotificationCenter
  }
}
