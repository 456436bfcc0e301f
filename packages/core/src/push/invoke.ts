import type { Context } from '../client/context.ts'
import { toParleyError } from '../errors/to-parley-error.ts'
import { invalid } from '../errors/validate.ts'
import type { ParleySupabaseClient } from '../types/supabase-client.ts'

interface FunctionsErrorLike {
  name?: string
  message?: string
  context?: { status?: number; json?: () => Promise<unknown> }
}

/** Calls an edge function, mapping its JSON error body ({code, message}) to ParleyError. */
export async function invoke<T>(context: Context, name: string, body: unknown, method: 'GET' | 'POST' | 'DELETE' = 'POST'): Promise<T> {
  let result: { data: unknown; error: unknown }
  try {
    const { functions }: ParleySupabaseClient = context.supabase()
    // A client assembled from sub-clients (like the widget's) may leave Functions out.
    if (!functions) throw invalid(`The Supabase client given to Parley has no Functions client, which ${name} needs`)
    result = await functions.invoke(name, { body: body as Record<string, unknown>, method })
  } catch (error) {
    throw toParleyError(error)
  }
  if (!result.error) return result.data as T
  const error = result.error as FunctionsErrorLike
  const response = error.context
  if (error.name === 'FunctionsHttpError' && response && typeof response.json === 'function') {
    const payload = await response.json().catch(() => null)
    const detail =
      typeof payload === 'object' && payload !== null ? (payload as { code?: unknown; error?: unknown; message?: unknown }) : {}
    throw toParleyError(
      { hint: detail.code ?? detail.error, message: detail.message ?? detail.error ?? error.message },
      { status: response.status }
    )
  }
  throw toParleyError(error, { status: response?.status })
}
