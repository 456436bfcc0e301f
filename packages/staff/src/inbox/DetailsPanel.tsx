import { type ChatConversation, Constants, type ConversationPriority, type StaffMember } from '@parley/core'
import { formatDateTime } from '@parley/widget/dates'
import { h } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useStaff } from '../base/context.ts'
import '../claim-tracker/element.ts'

/** The customer, assignment, priority, tags, notes, status, customer access and the linked claim. */
export function DetailsPanel({ conversation }: { conversation: ChatConversation }) {
  const { parley, profile, t, locale, fail } = useStaff()
  const [tags, setTags] = useState(conversation.tags.join(', '))
  const [notes, setNotes] = useState(conversation.internal_notes ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    setTags(conversation.tags.join(', '))
    setNotes(conversation.internal_notes ?? '')
  }, [conversation.id])
  const act = (work: Promise<unknown>) =>
    void work.then(
      () => setProblem(null),
      (error: unknown) => setProblem(fail(error))
    )
  const assignee = conversation.assigned_to
  const colleagues = useColleagues()
  const verifiedAt = conversation.customer_verified_at
  return (
    <aside part="details" class="details" aria-label={t('details')}>
      <h2>{conversation.customer_name}</h2>
      <p class="contact">
        {conversation.customer_email}
        {verifiedAt && (
          <span part="verified" class="verified" title={t('verifiedTitle', { date: formatDateTime(verifiedAt, locale) })}>
            {' '}
            <span aria-hidden="true">✓</span> {t('verified')}
          </span>
        )}
        {conversation.customer_phone ? ` · ${conversation.customer_phone}` : ''}
      </p>
      <label>
        {t('assignedTo')}
        <select
          value={assignee ?? ''}
          onChange={(event) => act(parley.assignConversation(conversation.id, event.currentTarget.value || null))}
        >
          <option value="">{t('unassigned')}</option>
          <option value={profile.id}>
            {t('assignMe')} ({profile.display_name})
          </option>
          {colleagues
            .filter((member) => member.id !== profile.id)
            .map((member) => (
              <option key={member.id} value={member.id}>
                {member.display_name}
              </option>
            ))}
          {/* Someone no longer listed (deactivated, or the list has not arrived yet) still shows as assigned. */}
          {assignee && assignee !== profile.id && !colleagues.some((member) => member.id === assignee) && (
            <option value={assignee}>{t('someoneElse')}</option>
          )}
        </select>
      </label>
      <label>
        {t('priority')}
        <select
          value={conversation.priority}
          onChange={(event) => act(parley.setPriority(conversation.id, event.currentTarget.value as ConversationPriority))}
        >
          {Constants.public.Enums.conversation_priority.map((value) => (
            <option key={value} value={value}>
              {t(`priority.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('tags')}
        <input
          type="text"
          value={tags}
          onInput={(event) => setTags(event.currentTarget.value)}
          onBlur={() =>
            act(
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
        {t('internalNotes')}
        <textarea
          value={notes}
          onInput={(event) => setNotes(event.currentTarget.value)}
          onBlur={() => act(parley.setInternalNotes(conversation.id, notes || null))}
        />
      </label>
      <div class="row-actions" role="group" aria-label={t('status')}>
        <span>
          {t('status')}
          {t('colon')}
          <strong>{t(`status.${conversation.status}`)}</strong>
        </span>
        {conversation.status === 'active' ? (
          <>
            <button type="button" onClick={() => act(parley.resolveConversation(conversation.id))}>
              {t('resolve')}
            </button>
            <button type="button" onClick={() => act(parley.archiveConversation(conversation.id))}>
              {t('archive')}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => act(parley.reopenConversation(conversation.id))}>
            {t('reopen')}
          </button>
        )}
      </div>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <AccessLink conversation={conversation} />
      {/* A custom element: Preact sets `parley` as a property. */}
      {conversation.claim_id && h('parley-claim-tracker', { part: 'claim', 'claim-id': conversation.claim_id, parley, lang: locale })}
    </aside>
  )
}

/** The colleagues who answer conversations, loaded once per panel; the menu still works without them. */
function useColleagues(): StaffMember[] {
  const { parley, fail } = useStaff()
  const [colleagues, setColleagues] = useState<StaffMember[]>([])
  useEffect(() => {
    let live = true
    parley.listStaff().then(
      (list) => live && setColleagues(list),
      (error: unknown) => fail(error)
    )
    return () => {
      live = false
    }
  }, [parley])
  return colleagues
}

/** Rotate (a new token for the customer, old devices cut off), revoke, or a claim link token. */
function AccessLink({ conversation }: { conversation: ChatConversation }) {
  const { parley, t, fail } = useStaff()
  const [token, setToken] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [said, setSaid] = useState<string | null>(null)
  const act = (work: Promise<unknown>) =>
    void work.then(
      (value) => {
        setToken(typeof value === 'string' ? value : null)
        setSaid(typeof value === 'string' ? null : t('tokenRevoked'))
      },
      (error: unknown) => setSaid(fail(error))
    )
  return (
    <details part="access" class="access">
      <summary>{t('accessLink')}</summary>
      <div class="row-actions">
        <button type="button" onClick={() => act(parley.rotateAccessToken(conversation.id))}>
          {t('rotateToken')}
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              class="danger"
              onClick={() => {
                setConfirming(false)
                act(parley.revokeAccessToken(conversation.id))
              }}
            >
              {t('confirmRevoke')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            {t('revokeToken')}
          </button>
        )}
        {conversation.claim_id && (
          <button type="button" onClick={() => act(parley.issueClaimAccessToken(conversation.claim_id!))}>
            {t('issueClaimToken')}
          </button>
        )}
      </div>
      {token && (
        <label>
          {t('tokenShown')}
          <input readOnly value={token} onFocus={(event) => event.currentTarget.select()} />
        </label>
      )}
      {said && <p role="status">{said}</p>}
    </details>
  )
}
