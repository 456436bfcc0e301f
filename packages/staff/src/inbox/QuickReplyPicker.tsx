import type { ReplyLocale, ReplyTemplate } from '@parley/core'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useStaff } from '../base/context.ts'
import { viewTranslator } from '../base/i18n.ts'
import { QUICK_REPLY_TEXTS } from './quick-replies-i18n.ts'

export interface QuickReplyPickerProps {
  conversationId: string
  /** The `/word` typed so far; the composer keeps it in its text as the picker's search. */
  query: string
  onQuery(query: string): void
  /** The chosen reply, filled in for this conversation, to edit before sending. */
  onInsert(text: string): void
  /** `refocus`: give the composer back the keyboard (Escape), not when focus went elsewhere. */
  onClose(refocus: boolean): void
}

const CSS = `
.composer { position: relative; }
.quick-replies { position: absolute; inset-inline: 10px; bottom: calc(100% - 4px); z-index: 2; display: grid; gap: 6px; padding: 8px;
  background: var(--parley-surface); color: var(--parley-text); border: 1px solid var(--parley-border); border-radius: var(--parley-radius);
  box-shadow: 0 8px 24px #0003; max-height: min(60vh, 360px); grid-template-rows: auto minmax(0, 1fr) auto auto; }
.quick-replies input { width: 100%; }
.quick-replies .languages { display: flex; gap: 6px; justify-content: flex-end; }
.quick-replies .languages button { padding: 2px 10px; font-size: 13px; }
.quick-replies .languages button[aria-pressed='true'] { background: var(--parley-selected); border-color: var(--parley-accent); font-weight: 600; }
.quick-replies [role='listbox'] { overflow: auto; }
.quick-replies [role='option'] { display: grid; grid-template-columns: auto 1fr auto; gap: 2px 8px; padding: 6px 8px; border-radius: 6px; cursor: pointer; }
.quick-replies [role='option'][aria-selected='true'] { background: var(--parley-selected); box-shadow: inset 3px 0 var(--parley-accent); }
.quick-replies .shortcut { font: 13px ui-monospace, monospace; font-weight: 600; }
.quick-replies .title { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.quick-replies .scope { font-size: 12px; color: var(--parley-muted); }
.quick-replies .preview { grid-column: 1 / -1; font-size: 13px; color: var(--parley-muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
/* Muted grey is too faint on the dark selection colour: the chosen option's text is full strength. */
.quick-replies [aria-selected='true'] :is(.scope, .preview) { color: var(--parley-text); }
`

/**
 * The `/` picker: a combobox whose listbox shows the quick replies matching what was typed,
 * filtered locally from one list; ↑/↓ move, Enter or Tab insert, Escape and Shift+Tab close.
 * Choosing one renders it for the conversation; the composer gets the text, nothing is sent.
 */
