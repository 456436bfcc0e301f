import { describe, expect, it } from 'vitest'
import { fakeContext } from '../../test/fake-context.ts'
import { invoke } from './invoke.ts'

function withFunctions(result: { data: unknown; error: unknown } | Error) {
  const server = fakeContext()
  Object.assign(server.context, {
    supabase: () => ({
      functions: {
        invoke: async () => {
          if (result instanceof Error) throw result
          return result
        }
      }
    })
  })
  return server.context
}

describe('invoke', () => {
  it('returns the function’s data', async () => {
    expect(await invoke(withFunctions({ data: { id: 'x' }, error: null }), 'push-register', {})).toEqual({ id: 'x' })
  })

  it('maps the function’s {code, message} body and status', async () => {
    const response = new Response(JSON.stringify({ code: 'NOT_FOUND', message: 'subscription not found' }), { status: 404 })
    const error = Object.assign(new Error('Edge Function returned a non-2xx status code'), {
      name: 'FunctionsHttpError',
      context: response
    })
    await expect(invoke(withFunctions({ data: null, error }), 'push-register', {})).rejects.toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
      message: 'subscription not found'
    })
  })

  it('calls relay failures NETWORK', async () => {
    const error = Object.assign(new Error('Failed to send a request to the Edge Function'), { name: 'FunctionsFetchError' })
    await expect(invoke(withFunctions({ data: null, error }), 'push-test', {})).rejects.toMatchObject({ code: 'NETWORK' })
    await expect(invoke(withFunctions(new TypeError('fetch failed')), 'push-test', {})).rejects.toMatchObject({ code: 'NETWORK' })
  })

  it('says which call needs Functions when the client has none', async () => {
    const server = fakeContext()
    Object.assign(server.context, { supabase: () => ({}) })
    await expect(invoke(server.context, 'push-register', {})).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/Functions.*push-register/)
    })
  })
})
