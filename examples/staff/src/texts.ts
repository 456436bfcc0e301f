import type { ParleyErrorCode } from '@parley/core'
import type { Locale } from '@parley/widget/locale'

/** What a refused action tells staff, by ParleyError code, where a screen says it its own way. */
export type Refusals = Partial<Record<ParleyErrorCode, string>>

/** Every sentence of the staff app's own screens; the elements carry their own. */
export interface Texts {
  /** The browser tab's title and the sign-in page's heading. */
  title: string
  loading: string
  /** The name of the language switch. */
  language: string
  /** A sentence for every code core can return, so core's English message is never shown. */
  refusals: Record<ParleyErrorCode, string>
  signIn: {
    email: string
    password: string
    submit: string
    /** The password was right, but the account opens no organization. */
    notOnATeam: string
    refusals: Refusals
  }
  console: {
    pages: string
    chat: string
    notifications: string
    replies: string
    analytics: string
    team: string
    pushSettings: string
    identity: string
    signOut: string
    underTheBell: string
    noNotifications: string
  }
  identity: {
    heading: string
    checking: string
    created: (date: Date) => string
    noSecret: string
    newSecret: string
    confirmRotation: string
    rotationWarning: string
    rotateNow: string
    cancel: string
    rotate: string
    create: string
    required: string
  }
  invitation: {
    title: string
    signUpIntro: string
    signInIntro: string
    name: string
    signUp: string
    signIn: string
    toSignIn: string
    toSignUp: string
    confirmEmail: string
    /** What each refusal of an invitation link tells the person who opened it. */
    refusals: Refusals
  }
}

