import type { IncomingMessage } from 'node:http'
import { clientIp } from '../http/client-ip.ts'
import type { AuthConfig } from './config.ts'
import { AuthHttpError } from './errors.ts'

/** GoTrue's IP buckets (tollbooth): refilled at a steady rate, starting full. */
interface Bucket {
  tokens: number
  at: number
}

class TokenBucket {
  readonly #perSecond: number
  readonly #burst: number
  readonly #buckets = new Map<string, Bucket>()

  constructor(perSecond: number, burst: number) {
    this.#perSecond = perSecond
    this.#burst = burst
  }

  take(ip: string): boolean {
    const now = Date.now()
    const bucket = this.#buckets.get(ip) ?? { tokens: this.#burst, at: now }
    bucket.tokens = Math.min(this.#burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond)
    bucket.at = now
    if (bucket.tokens < 1) {
      this.#buckets.set(ip, bucket)
      return false
    }
    bucket.tokens -= 1
    this.#buckets.set(ip, bucket)
    if (this.#buckets.size > 10_000) this.#forgetFull(now)
    return true
  }

  /** A full bucket is the same as none: dropping them bounds memory under many addresses. */
  #forgetFull(now: number): void {
    for (const [ip, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond >= this.#burst) this.#buckets.delete(ip)
    }
  }
}

export type LimitedAction = 'signUp' | 'anonymousSignIn' | 'token'

/** GoTrue's fixed burst for the sign-up and /token buckets. */
const BURST = 30

/** Per-IP limits of hosted Supabase Auth on sign-ups, anonymous sign-ins and /token. */
export class AuthRateLimits {
  readonly #buckets: Record<LimitedAction, TokenBucket> | undefined

  constructor(config: AuthConfig) {
    this.#buckets = config.rateLimits
      ? {
          signUp: new TokenBucket(config.rateLimitSignUps / 300, BURST),
          anonymousSignIn: new TokenBucket(config.rateLimitAnonymousUsers / 3600, config.rateLimitAnonymousUsers),
          token: new TokenBucket(config.rateLimitToken / 300, BURST)
        }
      : undefined
  }

  /** Throws GoTrue's 429 `over_request_rate_limit` when the caller's address has used its share. */
  check(action: LimitedAction, req: IncomingMessage): void {
    if (this.#buckets && !this.#buckets[action].take(clientIp(req))) {
      throw new AuthHttpError(429, 'over_request_rate_limit', 'Request rate limit reached')
    }
  }
}
