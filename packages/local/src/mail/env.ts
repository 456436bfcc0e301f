import type { ServiceContext } from '../http/service.ts'

/** The mailbox's path under the gateway. */
export const MAIL_PREFIX = '/mail'

/**
 * What the local stack gives Edge Functions so that e-mail never leaves the machine: the
 * Resend API is the mailbox's (whatever the secrets say), and a key and sender exist out of
 * the box. `secrets` are the values from the env files, which may set the key and sender.
 */
export function localMailEnv(context: ServiceContext, secrets: Record<string, string>): Record<string, string> {
  return {
    RESEND_API_KEY: secrets['RESEND_API_KEY'] || 're_local_mailbox',
    EMAIL_FROM: secrets['EMAIL_FROM'] || 'Parley <no-reply@parley.localhost>',
    RESEND_API_URL: `${context.url()}${MAIL_PREFIX}/resend`
  }
}