export const TEXTS: Record<Locale, Texts> = {
  en: {
    title: 'Parley staff console',
    loading: 'Loading…',
    language: 'Language',
    refusals: {
      NOT_AUTHORIZED: 'You may not do this, or you were signed out: sign in again.',
      TOKEN_INVALID: 'This link or access code no longer works.',
      RATE_LIMITED: 'Too many attempts: wait a moment and try again.',
      INVALID_INPUT: 'Something entered is not accepted: check it and try again.',
      NOT_FOUND: 'This no longer exists, or you no longer have access to it.',
      NETWORK: 'Parley cannot be reached: check the connection and try again.',
      CONFLICT: 'This already exists or was just changed: reload and try again.',
      IDENTITY_INVALID: 'The customer’s identity could not be verified.',
      INVITATION_INVALID: 'This invitation link no longer works.',
      INVITATION_EXPIRED: 'This invitation has expired.',
      INVITATION_REVOKED: 'This invitation was cancelled.',
      INVITATION_USED: 'This invitation was already accepted.',
      INVITATION_EMAIL_MISMATCH: 'This invitation was sent to another e-mail address.',
      ALREADY_MEMBER: 'This person already belongs to a team.',
      LAST_ADMIN: 'The team must keep at least one active admin.',
      EMAIL_SUPPRESSED: 'This address bounced or unsubscribed: it is not e-mailed.',
      UNSUPPORTED: 'This browser cannot receive push notifications.',
      INSECURE_CONTEXT: 'Push notifications need a secure (https) page.',
      IOS_HOME_SCREEN_REQUIRED: 'On iPhone and iPad, add this page to the Home Screen first.',
      USER_GESTURE_REQUIRED: 'Turn notifications on with a click or a tap.',
      PERMISSION_DENIED: 'Notifications are blocked in this browser’s settings.',
      SUBSCRIBE_FAILED: 'The browser could not turn notifications on: try again later.',
      UNKNOWN: 'Something went wrong: try again.'
    },
    signIn: {
      email: 'Email',
      password: 'Password',
      submit: 'Sign in',
      notOnATeam:
        'This account is not on a dealership’s team: it has been deactivated, or it has not accepted an invitation yet. Ask an admin of your dealership.',
      refusals: { NOT_AUTHORIZED: 'Wrong e-mail or password.' }
    },
    console: {
      pages: 'Pages',
      chat: 'Chat',
      notifications: 'Notifications',
      replies: 'Quick replies',
      analytics: 'Analytics',
      team: 'Team',
      pushSettings: 'Push settings',
      identity: 'Identity verification',
      signOut: 'Sign out',
      underTheBell: 'Your latest notifications are under the bell; choosing one opens what it is about.',
      noNotifications: 'Your role receives no notifications in the notification centre.'
    },
    identity: {
      heading: 'Identity verification',
      checking: 'Checking…',
      created: (date) =>
        `Secret created ${date.toLocaleString('en')}. Your server signs each customer’s e-mail with it (HMAC-SHA256, hex) and the page passes it to identify().`,
      noSecret: 'No secret yet: customers’ e-mails are not verified.',
      newSecret: 'New secret — copy it to your server now, it is not shown again',
      confirmRotation: 'Confirm rotation',
      rotationWarning: 'Signatures made with the current secret stop verifying at once.',
      rotateNow: 'Rotate now',
      cancel: 'Cancel',
      rotate: 'Rotate secret',
      create: 'Create secret',
      required: 'Refuse customers without a valid signature'
    },
    invitation: {
      title: 'Join your team on Parley',
      signUpIntro: 'Create your account with the address that received the invitation.',
      signInIntro: 'Sign in with the address that received the invitation.',
      name: 'Your name',
      signUp: 'Create my account and join',
      signIn: 'Sign in and join',
      toSignIn: 'I already have an account',
      toSignUp: 'I need to create an account',
      confirmEmail: 'Confirm your e-mail address with the message just sent to you, then open the invitation link again and sign in.',
      refusals: {
        // Revoking deletes the code, so a revoked link reads as invalid too.
        INVITATION_INVALID:
          'This invitation link no longer works: it was already used, cancelled, or replaced by a newer invitation. Ask your administrator for a new one.',
        INVITATION_EXPIRED: 'This invitation has expired. Ask your administrator to send it again.',
        INVITATION_REVOKED: 'This invitation was cancelled by an administrator.',
        INVITATION_EMAIL_MISMATCH:
          'This invitation was sent to another e-mail address: sign in or sign up with the address that received it.',
        ALREADY_MEMBER: 'This account already belongs to a team: sign in from the staff console instead.',
        INVALID_INPUT: 'This invitation link is incomplete: open it again from the e-mail.'
      }
    }
  },
  'fr-CA': {
    title: 'Console du personnel Parley',
    loading: 'Chargement…',
    language: 'Langue',
    refusals: {
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
    },
    signIn: {
      email: 'Courriel',
      password: 'Mot de passe',
      submit: 'Se connecter',
      notOnATeam:
        'Ce compte ne fait partie de l’équipe d’aucun concessionnaire : il a été désactivé, ou il n’a pas encore accepté d’invitation. Adressez-vous à un administrateur de votre concession.',
      refusals: { NOT_AUTHORIZED: 'Courriel ou mot de passe incorrect.' }
    },
    console: {
      pages: 'Pages',
      chat: 'Clavardage',
      notifications: 'Notifications',
      replies: 'Réponses rapides',
      analytics: 'Statistiques',
      team: 'Équipe',
      pushSettings: 'Notifications push',
      identity: 'Vérification d’identité',
      signOut: 'Déconnexion',
      underTheBell: 'Vos dernières notifications sont sous la cloche; en choisir une ouvre ce dont elle parle.',
      noNotifications: 'Votre rôle ne reçoit aucune notification dans le centre de notifications.'
    },
    identity: {
      heading: 'Vérification d’identité',
      checking: 'Vérification…',
      created: (date) =>
        `Secret créé le ${date.toLocaleString('fr-CA')}. Votre serveur signe avec lui le courriel de chaque client (HMAC-SHA256, hex) et la page le passe à identify().`,
      noSecret: 'Aucun secret pour l’instant : les courriels des clients ne sont pas vérifiés.',
      newSecret: 'Nouveau secret — copiez-le maintenant sur votre serveur, il ne sera plus affiché',
      confirmRotation: 'Confirmer le remplacement',
      rotationWarning: 'Les signatures faites avec le secret actuel cessent aussitôt d’être valides.',
      rotateNow: 'Remplacer maintenant',
      cancel: 'Annuler',
      rotate: 'Remplacer le secret',
      create: 'Créer le secret',
      required: 'Refuser les clients sans signature valide'
    },
    invitation: {
      title: 'Joignez-vous à votre équipe sur Parley',
      signUpIntro: 'Créez votre compte avec l’adresse qui a reçu l’invitation.',
      signInIntro: 'Connectez-vous avec l’adresse qui a reçu l’invitation.',
      name: 'Votre nom',
      signUp: 'Créer mon compte et me joindre à l’équipe',
      signIn: 'Me connecter et me joindre à l’équipe',
      toSignIn: 'J’ai déjà un compte',
      toSignUp: 'Je dois créer un compte',
      confirmEmail:
        'Confirmez votre adresse courriel avec le message qui vient de vous être envoyé, puis ouvrez de nouveau le lien d’invitation et connectez-vous.',
      refusals: {
        INVITATION_INVALID:
          'Ce lien d’invitation ne fonctionne plus : il a déjà servi, a été annulé ou remplacé par une invitation plus récente. Demandez-en une nouvelle à votre administrateur.',
        INVITATION_EXPIRED: 'Cette invitation est expirée. Demandez à votre administrateur de vous la renvoyer.',
        INVITATION_REVOKED: 'Cette invitation a été annulée par un administrateur.',
        INVITATION_EMAIL_MISMATCH:
          'Cette invitation a été envoyée à une autre adresse courriel : inscrivez-vous ou connectez-vous avec l’adresse qui l’a reçue.',
        ALREADY_MEMBER: 'Ce compte fait déjà partie d’une équipe : connectez-vous plutôt à la console du personnel.',
        INVALID_INPUT: 'Ce lien d’invitation est incomplet : ouvrez-le de nouveau à partir du courriel.'
      }
    }
  }
}
