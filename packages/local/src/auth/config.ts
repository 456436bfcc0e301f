/** Tunables GoTrue reads from GOTRUE_* variables; the local stack reads PARLEY_* ones. */
export interface AuthConfig {
  /** Access-token lifetime in seconds (GOTRUE_JWT_EXP); 3600 on Supabase. */
  jwtExpiry: number
  /** bcrypt cost for new hashes; GoTrue uses Go's default, 10. */
  bcryptCost: number
  /** Seconds a rotated refresh token may still be presented (GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL). */
  refreshTokenReuseInterval: number
  /** GOTRUE_PASSWORD_MIN_LENGTH; 6 on Supabase. */
  passwordMinLength: number
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number
  /** Per-IP limits on, as on Supabase (PARLEY_RATE_LIMITS=off turns them off, e.g. for test suites). */
  rateLimits: boolean
  /** Email/phone sign-ups per IP per 5 minutes, in bursts of up to 30 (GOTRUE_RATE_LIMIT_OTP, config.toml's sign_in_sign_ups). */
  rateLimitSignUps: number
  /** Anonymous sign-ins per IP per hour, in bursts of as many (GOTRUE_RATE_LIMIT_ANONYMOUS_USERS). */
  rateLimitAnonymousUsers: number
  /** POST /token (password sign-ins and refreshes) per IP per 5 minutes, in bursts of up to 30 (GOTRUE_RATE_LIMIT_TOKEN_REFRESH). */
  rateLimitToken: number
}

export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  jwtExpiry: 3600,
  bcryptCost: 10,
  refreshTokenReuseInterval: 10,
  passwordMinLength: 6,
  maxBodyBytes: 1024 * 1024,
  rateLimits: true,
  rateLimitSignUps: 30,
  rateLimitAnonymousUsers: 30,
  rateLimitToken: 150
}

export class AuthConfigError extends Error {
  readonly code = 'INVALID_AUTH_CONFIG'

  constructor(message: string) {
    super(message)
    this.name = 'AuthConfigError'
  }
}

type NumericSetting = { [K in keyof AuthConfig]: AuthConfig[K] extends number ? K : never }[keyof AuthConfig]

const VARIABLES: Record<NumericSetting, { name: string; min: number; max: number }> = {
  jwtExpiry: { name: 'PARLEY_JWT_EXPIRY', min: 1, max: 604_800 },
  bcryptCost: { name: 'PARLEY_BCRYPT_COST', min: 4, max: 31 },
  refreshTokenReuseInterval: { name: 'PARLEY_REFRESH_TOKEN_REUSE_INTERVAL', min: 0, max: 86_400 },
  passwordMinLength: { name: 'PARLEY_PASSWORD_MIN_LENGTH', min: 1, max: 72 },
  maxBodyBytes: { name: 'PARLEY_AUTH_MAX_BODY_BYTES', min: 1024, max: 100 * 1024 * 1024 },
  rateLimitSignUps: { name: 'PARLEY_RATE_LIMIT_SIGN_UPS', min: 1, max: 1_000_000 },
  rateLimitAnonymousUsers: { name: 'PARLEY_RATE_LIMIT_ANONYMOUS_USERS', min: 1, max: 1_000_000 },
  rateLimitToken: { name: 'PARLEY_RATE_LIMIT_TOKEN', min: 1, max: 1_000_000 }
}

/** Reads the PARLEY_* overrides; a malformed value stops start-up instead of being ignored. */
export function authConfigFromEnv(env: Record<string, string | undefined> = process.env): AuthConfig {
  const config = { ...DEFAULT_AUTH_CONFIG }
  for (const key of Object.keys(VARIABLES) as NumericSetting[]) {
    const { name, min, max } = VARIABLES[key]
    const raw = env[name]
    if (raw === undefined || raw === '') continue
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new AuthConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`)
    }
    config[key] = value
  }
  const switchValue = env.PARLEY_RATE_LIMITS
  if (switchValue !== undefined && switchValue !== '') {
    if (switchValue !== 'on' && switchValue !== 'off') {
      throw new AuthConfigError(`PARLEY_RATE_LIMITS must be "on" or "off", got ${JSON.stringify(switchValue)}`)
    }
    config.rateLimits = switchValue === 'on'
  }
  return config
}
