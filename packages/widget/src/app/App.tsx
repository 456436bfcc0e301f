import { useEffect, useMemo, useState } from 'preact/hooks'
import type { Controller } from '../connect/controller.ts'
import { I18nContext } from '../ui/i18n-context.ts'
import { Panel } from '../ui/Panel.tsx'
import { StylesContext } from '../ui/styles-context.ts'
import { Widget, type WidgetActions } from '../ui/Widget.tsx'

export interface PushActions {
  enablePush(): void
  disablePush(): void
  setPushPreferences(preferences: { new_messages: boolean; claim_updates: boolean }): void
}

/** What mount.tsx adds to the controller's actions: the push ones it made lazy, and what lazy parts call themselves. */
export type PartActions = PushActions & Pick<WidgetActions, 'parley' | 'visitor' | 'config'>

/** Shown when the texts themselves could not be fetched, so they cannot come from them. */
const TEXTS_FAILED = {
  en: ['The chat could not be loaded. Check your connection.', 'Retry'],
  'fr-CA': ['La discussion n’a pas pu être chargée. Vérifiez votre connexion.', 'Réessayer']
}

/** Binds the controller's state atom to the Widget and its callbacks to the controller. */
export function App({ controller, push, addCss }: { controller: Controller; push: PartActions; addCss: (css: string) => void }) {
  const [state, setState] = useState(controller.$state.get())
  // subscribe (not listen): changes made between the first render and this effect count too.
  useEffect(() => controller.$state.subscribe(setState), [controller])
  const { locale, t } = state
  const i18n = useMemo(() => t && { locale, t }, [t])
  // The controller's methods are the panel's actions, plus mount's (push, lazy parts' needs).
  const actions: WidgetActions = useMemo(() => ({ ...controller, ...push }), [controller, push])
  if (!i18n) {
    // The visitor's language comes in its own file, right after this one.
    const [failed, retry] = TEXTS_FAILED[locale]
    return (
      <Panel key="texts" open={state.open} labelledBy="parley-texts" onClose={controller.close}>
        {state.textsFailed ? (
          <p id="parley-texts" class="problem" role="alert">
            {failed}{' '}
            <button type="button" class="link" onClick={() => controller.setLocale(locale)}>
              {retry}
            </button>
          </p>
        ) : (
          <p id="parley-texts" class="empty" role="status">
            …
          </p>
        )}
      </Panel>
    )
  }
  return (
    <StylesContext.Provider value={addCss}>
      <I18nContext.Provider value={i18n}>
        <Widget state={state} actions={actions} />
      </I18nContext.Provider>
    </StylesContext.Provider>
  )
}