export function QuickReplyPicker({ conversationId, query, onQuery, onInsert, onClose }: QuickReplyPickerProps) {
  const { parley, locale, fail } = useStaff()
  const t = useMemo(() => viewTranslator(locale, QUICK_REPLY_TEXTS), [locale])
  // The customer's language may not be the inbox's: Alt+L (or the buttons) switches the reply's.
  const [language, setLanguage] = useState<ReplyLocale>(locale)
  const [templates, setTemplates] = useState<ReplyTemplate[] | null>(null)
  const [matches, setMatches] = useState<ReplyTemplate[]>([])
  const [active, setActive] = useState(0)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const list = useRef<HTMLDivElement>(null)
  const searches = useRef(0)

  useEffect(() => {
    const field = input.current
    field?.focus()
    field?.setSelectionRange(field.value.length, field.value.length)
    void parley.listReplyTemplates().then(setTemplates, (error: unknown) => setProblem(fail(error)))
  }, [parley])
  useEffect(() => {
    if (!templates) return
    const search = ++searches.current
    void parley.searchReplyTemplates(query, templates).then((found) => {
      if (search !== searches.current) return
      setMatches(found)
      setActive(0)
    }, fail)
  }, [templates, query])
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' })
  }, [active, matches])

  const choose = (template: ReplyTemplate | undefined) => {
    if (!template || busy) return
    setBusy(true)
    setProblem(null)
    parley
      .renderReplyTemplate(template.id, conversationId, language)
      .then(onInsert, (error: unknown) => setProblem(fail(error)))
      .finally(() => setBusy(false))
  }
  const onKeyDown = (event: KeyboardEvent) => {
    const count = matches.length
    // By key position too: Option+L types ¬ on a Mac.
    if (event.altKey && (event.code === 'KeyL' || event.key.toLowerCase() === 'l')) {
      setLanguage(language === 'fr-CA' ? 'en' : 'fr-CA')
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (count) setActive((active + (event.key === 'ArrowDown' ? 1 : count - 1)) % count)
    } else if (event.key === 'Enter' || (event.key === 'Tab' && !event.shiftKey)) {
      if (count) choose(matches[active])
      else if (event.key === 'Tab') onClose(true)
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      onClose(true)
    } else return
    event.preventDefault()
    // The inbox's shortcuts and the composer's Enter-to-send stay out of the picker's keys.
    event.stopPropagation()
  }
  const body = (template: ReplyTemplate) => {
    const [first, second] = language === 'fr-CA' ? [template.body_fr, template.body_en] : [template.body_en, template.body_fr]
    return first?.trim() ? first : (second ?? '')
  }
  const optionId = (template: ReplyTemplate) => `quick-reply-${template.id}`
  const current = matches[active]

  return (
    <div
      part="quick-replies"
      class="quick-replies"
      onFocusOut={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onClose(false)
      }}
    >
      <style>{CSS}</style>
      <input
        ref={input}
        role="combobox"
        aria-label={t('replies.search')}
        aria-expanded="true"
        aria-controls="quick-reply-list"
        aria-autocomplete="list"
        aria-activedescendant={current ? optionId(current) : undefined}
        aria-describedby="quick-reply-keys"
        autocomplete="off"
        spellcheck={false}
        value={query}
        onInput={(event) => onQuery(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <div ref={list} id="quick-reply-list" role="listbox" aria-label={t('replies.list')} aria-busy={templates === null || busy}>
        {matches.map((template, index) => (
          // biome-ignore lint/a11y/useFocusableInteractive: options of an aria-activedescendant listbox are not focused; the combobox is.
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard chooses from the combobox (↑ ↓ Enter Tab).
          <div
            key={template.id}
            id={optionId(template)}
            role="option"
            aria-selected={index === active}
            // The search field keeps the focus: a click chooses without blurring it first.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(template)}
          >
            <span class="shortcut">{template.shortcut}</span>
            <span class="title">{template.title}</span>
            <span class="scope">{t(template.owner_id ? 'replies.personal' : 'replies.shared')}</span>
            <span class="preview">{body(template)}</span>
          </div>
        ))}
      </div>
      <div class="languages" role="group" aria-label={t('replies.language')}>
        {(['fr-CA', 'en'] as const).map((value) => (
          <button
            key={value}
            type="button"
            tabIndex={-1}
            aria-pressed={language === value}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => setLanguage(value)}
          >
            {value === 'fr-CA' ? 'Français' : 'English'}
          </button>
        ))}
      </div>
      <p id="quick-reply-keys" class="muted" role="status">
        {problem ? (
          <span class="error">{problem}</span>
        ) : templates === null ? (
          t('replies.loading')
        ) : busy ? (
          t('replies.inserting')
        ) : matches.length ? (
          `${t('replies.count', { count: matches.length })} — ${t('replies.keys')}`
        ) : (
          t(templates.length ? 'replies.none' : 'replies.empty')
        )}
      </p>
    </div>
  )
}
