import type { Database } from './database.ts'

type Public = Database['public']
type Functions = Public['Functions']
type View = Public['Views']['customer_conversations']

type NotNull<T, Keys extends keyof T> = { [K in keyof T]: K extends Keys ? NonNullable<T[K]> : T[K] }
type OrNull<T, Keys extends keyof T> = { [K in keyof T]: K extends Keys ? T[K] | null : T[K] }
/** Arguments declared `default null`: passing null is the same as leaving them out. */
type NullDefaults<Name extends keyof Functions, Keys extends keyof Functions[Name]['Args']> = {
  Args: OrNull<Functions[Name]['Args'], Keys>
  Returns: Functions[Name]['Returns']
}
type RowsOrNull<
  Name extends 'identity_verification_status' | 'redeem_access_token',
  Keys extends keyof Functions[Name]['Returns'][number]
> = {
  Args: Functions[Name]['Args']
  Returns: OrNull<Functions[Name]['Returns'][number], Keys>[]
}

/** Report columns that are null for a period with nothing to measure (or no agent). */
type ReportNullable =
  | 'agent_id'
  | 'agent_name'
  | 'first_response_median_seconds'
  | 'first_response_p90_seconds'
  | 'resolution_median_seconds'
  | 'resolution_p90_seconds'
  | 'replies_per_conversation'
  | 'rating_average'
  | 'rating_response_rate'

/**
 * The generated `Database` with what its generator cannot see, the way Supabase suggests
 * overriding generated types: PostgreSQL calls every view column nullable (the view fills
 * these from NOT NULL columns of an inner-joined table), RETURNS TABLE columns non-null, and
 * the generator leaves null out of arguments whose default is null. Core's client is typed
 * with it; applications keep the generated shape.
 */
export type ClientDatabase = Omit<Database, 'public'> & {
  public: Omit<Public, 'Views' | 'Functions'> & {
    Views: {
      customer_conversations: {
        Row: NotNull<
          View['Row'],
          'id' | 'organization_id' | 'status' | 'priority' | 'customer_name' | 'unread_count_customer' | 'created_at' | 'updated_at'
        >
        Relationships: View['Relationships']
      }
    }
    Functions: Omit<
      Functions,
      | 'change_claim_status'
      | 'identity_verification_status'
      | 'operations_report'
      | 'rate_conversation'
      | 'redeem_access_token'
      | 'start_conversation'
      | 'update_customer_details'
    > & {
      change_claim_status: NullDefaults<'change_claim_status', 'reason' | 'notes'> & Pick<Functions['change_claim_status'], 'SetofOptions'>
      identity_verification_status: RowsOrNull<'identity_verification_status', 'rotated_at'>
      operations_report: {
        Args: Functions['operations_report']['Args']
        Returns: OrNull<Functions['operations_report']['Returns'][number], ReportNullable>[]
      }
      rate_conversation: NullDefaults<'rate_conversation', 'comment'>
      redeem_access_token: RowsOrNull<'redeem_access_token', 'conversation_id' | 'claim_id'>
      start_conversation: NullDefaults<'start_conversation', 'customer_phone' | 'subject' | 'warranty_id' | 'claim_id'>
      update_customer_details: NullDefaults<'update_customer_details', 'customer_phone'>
    }
  }
}
