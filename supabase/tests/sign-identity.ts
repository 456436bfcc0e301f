import { createHmac } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { DEMO } from './kit/demo.ts'

/**
 * What a dealer's server computes for identify({ signature }) (docs/widget.md): HMAC-SHA256
 * of the trimmed, lower-cased e-mail, keyed with the organization's identity secret, in hex.
 */
export const signIdentity = (secret: string, email: string): string =>
  createHmac('sha256', secret).update(email.trim().toLowerCase()).digest('hex')

/** The demo dealer's admin creates (or rotates) its identity secret, as a dealer does once. */
export async function rotateDemoIdentitySecret(client: SupabaseClient): Promise<string> {
  const signedIn = await client.auth.signInWithPassword({ email: DEMO.admin.email, password: DEMO.admin.password })
  if (signedIn.error) throw signedIn.error
  const rotated = await client.rpc('rotate_identity_secret', { organization_id: DEMO.organizationId })
  if (rotated.error) throw rotated.error
  return rotated.data as string
}
