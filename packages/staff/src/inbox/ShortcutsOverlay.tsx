import { useEffect, useMemo, useRef } from 'preact/hooks'
import { useStaff } from '../base/context.ts'
import { viewTranslator } from '../base/i18n.ts'
import { type InboxCommand, SHORTCUTS } from './keyboard.ts'
import { SHORTCUT_TEXTS } from './shortcuts-i18n.ts'

const LABELS: Record<InboxCommand, keyof typeof SHORTCUT_TEXTS.en> = {
  next: 'keyNext',
  previous: 'keyPrevious',
  reply: 'keyReply',
  note: 'keyNote',
  resolve: 'keyResolve',
  assign: 'keyAssign',
  search: 'keySearch',
  help: 'keyHelp'
}

/** The `?` overlay: every inbox shortcut, in a modal dialog that Escape closes. */
export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  const { locale } = useStaff()
  const t = useMemo(() => viewTranslator(locale, SHORTCUT_TEXTS), [locale])
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    dialog.current?.showModal()
  }, [])
  return (
    <dialog ref={dialog} part="shortcuts" class="shortcuts" aria-labelledby="shortcuts-heading" onClose={onClose}>
      <h2 id="shortcuts-heading">{t('shortcuts')}</h2>
      <dl>
        {SHORTCUTS.map(({ keys, command }) => (
          <div key={command}>
            <dt>
              {keys.map((key) => (
                <kbd key={key}>{key}</kbd>
              ))}
            </dt>
            <dd>{t(LABELS[command])}</dd>
          </div>
        ))}
      </dl>
      <button type="button" class="primary" onClick={() => dialog.current?.close()}>
        {t('close')}
      </button>
    </dialog>
  )
}
