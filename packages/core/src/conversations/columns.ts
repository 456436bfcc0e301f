/** The columns staff read (token hashes are not in the table; a deleted row is never returned). */
export const STAFF_CONVERSATION_COLUMNS =
  'id, organization_id, customer_name, customer_email, customer_phone, assigned_to, warranty_id, claim_id, status, priority, last_message_at, unread_count_customer, unread_count_staff, tags, internal_notes, subject, created_by, created_at, updated_at, customer_last_seen_at, staff_last_seen_at, customer_verified_at'

/** Customers never read chat_conversations; this view filters to their bindings. */
export const CUSTOMER_CONVERSATIONS = 'customer_conversations'
