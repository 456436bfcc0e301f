/**
 * Adds CSS to a shadow root through a constructable stylesheet: CSP does not apply to CSSOM,
 * so no nonce and no 'unsafe-inline' are needed. The widget requires them (Safari 16.4+,
 * Chrome 73+, Firefox 101+); the loader does not start without them.
 */
export function addStyles(root: ShadowRoot, css: string): void {
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(css)
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
}
