/**
 * Adds CSS to a shadow root without inline styles: constructable stylesheets where the
 * browser has them (CSP does not apply to CSSOM), a nonce'd <style> otherwise.
 */
export function addStyles(root: ShadowRoot, css: string, nonce?: string): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
    return
  }
  const style = document.createElement('style')
  if (nonce) style.nonce = nonce
  style.textContent = css
  root.prepend(style)
}
