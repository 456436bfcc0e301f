import type { ParleyCustomer } from '@parley/core'
import type { ResolutionDeps } from '../connect/resolution.ts'
import type { WidgetState } from '../connect/state.ts'
import type { WidgetConfig } from '../loader/config.ts'
import { Composer } from './Composer.tsx'
import { ConnectionBanner } from './ConnectionBanner.tsx'
import { Header } from './Header.tsx'
import { useI18n } from './i18n-context.ts'
import { lazy } from './lazy.tsx'
import { MessageList } from './MessageList.tsx'
import { Panel } from './Panel.tsx'
import type { PreChatValues } from './PreChatForm.tsx'
import { TypingIndicator } from './TypingIndicator.tsx'
import type { MessageView } from './types.ts'

/** Drawn only for a visitor without a conversation; mount.tsx fetches it with the app for them. */
export const PreChatForm = lazy(() => import('./PreChatForm.tsx').then((module) => module.PreChatForm))
// Not drawn on a first open: fetched when the visitor has several conversations, opens
// settings, or is offered push (the prompt is not something they wait for: quiet).
// Only a claim link draws the claim's own page; a returning visitor does not fetch it.
// A conversation about a claim shows the claim's steps above it: fetched with the claim's slice.
const ClaimTimeline = lazy(() => import('./ClaimTimeline.tsx').then((module) => module.ClaimTimeline), true)
const ClaimView = lazy(() => import('./ClaimView.tsx').then((module) => module.ClaimView))
// Only a visitor with conversations of their own who opens an access link is asked about it.
const LinkConsent = lazy(() => import('./LinkConsent.tsx').then((module) => module.LinkConsent))
const ConversationList = lazy(() => import('./ConversationList.tsx').then((module) => module.ConversationList))
const Settings = lazy(() => import('./Settings.tsx').then((module) => module.Settings))
const PushPrompt = lazy(() => import('./PushPrompt.tsx').then((module) => module.PushPrompt), true)
// Only a resolved conversation asks for a rating and offers its transcript.
const ResolvedPrompt = lazy(() => import('./ResolvedPrompt.tsx').then((module) => module.ResolvedPrompt), true)
// Only an e-mail's unsubscribe link asks to confirm it.
const UnsubscribeConfirm = lazy(() => import('./UnsubscribeConfirm.tsx').then((module) => module.UnsubscribeConfirm))

export interface WidgetActions {
  close(): void
  start(values: PreChatValues): void
  askAboutClaim(): void
  send(text: string): void
  retry(message: MessageView): void
  typing(): void
  loadOlder(): void
  files(files: File[]): void
  removeUpload(id: string): void
  retryUpload(id: string): void
  show(view: WidgetState['view']): void
  select(id: string): void
  openLink(): void
  keepMine(): void
  newConversation(): void
  setSound(on: boolean): void
  enablePush(): void
  disablePush(): void
  dismissPush(): void
  setPushPreferences(preferences: { new_messages: boolean; claim_updates: boolean }): void
  /** For the lazy parts that call core themselves (resolved prompt, unsubscribe confirmation). */
  parley: ResolutionDeps['parley'] & Pick<ParleyCustomer, 'peekUnsubscribe' | 'unsubscribeEmail'>
  visitor: ResolutionDeps['visitor']
  config: Pick<WidgetConfig, 'unsubscribe'>
}

/** The whole panel for one state; every interaction goes out through `actions`. */
export function Widget({ state, actions }: { state: WidgetState; actions: WidgetActions }) {
  const { t } = useI18n()
  const inChat = state.view === 'chat'
  const { claim } = state
  // Home (the list) is one tap away wherever the visitor has something to list, so a new
  // conversation always is too.
  const hasHome = inChat || ((state.view === 'claim' || state.view === 'form') && (state.conversations.length > 0 || Boolean(claim)))
  const canGoBack = state.view === 'settings' || hasHome
  const push = (onDismiss?: () => void) => (
    <PushPrompt
      state={state.push.state}
      preferences={state.push.preferences}
      onEnable={actions.enablePush}
      onDisable={actions.disablePush}
      onPreferences={actions.setPushPreferences}
      onDismiss={onDismiss}
    />
  )
  return (
    <Panel open={state.open} view={state.view} labelledBy="parley-title" onClose={actions.close}>
      <Header
        id="parley-title"
        title={state.view === 'list' ? t('conversations') : state.view === 'claim' ? t('claimTitle') : t('title')}
        agent={inChat ? state.agent : null}
        onClose={actions.close}
        onBack={
          canGoBack
            ? () => actions.show(state.view === 'settings' ? (state.activeId ? 'chat' : claim ? 'claim' : 'form') : 'list')
            : undefined
        }
        onSettings={state.view === 'settings' ? undefined : () => actions.show('settings')}
      />
      <div class="body">
        <ConnectionBanner state={state.connection} />
        {state.view === 'loading' && (
          <p class="empty" role="status">
            …
          </p>
        )}
        {state.view === 'form' && (
          <PreChatForm
            key={JSON.stringify(state.prefill)}
            initial={state.prefill}
            busy={state.starting}
            error={state.error}
            onSubmit={actions.start}
          />
        )}
        {state.view === 'claim' && claim && (
          <ClaimView
            claim={claim}
            prefill={state.prefill}
            busy={state.starting}
            error={state.error}
            onAsk={actions.askAboutClaim}
            onOpen={actions.select}
          />
        )}
        {state.view === 'link' && state.link && <LinkConsent link={state.link} onOpen={actions.openLink} onKeep={actions.keepMine} />}
        {state.view === 'unsubscribe' && (
          <UnsubscribeConfirm
            code={actions.config.unsubscribe ?? ''}
            parley={actions.parley}
            onBack={() => actions.show(state.activeId ? 'chat' : state.conversations.length ? 'list' : 'form')}
          />
        )}
        {state.view === 'list' && (
          <ConversationList
            conversations={state.conversations}
            claim={claim}
            onSelect={actions.select}
            onClaim={() => actions.show('claim')}
            onNew={actions.newConversation}
          />
        )}
        {state.view === 'settings' && (
          <Settings sound={state.sound} onSound={actions.setSound}>
            {push()}
          </Settings>
        )}
        {inChat && (
          <>
            {claim?.conversationId === state.activeId && (
              <ClaimTimeline claimNumber={claim.number} status={claim.status} updates={claim.updates} />
            )}
            <MessageList
              messages={state.messages}
              hasMore={state.hasMore}
              loadingOlder={state.loadingOlder}
              onLoadOlder={actions.loadOlder}
              onRetry={actions.retry}
              offline={state.connection === 'offline'}
            />
            {state.conversation?.id === state.activeId && state.conversation?.status === 'resolved' && (
              <ResolvedPrompt key={state.activeId} conversation={state.conversation} deps={actions} />
            )}
            {state.push.state === 'default' &&
              !state.push.dismissed &&
              state.messages.some((message) => message.mine) &&
              push(actions.dismissPush)}
            <TypingIndicator names={state.typing} />
            {state.error && (
              <p class="problem" role="alert">
                {state.error}
              </p>
            )}
            <Composer
              uploads={state.uploads}
              onSend={actions.send}
              onFiles={actions.files}
              onTyping={actions.typing}
              onRemoveUpload={actions.removeUpload}
              onRetryUpload={actions.retryUpload}
            />
          </>
        )}
      </div>
    </Panel>
  )
}
