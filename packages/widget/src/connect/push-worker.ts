import { onParleyWorkerMessage, parleyTargetFromUrl } from '../push/messages.ts'
import type { PushOptions } from './push.ts'

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined)

/**
 * A subscribed visitor's page and the service worker: a tapped notification opens the panel
 * on its conversation or claim (from the URL the worker opened, or its message to a page that
 * was already open), and a subscription the browser rotated is registered again, since the
 * worker has no session to do it. Runs once the visitor's conversations are restored.
 */
export function followWorker({ parley, controller, bridge, visitor }: PushOptions): () => void {
  const open = ({ conversationId, claimId }: { conversationId?: string; claimId?: string }) => {
    const { conversations, claim } = controller.$state.get()
    if (conversationId && conversations.some((conversation) => conversation.id === conversationId)) controller.select(conversationId)
    else if (claimId && claim?.id === claimId) controller.show('claim')
    else if (!conversationId && !claimId) return
    // One the visitor no longer has here (another device, forgotten): home, never an error.
    else controller.show('list')
    bridge.open()
  }
  open(parleyTargetFromUrl(location.href))
  return onParleyWorkerMessage((message) => {
    if (message.type === 'parley:notificationclick')
      open({ conversationId: text(message.data.conversation_id), claimId: text(message.data.claim_id) })
    if (message.type === 'parley:pushsubscriptionchange' && message.subscription) {
      parley
        .registerPushSubscription({
          organization_id: bridge.config.organization,
          platform: 'web',
          ...message.subscription,
          preferences: controller.$state.get().push.preferences,
          user_agent: navigator.userAgent
        })
        .then(({ id }) => visitor.write({ pushId: id }), reportError)
    }
  })
}
