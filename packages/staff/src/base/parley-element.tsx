import { createParley, type Parley, ParleyError } from '@parley/core'
import { type FunctionComponent, render } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { Context, type StaffContext } from './context.ts'
import { errorText, loadErrorTexts } from './errors/index.ts'
import { localeOf, type MessageKey, translator } from './i18n.ts'
import { roleName } from './role-names.ts'
import { type Capability, may } from './roles.ts'
import { BASE_CSS } from './styles.ts'
import { useStore } from './use-store.ts'

/** One client per Supabase project for elements configured by attributes, so they share a session. */
const clients = new Map<string, Parley>()

export interface ViewProps<E extends ParleyElement = ParleyElement> {
  host: E
}

/**
 * The shared base of the staff elements: an open shadow root rendered with Preact, a client
 * given by property (`el.parley`) or built from `supabase-url` / `supabase-key`, the locale
 * from `lang`, `theme`, the role check, and namespaced events that bubble out of the shadow.
 */
export abstract class ParleyElement extends HTMLElement {
  static observedAttributes = ['supabase-url', 'supabase-key', 'lang', 'theme']
  /** Which row of the role table the element needs. */
  protected abstract readonly capability: Capability
  /** "the inbox", for "your role does not give access to …". */
  protected abstract readonly subject: MessageKey
  protected abstract readonly css: string
  /** The element's view, loaded on first render so a page pays for the elements it shows. */
  protected abstract loadView(): Promise<FunctionComponent<ViewProps<never>>>

  #parley: Parley | null = null
  #view: FunctionComponent<ViewProps<never>> | null = null
  readonly #root: ShadowRoot

  constructor() {
    super()
    this.#root = this.attachShadow({ mode: 'open' })
  }

  /** The Parley client the element works with; set it to share the host app's session. */
  get parley(): Parley | null {
    if (this.#parley) return this.#parley
    const url = this.getAttribute('supabase-url')
    const key = this.getAttribute('supabase-key')
    if (!url || !key) return null
    const id = `${url} ${key}`
    if (!clients.has(id)) clients.set(id, createParley({ supabaseUrl: url, supabaseKey: key }))
    return clients.get(id)!
  }

  set parley(client: Parley | null) {
    this.#parley = client
    this.refresh()
  }

  connectedCallback(): void {
    this.refresh()
    if (!this.#view) {
      void this.loadView().then(
        (view) => {
          this.#view = view
          this.refresh()
        },
        (error: unknown) => this.report(error)
      )
    }
  }

  disconnectedCallback(): void {
    render(null, this.#root)
  }

  attributeChangedCallback(): void {
    this.refresh()
  }

  /** Dispatches `name` (bubbling and composed, so it crosses shadow roots) with `detail`. */
  emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }))
  }

  /**
   * A `parley-error` event with the ParleyError code and core's message; returns the sentence
   * to show, in the element's language (core's message only before the view has loaded).
   */
  report(error: unknown): string {
    const code = error instanceof ParleyError ? error.code : 'UNKNOWN'
    const message = error instanceof Error ? error.message : String(error)
    this.emit('parley-error', { code, message, error })
    return errorText(localeOf(this), error) ?? message
  }

  protected refresh(): void {
    if (!this.isConnected) return
    const parley = this.parley
    const locale = localeOf(this)
    render(
      <>
        <style>{BASE_CSS + this.css}</style>
        {parley ? (
          <Gate host={this} parley={parley} locale={locale} view={this.#view} capability={this.capability} subject={this.subject} />
        ) : (
          <p part="notice" class="notice">
            {translator(locale)('noClient')}
          </p>
        )}
      </>,
      this.#root
    )
  }
}

interface GateProps {
  host: ParleyElement
  parley: Parley
  locale: ReturnType<typeof localeOf>
  view: FunctionComponent<ViewProps<never>> | null
  capability: Capability
  subject: MessageKey
}

/** Waits for the session, then shows the view, or says why it cannot be used. */
function Gate({ host, parley, locale, view: View, capability, subject }: GateProps) {
  const session = useStore(parley.$session)
  const [checked, setChecked] = useState(session !== null)
  // The view shows once the refusal sentences of its language are there too.
  const [worded, setWorded] = useState<string | null>(null)
  useEffect(() => {
    const done = () => setWorded(locale)
    void loadErrorTexts(locale).then(done, done)
  }, [locale])
  useEffect(() => {
    if (!checked)
      void parley
        .getSession()
        .catch((error: unknown) => host.report(error))
        .finally(() => setChecked(true))
  }, [parley])
  const t = useMemo(() => translator(locale), [locale])
  const profile = session?.kind === 'staff' ? session.profile : null
  const context = useMemo<StaffContext | null>(
    () =>
      profile ? { parley, profile, locale, t, emit: (name, detail) => host.emit(name, detail), fail: (error) => host.report(error) } : null,
    [parley, profile, locale, t]
  )
  if (!checked || !View || worded !== locale)
    return (
      <p part="notice" class="notice" aria-busy="true">
        {t('loading')}
      </p>
    )
  if (!context || !profile)
    return (
      <p part="notice" class="notice">
        {t('signedOut')}
      </p>
    )
  if (!may(profile.role, capability))
    return (
      <p part="notice" class="notice">
        {t('notAllowed', { role: roleName(locale, profile.role), what: t(subject) })}
      </p>
    )
  const Typed = View as FunctionComponent<ViewProps>
  return (
    <Context.Provider value={context}>
      <Typed host={host} />
    </Context.Provider>
  )
}
