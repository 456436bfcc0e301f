/**
 * The slice of supabase-js's auth client a widget visitor needs: an anonymous sign-in,
 * token refresh, sign-out and change events, with the same call and result shapes
 * (`{ data, error }`). auth-js alone is ~24 KiB gzipped, over half the widget's budget;
 * staff apps use the real client. Tokens are only stored and sent, never parsed.
 */

export interface AuthUser {
  id: string
  is_anonymous?: boolean
  [key: string]: unknown
}

export interface AuthSession {
  access_token: string
  refresh_token: string
  expires_in: number
  /** Seconds since the epoch. */
  expires_at: number
  token_type: string
  user: AuthUser
}

export type AuthEvent = 'INITIAL_SESSION' | 'SIGNED_IN' | 'SIGNED_OUT' | 'TOKEN_REFRESHED'
type AuthListener = (event: AuthEvent, session: AuthSession | null) => void

/** An Auth API failure, shaped like auth-js's AuthApiError (status and code). */
export class AnonymousAuthError extends Error {
  status: number
  code: string
  constructor(message: string, status: number, code: string) {
    super(message)
    this.name = 'AnonymousAuthError'
    this.status = status
    this.code = code
  }
}

export interface AnonymousAuthOptions {
  /** `<supabase url>/auth/v1` */
  url: string
  key: string
  storageKey: string
  storage?: Storage | null
  fetch?: typeof fetch
  /**
   * Serialises refreshes between the tabs sharing `storage` (navigator.locks by default;
   * null: this tab alone).
   */
  locks?: Pick<LockManager, 'request'> | null
  /** Where other tabs' `storage` events are heard (window by default; null: nowhere). */
  events?: EventTarget | null
}

type Result<T> = { data: T; error: null } | { data: { [K in keyof T]: null }; error: AnonymousAuthError }

const REFRESH_MARGIN_S = 60

const expiring = (session: AuthSession) => session.expires_at - REFRESH_MARGIN_S < Date.now() / 1000

function parse(stored: string | null | undefined): AuthSession | null {
  try {
    return stored ? (JSON.parse(stored) as AuthSession) : null
  } catch {
    return null
  }
}

/**
 * Tabs of one site share the visitor's session. GoTrue rotates the refresh token on each use
 * and ends the whole session when a token two rotations old comes back, so a tab never
 * refreshes with what it remembers: it takes the lock every tab takes to refresh, then reads
 * the stored session (another tab may have refreshed meanwhile) and refreshes only if that
 * one is expiring. Other tabs adopt the result from the `storage` event.
 */

