import { describe, expect, it } from 'vitest'
import { CUSTOMER, fakeContext, recordingClient } from '../../test/fake-context.ts'
import { requestTranscript } from './request-transcript.ts'
import { peekUnsubscribe, unsubscribeEmail } from './unsubscribe-email.ts'

const conversation = '44444444-4444-4444-8444-444444444401'
const code = 'D8DFB96614622F3F7C88EC9045E42BBA15CA824D4A4C4F85682DC281E98BCB37'

/** A context whose Functions client records each invoke and answers with `answer`. */
function withFunctions(answer: () => { data: unknown; error: unknown }) {
  const server = fakeContext(null)
  const invokes: { name: string; options: unknown }[] = []
  Object.assign(server.context, {
    supabase: () => ({
      functions: {
        invoke: async (name: string, options: unknown) => {
          invokes.push({ name, options })
          return answer()
        }
      }
    })
  })
  return { context: server.context, invokes }
}

const httpError = (status: number, code: string, message: string) =>
  Object.assign(new Error('Edge Function returned a non-2xx status code'), {
    name: 'FunctionsHttpError',
    context: new Response(JSON.stringify({ code, message }), { status })
  })

describe('requestTranscript', () => {
  it('calls request_transcript and returns the address the transcript goes to', async () => {
    const server = fakeContext(CUSTOMER)
    const recorder = recordingClient(() => ({ data: 'ada@example.com', error: null }))
    Object.assign(server.context, { supabase: () => recorder.client })
    expect(await requestTranscript(server.context, conversation)).toBe('ada@example.com')
    expect(recorder.calls).toEqual([{ rpc: 'request_transcript', args: { conversation_id: conversation }, chain: [] }])
  })

  it('refuses an id that is not a uuid before the network', async () => {
    const server = fakeContext(CUSTOMER)
    await expect(requestTranscript(server.context, 'nope')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('passes the database refusal on as its ParleyError code', async () => {
    const server = fakeContext(CUSTOMER)
    const recorder = recordingClient(() => ({ data: null, error: { hint: 'RATE_LIMITED', message: 'A transcript was sent recently' } }))
    Object.assign(server.context, { supabase: () => recorder.client })
    await expect(requestTranscript(server.context, conversation)).rejects.toMatchObject({ code: 'RATE_LIMITED' })
  })
})

describe('peekUnsubscribe and unsubscribeEmail', () => {
  it('reads the preview with a GET to the preview door, the code lower-cased', async () => {
    const preview = { email: 'ada@example.com', organization_name: 'Garage Lavoie' }
    const { context, invokes } = withFunctions(() => ({ data: preview, error: null }))
    expect(await peekUnsubscribe(context, ` ${code} `)).toEqual(preview)
    expect(invokes).toEqual([
      {
        name: `send-email/unsubscribe/preview?token=${code.toLowerCase()}`,
        options: { body: undefined, method: 'GET' }
      }
    ])
  })

  it('is null for a code the server does not know', async () => {
    const { context } = withFunctions(() => ({ data: null, error: httpError(404, 'NOT_FOUND', 'This unsubscribe link is invalid') }))
    expect(await peekUnsubscribe(context, code)).toBeNull()
  })

  it('confirms with a POST, and reports a wrong code as NOT_FOUND', async () => {
    const ok = withFunctions(() => ({ data: { email: 'ada@example.com' }, error: null }))
    await unsubscribeEmail(ok.context, code)
    expect(ok.invokes[0]).toMatchObject({ name: `send-email/unsubscribe?token=${code.toLowerCase()}`, options: { method: 'POST' } })
    const wrong = withFunctions(() => ({ data: null, error: httpError(404, 'NOT_FOUND', 'This unsubscribe link is invalid') }))
    await expect(unsubscribeEmail(wrong.context, code)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses a malformed code before the network', async () => {
    const { context, invokes } = withFunctions(() => ({ data: null, error: null }))
    await expect(peekUnsubscribe(context, 'abc')).rejects.toMatchObject({ code: 'TOKEN_INVALID' })
    await expect(unsubscribeEmail(context, `${code}&token=x`)).rejects.toMatchObject({ code: 'TOKEN_INVALID' })
    expect(invokes).toEqual([])
  })
})
