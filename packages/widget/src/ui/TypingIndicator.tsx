import { useI18n } from './i18n-context.ts'

/** "Marie is typing…", with dots that stay still when motion is reduced. */
export function TypingIndicator({ names }: { names: readonly (string | null)[] }) {
  const { t } = useI18n()
  if (names.length === 0) return null
  return (
    <p class="typing">
      <span class="dots" aria-hidden="true">
        <i />
        <i />
        <i />
      </span>
      {t('typing', { name: names[0] ?? t('someone') })}
    </p>
  )
}
