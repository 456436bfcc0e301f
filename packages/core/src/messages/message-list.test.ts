import { describe, expect, it } from 'vitest'
import type { ChatMessage } from '../types/api.ts'
import { compareCursor } from './compare.ts'
import { createMessageList } from './message-list.ts'

let sequence = 0
function message(created_at: string, overrides: Partial<ChatMessage> = {}): ChatMessage {
  sequence++
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    organization_id: 'o',
    conversation_id: 'c',
    client_id: `client-${sequence}`,
    sender_type: 'customer',
    sender_id: null,
    sender_name: 'Ada',
    message_type: 'text',
    content: `m${sequence}`,
    attachments: [],
    read_by_customer: false,
    read_by_staff: false,
    read_at: null,
    is_internal: false,
    edited_at: null,
    created_at,
    ...overrides
  }
}

describe('compareCursor', () => {
  it('orders by created_at with microseconds, then id', () => {
    const a = { created_at: '2026-11-24T07:00:00.123456+00:00', id: 'b' }
    const b = { created_at: '2026-11-24T07:00:00.123457+00:00', id: 'a' }
    expect(compareCursor(a, b)).toBe(-1)
    expect(compareCursor({ ...a, id: 'a' }, a)).toBe(-1)
    expect(compareCursor(a, a)).toBe(0)
    expect(
      compareCursor({ created_at: '2026-11-24T08:00:00+01:00', id: 'x' }, { created_at: '2026-11-24T07:00:00.5+00:00', id: 'x' })
    ).toBe(-1)
  })
})

describe('message list', () => {
  it('orders rows by (created_at, id) whatever order they arrive in, without duplicates', () => {
    const list = createMessageList()
    const first = message('2026-11-24T07:00:01.000001+00:00')
    const second = message('2026-11-24T07:00:01.000002+00:00')
    const third = message('2026-11-24T07:00:02+00:00')
    expect(list.ingest([third])).toBe(true)
    expect(list.ingest([first, third])).toBe(true)
    expect(list.ingest([second, second])).toBe(true)
    expect(list.ingest([first])).toBe(false)
    expect(list.rows().map((row) => row.id)).toEqual([first.id, second.id, third.id])
    expect(list.size).toBe(3)
    expect(list.oldest()).toEqual({ created_at: first.created_at, id: first.id })
    expect(list.newest()).toEqual({ created_at: third.created_at, id: third.id })
    expect(list.hasClientId(second.client_id ?? '')).toBe(true)
  })

  it('merges a large page in one pass and keeps the last copy of a row repeated within it', () => {
    const list = createMessageList()
    const rows = Array.from({ length: 40 }, (_, index) => message(`2026-11-24T07:01:${String(59 - index).padStart(2, '0')}+00:00`))
    list.ingest([rows[0] as ChatMessage])
    list.ingest([...rows, { ...(rows[5] as ChatMessage), content: 'last copy' }])
    expect(list.size).toBe(40)
    expect(list.rows().map((row) => row.created_at)).toEqual(rows.map((row) => row.created_at).reverse())
    expect(list.rows().find((row) => row.id === rows[5]?.id)?.content).toBe('last copy')
  })

  it('replaces an edited row in place and keeps the snapshot stable when nothing changed', () => {
    const list = createMessageList()
    const row = message('2026-11-24T07:00:00+00:00')
    list.ingest([row])
    const before = list.rows()
    list.ingest([{ ...row }])
    expect(list.rows()).toBe(before)
    list.ingest([{ ...row, content: 'edited' }])
    expect(list.rows()).not.toBe(before)
    expect(list.rows()[0]?.content).toBe('edited')
  })

  it('applies read receipts to the other side’s messages up to read_at', () => {
    const list = createMessageList()
    const mine = message('2026-11-24T07:00:00+00:00', { sender_type: 'customer' })
    const staffOld = message('2026-11-24T07:00:01+00:00', { sender_type: 'staff' })
    const staffNew = message('2026-11-24T07:00:05+00:00', { sender_type: 'staff' })
    list.ingest([mine, staffOld, staffNew])
    expect(list.applyRead({ conversation_id: 'c', reader: 'customer', read_at: '2026-11-24T07:00:02+00:00' })).toBe(true)
    expect(list.rows().map((row) => row.read_by_customer)).toEqual([false, true, false])
    expect(list.applyRead({ conversation_id: 'c', reader: 'customer', read_at: '2026-11-24T07:00:02+00:00' })).toBe(false)
  })
})
