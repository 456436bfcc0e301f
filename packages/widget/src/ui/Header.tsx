import { useI18n } from './i18n-context.ts'
import type { AgentView } from './types.ts'

export interface HeaderProps {
  id: string
  title: string
  agent?: AgentView | null
  onClose: () => void
  onBack?: () => void
  onSettings?: () => void
}

/** Title, the assigned agent's name and avatar, and the panel's buttons. */
export function Header({ id, title, agent, onClose, onBack, onSettings }: HeaderProps) {
  const { t } = useI18n()
  const name = agent?.name
  return (
    <header class="header">
      {onBack && (
        <button type="button" class="icon" aria-label={t('back')} onClick={onBack}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M15 5l-7 7 7 7" />
          </svg>
        </button>
      )}
      {name &&
        (agent.avatarUrl ? (
          <img class="avatar" src={agent.avatarUrl} alt="" />
        ) : (
          <span class="avatar" aria-hidden="true">
            {name.slice(0, 1).toUpperCase()}
          </span>
        ))}
      <div class="heading">
        <h2 id={id}>{name ?? title}</h2>
        <p>{name ? title : t('subtitle')}</p>
      </div>
      {onSettings && (
        <button type="button" class="icon" aria-label={t('settings')} onClick={onSettings}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <circle cx="12" cy="12" r="3" />
            <path d="M12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2" />
          </svg>
        </button>
      )}
      <button type="button" class="icon" aria-label={t('close')} onClick={onClose}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 6l12 12M18 6L6 18" />
        </svg>
      </button>
    </header>
  )
}
