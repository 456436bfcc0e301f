// Type-level tests (checked by `npm run typecheck`): misuse of the public API must not compile.
import type { ConversationStore, Parley, ParleyCustomer, ParleyErrorCode } from '../src/index.ts'

export function misuse(parley: Parley, chat: ConversationStore): void {
  // @ts-expect-error priorities are an enum
  void parley.setPriority('id', 'whenever')
  // @ts-expect-error content is required
  void parley.sendMessage({ conversation_id: 'id' })
  // @ts-expect-error stores are read-only for callers
  parley.$session.set(null)
  // @ts-expect-error messages are read-only
  chat.$messages.set([])
  // @ts-expect-error platforms are web, ios, android
  void parley.registerPushSubscription({ organization_id: 'id', platform: 'fax' })
  // @ts-expect-error claim statuses are an enum
  void parley.changeClaimStatus({ claim_id: 'id', new_status: 'lost' })
  // @ts-expect-error preferences are the four known kinds
  void parley.updatePushPreferences('id', { marketing: true })
  // @ts-expect-error error codes are a closed set
  const code: ParleyErrorCode = 'OOPS'
  void code
}

export function use(parley: Parley): void {
  const code: ParleyErrorCode = 'RATE_LIMITED'
  void code
  void parley.sendMessage({ conversation_id: 'id', content: 'hi', sender_type: 'staff', sender_name: 'seed shape' })
  void parley.createClaimStatusUpdate({
    organization_id: 'o',
    claim_id: 'c',
    old_status: 'a',
    new_status: 'approved',
    changed_by: 'u',
    changed_by_name: 'n'
  })
  void parley.registerPushSubscription({ organization_id: 'o', user_id: 'u', push_token: 't', platform: 'ios' })
  parley.subscribeToConversation('id', {
    onMessage: (message) => message.content.length,
    onTyping: (typing) => typing.user_name,
    onConversationUpdate: (view) => view.status
  })()
}

export function customerMisuse(customer: ParleyCustomer): void {
  // @ts-expect-error the customer client has no staff inbox
  void customer.inbox()
  // @ts-expect-error nor staff actions
  void customer.setPriority('id', 'urgent')
  // @ts-expect-error nor claim status changes
  void customer.changeClaimStatus({ claim_id: 'id', new_status: 'approved' })
}

export function customerIsAParley(parley: Parley): ParleyCustomer {
  return parley
}
