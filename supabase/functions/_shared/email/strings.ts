import type { EmailLocale } from './types.ts'

const STATUS = {
  en: {
    submitted: 'Submitted',
    under_review: 'Under review',
    info_requested: 'Information requested',
    approved: 'Approved',
    denied: 'Denied',
    in_repair: 'In repair',
    completed: 'Completed',
    closed: 'Closed'
  },
  'fr-CA': {
    submitted: 'Soumise',
    under_review: 'En analyse',
    info_requested: 'Renseignements demandés',
    approved: 'Approuvée',
    denied: 'Refusée',
    in_repair: 'En réparation',
    completed: 'Terminée',
    closed: 'Fermée'
  }
} as const

const ROLE = {
  en: { admin: 'administrator', operations: 'operations', f_and_i: 'finance and insurance', agent: 'agent' },
  'fr-CA': { admin: 'administrateur', operations: 'opérations', f_and_i: 'financement et assurance', agent: 'agent' }
} as const

export function statusLabel(locale: EmailLocale, status: string): string {
  return (STATUS[locale] as Record<string, string>)[status] ?? status
}

export function roleLabel(locale: EmailLocale, role: string): string {
  return (ROLE[locale] as Record<string, string>)[role] ?? role
}

export const STRINGS = {
  en: {
    invitationSubject: (org: string) => `You are invited to join ${org} on Parley`,
    invitationIntro: (who: string, org: string, role: string) => `${who} invited you to join ${org} as ${role}.`,
    invitationAction: 'Accept the invitation',
    invitationCode: 'Your invitation code',
    invitationExpires: (date: string) => `The invitation expires on ${date}. Sign in or sign up with this e-mail address to accept it.`,
    missedSubject: (org: string) => `${org} replied to your message`,
    missedIntro: (org: string) => `${org} replied while you were away:`,
    missedAction: 'Continue the conversation',
    claimSubject: (claim: string, status: string) => `Claim ${claim}: ${status}`,
    claimIntro: (claim: string, from: string, to: string) => `The status of your claim ${claim} changed from ${from} to ${to}.`,
    transcriptSubject: (org: string) => `Your conversation with ${org}`,
    transcriptIntro: (org: string) => `Here is the transcript of your conversation with ${org}.`,
    attachment: '(attachment)',
    you: 'You',
    unsubscribe: 'Stop e-mails from',
    greeting: (name: string) => `Hello ${name},`
  },
  'fr-CA': {
    invitationSubject: (org: string) => `Invitation à rejoindre ${org} sur Parley`,
    invitationIntro: (who: string, org: string, role: string) => `${who} vous invite à rejoindre ${org} (rôle : ${role}).`,
    invitationAction: 'Accepter l’invitation',
    invitationCode: 'Votre code d’invitation',
    invitationExpires: (date: string) =>
      `L’invitation expire le ${date}. Connectez-vous ou inscrivez-vous avec cette adresse courriel pour l’accepter.`,
    missedSubject: (org: string) => `${org} a répondu à votre message`,
    missedIntro: (org: string) => `${org} vous a répondu pendant votre absence :`,
    missedAction: 'Poursuivre la conversation',
    claimSubject: (claim: string, status: string) => `Réclamation ${claim} : ${status}`,
    claimIntro: (claim: string, from: string, to: string) => `Le statut de votre réclamation ${claim} est passé de ${from} à ${to}.`,
    transcriptSubject: (org: string) => `Votre conversation avec ${org}`,
    transcriptIntro: (org: string) => `Voici la transcription de votre conversation avec ${org}.`,
    attachment: '(pièce jointe)',
    you: 'Vous',
    unsubscribe: 'Ne plus recevoir de courriels de',
    greeting: (name: string) => `Bonjour ${name},`
  }
} satisfies Record<EmailLocale, unknown>
