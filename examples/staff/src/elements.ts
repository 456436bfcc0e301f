import type { Parley } from '@parley/core'
import type { ConversationOpenDetail } from '@parley/staff'
import '@parley/staff'
import type { Locale } from '@parley/widget/locale'
import { h } from 'preact'

// The staff elements for this app's Preact tree. `h` with a tag name passes `parley` as a
// property (Preact sets properties an element has) and `on…` names as DOM event listeners.
// Each gets the app's `lang`: an element re-renders when its own attribute changes, not when
// `<html lang>` does.

interface Common {
  parley: Parley
  lang: Locale
}

export const Inbox = (props: Common & { conversationId: string | null; onOpen: (detail: ConversationOpenDetail) => void }) =>
  h('parley-inbox', {
    parley: props.parley,
    lang: props.lang,
    'conversation-id': props.conversationId ?? undefined,
    'onparley-conversation-open': (event: CustomEvent<ConversationOpenDetail>) => props.onOpen(event.detail)
  })

export const NotificationCenter = (props: Common) => h('parley-notification-center', { parley: props.parley, lang: props.lang })

export const PushSettings = (props: Common & { vapidKey: string; class?: string }) =>
  h('parley-push-settings', { parley: props.parley, lang: props.lang, 'vapid-key': props.vapidKey, class: props.class })

export const Team = (props: Common) => h('parley-team', { parley: props.parley, lang: props.lang })

export const ReplyTemplates = (props: Common) => h('parley-reply-templates', { parley: props.parley, lang: props.lang })

export const Analytics = (props: Common) => h('parley-analytics', { parley: props.parley, lang: props.lang })
