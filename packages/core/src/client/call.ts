import { toParleyError } from '../errors/to-parley-error.ts'

interface Result {
  data: unknown
  error: unknown
  status?: number
}

/** The data of a successful supabase-js response (their success branch has `error: null`). */
type DataOf<R extends Result> = [Extract<R, { error: null }>] extends [never] ? R['data'] : Extract<R, { error: null }>['data']

/**
 * Awaits a supabase-js call and returns its data, turning both returned and thrown errors
 * (fetch failures throw in some clients) into ParleyError.
 */
export async function call<R extends Result>(request: PromiseLike<R>): Promise<DataOf<R>> {
  let result: R
  try {
    result = await request
  } catch (error) {
    throw toParleyError(error)
  }
  if (result.error) throw toParleyError(result.error, { status: result.status })
  return result.data as DataOf<R>
}
