// A stand-in for @parley/core's customer client, for the connect layer's unit tests: atoms
// the test drives, and a record of the calls the controller makes. Only what the
// controller touches is implemented; anything else throws, so a new dependency shows up.
import type {
  AccessLinkPreview,
  ClaimStatus,
  ClaimStatusUpdate,
  ConversationListItem,
  ConversationMessage,
  ConversationView,
  ParleyCustomer,
  ParleyError,
  ResumedAccess
} from '@parley/core'
import { atom } from 'nanostores'
import { expect, vi } from 'vitest'
import type { Controller } from '../src/connect/controller.ts'
import { createController } from '../src/connect/controller.ts'
import { initialState, type WidgetState } from '../src/connect/state.ts'
import type { VisitorRecord, VisitorStorage } from '../src/connect/visitor-storage.ts'
import type { WidgetConfig } from '../src/loader/config.ts'

export const ORGANIZATION = '11111111-1111-4111-8111-111111111111'
export const CLAIM = '44444444-4444-4444-8444-444444444442'

export interface ClaimRow {
  id: string
  claim_number: string
  status: ClaimStatus
  customer_name: string
  customer_email: string | null
}

export function fakeConversation(id: string) {
  return {
    conversationId: id,
    $messages: atom<ConversationMessage[]>([]),
    $conversation: atom<ConversationView | null>(null),
    $typing: atom([]),
    $read: atom({}),
    $unread: atom(0),
    $hasMore: atom(false),
    $loading: atom(false),
    $error: atom<ParleyError | null>(null),
    open: vi.fn(() => () => undefined),
    send: vi.fn(),
    sendFile: vi.fn((_file: Blob, _options?: { onProgress?: (progress: number) => void }) => new Promise(() => undefined)),
    retry: vi.fn(),
    loadOlder: vi.fn(),
    notifyTyping: vi.fn(),
    stopTyping: vi.fn(),
    markRead: vi.fn(() => Promise.resolve()),
    catchUp: vi.fn()
  }
}

export function fakeTimeline(claimId: string) {
  return {
    claimId,
    $updates: atom<readonly ClaimStatusUpdate[]>([]),
    $status: atom<ClaimStatus | null>(null),
    $loading: atom(false),
    $error: atom<ParleyError | null>(null),
    open: vi.fn(() => () => undefined),
    refresh: vi.fn()
  }
}

/**
 * The customer client: `claims` answers fetchClaim's query, `access` resumeConversation,
 * `preview` peekAccessToken (what the link would open; by default, what `access` opens).
 */
export function fakeCore(
  options: {
    claims?: ClaimRow[]
    access?: ResumedAccess
    preview?: AccessLinkPreview | null
    conversations?: Partial<ConversationListItem>[]
  } = {}
) {
  const conversations = new Map<string, ReturnType<typeof fakeConversation>>()
  const timelines = new Map<string, ReturnType<typeof fakeTimeline>>()
  const claimQuery = (id: string) => Promise.resolve({ data: options.claims?.find((claim) => claim.id === id) ?? null, error: null })
  let started = 0
  const parley = {
    $unread: atom(0),
    $connection: atom('idle'),
    $outbox: atom([]),
    $session: atom(null),
    supabase: { from: () => ({ select: () => ({ eq: (_column: string, id: string) => ({ maybeSingle: () => claimQuery(id) }) }) }) },
    resumeConversation: vi.fn(async () => options.access ?? { conversation_id: null, claim_id: null }),
    peekAccessToken: vi.fn(
      async (): Promise<AccessLinkPreview | null> =>
        options.preview !== undefined
          ? options.preview
          : {
              kind: options.access?.conversation_id ? 'conversation' : 'claim',
              organization_name: 'Garage Test',
              subject: null,
              claim_number: null
            }
    ),
    getSession: vi.fn(async () => ({ kind: 'customer' })),
    listConversations: vi.fn(async () => options.conversations ?? []),
    startConversation: vi.fn(async () => ({
      conversation_id: `00000000-0000-4000-8000-00000000000${++started}`,
      access_token: `token-${started}`
    })),
    updateCustomerDetails: vi.fn(async () => undefined),
    getAttachmentUrl: vi.fn(async () => 'blob:attachment'),
    conversation: (id: string) => {
      if (!conversations.has(id)) conversations.set(id, fakeConversation(id))
      return conversations.get(id)!
    },
    claimTimeline: (id: string) => {
      if (!timelines.has(id)) timelines.set(id, fakeTimeline(id))
      return timelines.get(id)!
    },
    signOut: vi.fn(async () => undefined),
    destroy: vi.fn(async () => undefined)
  }
  return { parley: parley as unknown as ParleyCustomer & typeof parley, conversations, timelines }
}

/** A visitor record kept in memory. */
export function memoryVisitor(initial: Partial<VisitorRecord> = {}): VisitorStorage {
  let record: VisitorRecord = { tokens: {}, active: null, sound: false, pushDismissed: false, pushId: null, ...initial }
  return {
    prefix: 'parley:test:',
    store: null,
    read: () => ({ ...record }),
    write: (change: Partial<VisitorRecord>) => {
      record = { ...record, ...change }
    },
    clear: () => {
      record = { tokens: {}, active: null, sound: false, pushDismissed: false, pushId: null }
    }
  }
}

/** A controller on the fake core, with the texts loaded. */
export async function fakeController(
  core: ReturnType<typeof fakeCore>,
  config: Partial<WidgetConfig> = {},
  visitor = memoryVisitor()
): Promise<Controller> {
  const full: WidgetConfig = { supabaseUrl: 'http://localhost', supabaseKey: 'anon', organization: ORGANIZATION, locale: 'en', ...config }
  const controller = createController({
    parley: core.parley,
    bridge: { config: full, emit: () => undefined, setUnread: () => undefined, close: () => undefined },
    visitor
  })
  await vi.waitFor(() => expect(controller.$state.get().t).not.toBeNull())
  return controller
}

/** The state a slice reads and changes, with `fail` recording what it was told. */
export function fakeState(change: Partial<WidgetState> = {}) {
  const $state = atom<WidgetState>({ ...initialState('en'), ...change })
  const failures: unknown[] = []
  return {
    $state,
    failures,
    get: () => $state.get(),
    set: (next: Partial<WidgetState>) => $state.set({ ...$state.get(), ...next }),
    fail: (error: unknown) => {
      failures.push(error)
    }
  }
}

/** A message as core's ConversationStore holds it. */
export function fakeMessage(id: string, change: Partial<ConversationMessage> = {}): ConversationMessage {
  return {
    id,
    client_id: `client-${id}`,
    conversation_id: '22222222-2222-4222-8222-222222222201',
    organization_id: ORGANIZATION,
    sender_type: 'staff',
    sender_id: null,
    sender_name: 'Julie',
    content: `message ${id}`,
    message_type: 'text',
    attachments: [],
    is_internal: false,
    read_by_staff: false,
    created_at: new Date().toISOString(),
    delivery: 'sent',
    ...change
  } as ConversationMessage
}