export class AnonymousAuth {
  readonly #options: AnonymousAuthOptions
  readonly #listeners = new Set<AuthListener>()
  #session: AuthSession | null | undefined
  #refreshing: Promise<AuthSession | null> | undefined
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(options: AnonymousAuthOptions) {
    this.#options = options
    ;(options.events === undefined ? globalThis.window : options.events)?.addEventListener('storage', (event) => {
      const { key, newValue } = event as StorageEvent
      const next = parse(newValue)
      if (key === options.storageKey && next?.refresh_token !== this.#session?.refresh_token)
        this.#set(next, next ? 'TOKEN_REFRESHED' : 'SIGNED_OUT')
    })
  }

  /** The session, refreshed first if it is about to expire (a tab that slept gets a fresh token). */
  async getSession(): Promise<Result<{ session: AuthSession | null }>> {
    let session = this.#load()
    if (session && expiring(session)) session = await this.#refresh(session)
    return { data: { session }, error: null }
  }

  async signInAnonymously(): Promise<Result<{ session: AuthSession; user: AuthUser }>> {
    try {
      const session = await this.#request('signup', {})
      this.#set(session, 'SIGNED_IN')
      return { data: { session, user: session.user }, error: null }
    } catch (error) {
      return { data: { session: null, user: null }, error: asAuthError(error) }
    }
  }

  async signOut(): Promise<{ error: null }> {
    const session = this.#load()
    if (session) {
      // Revoking on the server is best effort; forgetting locally is what matters.
      await this.#fetch('logout?scope=local', { method: 'POST', headers: this.#headers(session.access_token) }).catch(() => undefined)
    }
    this.#set(null, 'SIGNED_OUT')
    return { error: null }
  }

  onAuthStateChange(listener: AuthListener): { data: { subscription: { unsubscribe(): void } } } {
    this.#listeners.add(listener)
    queueMicrotask(() => listener('INITIAL_SESSION', this.#load()))
    return { data: { subscription: { unsubscribe: () => this.#listeners.delete(listener) } } }
  }

  #load(): AuthSession | null {
    if (this.#session !== undefined) return this.#session
    this.#session = this.#read()
    if (this.#session) this.#schedule(this.#session)
    return this.#session
  }

  #read(): AuthSession | null {
    try {
      return parse(this.#options.storage?.getItem(this.#options.storageKey))
    } catch {
      return null
    }
  }

  #set(session: AuthSession | null, event: AuthEvent): void {
    this.#session = session
    clearTimeout(this.#timer)
    try {
      if (session) this.#options.storage?.setItem(this.#options.storageKey, JSON.stringify(session))
      else this.#options.storage?.removeItem(this.#options.storageKey)
    } catch {
      // Storage full or blocked: the session lives for this page only.
    }
    if (session) this.#schedule(session)
    for (const listener of this.#listeners) listener(event, session)
  }

  // Refresh ahead of expiry so Realtime never holds an expired token on a long-open page.
  #schedule(session: AuthSession): void {
    clearTimeout(this.#timer)
    const delay = Math.max(5, session.expires_at - REFRESH_MARGIN_S - Date.now() / 1000) * 1000
    this.#timer = setTimeout(() => void this.#refresh(session), Math.min(delay, 2 ** 31 - 1))
  }

  #refresh(session: AuthSession): Promise<AuthSession | null> {
    const locks = this.#options.locks === undefined ? globalThis.navigator?.locks : this.#options.locks
    const refresh = async (): Promise<AuthSession | null> => {
      const stored = this.#read()
      if (stored && stored.refresh_token !== session.refresh_token) {
        // Another tab refreshed while this one waited or slept: its tokens are the current ones.
        session = stored
        if (!expiring(stored)) {
          this.#set(stored, 'TOKEN_REFRESHED')
          return stored
        }
      }
      try {
        const next = await this.#request('token?grant_type=refresh_token', { refresh_token: session.refresh_token })
        this.#set(next, 'TOKEN_REFRESHED')
        return next
      } catch (error) {
        const failure = asAuthError(error)
        // A refused refresh token will never work again; a network failure might.
        if (failure.status >= 400 && failure.status < 500) {
          this.#set(null, 'SIGNED_OUT')
          return null
        }
        this.#schedule({ ...session, expires_at: Date.now() / 1000 + REFRESH_MARGIN_S + 15 })
        return session
      }
    }
    this.#refreshing ||= (locks ? locks.request(`${this.#options.storageKey}:refresh`, refresh) : refresh()).finally(() => {
      this.#refreshing = undefined
    })
    return this.#refreshing
  }

  async #request(path: string, body: object): Promise<AuthSession> {
    const response = await this.#fetch(path, { method: 'POST', headers: this.#headers(this.#options.key), body: JSON.stringify(body) })
    const json = (await response.json().catch(() => ({}))) as Partial<AuthSession> & {
      msg?: string
      message?: string
      error_code?: string
      code?: string | number
    }
    if (!response.ok || !json.access_token || !json.refresh_token || !json.user) {
      throw new AnonymousAuthError(
        json.msg ?? json.message ?? `Auth request failed (${response.status})`,
        response.status,
        String(json.error_code ?? json.code ?? 'unexpected_failure')
      )
    }
    return { ...json, expires_at: json.expires_at ?? Math.round(Date.now() / 1000) + (json.expires_in ?? 3600) } as AuthSession
  }

  #headers(token: string): Record<string, string> {
    return {
      apikey: this.#options.key,
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'x-supabase-api-version': '2024-01-01'
    }
  }

  #fetch(path: string, init: RequestInit): Promise<Response> {
    return (this.#options.fetch ?? fetch)(`${this.#options.url}/${path}`, init)
  }
}

function asAuthError(error: unknown): AnonymousAuthError {
  if (error instanceof AnonymousAuthError) return error
  return new AnonymousAuthError(error instanceof Error ? error.message : String(error), 0, 'network_failure')
}
