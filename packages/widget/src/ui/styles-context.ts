import { createContext } from 'preact'
import { useContext } from 'preact/hooks'

/**
 * Adds CSS to the instance's shadow root, once per text. Parts that load later bring their
 * own rules: the first-open stylesheet only has what the first open draws.
 */
export const StylesContext = createContext<(css: string) => void>(() => undefined)

/** Called during render, so the rules are there before the part is painted. */
export const useStyles = (css: string): void => useContext(StylesContext)(css)
