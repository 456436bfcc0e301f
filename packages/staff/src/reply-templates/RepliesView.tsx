import { REPLY_VARIABLES, type ReplyTemplate, type ReplyTemplateInput, type ReplyTemplateUsage } from '@parley/core'
import { formatDateTime } from '@parley/widget/dates'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { ConfirmButton } from '../base/ConfirmButton.tsx'
import { useStaff } from '../base/context.ts'
import { viewTranslator } from '../base/i18n.ts'
import { Said, type Saying } from '../base/Said.tsx'
import { explainTemplateError } from './explain.ts'
import { REPLY_TEMPLATES_TEXTS } from './i18n.ts'

const EMPTY: ReplyTemplateInput = { title: '', shortcut: '/', body_fr: '', body_en: '', shared: false }

/**
 * The quick replies the signed-in staff member can use, shared then personal, with a form to
 * create or edit one. Admins manage the shared ones and see their use; everyone else is told
 * what they may not do instead of meeting a refusal. Every change reloads the lists.
 */
export default function RepliesView() {
  const { parley, profile, locale, fail } = useStaff()
  const t = useMemo(() => viewTranslator(locale, REPLY_TEMPLATES_TEXTS), [locale])
  const admin = profile.role === 'admin'
  const [templates, setTemplates] = useState<ReplyTemplate[] | null>(null)
  const [usage, setUsage] = useState<Map<string, ReplyTemplateUsage>>(new Map())
  const [draft, setDraft] = useState<ReplyTemplateInput>(EMPTY)
  const [editing, setEditing] = useState<ReplyTemplate | null>(null)
  const [deleting, setDeleting] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [said, setSaid] = useState<Saying | null>(null)
  const titleField = useRef<HTMLInputElement>(null)

  const formatNumber = (value: number) => new Intl.NumberFormat(locale).format(value)
  const explain = (error: unknown, shortcut: string) => {
    const message = fail(error)
    return explainTemplateError(error, shortcut, t) ?? message
  }
  const load = async () => {
    const [list, uses] = await Promise.all([parley.listReplyTemplates(), admin ? parley.replyTemplateUsage() : []])
    // Someone else's personal replies never reach the client (RLS); only shared and the caller's own.
    setTemplates(list)
    setUsage(new Map(uses.map((row) => [row.template_id, row])))
  }
  useEffect(() => void load().catch((error: unknown) => setSaid({ text: explain(error, ''), error: true })), [parley, admin])

  const run = (done: Parameters<typeof t>[0], shortcut: string, work: () => Promise<unknown>) => {
    setBusy(true)
    setDeleting(null)
    work()
      .then(load)
      .then(
        () => setSaid({ text: t(done), error: false }),
        (error: unknown) => setSaid({ text: explain(error, shortcut), error: true })
      )
      .finally(() => setBusy(false))
  }
  const startEdit = (template: ReplyTemplate) => {
    setEditing(template)
    setDraft({ title: template.title, shortcut: template.shortcut, body_fr: template.body_fr, body_en: template.body_en })
    setSaid(null)
    titleField.current?.focus()
    titleField.current?.scrollIntoView?.({ block: 'center' })
  }
  const reset = () => {
    setEditing(null)
    setDraft(EMPTY)
  }
  const save = (event: Event) => {
    event.preventDefault()
    const input: ReplyTemplateInput = {
      ...draft,
      title: draft.title.trim(),
      shortcut: draft.shortcut.trim(),
      shared: admin && draft.shared
    }
    run(editing ? 'replies.updated' : 'replies.created', input.shortcut, async () => {
      if (editing) await parley.updateReplyTemplate(editing.id, input)
      else await parley.createReplyTemplate(input)
      reset()
    })
  }
  // From the latest draft, not this render's: fields filled in one go (autofill) must all stick.
  const set = (key: 'title' | 'shortcut' | 'body_fr' | 'body_en') => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value
    setDraft((current) => ({ ...current, [key]: value }))
  }

  const shared = templates?.filter((template) => template.owner_id === null) ?? []
  const personal = templates?.filter((template) => template.owner_id !== null) ?? []
  const mayManage = (template: ReplyTemplate) => (template.owner_id === null ? admin : template.owner_id === profile.id)

  const table = (rows: ReplyTemplate[], caption: string, part: string) => (
    <table part={part}>
      <caption class="sr">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('replies.shortcut')}</th>
          <th scope="col">{t('replies.name')}</th>
          <th scope="col">{t('replies.texts')}</th>
          {admin && <th scope="col">{t('replies.used')}</th>}
          <th scope="col">{t('replies.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((template) => {
          const use = usage.get(template.id)
          return (
            <tr key={template.id} part="template">
              <th scope="row" class="shortcut">
                {template.shortcut}
              </th>
              <td>{template.title}</td>
              <td class="text">
                {template.body_fr && <span lang="fr-CA">{template.body_fr}</span>}
                {template.body_en && <span lang="en">{template.body_en}</span>}
              </td>
              {admin && (
                <td part="usage">
                  {!use?.use_count
                    ? t('replies.never')
                    : use.use_count === 1
                      ? t('replies.usedOnce')
                      : t('replies.usedCount', { count: formatNumber(use.use_count) })}
                  {use?.last_used_at && (
                    <span class="muted"> · {t('replies.lastUsed', { date: formatDateTime(use.last_used_at, locale) })}</span>
                  )}
                </td>
              )}
              <td>
                {mayManage(template) && (
                  <div class="actions">
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={t('replies.editName', { shortcut: template.shortcut })}
                      onClick={() => startEdit(template)}
                    >
                      {t('replies.edit')}
                    </button>
                    <ConfirmButton
                      asking={deleting === template.id}
                      busy={busy}
                      label={t('replies.delete')}
                      labelFor={t('replies.deleteName', { shortcut: template.shortcut })}
                      confirmLabel={t('replies.confirmDelete', { shortcut: template.shortcut })}
                      cancelLabel={t('cancel')}
                      onAsk={() => setDeleting(template.id)}
                      onConfirm={() =>
                        run('replies.deleted', template.shortcut, async () => {
                          await parley.deleteReplyTemplate(template.id)
                          if (editing?.id === template.id) reset()
                        })
                      }
                      onCancel={() => setDeleting(null)}
                    />
                  </div>
                )}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )

  return (
    <section part="replies" class="replies" aria-labelledby="replies-heading" aria-busy={templates === null}>
      <h2 id="replies-heading">{t('replies.title')}</h2>
      <p class="muted">{t('replies.intro')}</p>
      <Said said={said} />
      {templates === null ? (
        !said?.error && <p>{t('loading')}</p>
      ) : (
        <>
          <h3 id="replies-shared">{t('replies.shared')}</h3>
          {!admin && <p class="muted">{t('replies.sharedByAdmins')}</p>}
          {shared.length ? table(shared, t('replies.shared'), 'shared') : <p class="muted">{t('replies.noShared')}</p>}
          <h3 id="replies-personal">{t('replies.personal')}</h3>
          {personal.length ? table(personal, t('replies.personal'), 'personal') : <p class="muted">{t('replies.noPersonal')}</p>}
        </>
      )}

      <form part="editor" class="editor" onSubmit={save} aria-labelledby="replies-editor-heading">
        <h3 id="replies-editor-heading">{editing ? t('replies.editing', { shortcut: editing.shortcut }) : t('replies.new')}</h3>
        <div class="pair">
          <label>
            {t('replies.titleField')}
            <input ref={titleField} required maxLength={200} value={draft.title} onInput={set('title')} />
          </label>
          <label>
            {t('replies.shortcutField')}
            <input
              required
              autocomplete="off"
              spellcheck={false}
              aria-describedby="replies-shortcut-hint"
              value={draft.shortcut}
              onInput={set('shortcut')}
            />
            <span id="replies-shortcut-hint" class="muted">
              {t('replies.shortcutHint')}
            </span>
          </label>
        </div>
        <div class="pair">
          <label>
            {t('replies.bodyFr')}
            <textarea lang="fr-CA" value={draft.body_fr} onInput={set('body_fr')} aria-describedby="replies-variables" />
          </label>
          <label>
            {t('replies.bodyEn')}
            <textarea lang="en" value={draft.body_en} onInput={set('body_en')} aria-describedby="replies-variables" />
          </label>
        </div>
        <p id="replies-variables" class="muted variables">
          {t('replies.variables')}{' '}
          {REPLY_VARIABLES.map((name) => (
            <code key={name}>{`{{${name}}}`}</code>
          ))}
        </p>
        {editing ? null : admin ? (
          <fieldset>
            <legend>{t('replies.scope')}</legend>
            <label class="inline">
              <input
                type="radio"
                name="scope"
                checked={!draft.shared}
                onChange={() => setDraft((current) => ({ ...current, shared: false }))}
              />
              {t('replies.scopePersonal')}
            </label>
            <label class="inline">
              <input
                type="radio"
                name="scope"
                checked={draft.shared === true}
                onChange={() => setDraft((current) => ({ ...current, shared: true }))}
              />
              {t('replies.scopeShared')}
            </label>
          </fieldset>
        ) : (
          <p class="muted">{t('replies.onlyPersonal')}</p>
        )}
        <div class="buttons">
          <button type="submit" class="primary" disabled={busy}>
            {editing ? t('replies.save') : t('replies.create')}
          </button>
          {editing && (
            <button type="button" onClick={reset}>
              {t('replies.cancelEdit')}
            </button>
          )}
        </div>
      </form>
    </section>
  )
}
