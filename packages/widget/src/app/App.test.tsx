import { atom } from 'nanostores'
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { Controller } from '../connect/controller.ts'
import { initialState, type WidgetState } from '../connect/state.ts'
import fr from '../i18n/fr-CA.ts'
import { translator } from '../i18n/messages.ts'
import { PreChatForm } from '../ui/Widget.tsx'
import { App, type PartActions } from './App.tsx'

function mountApp(state: Partial<WidgetState>) {
  const $state = atom<WidgetState>({ ...initialState('fr-CA'), open: true, view: 'form', ...state })
  const controller = { $state, setLocale: vi.fn(), close: vi.fn() } as unknown as Controller
  const push = {
    enablePush: vi.fn(),
    disablePush: vi.fn(),
    setPushPreferences: vi.fn(),
    parley: {} as PartActions['parley'],
    visitor: { read: () => ({ tokens: {}, active: null, sound: false, pushDismissed: false, pushId: null }), write: vi.fn() },
    config: {}
  }
  const container = document.createElement('div')
  document.body.append(container)
  act(() => render(<App controller={controller} push={push} addCss={() => undefined} />, container))
  return { container, controller, $state }
}

describe('App', () => {
  it('shows a status until the visitor’s texts arrive, then the panel in their language', async () => {
    // As mount.tsx does for a visitor without a conversation.
    await PreChatForm.preload()
    const { container, $state } = mountApp({})
    expect(container.querySelector('[role="status"]')!.textContent).toBe('…')
    act(() => $state.set({ ...$state.get(), t: translator(fr) }))
    expect(container.querySelector('button[type="submit"]')!.textContent).toBe('Commencer la conversation')
  })

  it('says so in the visitor’s language when the texts cannot be fetched, and Retry asks again', () => {
    const { container, controller } = mountApp({ textsFailed: true })
    const alert = container.querySelector('[role="alert"]')!
    expect(alert.textContent).toContain('n’a pas pu être chargée')
    act(() => alert.querySelector('button')!.click())
    expect(controller.setLocale).toHaveBeenCalledWith('fr-CA')
  })
})
