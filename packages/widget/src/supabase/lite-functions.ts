import type { FunctionInvokeOptions, FunctionsClient, FunctionsResponse } from '@supabase/functions-js'
import { chunk } from '../connect/chunk.ts'

type FunctionsModule = typeof import('@supabase/functions-js')

/**
 * `supabase.functions` of the lite client: Supabase's own FunctionsClient, fetched on the
 * first invoke (only the push opt-in calls functions). `fetch` adds the apikey and the
 * visitor's JWT. Unlike supabase-js, a FunctionsClient that cannot be fetched (offline, CSP)
 * rejects the invoke with WidgetError LOAD_FAILED; the next invoke fetches it again.
 */
export function lazyFunctions(
  url: string,
  fetch: typeof globalThis.fetch,
  load: () => Promise<FunctionsModule> = () => import('@supabase/functions-js')
) {
  const client = chunk(() => load().then(({ FunctionsClient }): FunctionsClient => new FunctionsClient(url, { customFetch: fetch })))
  return {
    async invoke<T = unknown>(functionName: string, options?: FunctionInvokeOptions): Promise<FunctionsResponse<T>> {
      return (await client()).invoke<T>(functionName, options)
    }
  }
}
