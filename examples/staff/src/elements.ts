import type { Parley } from '@parley/core'
import type { ConversationOpenDetail } from '@parley/staff'
import '@parley/staff'
import { h } from 'preact'

// The staff elements for this app's Preact tree. `h` with a tag name passes `parley` as a
// property (Preact sets properties an element has) and `on…` names as DOM event listeners.

export const Inbox = (props: { parley: Parley; conversationId: string | null; onOpen: (detail: ConversationOpenDetail) => void }) =>
  h('parley-inbox', {
    parley: props.parley,
    'conversation-id': props.conversationId ?? undefined,
    'onparley-conversation-open': (event: CustomEvent<ConversationOpenDetail>) => props.onOpen(event.detail)
  })

export const NotificationCenter = (props: { parley: Parley }) => h('parley-notification-center', { parley: props.parley })

export const PushSettings = (props: { parley: Parley; vapidKey: string; class?: string }) =>
  h('parley-push-settings', { parley: props.parley, 'vapid-key': props.vapidKey, class: props.class })

export const Team = (props: { parley: Parley }) => h('parley-team', { parley: props.parley })

export const ReplyTemplates = (props: { parley: Parley }) => h('parley-reply-templates', { parley: props.parley })

export const Analytics = (props: { parley: Parley }) => h('parley-analytics', { parley: props.parley })
