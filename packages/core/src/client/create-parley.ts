import { signIn } from '../auth/sign-in.ts'
import { changeClaimStatus } from '../claims/change-claim-status.ts'
import { createClaimStatusUpdate } from '../claims/create-claim-status-update.ts'
import { issueClaimAccessToken, revokeAccessToken, rotateAccessToken } from '../conversations/access-tokens.ts'
import { assignConversation, setInternalNotes, setPriority, setStatus, setTags } from '../conversations/staff-actions.ts'
import { createInboxStore } from '../inbox/inbox-store.ts'
import { createNotificationCenter } from '../notifications/notification-center.ts'
import { listStaff } from '../staff/list-staff.ts'
import type { Parley, ParleyConfig, ParleyCustomer, ParleyOptions } from '../types/api.ts'
import { buildCustomer } from './build-customer.ts'
import { identity, operations, push, replies } from './chunks.ts'

/**
 * Creates a Parley client from a Supabase URL and anon key, or from your own SupabaseClient.
 * Nothing connects until a call is made or a store is listened to.
 *
 * @example
 * ```ts
 * const parley = createParley({ supabaseUrl: 'https://xyz.supabase.co', supabaseKey: anonKey })
 * // or share the app's client (and its session):
 * const parley = createParley({ supabase })
 * ```
 */
export function createParley(config: ParleyConfig, options: ParleyOptions = {}): Parley {
  const { context, customer } = buildCustomer('createParley', config, options)
  const staff: Omit<Parley, keyof ParleyCustomer> = {
    signIn: (input) => signIn(context, input),

    changeClaimStatus: (input) => changeClaimStatus(context, input),
    createClaimStatusUpdate: (input) => createClaimStatusUpdate(context, input),

    inbox: (filters) => createInboxStore(context, filters),
    assignConversation: (id, profileId) => assignConversation(context, id, profileId),
    setPriority: (id, priority) => setPriority(context, id, priority),
    setTags: (id, tags) => setTags(context, id, tags),
    setInternalNotes: (id, notes) => setInternalNotes(context, id, notes),
    resolveConversation: (id) => setStatus(context, id, 'resolved'),
    archiveConversation: (id) => setStatus(context, id, 'archived'),
    reopenConversation: (id) => setStatus(context, id, 'active'),
    rotateAccessToken: (id) => rotateAccessToken(context, id),
    revokeAccessToken: (id) => revokeAccessToken(context, id),
    issueClaimAccessToken: (id) => issueClaimAccessToken(context, id),
    notifications: () => createNotificationCenter(context),
    identityVerificationStatus: async (id) => (await identity()).identityVerificationStatus(context, id),
    rotateIdentitySecret: async (id) => (await identity()).rotateIdentitySecret(context, id),
    setIdentityVerificationRequired: async (id, required) => (await identity()).setIdentityVerificationRequired(context, id, required),

    listStaff: (roles) => listStaff(context, roles),
    getPushSubscription: async (id) => (await push()).getPushSubscription(context, id),
    listReplyTemplates: async () => (await replies()).listReplyTemplates(context),
    searchReplyTemplates: async (query, templates) => (await replies()).searchReplyTemplates(context, query, templates),
    createReplyTemplate: async (input) => (await replies()).createReplyTemplate(context, input),
    updateReplyTemplate: async (id, input) => (await replies()).updateReplyTemplate(context, id, input),
    deleteReplyTemplate: async (id) => (await replies()).deleteReplyTemplate(context, id),
    renderReplyTemplate: async (id, conversationId, locale) => (await replies()).renderReplyTemplate(context, id, conversationId, locale),
    replyTemplateUsage: async () => (await replies()).replyTemplateUsage(context),
    operationsReport: async (id, options) => (await operations()).operationsReport(context, id, options),
    operationsReportCsv: async (id, options) => (await operations()).operationsReportCsv(context, id, options),
    operationsBacklog: async (id) => (await operations()).operationsBacklog(context, id),
    recentRatings: async (id, limit) => (await operations()).recentRatings(context, id, limit),
    firstResponseTarget: async (id) => (await operations()).firstResponseTarget(context, id),

    listPushSubscriptions: async () => (await push()).listPushSubscriptions(context),
    sendTestNotification: async (id) => (await push()).sendTestNotification(context, id)
  }
  // Object.assign copies onto the customer object, so its lazy getters (supabase, $unread) stay getters.
  return Object.assign(customer, staff)
}
