import { loadUser } from './admin.ts'
import { requireAdmin, requireAuthentication } from './authenticate.ts'
import { readJsonBody } from './body.ts'
import type { AuthHandler } from './context.ts'
import { AuthHttpError, badRequest, featureDisabled, forbidden, notFound, sendAuthJson, unprocessable } from './errors.ts'

/**
 * GoTrue's answers for the features this stack leaves off, in GoTrue's order: its router
 * authenticates (or checks admin credentials) first where it would, then the feature's own
 * gate answers with the code a Supabase project with that feature off gives.
 */

const manualLinkingDisabled = () => notFound('manual_linking_disabled', 'Manual linking is disabled')
const samlDisabled = () => notFound('saml_provider_disabled', 'SAML 2.0 is disabled')
const oauthServerDisabled = () => notFound('feature_disabled', 'OAuth server is disabled')
const factorNotFound = () => notFound('mfa_factor_not_found', 'Factor not found')

/** `/user/identities/…`: requireAuthentication, then requireManualLinkingEnabled. */
export const identities: AuthHandler = async (auth, req) => {
  await requireAuthentication(auth, req)
  throw manualLinkingDisabled()
}

const ENROLL_DISABLED: Record<string, [string, string]> = {
  totp: ['mfa_totp_enroll_not_enabled', 'MFA enroll is disabled for TOTP'],
  phone: ['mfa_phone_enroll_not_enabled', 'MFA enroll is disabled for Phone'],
  webauthn: ['mfa_webauthn_enroll_not_enabled', 'MFA enroll is disabled for WebAuthn']
}

/**
 * `/factors/…`: requireAuthentication, requireNotAnonymous, then enrolment answers as with
 * every factor type's enrolment turned off, and a factor id is never found (there are none).
 */
export const factors: AuthHandler = async (auth, req, _res, _url, params) => {
  const { claims } = await requireAuthentication(auth, req)
  if (claims.is_anonymous === true) throw forbidden('no_authorization', 'Anonymous user not allowed to perform these actions')
  if (params.rest) throw factorNotFound()
  if (req.method !== 'POST') throw new AuthHttpError(405, 'unknown', 'Method Not Allowed')
  const body = await readJsonBody(req, auth.config.maxBodyBytes)
  const disabled = typeof body.factor_type === 'string' ? ENROLL_DISABLED[body.factor_type] : undefined
  if (!disabled) throw badRequest('validation_failed', 'factor_type needs to be totp, phone, or webauthn')
  throw unprocessable(...disabled)
}

/** `/sso/…`: no authentication on this route group, only requireSAMLEnabled. */
export const sso: AuthHandler = async () => {
  throw samlDisabled()
}

/** `/oauth/…` (the OAuth 2.1 server): requireOAuthServerEnabled. */
export const oauthServer: AuthHandler = async () => {
  throw oauthServerDisabled()
}

/** `/admin/sso/…` and `/admin/oauth/…`: requireAdminCredentials first. */
export const adminSso: AuthHandler = async (auth, req) => {
  await requireAdmin(auth, req)
  throw samlDisabled()
}
export const adminOauthServer: AuthHandler = async (auth, req) => {
  await requireAdmin(auth, req)
  throw oauthServerDisabled()
}

/** `/admin/users/{id}/factors[/…]`: admin, the user must exist; a user here has no factors. */
export const adminUserFactors: AuthHandler = async (auth, req, res, _url, params) => {
  await requireAdmin(auth, req)
  await loadUser(auth, params)
  if (params.rest) throw factorNotFound()
  if (req.method !== 'GET') throw new AuthHttpError(405, 'unknown', 'Method Not Allowed')
  sendAuthJson(req, res, 200, [])
}

/** Handlers that need a mailer or SMS provider, behind the checks GoTrue runs before sending. */
export const afterAuthentication =
  (what: string): AuthHandler =>
  async (auth, req) => {
    await requireAuthentication(auth, req)
    throw featureDisabled(what)
  }
export const afterAdmin =
  (what: string): AuthHandler =>
  async (auth, req) => {
    await requireAdmin(auth, req)
    throw featureDisabled(what)
  }
export const unsupported =
  (what: string): AuthHandler =>
  async () => {
    throw featureDisabled(what)
  }
