/** Where the panel sits and how it looks before the app chunk has loaded. */
export type Position = 'right' | 'left'
export type Theme = 'auto' | 'light' | 'dark'
export type Locale = 'en' | 'fr-CA'

/**
 * Everything a dealer can set, from the script tag's `data-*` attributes or `Parley.init`.
 *
 * @example
 * Parley.init({ supabaseUrl: 'https://x.supabase.co', supabaseKey: 'anon…', organization: 'c0ffee…' })
 */
export interface WidgetConfig {
  supabaseUrl: string
  supabaseKey: string
  /** Organization id (uuid) the conversations belong to. */
  organization: string
  warranty?: string
  claim?: string
  /** A customer access token (e.g. from the dealer's claim e-mail link) to redeem on open. */
  token?: string
  /** The code of an e-mail's unsubscribe link (`#unsubscribe=…`): the panel asks to confirm it. */
  unsubscribe?: string
  locale?: Locale
  /** Primary colour, any CSS colour. */
  color?: string
  position?: Position
  zIndex?: number
  theme?: Theme
  /** VAPID public key (base64url): enables the push opt-in. */
  vapidKey?: string
  /** Where the dealer serves parley-sw.js on its own origin (default `/parley-sw.js`). */
  serviceWorker?: string
  /** URL of the app chunk, relative to the loader's URL; defaults to `parley-app.js` next to it. */
  appSrc?: string
}

/** Any French page or browser: the loader names the bubble with this before the app runs. */
export const isFrench = (wanted?: string) => /^fr/i.test(wanted || document.documentElement.lang || navigator.language)

/** fr-CA for any French page or browser, English otherwise. */
export function pickLocale(wanted?: string): Locale {
  return isFrench(wanted) ? 'fr-CA' : 'en'
}
