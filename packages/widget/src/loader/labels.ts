import type { Locale } from './config.ts'

/** The only strings the loader itself shows; the app carries the rest. */
export const BUBBLE_LABEL: Record<Locale, [open: string, close: string]> = {
  en: ['Open chat', 'Close chat'],
  'fr-CA': ['Ouvrir la discussion', 'Fermer la discussion']
}
