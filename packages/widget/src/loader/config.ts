import { WidgetError } from './errors.ts'

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
  locale?: Locale
  /** Primary colour, any CSS colour. */
  color?: string
  position?: Position
  zIndex?: number
  theme?: Theme
  /** Nonce for the stylesheet and app script when the page's CSP needs one. */
  nonce?: string
  /** VAPID public key (base64url): enables the push opt-in. */
  vapidKey?: string
  /** Where the dealer serves parley-sw.js on its own origin (default `/parley-sw.js`). */
  serviceWorker?: string
  /** URL of the app chunk; defaults to `parley-app.js` next to the loader. */
  appSrc?: string
}

/** Reads the loader's own script tag: `dataset` already maps data-supabase-url to supabaseUrl. */
export function readScriptConfig(script: HTMLScriptElement | null): Partial<WidgetConfig> {
  return script ? { appSrc: script.src && new URL('parley-app.js', script.src).href, ...script.dataset } : {}
}

/**
 * Rejects a config the widget cannot start with. Presentation options (position, theme,
 * zIndex, color) fall back to defaults in CSS; the app checks them and reports bad values.
 */
export function checkConfig(input: Partial<WidgetConfig>): asserts input is WidgetConfig {
  for (const key of ['supabaseUrl', 'supabaseKey', 'organization', 'appSrc'] as const) if (!input[key]) throw new WidgetError('INVALID_CONFIG', key + ' is required')
}

/** Any French page or browser: the loader names the bubble with this before the app runs. */
export const isFrench = (wanted?: string) => /^fr/i.test(wanted || document.documentElement.lang || navigator.language)

/** fr-CA for any French page or browser, English otherwise. */
export function pickLocale(wanted?: string): Locale {
  return isFrench(wanted) ? 'fr-CA' : 'en'
}
