import { createHmac } from 'node:crypto'

/**
 * What a dealer's server computes for identify({ signature }) (docs/widget.md): HMAC-SHA256
 * of the trimmed, lower-cased e-mail, keyed with the organization's identity secret, in hex.
 */
export const signIdentity = (secret: string, email: string): string =>
  createHmac('sha256', secret).update(email.trim().toLowerCase()).digest('hex')
