import type { ParleyErrorCode } from '@parley/core'

/** Ce qu’un refus dit au personnel, par code; dans son propre morceau, chargé avec la vue. */
const frCA: Record<ParleyErrorCode, string> = {
  NOT_AUTHORIZED: 'Vous ne pouvez pas faire ceci, ou vous avez été déconnecté : reconnectez-vous.',
  TOKEN_INVALID: 'Ce lien ou ce code d’accès ne fonctionne plus.',
  RATE_LIMITED: 'Trop de tentatives : attendez un moment et réessayez.',
  INVALID_INPUT: 'Une donnée saisie n’est pas acceptée : vérifiez-la et réessayez.',
  NOT_FOUND: 'Ceci n’existe plus, ou vous n’y avez plus accès.',
  NETWORK: 'Parley est injoignable : vérifiez la connexion et réessayez.',
  CONFLICT: 'Ceci existe déjà ou vient d’être modifié : rechargez et réessayez.',
  IDENTITY_INVALID: 'L’identité du client n’a pas pu être vérifiée.',
  INVITATION_INVALID: 'Ce lien d’invitation ne fonctionne plus.',
  INVITATION_EXPIRED: 'Cette invitation est expirée.',
  INVITATION_REVOKED: 'Cette invitation a été annulée.',
  INVITATION_USED: 'Cette invitation a déjà été acceptée.',
  INVITATION_EMAIL_MISMATCH: 'Cette invitation a été envoyée à une autre adresse courriel.',
  ALREADY_MEMBER: 'Cette personne fait déjà partie d’une équipe.',
  LAST_ADMIN: 'L’équipe doit garder au moins un administrateur actif.',
  EMAIL_SUPPRESSED: 'Cette adresse a rejeté nos courriels ou s’est désabonnée : elle ne reçoit rien.',
  UNSUPPORTED: 'Ce navigateur ne peut pas recevoir de notifications push.',
  INSECURE_CONTEXT: 'Les notifications push exigent une page sécurisée (https).',
  IOS_HOME_SCREEN_REQUIRED: 'Sur iPhone et iPad, ajoutez d’abord cette page à l’écran d’accueil.',
  USER_GESTURE_REQUIRED: 'Activez les notifications d’un clic ou d’un toucher.',
  PERMISSION_DENIED: 'Les notifications sont bloquées dans les réglages du navigateur.',
  SUBSCRIBE_FAILED: 'Le navigateur n’a pas pu activer les notifications : réessayez plus tard.',
  UNKNOWN: 'Une erreur est survenue : réessayez.'
}

export default frCA
