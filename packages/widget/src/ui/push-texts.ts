import type { Locale } from '../loader/config.ts'

// Settings and the push opt-in come in their own chunk: their texts travel with them rather
// than in every first open's catalog.
export const PUSH_TEXTS: Record<
  Locale,
  Record<
    'sound' | 'pushTitle' | 'pushBody' | 'pushEnable' | 'pushLater' | 'pushDenied' | 'pushOn' | 'pushMessages' | 'pushClaims' | 'pushOff',
    string
  >
> = {
  en: {
    sound: 'Play a sound for new messages',
    pushTitle: 'Get notified of replies?',
    pushBody: 'We can let you know when an agent answers or your claim changes, even when this page is closed.',
    pushEnable: 'Turn on notifications',
    pushLater: 'Not now',
    pushDenied: 'Notifications are blocked in your browser settings.',
    pushOn: 'Notifications are on.',
    pushMessages: 'New messages',
    pushClaims: 'Claim updates',
    pushOff: 'Turn off notifications'
  },
  'fr-CA': {
    sound: 'Jouer un son pour les nouveaux messages',
    pushTitle: 'Être avisé des réponses?',
    pushBody: 'Nous pouvons vous aviser quand un agent répond ou que votre réclamation change, même page fermée.',
    pushEnable: 'Activer les notifications',
    pushLater: 'Plus tard',
    pushDenied: 'Les notifications sont bloquées dans les réglages du navigateur.',
    pushOn: 'Les notifications sont activées.',
    pushMessages: 'Nouveaux messages',
    pushClaims: 'Suivi des réclamations',
    pushOff: 'Désactiver les notifications'
  }
}
