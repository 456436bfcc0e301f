import type { ComponentChildren } from 'preact'
import { render } from 'preact'
import { act } from 'preact/test-utils'
import en from '../src/i18n/en.ts'
import fr from '../src/i18n/fr-CA.ts'
import { translator } from '../src/i18n/messages.ts'
import type { Locale } from '../src/loader/config.ts'
import { I18nContext } from '../src/ui/i18n-context.ts'

const i18n = (locale: Locale) => ({ locale, t: translator(locale === 'en' ? en : fr) })

/** Renders into a fresh container (flushing effects); returns it and an unmount. */
export function mount(node: ComponentChildren, locale: Locale = 'en') {
  const container = document.createElement('div')
  document.body.append(container)
  act(() => {
    render(<I18nContext.Provider value={i18n(locale)}>{node}</I18nContext.Provider>, container)
  })
  return {
    container,
    rerender(next: ComponentChildren) {
      act(() => {
        render(<I18nContext.Provider value={i18n(locale)}>{next}</I18nContext.Provider>, container)
      })
    },
    unmount() {
      act(() => render(null, container))
      container.remove()
    }
  }
}

/** Fires an event inside act() so state updates and effects are flushed. */
export function fire(target: Element, event: Event): void {
  act(() => {
    target.dispatchEvent(event)
  })
}

export function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value
  fire(input, new Event('input', { bubbles: true }))
}

export function key(target: Element, key: string, init: KeyboardEventInit = {}): void {
  fire(target, new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
}
