import { PushError, type PushErrorCode } from './errors.ts'

/**
 * Every database call the push functions make is one SQL function (supabase/migrations/
 * 20261124100000_push.sql), so the only thing that differs between Supabase and a test is
 * how a function is called.
 */
export type Rpc = <T>(fn: string, args: Record<string, unknown>) => Promise<T>

interface RpcClient {
  rpc(
    fn: string,
    args: Record<string, unknown>
  ): PromiseLike<{ data: unknown; error: { message: string; hint?: string | null; code?: string } | null }>
}

const CODES = new Set<PushErrorCode>(['INVALID_INPUT', 'NOT_AUTHORIZED', 'NOT_FOUND', 'RATE_LIMITED'])

/** Over supabase-js: errors raised with a Parley code in HINT come back as PushError with that code. */
export function rpcOf(client: RpcClient): Rpc {
  return async <T>(fn: string, args: Record<string, unknown>): Promise<T> => {
    const { data, error } = await client.rpc(fn, args)
    if (error) throw pushErrorOf(error)
    return data as T
  }
}

export function pushErrorOf(error: { message: string; hint?: string | null; code?: string }): PushError {
  const hint = error.hint as PushErrorCode | undefined
  if (hint && CODES.has(hint)) return new PushError(hint, error.message)
  if (error.code === '22P02' || error.code === '23514' || error.code === '22023') return new PushError('INVALID_INPUT', error.message)
  if (error.code === '42501' || error.code === 'PGRST301' || error.code === 'PGRST303')
    return new PushError('NOT_AUTHORIZED', error.message)
  return new PushError('UPSTREAM_FAILED', `database: ${error.message}`)
}
