// Type-level test (checked by `npm run typecheck`): supabase-js's client and the widget's lite
// client are both a ParleySupabaseClient, so core takes either without a cast. (A client typed
// with an app's own generated Database is taken by ParleyConfig as such.)
import type { ParleySupabaseClient } from '@parley/core'
import type { SupabaseClient } from '@supabase/supabase-js'
import type { LiteClient } from '../src/supabase/lite-client.ts'

export const liteClientFitsCore = (client: LiteClient): ParleySupabaseClient => client
export const supabaseJsFitsCore = (client: SupabaseClient): ParleySupabaseClient => client
