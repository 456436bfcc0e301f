// Hand-written to match supabase/migrations, in the shape `supabase gen types typescript`
// produces, so a project can swap in its generated file without touching core.
/** @example `const settings: Json = { locale: 'fr-CA' }` */
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

type Empty = { [_ in never]: never }

/**
 * The Parley schema's types, in supabase gen types' shape.
 * @example `const supabase = createClient<Database>(url, key)`
 */
export type Database = {
  // Lets supabase-js pick the PostgREST dialect, as generated types do.
  __InternalSupabase: {
    PostgrestVersion: '12.2.3'
  }
  public: {
    Tables: {
      organizations: {
        Row: { id: string; name: string; slug: string; settings: Json; created_at: string }
        Insert: { id?: string; name: string; slug: string; settings?: Json; created_at?: string }
        Update: { id?: string; name?: string; slug?: string; settings?: Json; created_at?: string }
        Relationships: []
      }
      profiles: {
        Row: {
          id: string
          organization_id: string
          role: Database['public']['Enums']['user_role']
          display_name: string
          avatar_url: string | null
          is_available: boolean
          last_assigned_at: string | null
          created_at: string
        }
        Insert: {
          id: string
          organization_id: string
          role?: Database['public']['Enums']['user_role']
          display_name: string
          avatar_url?: string | null
          is_available?: boolean
          last_assigned_at?: string | null
          created_at?: string
        }
        Update: Partial<Database['public']['Tables']['profiles']['Insert']>
        Relationships: []
      }
      warranties: {
        Row: {
          id: string
          organization_id: string
          warranty_number: string
          customer_name: string
          customer_email: string | null
          customer_phone: string | null
          product: string | null
          vehicle_vin: string | null
          starts_on: string
          expires_on: string
          expiry_notified_at: string | null
          created_at: string
        }
        Insert: {
          id?: string
          organization_id: string
          warranty_number: string
          customer_name: string
          customer_email?: string | null
          customer_phone?: string | null
          product?: string | null
          vehicle_vin?: string | null
          starts_on: string
          expires_on: string
          expiry_notified_at?: string | null
          created_at?: string
        }
        Update: Partial<Database['public']['Tables']['warranties']['Insert']>
        Relationships: []
      }
      claims: {
        Row: {
          id: string
          organization_id: string
          warranty_id: string | null
          claim_number: string
          status: Database['public']['Enums']['claim_status']
          customer_name: string | null
          customer_email: string | null
          customer_phone: string | null
          description: string | null
          access_token: string | null
          created_at: string
          updated_at: string
        }
        Insert: {
          id?: string
          organization_id: string
          warranty_id?: string | null
          claim_number: string
          status?: Database['public']['Enums']['claim_status']
          customer_name?: string | null
          customer_email?: string | null
          customer_phone?: string | null
          description?: string | null
          access_token?: string | null
          created_at?: string
          updated_at?: string
        }
        Update: Partial<Database['public']['Tables']['claims']['Insert']>
        Relationships: []
      }
      chat_conversations: {
        Row: {
          id: string
          organization_id: string
          customer_name: string
          customer_email: string | null
          customer_phone: string | null
          assigned_to: string | null
          warranty_id: string | null
          claim_id: string | null
          status: Database['public']['Enums']['conversation_status']
          priority: Database['public']['Enums']['conversation_priority']
          last_message_at: string | null
          unread_count_customer: number
          unread_count_staff: number
          access_token: string | null
          tags: string[]
          internal_notes: string | null
          subject: string | null
          created_by: string | null
          created_at: string
          updated_at: string
          customer_last_seen_at: string | null
          staff_last_seen_at: string | null
          /** Set by the database when a valid customer_signature vouched for customer_email. */
          customer_verified_at: string | null
        }
        Insert: {
          id?: string
          organization_id: string
          customer_name: string
          customer_email?: string | null
          customer_phone?: string | null
          assigned_to?: string | null
          warranty_id?: string | null
          claim_id?: string | null
          status?: Database['public']['Enums']['conversation_status']
          priority?: Database['public']['Enums']['conversation_priority']
          last_message_at?: string | null
          unread_count_customer?: number
          unread_count_staff?: number
          access_token?: string | null
          tags?: string[]
          internal_notes?: string | null
          subject?: string | null
          created_by?: string | null
          created_at?: string
          updated_at?: string
          customer_last_seen_at?: string | null
          staff_last_seen_at?: string | null
          customer_verified_at?: string | null
        }
        Update: Partial<Database['public']['Tables']['chat_conversations']['Insert']>
        Relationships: []
      }
      conversation_access: {
        Row: { conversation_id: string; user_id: string; created_at: string }
        Insert: { conversation_id: string; user_id: string; created_at?: string }
        Update: { conversation_id?: string; user_id?: string; created_at?: string }
        Relationships: []
      }
      claim_access: {
        Row: { claim_id: string; user_id: string; created_at: string }
        Insert: { claim_id: string; user_id: string; created_at?: string }
        Update: { claim_id?: string; user_id?: string; created_at?: string }
        Relationships: []
      }
      chat_messages: {
        Row: {
          id: string
          organization_id: string
          conversation_id: string
          client_id: string | null
          sender_type: Database['public']['Enums']['sender_type']
          sender_id: string | null
          sender_name: string
          message_type: Database['public']['Enums']['message_type']
          content: string
          attachments: Json
          read_by_customer: boolean
          read_by_staff: boolean
          read_at: string | null
          is_internal: boolean
          edited_at: string | null
          created_at: string
        }
        Insert: {
          id?: string
          organization_id?: string
          conversation_id: string
          client_id?: string | null
          sender_type?: Database['public']['Enums']['sender_type']
          sender_id?: string | null
          sender_name?: string | null
          message_type?: Database['public']['Enums']['message_type']
          content: string
          attachments?: Json
          read_by_customer?: boolean
          read_by_staff?: boolean
          read_at?: string | null
          is_internal?: boolean
          edited_at?: string | null
          created_at?: string
        }
        Update: Partial<Database['public']['Tables']['chat_messages']['Insert']>
        Relationships: []
      }
      claim_status_updates: {
        Row: {
          id: string
          organization_id: string
          claim_id: string
          old_status: string | null
          new_status: string
          changed_by: string | null
          changed_by_name: string | null
          reason: string | null
          notes: string | null
          notification_sent: boolean
          notification_sent_at: string | null
          metadata: Json
          created_at: string
        }
        Insert: {
          id?: string
          organization_id: string
          claim_id: string
          old_status?: string | null
          new_status: string
          changed_by?: string | null
          changed_by_name?: string | null
          reason?: string | null
          notes?: string | null
          notification_sent?: boolean
          notification_sent_at?: string | null
          metadata?: Json
          created_at?: string
        }
        Update: Partial<Database['public']['Tables']['claim_status_updates']['Insert']>
        Relationships: []
      }
      push_subscriptions: {
        Row: {
          id: string
          organization_id: string
          user_id: string
          push_token: string | null
          platform: Database['public']['Enums']['push_platform']
          endpoint: string | null
          keys: Json
          enabled: boolean
          preferences: Json
          user_agent: string | null
          last_used_at: string | null
          created_at: string
          updated_at: string
        }
        Insert: {
          id?: string
          organization_id: string
          user_id: string
          push_token?: string | null
          platform: Database['public']['Enums']['push_platform']
          endpoint?: string | null
          keys?: Json
          enabled?: boolean
          preferences?: Json
          user_agent?: string | null
          last_used_at?: string | null
          created_at?: string
          updated_at?: string
        }
        Update: Partial<Database['public']['Tables']['push_subscriptions']['Insert']>
        Relationships: []
      }
      typing_indicators: {
        Row: {
          conversation_id: string
          user_type: Database['public']['Enums']['typing_user_type']
          user_id: string
          user_name: string | null
          expires_at: string
          is_internal: boolean
          calls: number
          calls_since: string
        }
        Insert: {
          conversation_id: string
          user_type: Database['public']['Enums']['typing_user_type']
          user_id: string
          user_name?: string | null
          expires_at?: string
        }
        Update: Partial<Database['public']['Tables']['typing_indicators']['Insert']>
        Relationships: []
      }
      notifications: {
        Row: {
          id: string
          organization_id: string
          user_id: string
          type: Database['public']['Enums']['notification_type']
          title: string
          body: string | null
          data: Json
          read_at: string | null
          created_at: string
        }
        Insert: {
          id?: string
          organization_id: string
          user_id: string
          type: Database['public']['Enums']['notification_type']
          title: string
          body?: string | null
          data?: Json
          read_at?: string | null
          created_at?: string
        }
        Update: Partial<Database['public']['Tables']['notifications']['Insert']>
        Relationships: []
      }
    }
    Views: {
      customer_conversations: {
        Row: {
          id: string
          organization_id: string
          subject: string | null
          status: Database['public']['Enums']['conversation_status']
          priority: Database['public']['Enums']['conversation_priority']
          customer_name: string
          customer_email: string | null
          customer_phone: string | null
          claim_id: string | null
          last_message_at: string | null
          unread_count_customer: number
          customer_last_seen_at: string | null
          staff_last_seen_at: string | null
          assigned_agent_name: string | null
          assigned_agent_avatar_url: string | null
          created_at: string
          updated_at: string
        }
        Relationships: []
      }
    }
    Functions: {
      start_conversation: {
        Args: {
          organization_id: string
          customer_name: string
          customer_email: string
          customer_phone?: string | null
          subject?: string | null
          warranty_id?: string | null
          claim_id?: string | null
          customer_signature?: string | null
        }
        Returns: { conversation_id: string; access_token: string }[]
      }
      redeem_access_token: {
        Args: { token: string }
        Returns: { conversation_id: string | null; claim_id: string | null }[]
      }
      rotate_access_token: { Args: { conversation_id: string }; Returns: string }
      issue_claim_access_token: { Args: { claim_id: string }; Returns: string }
      revoke_claim_access_token: { Args: { claim_id: string }; Returns: undefined }
      revoke_access_token: { Args: { conversation_id: string }; Returns: undefined }
      send_message: {
        Args: {
          conversation_id: string
          client_id: string
          content: string
          message_type?: string
          attachments?: Json
          is_internal?: boolean
        }
        Returns: Database['public']['Tables']['chat_messages']['Row']
      }
      mark_read: { Args: { conversation_id: string }; Returns: string }
      set_typing: { Args: { conversation_id: string; is_typing: boolean; internal?: boolean }; Returns: undefined }
      realtime_topic: { Args: { topic: string }; Returns: string }
      update_customer_details: {
        Args: {
          conversation_id: string
          customer_name?: string | null
          customer_email?: string | null
          customer_phone?: string | null
          customer_signature?: string | null
        }
        Returns: undefined
      }
      rotate_identity_secret: { Args: { organization_id: string }; Returns: string }
      set_identity_verification_required: { Args: { organization_id: string; required: boolean }; Returns: undefined }
      identity_verification_status: {
        Args: { organization_id: string }
        Returns: { configured: boolean; required: boolean; rotated_at: string | null }[]
      }
      change_claim_status: {
        Args: {
          claim_id: string
          new_status: Database['public']['Enums']['claim_status']
          reason?: string | null
          notes?: string | null
        }
        Returns: Database['public']['Tables']['claim_status_updates']['Row']
      }
    }
    Enums: {
      user_role: 'admin' | 'operations' | 'f_and_i' | 'agent'
      conversation_status: 'active' | 'resolved' | 'archived'
      conversation_priority: 'low' | 'normal' | 'high' | 'urgent'
      sender_type: 'customer' | 'staff' | 'system'
      message_type: 'text' | 'file' | 'image' | 'status_update' | 'system'
      push_platform: 'web' | 'ios' | 'android'
      typing_user_type: 'customer' | 'staff'
      claim_status: 'submitted' | 'under_review' | 'info_requested' | 'approved' | 'denied' | 'in_repair' | 'completed' | 'closed'
      notification_type: 'new_message' | 'claim_update' | 'warranty_expiring' | 'system_alert'
    }
    CompositeTypes: Empty
  }
}

type PublicSchema = Database['public']

/**
 * A table's row type, as `supabase gen types` names it.
 * @example `type Claim = Tables<'claims'>`
 */
export type Tables<T extends keyof PublicSchema['Tables']> = PublicSchema['Tables'][T]['Row']
/** @example `const draft: TablesInsert<'warranties'> = { organization_id, warranty_number, customer_name, starts_on, expires_on }` */
export type TablesInsert<T extends keyof PublicSchema['Tables']> = PublicSchema['Tables'][T]['Insert']
/** @example `const change: TablesUpdate<'chat_conversations'> = { priority: 'high' }` */
export type TablesUpdate<T extends keyof PublicSchema['Tables']> = PublicSchema['Tables'][T]['Update']
/** @example `const role: Enums<'user_role'> = 'agent'` */
export type Enums<T extends keyof PublicSchema['Enums']> = PublicSchema['Enums'][T]
/** @example `type Mine = Views<'customer_conversations'>` */
export type Views<T extends keyof PublicSchema['Views']> = PublicSchema['Views'][T]['Row']
