import { Constants, type Invitation, ParleyError, type Profile, type UserRole } from '@parley/core'
import { createTeam } from '@parley/core/team'
import { formatDateTime } from '@parley/widget/dates'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { ConfirmButton } from '../base/ConfirmButton.tsx'
import { useStaff } from '../base/context.ts'
import { viewTranslator } from '../base/i18n.ts'
import { roleName as nameOf } from '../base/role-names.ts'
import { Said, type Saying } from '../base/Said.tsx'
import { TEAM_TEXTS } from './i18n.ts'

const ROLES = Constants.public.Enums.user_role
/** The team refusals that have their own sentence; anything else shows core's message. */
const EXPLAINED = [
  'LAST_ADMIN',
  'ALREADY_MEMBER',
  'EMAIL_SUPPRESSED',
  'INVITATION_USED',
  'NOT_AUTHORIZED',
  'RATE_LIMITED',
  'INVALID_INPUT',
  'NOT_FOUND'
] as const

type Pending = { kind: 'deactivate' | 'revoke'; id: string } | null

/**
 * Members and invitations of the signed-in admin's organization, through `@parley/core/team`.
 * Every change reloads both lists, so what is shown is what the database holds.
 */
export default function TeamView() {
  const { parley, profile, locale, fail } = useStaff()
  const t = useMemo(() => viewTranslator(locale, TEAM_TEXTS), [locale])
  const team = useMemo(() => createTeam(parley), [parley])
  const org = profile.organization_id
  const [members, setMembers] = useState<Profile[] | null>(null)
  const [invitations, setInvitations] = useState<Invitation[]>([])
  const [pending, setPending] = useState<Pending>(null)
  const [busy, setBusy] = useState(false)
  const [said, setSaid] = useState<Saying | null>(null)
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<UserRole>('agent')

  const explain = (error: unknown) => {
    const message = fail(error)
    const code = error instanceof ParleyError ? error.code : null
    return code && (EXPLAINED as readonly string[]).includes(code)
      ? `${t(`team.error.${code as (typeof EXPLAINED)[number]}`)} (${code})`
      : message
  }
  const load = async () => {
    const [people, invites] = await Promise.all([team.members(org), team.invitations(org)])
    setMembers(people)
    // Pending: not accepted, not revoked; expired ones stay so they can be resent.
    setInvitations(invites.filter((invitation) => !invitation.accepted_at && !invitation.revoked_at))
  }
  useEffect(() => void load().catch((error: unknown) => setSaid({ text: explain(error), error: true })), [team, org])

  const run = (done: Parameters<typeof t>[0], work: () => Promise<unknown>) => {
    setBusy(true)
    setPending(null)
    work()
      .then(load)
      .then(
        () => setSaid({ text: t(done), error: false }),
        (error: unknown) => setSaid({ text: explain(error), error: true })
      )
      .finally(() => setBusy(false))
  }
  const invite = (event: Event) => {
    event.preventDefault()
    run('team.invited', async () => {
      await team.invite({ organization_id: org, email: email.trim(), role })
      setEmail('')
    })
  }
  const roleName = (value: UserRole) => nameOf(locale, value)
  const expired = (invitation: Invitation) => new Date(invitation.expires_at).getTime() < Date.now()

  return (
    <section part="team" class="team" aria-labelledby="team-heading" aria-busy={members === null}>
      <h2 id="team-heading">{t('team.title')}</h2>
      <Said said={said} />
      {members === null ? (
        !said?.error && <p>{t('loading')}</p>
      ) : (
        <table part="members">
          <caption class="sr">{t('team.members')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.name')}</th>
              <th scope="col">{t('team.role')}</th>
              <th scope="col">{t('team.state')}</th>
              <th scope="col">{t('team.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => {
              const self = member.id === profile.id
              return (
                <tr
                  key={member.id}
                  part={member.is_active ? 'member' : 'member member-inactive'}
                  class={member.is_active ? '' : 'inactive'}
                >
                  <th scope="row">
                    {member.display_name}
                    {self && ` (${t('me')})`}
                  </th>
                  <td>
                    <select
                      aria-label={t('team.roleOf', { name: member.display_name })}
                      value={member.role}
                      disabled={busy}
                      onChange={(event) => run('team.roleChanged', () => team.changeRole(member.id, event.currentTarget.value as UserRole))}
                    >
                      {ROLES.map((value) => (
                        <option key={value} value={value}>
                          {roleName(value)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{member.is_active ? t('team.active') : t('team.inactive')}</td>
                  <td>
                    <div class="actions">
                      {!member.is_active ? (
                        <button type="button" disabled={busy} onClick={() => run('team.reactivated', () => team.reactivate(member.id))}>
                          {t('team.reactivate')}
                        </button>
                      ) : (
                        <ConfirmButton
                          asking={pending?.kind === 'deactivate' && pending.id === member.id}
                          busy={busy}
                          label={t('team.deactivate')}
                          labelFor={t('team.deactivateName', { name: member.display_name })}
                          confirmLabel={t('team.confirmDeactivate', { name: member.display_name })}
                          cancelLabel={t('cancel')}
                          onAsk={() => setPending({ kind: 'deactivate', id: member.id })}
                          onConfirm={() => run('team.deactivated', () => team.deactivate(member.id))}
                          onCancel={() => setPending(null)}
                        />
                      )}
                    </div>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}

      <h3 id="team-invitations-heading">{t('team.invitations')}</h3>
      {invitations.length === 0 ? (
        <p class="muted">{t('team.noInvitations')}</p>
      ) : (
        <ul part="invitations" class="invitations" aria-labelledby="team-invitations-heading">
          {invitations.map((invitation) => (
            <li key={invitation.id} part="invitation">
              <strong>{invitation.email}</strong> · {roleName(invitation.role)} ·{' '}
              <span class={expired(invitation) ? 'error' : 'muted'}>
                {t(expired(invitation) ? 'team.expired' : 'team.expires', { date: formatDateTime(invitation.expires_at, locale) })}
              </span>
              <div class="actions">
                <button
                  type="button"
                  disabled={busy}
                  aria-label={t('team.resendTo', { email: invitation.email })}
                  onClick={() => run('team.resent', () => team.resendInvitation(invitation.id))}
                >
                  {t('team.resend')}
                </button>
                <ConfirmButton
                  asking={pending?.kind === 'revoke' && pending.id === invitation.id}
                  busy={busy}
                  label={t('team.revoke')}
                  labelFor={t('team.revokeTo', { email: invitation.email })}
                  confirmLabel={t('team.confirmRevoke', { email: invitation.email })}
                  cancelLabel={t('cancel')}
                  onAsk={() => setPending({ kind: 'revoke', id: invitation.id })}
                  onConfirm={() => run('team.revoked', () => team.revokeInvitation(invitation.id))}
                  onCancel={() => setPending(null)}
                />
              </div>
            </li>
          ))}
        </ul>
      )}

      <form part="invite" class="invite" onSubmit={invite}>
        {/* Labels by id, so each field's name is its label alone, not the options' text too. */}
        <div class="field">
          <label for="team-invite-email">{t('team.email')}</label>
          <input
            id="team-invite-email"
            type="email"
            required
            autocomplete="off"
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="team-invite-role">{t('team.role')}</label>
          <select id="team-invite-role" value={role} onChange={(event) => setRole(event.currentTarget.value as UserRole)}>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {roleName(value)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {t('team.invite')}
        </button>
      </form>
    </section>
  )
}
