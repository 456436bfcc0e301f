import { describe, expect, it } from 'vitest'
import { validateMessage } from './validate-message.ts'

const conversation_id = '66666666-6666-4666-8666-666666666601'
const attachment = { path: 'o/c/k/a.txt', name: 'a.txt', size: 1, mime_type: 'text/plain' }

describe('validateMessage', () => {
  it('fills defaults and infers file messages', () => {
    expect(validateMessage({ conversation_id, content: 'hi' })).toEqual({
      conversation_id,
      content: 'hi',
      message_type: 'text',
      attachments: [],
      is_internal: false
    })
    expect(validateMessage({ conversation_id, content: '', attachments: [attachment] }).message_type).toBe('file')
  })

  it('refuses bad input with clear INVALID_INPUT errors', () => {
    const bad = (input: unknown, pattern: RegExp) =>
      expect(() => validateMessage(input as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(pattern) })
      )
    bad(null, /expects an object/)
    bad({ conversation_id: 'x', content: 'hi' }, /conversation_id/)
    bad({ conversation_id, content: '   ' }, /text or an attachment/)
    bad({ conversation_id, content: 'x'.repeat(10_001) }, /at most 10000/)
    bad({ conversation_id, content: 'hi', client_id: 'nope' }, /client_id/)
    bad({ conversation_id, content: 'hi', message_type: 'video' }, /message_type/)
    bad({ conversation_id, content: 'hi', attachments: [{ path: 1 }] }, /attachments/)
    bad({ conversation_id, content: 42 }, /content must be a string/)
    bad({ conversation_id, content: 'hi', is_internal: 'yes' }, /is_internal/)
  })
})
