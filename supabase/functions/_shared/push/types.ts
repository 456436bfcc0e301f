export type PushPlatform = 'web' | 'ios' | 'android'
export type NotificationType = 'new_message' | 'claim_update' | 'warranty_expiring' | 'system_alert'
export type PreferenceKey = 'new_messages' | 'claim_updates' | 'warranty_expiring' | 'system_alerts'

/** Per-type opt-ins stored on push_subscriptions.preferences; a missing key means "on". */
export type PushPreferences = Record<PreferenceKey, boolean>

export const PLATFORMS: readonly PushPlatform[] = ['web', 'ios', 'android']
export const PREFERENCE_KEYS: readonly PreferenceKey[] = ['new_messages', 'claim_updates', 'warranty_expiring', 'system_alerts']

export const PREFERENCE_OF: Record<NotificationType, PreferenceKey> = {
  new_message: 'new_messages',
  claim_update: 'claim_updates',
  warranty_expiring: 'warranty_expiring',
  system_alert: 'system_alerts'
}

/** What one push says; built from a notification_outbox row. */
export interface PushMessage {
  type: NotificationType | 'test'
  title: string
  body: string
  /** Page the notification opens; the service worker falls back to its scope. */
  url?: string
  /** Same tag replaces the previous notification (one per conversation/claim). */
  tag?: string
  /** A uuid (conversation or claim): a newer push replaces an undelivered older one. */
  collapseKey?: string
  data: Record<string, unknown>
}

export interface WebPushTarget {
  platform: 'web'
  endpoint: string
  keys: { p256dh: string; auth: string }
}

export interface NativePushTarget {
  platform: 'ios' | 'android'
  token: string
}

/** A decrypted subscription, held in memory only for the duration of one send. */
export type PushTarget = WebPushTarget | NativePushTarget

/**
 * sent: accepted by the push service. gone: the subscription no longer exists (404/410,
 * unregistered token) and is disabled. retry: transient (429, 5xx, network) — try again
 * later. failed: permanent for this message (bad payload, rejected credentials).
 */
export type SendOutcome = 'sent' | 'gone' | 'retry' | 'failed'

export interface SendResult {
  outcome: SendOutcome
  /** HTTP status from the push service; 0 when no response arrived. */
  status: number
  error?: string
  /** From Retry-After, when the push service sent one. */
  retryAfterSeconds?: number
}

/** One transport (Web Push, FCM, APNs); the dispatcher picks by subscription platform. */
export interface Sender {
  send(target: PushTarget, message: PushMessage): Promise<SendResult>
}

export type Senders = Partial<Record<PushPlatform, Sender>>

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>
