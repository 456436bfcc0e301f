/** Where a quick-reply search sits in the composer's text: `/` and what follows, up to the caret. */
export interface SlashToken {
  start: number
  end: number
}

/**
 * The `/word` that ends at the caret, when its `/` starts the text or a word: `Bonjour /gar`
 * opens the picker, a URL's or a date's slash does not.
 */
export function slashTokenAt(text: string, caret: number): SlashToken | null {
  const before = text.slice(0, caret)
  const match = /(^|\s)(\/\S*)$/.exec(before)
  if (!match) return null
  return { start: caret - match[2]!.length, end: caret }
}

/** The text with the token replaced, and where the caret goes: after the replacement. */
export function replaceToken(text: string, token: SlashToken, replacement: string): { text: string; caret: number } {
  return { text: text.slice(0, token.start) + replacement + text.slice(token.end), caret: token.start + replacement.length }
}
