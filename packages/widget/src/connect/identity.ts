import type { ParleyCustomer } from '@parley/core'
import type { Identity } from '../loader/contract.ts'
import type { StateAccess } from './state.ts'

/**
 * What identify() said about the visitor, prefilled in the form and written onto the
 * conversations they have open. identify() usually runs before a returning visitor's
 * conversation is restored, so it is applied when one is shown.
 */
export function createIdentitySlice({ parley, get, set, fail }: StateAccess & { parley: Pick<ParleyCustomer, 'updateCustomerDetails'> }) {
  let identity: Identity = {}
  // Conversations that already carry the current identity.
  let identified = new Set<string>()
  /** The dealer's signature goes only with the e-mail it signed. */
  const signatureFor = (email: string) =>
    identity.signature && identity.email?.trim().toLowerCase() === email.trim().toLowerCase() ? identity.signature : null
  const apply = (id: string) => {
    if (identified.has(id) || !identity.name || !identity.email) return
    identified.add(id)
    void parley
      .updateCustomerDetails(id, {
        customer_name: identity.name,
        customer_email: identity.email,
        customer_phone: identity.phone ?? null,
        customer_signature: signatureFor(identity.email)
      })
      .catch(fail)
  }
  return {
    signatureFor,
    apply,
    /** `id` was started with the form's details: only an identify() after this updates them. */
    started(id: string) {
      identified.add(id)
    },
    identify(next: Identity) {
      // A new e-mail without a signature of its own must not travel with the old one.
      identity = { ...identity, ...next, signature: next.signature ?? (next.email === undefined ? identity.signature : undefined) }
      const emailSigned = Boolean(identity.email && identity.signature)
      set({ prefill: { ...get().prefill, name: identity.name, email: identity.email, phone: identity.phone, emailSigned } })
      identified = new Set()
      const id = get().activeId
      if (id) apply(id)
    }
  }
}

export type IdentitySlice = ReturnType<typeof createIdentitySlice>
