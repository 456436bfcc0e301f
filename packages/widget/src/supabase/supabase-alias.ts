// In the browser bundle '@supabase/supabase-js' resolves here, so core's createClient import
// costs nothing: the widget always hands core a lite client (see lite-client.ts).
import { createLiteClient } from './lite-client.ts'

export function createClient(supabaseUrl: string, supabaseKey: string, options?: { auth?: { storageKey?: string; storage?: Storage } }) {
  return createLiteClient(supabaseUrl, supabaseKey, {
    storageKey: options?.auth?.storageKey ?? 'parley:auth',
    storage: options?.auth?.storage ?? null
  })
}
