import { ParleyElement } from '../base/parley-element.tsx'
import { INBOX_CSS } from './styles.ts'

/**
 * `<parley-inbox conversation-id="…" sound>`: the organization's live conversations with
 * filters and search, the open conversation, and its details. `conversation-id` (or `open(id)`)
 * is the deep link; opening one fires `parley-conversation-open`.
 */
export class ParleyInbox extends ParleyElement {
  static override observedAttributes = [...ParleyElement.observedAttributes, 'conversation-id', 'sound']
  protected readonly capability = 'chat'
  protected readonly subject = 'theInbox'
  protected readonly css = INBOX_CSS
  protected loadView() {
    return import('./InboxView.tsx').then((module) => module.default)
  }

  /** The open conversation (mirrors `conversation-id`). */
  get conversationId(): string | null {
    return this.getAttribute('conversation-id')
  }

  set conversationId(id: string | null) {
    if (id) this.setAttribute('conversation-id', id)
    else this.removeAttribute('conversation-id')
  }

  /** Whether a new customer message plays a short tone (mirrors `sound`). */
  get sound(): boolean {
    return this.hasAttribute('sound')
  }

  set sound(on: boolean) {
    this.toggleAttribute('sound', on)
  }

  /** Opens a conversation and tells the host (`parley-conversation-open`, detail `{ conversationId }`). */
  open(conversationId: string): void {
    if (this.conversationId === conversationId) return
    this.conversationId = conversationId
    this.emit('parley-conversation-open', { conversationId })
  }
}

if (!customElements.get('parley-inbox')) customElements.define('parley-inbox', ParleyInbox)

declare global {
  interface HTMLElementTagNameMap {
    'parley-inbox': ParleyInbox
  }
}
