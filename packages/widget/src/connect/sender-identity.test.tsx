import type { ClaimStatusUpdate, ConversationMessage } from '@parley/core'
import { describe, expect, it } from 'vitest'
import { mount } from '../../test/render.tsx'
import { ClaimTimeline } from '../ui/ClaimTimeline.tsx'
import { MessageList } from '../ui/MessageList.tsx'
import { toClaimUpdateView } from './map-claim-update.ts'
import { toMessageView } from './map-message.ts'

// Who wrote something is decided by sender_type / changed_by, never by the name it carries.

const update = (change: Partial<ClaimStatusUpdate>): ClaimStatusUpdate => ({
  id: 'u1',
  organization_id: 'org',
  claim_id: 'claim',
  old_status: 'submitted',
  new_status: 'under_review',
  changed_by: null,
  changed_by_name: 'System',
  reason: null,
  notes: null,
  notification_sent: false,
  notification_sent_at: null,
  metadata: {},
  created_at: '2026-11-21T10:00:00Z',
  ...change
})

const message = (change: Partial<ConversationMessage>): ConversationMessage => ({
  id: 'm1',
  organization_id: 'org',
  conversation_id: 'c',
  client_id: 'k1',
  sender_type: 'staff',
  sender_id: 'someone',
  sender_name: 'Julie',
  message_type: 'text',
  content: 'Bonjour',
  attachments: [],
  read_by_customer: false,
  read_by_staff: false,
  read_at: null,
  is_internal: false,
  edited_at: null,
  created_at: '2026-11-21T10:00:00Z',
  delivery: 'sent',
  ...change
})

describe('who the visitor is told did something', () => {
  it('a claim change the server made names nobody; a staff change names its author', () => {
    expect(toClaimUpdateView(update({})).by).toBeNull()
    expect(toClaimUpdateView(update({ changed_by: 'staff-id', changed_by_name: 'Julie Tremblay' })).by).toBe('Julie Tremblay')
    const { container } = mount(<ClaimTimeline status="under_review" updates={[toClaimUpdateView(update({}))]} />)
    expect(container.querySelector('.history')!.textContent).not.toContain('System')
  })

  it('a staff message is a staff bubble whatever its name, and a customer one is the visitor’s own', () => {
    const read = { customer: null, staff: null }
    const views = [
      toMessageView(message({ id: 'm1', sender_name: 'System' }), read, () => undefined),
      toMessageView(
        message({ id: 'm2', client_id: 'k2', sender_type: 'customer', sender_name: 'Julie Tremblay (Support)' }),
        read,
        () => undefined
      )
    ]
    const { container } = mount(<MessageList messages={views} hasMore={false} onLoadOlder={() => {}} onRetry={() => {}} />)
    expect(container.querySelector('p.system')).toBeNull()
    const bubbles = [...container.querySelectorAll('.message')]
    expect(bubbles.map((bubble) => bubble.className)).toEqual(['message theirs', 'message mine'])
    expect(bubbles[1]!.querySelector('.sender')).toBeNull()
  })
})
