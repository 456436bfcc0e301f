/** The shortcut list's texts, in the chunk that loads when `?` is first pressed. */
const en = {
  keyNext: 'Next conversation',
  keyPrevious: 'Previous conversation',
  keyReply: 'Reply',
  keyNote: 'Write an internal note',
  keyResolve: 'Resolve the conversation',
  keyAssign: 'Assign to me',
  keySearch: 'Search',
  keyHelp: 'Show this list'
}

const frCA: Record<keyof typeof en, string> = {
  keyNext: 'Conversation suivante',
  keyPrevious: 'Conversation précédente',
  keyReply: 'Répondre',
  keyNote: 'Écrire une note interne',
  keyResolve: 'Résoudre la conversation',
  keyAssign: 'M’assigner',
  keySearch: 'Rechercher',
  keyHelp: 'Afficher cette liste'
}

export const SHORTCUT_TEXTS = { en, 'fr-CA': frCA }
