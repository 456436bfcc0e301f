import { type Attachment, type ChatConversation, Constants, type ConversationPriority, type Parley } from '@parley/core'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { AttachmentLink } from './Attachment.tsx'
import { ClaimPanel } from './ClaimPanel.tsx'
import { useStore } from './use-store.ts'
import { VerifiedMark } from './VerifiedMark.tsx'

interface StaffMember {
  id: string
  display_name: string | null
  role: string
}

/** One conversation: messages (internal notes marked), reply or note, and its settings. */
export function ConversationView({
  parley,
  conversation,
  staff
}: {
  parley: Parley
  conversation: ChatConversation
  staff: readonly StaffMember[]
}) {
  const store = useMemo(() => parley.conversation(conversation.id), [conversation.id])
  const messages = useStore(store.$messages)
  const typing = useStore(store.$typing)
  const read = useStore(store.$read)
  const [text, setText] = useState('')
  const [internal, setInternal] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [tags, setTags] = useState(conversation.tags.join(', '))
  const [notes, setNotes] = useState(conversation.internal_notes ?? '')
  useEffect(() => store.open(), [store])
  useEffect(() => {
    void store.markRead()
  }, [store, messages.length])
  useEffect(() => {
    setTags(conversation.tags.join(', '))
    setNotes(conversation.internal_notes ?? '')
  }, [conversation.id])
  const act = (work: Promise<unknown>) =>
    work.then(
      () => setError(null),
      (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught))
    )
  const send = () => {
    const content = text.trim()
    if (!content) return
    setText('')
    void act(store.send(content, { is_internal: internal }))
  }
  return (
    <>
      <section class="conversation" aria-label={`Conversation with ${conversation.customer_name}`}>
        <div class="messages" role="log" aria-live="polite">
          {messages.map((message) => {
            const seen =
              message.sender_type === 'staff' &&
              !message.is_internal &&
              (message.read_by_customer || (read.customer !== null && Date.parse(read.customer) >= Date.parse(message.created_at)))
            return (
              <div key={message.client_id ?? message.id} class={`msg ${message.is_internal ? 'internal' : message.sender_type}`}>
                {message.is_internal && <strong>Internal note · </strong>}
                {message.content}
                {(message.attachments as unknown as Attachment[]).map((file) => (
                  <AttachmentLink key={file.path} parley={parley} file={file} />
                ))}
                <div class="meta">
                  {message.sender_name} · {new Date(message.created_at).toLocaleTimeString()}
                  {message.delivery === 'pending' && ' · sending'}
                  {message.delivery === 'failed' && ' · failed'}
                  {seen && <span> · Seen by customer</span>}
                </div>
              </div>
            )
          })}
        </div>
        <p class="typing" aria-live="polite">
          {typing.length > 0
            ? `${typing[0]!.user_name ?? 'Customer'} is ${typing[0]!.is_internal ? 'writing an internal note' : 'typing'}…`
            : ''}
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <form
          class="compose"
          onSubmit={(event) => {
            event.preventDefault()
            send()
          }}
        >
          <label>
            <input
              type="checkbox"
              checked={internal}
              onChange={(event) => {
                const note = event.currentTarget.checked
                setInternal(note)
                // Text already typed changes audience with the switch: a note stops showing to the customer.
                if (text) store.notifyTyping({ internal: note })
              }}
            />{' '}
            Internal note
          </label>
          <textarea
            aria-label="Reply"
            value={text}
            onInput={(event) => {
              setText(event.currentTarget.value)
              store.notifyTyping({ internal })
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault()
                send()
              }
            }}
          />
          <label class="file">
            Attach{' '}
            <input
              type="file"
              aria-label="Attach a file"
              onChange={(event) => {
                const file = event.currentTarget.files?.[0]
                if (file) void act(store.sendFile(file, { is_internal: internal }))
                event.currentTarget.value = ''
              }}
            />
          </label>
          <button type="submit" class="primary">
            Send
          </button>
        </form>
      </section>
      <aside class="side" aria-label="Conversation details">
        <h2>{conversation.customer_name}</h2>
        <div>
          {conversation.customer_email}
          <VerifiedMark conversation={conversation} />
          {conversation.customer_phone ? ` · ${conversation.customer_phone}` : ''}
        </div>
        <label>
          Assigned to
          <select
            value={conversation.assigned_to ?? ''}
            onChange={(event) => void act(parley.assignConversation(conversation.id, event.currentTarget.value || null))}
          >
            <option value="">Unassigned</option>
            {staff.map((member) => (
              <option value={member.id}>
                {member.display_name} ({member.role})
              </option>
            ))}
          </select>
        </label>
        <label>
          Priority
          <select
            value={conversation.priority}
            onChange={(event) => void act(parley.setPriority(conversation.id, event.currentTarget.value as ConversationPriority))}
          >
            {Constants.public.Enums.conversation_priority.map((value) => (
              <option value={value}>{value}</option>
            ))}
          </select>
        </label>
        <label>
          Tags (comma separated)
          <input
            type="text"
            value={tags}
            onInput={(event) => setTags(event.currentTarget.value)}
            onBlur={() =>
              void act(
                parley.setTags(
                  conversation.id,
                  tags
                    .split(',')
                    .map((tag) => tag.trim())
                    .filter(Boolean)
                )
              )
            }
          />
        </label>
        <label>
          Internal notes
          <textarea
            value={notes}
            onInput={(event) => setNotes(event.currentTarget.value)}
            onBlur={() => void act(parley.setInternalNotes(conversation.id, notes || null))}
          />
        </label>
        <div>
          Status: <strong>{conversation.status}</strong>{' '}
          {conversation.status === 'active' ? (
            <>
              <button type="button" onClick={() => void act(parley.resolveConversation(conversation.id))}>
                Resolve
              </button>{' '}
              <button type="button" onClick={() => void act(parley.archiveConversation(conversation.id))}>
                Archive
              </button>
            </>
          ) : (
            <button type="button" onClick={() => void act(parley.reopenConversation(conversation.id))}>
              Reopen
            </button>
          )}
        </div>
        {conversation.claim_id && <ClaimPanel parley={parley} claimId={conversation.claim_id} />}
      </aside>
    </>
  )
}
