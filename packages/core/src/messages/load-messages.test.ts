import { describe, expect, it } from 'vitest'
import { CUSTOMER, fakeContext, recordingClient } from '../../test/fake-context.ts'
import { loadMessages } from './load-messages.ts'

const id = '66666666-6666-4666-8666-666666666601'

function setUp(rows: unknown[]) {
  const server = fakeContext(CUSTOMER)
  const recorder = recordingClient(() => ({ data: rows, error: null }))
  Object.assign(server.context, { supabase: () => recorder.client })
  return { context: server.context, calls: recorder.calls }
}

describe('loadMessages', () => {
  it('pages backwards by (created_at, id) and returns oldest first', async () => {
    const { context, calls } = setUp([{ id: 'b' }, { id: 'a' }])
    const rows = await loadMessages(context, id, { before: { created_at: '2026-11-24T07:00:00.5+00:00', id: 'c' }, limit: 2 })
    expect(rows.map((row) => row.id)).toEqual(['a', 'b'])
    expect(calls[0]?.table).toBe('chat_messages')
    expect(calls[0]?.chain).toEqual([
      ['select', [expect.stringContaining('client_id')]],
      ['eq', ['conversation_id', id]],
      ['or', ['created_at.lt."2026-11-24T07:00:00.5+00:00",and(created_at.eq."2026-11-24T07:00:00.5+00:00",id.lt.c)']],
      ['order', ['created_at', { ascending: false }]],
      ['order', ['id', { ascending: false }]],
      ['limit', [2]]
    ])
  })

  it('pages forwards in ascending order and caps the page size', async () => {
    const { context, calls } = setUp([{ id: 'a' }, { id: 'b' }])
    const rows = await loadMessages(context, id, { after: { created_at: 't', id: 'x' }, limit: 5000 })
    expect(rows.map((row) => row.id)).toEqual(['a', 'b'])
    expect(calls[0]?.chain).toContainEqual(['order', ['created_at', { ascending: true }]])
    expect(calls[0]?.chain).toContainEqual(['limit', [1000]])
  })

  it('refuses a bad conversation id', async () => {
    const { context } = setUp([])
    await expect(loadMessages(context, 'x')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})
