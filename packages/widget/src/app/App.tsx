import { useEffect, useMemo, useState } from 'preact/hooks'
import type { Controller } from '../connect/controller.ts'
import { translator } from '../i18n/messages.ts'
import { I18nContext } from '../ui/i18n-context.ts'
import { Widget, type WidgetActions } from '../ui/Widget.tsx'

export interface PushActions {
  enablePush(): void
  disablePush(): void
  setPushPreferences(preferences: { new_messages: boolean; claim_updates: boolean }): void
}

/** Binds the controller's state atom to the Widget and its callbacks to the controller. */
export function App({ controller, push }: { controller: Controller; push: PushActions }) {
  const [state, setState] = useState(controller.$state.get())
  // subscribe (not listen): changes made between the first render and this effect count too.
  useEffect(() => controller.$state.subscribe(setState), [controller])
  const i18n = useMemo(() => ({ locale: state.locale, t: translator(state.locale) }), [state.locale])
  const actions: WidgetActions = useMemo(
    () => ({
      close: controller.close,
      start: controller.start,
      send: controller.send,
      retry: controller.retry,
      typing: controller.typing,
      loadOlder: () => void controller.loadOlder(),
      files: controller.files,
      removeUpload: controller.removeUpload,
      show: controller.show,
      select: controller.select,
      newConversation: controller.newConversation,
      setSound: controller.setSound,
      dismissPush: controller.dismissPush,
      ...push
    }),
    [controller, push]
  )
  return (
    <I18nContext.Provider value={i18n}>
      <Widget state={state} actions={actions} />
    </I18nContext.Provider>
  )
}
