import type { Locale, WidgetConfig } from './config.ts'

/** Events a page can listen to with `Parley('on', name, listener)`. */
export type WidgetEvent = 'ready' | 'open' | 'close' | 'message' | 'unread'

/**
 * What the page knows about the visitor. `signature` is the HMAC-SHA256 (hex) of the e-mail
 * computed by the dealer's server with the organization's identity secret; the database
 * checks it and marks the conversation verified for staff (docs/widget.md).
 */
export interface Identity {
  name?: string
  email?: string
  phone?: string
  signature?: string
}

/** The instance API, also reachable as `Parley('open')` etc. for the first instance. */
export interface ParleyInstance {
  open(): void
  close(): void
  toggle(): void
  identify(identity: Identity): void
  setLocale(locale: Locale): void
  /** Subscribes; returns the unsubscribe. `ready` fires for late listeners too. */
  on(event: WidgetEvent, listener: (payload?: unknown) => void): () => void
  /** Messages from the dealer the visitor has not seen. */
  readonly unread: number
  /** Forgets the visitor on this device: session, conversations, preferences. */
  shutdown(): Promise<void>
  /** Removes the widget from the page; the instance is unusable afterwards. */
  destroy(): void
}

/** What the loader hands the lazily loaded app. */
export interface Bridge {
  root: ShadowRoot
  config: WidgetConfig
  emit(event: WidgetEvent, payload?: unknown): void
  setUnread(count: number): void
  /** The app asks to open the panel (a tapped notification). */
  open(): void
  /** The panel asks to close (Escape, close button). */
  close(): void
}

export interface AppHandle {
  open(): void
  close(): void
  identify(identity: Identity): void
  setLocale(locale: Locale): void
  shutdown(): Promise<void>
  destroy(): void
}

export type MountApp = (bridge: Bridge) => AppHandle

/** The instance with `unread` writable: the app chunk keeps it current. */
export type MutableInstance = { -readonly [K in keyof ParleyInstance]: ParleyInstance[K] }

export type Listener = (payload?: unknown) => void

/** A call the page made before the app arrived; the app replays them in order. */
export type PendingCall = [method: keyof ParleyInstance, args: unknown[]]

/**
 * What the app chunk registers as `Parley._app` when it runs, and the loader calls for an
 * instance each time something needs the app (open, idle, shutdown). Until then the loader has only
 * shown the bubble, answered `ready`, and recorded calls; `start` takes the instance over
 * (its methods, events, the unread count), replays `calls`, and ignores later calls for the
 * same root. Positional, because the loader pays for every property name it writes.
 */
export type StartApp = (
  root: ShadowRoot,
  config: WidgetConfig,
  instance: MutableInstance,
  listeners: Set<[WidgetEvent, Listener]>,
  calls: PendingCall[],
  /** Takes the bubble off the page for good. */
  remove: () => void
) => void

/** Every key the widget writes starts with this, so shutdown can find them all. */
export const STORAGE_PREFIX = 'parley:'
