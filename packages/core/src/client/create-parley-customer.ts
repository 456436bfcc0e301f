import type { ParleyConfig, ParleyCustomer, ParleyOptions } from '../types/api.ts'
import { buildCustomer } from './build-customer.ts'

/**
 * Creates the customer side of Parley only: same config, options and behaviour as
 * createParley, without staff sign-in, inbox, notification centre, staff actions or claim
 * status changes. A bundle that imports only this leaves those modules out.
 *
 * @example
 * ```ts
 * const parley = createParleyCustomer({ supabaseUrl: 'https://xyz.supabase.co', supabaseKey: anonKey })
 * const { conversation_id } = await parley.startConversation({ organization_id, customer_name: 'Ada', customer_email: 'ada@example.com' })
 * await parley.conversation(conversation_id).send('Bonjour !')
 * ```
 */
export function createParleyCustomer(config: ParleyConfig, options: ParleyOptions = {}): ParleyCustomer {
  return buildCustomer('createParleyCustomer', config, options).customer
}
