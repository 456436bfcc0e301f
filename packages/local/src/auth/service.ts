import type { ServiceFactory } from '../http/service.ts'
import { createUser, deleteUser, getUserById, listUsers, updateUserById } from './admin.ts'
import { authConfigFromEnv } from './config.ts'
import type { AuthContext, AuthHandler } from './context.ts'
import {
  adminOauthServer,
  adminSso,
  adminUserFactors,
  afterAdmin,
  afterAuthentication,
  factors,
  identities,
  oauthServer,
  sso,
  unsupported
} from './disabled.ts'
import { AuthHttpError, badRequest, sendAuthError, sendAuthJson } from './errors.ts'
import { logout } from './logout.ts'
import { AuthRateLimits } from './rate-limits.ts'
import { signup } from './signup.ts'
import { token } from './token.ts'
import { getUser, updateUser } from './user.ts'

const SETTINGS = {
  external: {
    anonymous_users: true,
    apple: false,
    azure: false,
    bitbucket: false,
    discord: false,
    facebook: false,
    snapchat: false,
    figma: false,
    fly: false,
    github: false,
    gitlab: false,
    google: false,
    keycloak: false,
    kakao: false,
    linkedin: false,
    linkedin_oidc: false,
    notion: false,
    spotify: false,
    slack: false,
    slack_oidc: false,
    workos: false,
    twitch: false,
    twitter: false,
    email: true,
    phone: true,
    zoom: false
  },
  disable_signup: false,
  mailer_autoconfirm: true,
  phone_autoconfirm: true,
  sms_provider: '',
  saml_enabled: false,
  saml_private_key_next_configured: false,
  passkeys_enabled: false
}

const settings: AuthHandler = async (_auth, req, res) => sendAuthJson(req, res, 200, SETTINGS)
const health: AuthHandler = async (_auth, req, res) =>
  sendAuthJson(req, res, 200, {
    version: 'parley-local',
    name: 'GoTrue',
    description: 'GoTrue is a user registration and authentication API'
  })
/**
 * GET /authorize (signInWithOAuth's redirect): every OAuth provider is off here, and GoTrue
 * answers a disabled provider, or one it does not know, with validation_failed.
 */
const authorize: AuthHandler = async (_auth, _req, _res, url) => {
  const provider = url.searchParams.get('provider') ?? ''
  const known = provider !== 'email' && provider !== 'phone' && provider !== 'anonymous_users' && provider in SETTINGS.external
  throw badRequest(
    'validation_failed',
    `Unsupported provider: ${known ? 'provider is not enabled' : `Provider ${provider} could not be found`}`
  )
}

/** Only HS256 is used here, and GoTrue publishes symmetric keys nowhere. */
const jwks: AuthHandler = async (_auth, req, res) => sendAuthJson(req, res, 200, { keys: [] })

interface Route {
  /** `*` for a whole area, any method. */
  method: string
  pattern: RegExp
  handler: AuthHandler
}

const pathPattern = (path: string) => path.replaceAll('.', '\\.').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')

const route = (method: string, path: string, handler: AuthHandler): Route => ({
  method,
  pattern: new RegExp(`^${pathPattern(path)}/?$`),
  handler
})

/** A route group GoTrue guards as a whole (any method and sub-path; the sub-path is `rest`). */
const area = (path: string, handler: AuthHandler): Route => ({
  method: '*',
  pattern: new RegExp(`^${pathPattern(path)}(?:/(?<rest>.+?))?/?$`),
  handler
})

const ROUTES: Route[] = [
  route('GET', '/health', health),
  route('GET', '/settings', settings),
  route('GET', '/.well-known/jwks.json', jwks),
  route('POST', '/signup', signup),
  route('POST', '/token', token),
  route('GET', '/user', getUser),
  route('PUT', '/user', updateUser),
  route('POST', '/logout', logout),
  route('GET', '/admin/users', listUsers),
  route('POST', '/admin/users', createUser),
  route('GET', '/admin/users/{id}', getUserById),
  route('PUT', '/admin/users/{id}', updateUserById),
  route('DELETE', '/admin/users/{id}', deleteUser),
  route('POST', '/otp', unsupported('Sign-in with a one-time password (email or SMS)')),
  route('POST', '/magiclink', unsupported('Magic links')),
  route('POST', '/recover', unsupported('Password recovery by email')),
  route('POST', '/resend', unsupported('Resending confirmation messages')),
  route('GET', '/verify', unsupported('Email and SMS verification')),
  route('POST', '/verify', unsupported('Email and SMS verification')),
  route('GET', '/reauthenticate', afterAuthentication('Reauthentication by nonce')),
  route('POST', '/invite', afterAdmin('Invitations by email')),
  route('POST', '/admin/generate_link', afterAdmin('Email links')),
  route('GET', '/authorize', authorize),
  area('/user/identities', identities),
  area('/factors', factors),
  area('/admin/users/{id}/factors', adminUserFactors),
  area('/sso', sso),
  area('/admin/sso', adminSso),
  area('/oauth', oauthServer),
  area('/admin/oauth', adminOauthServer),
  area('/passkeys', unsupported('Passkeys'))
]

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new AuthHttpError(404, 'unknown', 'Not Found')
  }
}

/** Kong's open auth routes on Supabase: reached from links and redirects without an apikey. */
const PUBLIC = new Set(['/verify', '/callback', '/authorize', '/.well-known/jwks.json'])

/** The GoTrue-compatible Auth API at /auth/v1 (what auth-js calls). */
export const createAuthService: ServiceFactory = (context) => {
  const config = { ...authConfigFromEnv(), ...context.authConfig }
  const auth: AuthContext = { service: context, config, limits: new AuthRateLimits(config) }
  return {
    isPublic: (_method, path) => PUBLIC.has(path.replace(/\/$/, '')),
    async handle(req, res, path, url) {
      try {
        const method = req.method ?? 'GET'
        const matching = ROUTES.map((candidate) => ({ candidate, match: candidate.pattern.exec(path) })).filter(({ match }) => match)
        const found = matching.find(({ candidate }) => candidate.method === method || candidate.method === '*')
        if (!found) {
          if (matching.length) throw new AuthHttpError(405, 'unknown', 'Method Not Allowed')
          throw new AuthHttpError(404, 'unknown', 'Not Found')
        }
        const params = Object.fromEntries(
          Object.entries(found.match?.groups ?? {})
            .filter(([, value]) => value !== undefined)
            .map(([name, value]) => [name, decodeSegment(value)])
        )
        await found.candidate.handler(auth, req, res, url, params)
      } catch (error) {
        if (res.headersSent) throw error
        sendAuthError(req, res, error)
      }
    }
  }
}
