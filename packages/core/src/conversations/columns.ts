/** Everything but access_token (a hash, but still nobody's business). */
export const STAFF_CONVERSATION_COLUMNS =
  'id, organization_id, customer_name, customer_email, customer_phone, assigned_to, warranty_id, claim_id, status, priority, last_message_at, unread_count_customer, unread_count_staff, tags, internal_notes, subject, created_at, updated_at, customer_last_seen_at, staff_last_seen_at'

/** What a customer may read of their own conversation. */
export const CUSTOMER_CONVERSATION_COLUMNS =
  'id, organization_id, customer_name, customer_email, customer_phone, status, priority, last_message_at, unread_count_customer, subject, created_at, updated_at, customer_last_seen_at, staff_last_seen_at'
