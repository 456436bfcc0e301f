/** The quick-reply picker's texts, in its own chunk. */
const en = {
  'replies.search': 'Quick reply',
  'replies.list': 'Quick replies',
  'replies.count': '{count} {count|quick reply|quick replies}',
  'replies.none': 'No quick reply matches. Type a space to keep the text as it is.',
  'replies.empty': 'No quick replies yet: add them on the Quick replies page.',
  'replies.loading': 'Loading quick replies…',
  'replies.inserting': 'Filling in the reply…',
  'replies.shared': 'shared',
  'replies.personal': 'personal',
  'replies.keys': '↑ ↓ to choose, Enter or Tab to insert, Alt+L for the other language, Esc to close',
  'replies.language': 'Language of the reply'
}

const frCA: Record<keyof typeof en, string> = {
  'replies.search': 'Réponse rapide',
  'replies.list': 'Réponses rapides',
  'replies.count': '{count} {count|réponse rapide|réponses rapides}',
  'replies.none': 'Aucune réponse rapide ne correspond. Tapez une espace pour garder le texte tel quel.',
  'replies.empty': 'Aucune réponse rapide pour l’instant : ajoutez-en dans la page Réponses rapides.',
  'replies.loading': 'Chargement des réponses rapides…',
  'replies.inserting': 'Préparation de la réponse…',
  'replies.shared': 'partagée',
  'replies.personal': 'personnelle',
  'replies.keys': '↑ ↓ pour choisir, Entrée ou Tab pour insérer, Alt+L pour l’autre langue, Échap pour fermer',
  'replies.language': 'Langue de la réponse'
}

export const QUICK_REPLY_TEXTS = { en, 'fr-CA': frCA }
