import type { Parley, Profile } from '@parley/core'
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Locale, Translate } from './i18n.ts'

/** What every view of an element reads: the client, the signed-in staff profile, texts and the element's events. */
export interface StaffContext {
  parley: Parley
  profile: Profile
  locale: Locale
  t: Translate
  /** Dispatches a `parley-…` event from the host element (bubbles, composed). */
  emit: (name: string, detail: unknown) => void
  /** Reports a failure as a `parley-error` event and returns the text to show. */
  fail: (error: unknown) => string
}

export const Context = createContext<StaffContext | null>(null)

export function useStaff(): StaffContext {
  const value = useContext(Context)
  if (!value) throw new Error('useStaff outside a Parley staff element')
  return value
}
