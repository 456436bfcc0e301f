import { describe, expect, it, vi } from 'vitest'
import { fire, mount } from '../../test/render.tsx'
import { ConnectionBanner } from './ConnectionBanner.tsx'
import { ConversationList } from './ConversationList.tsx'
import { Header } from './Header.tsx'
import { PushPrompt } from './PushPrompt.tsx'
import { Settings } from './Settings.tsx'
import { TypingIndicator } from './TypingIndicator.tsx'

const click = (element: Element) => fire(element, new MouseEvent('click', { bubbles: true }))

describe('small parts', () => {
  it('TypingIndicator names who types, or nothing', () => {
    expect(mount(<TypingIndicator names={['Julie']} />, 'fr-CA').container.textContent).toBe('Julie écrit…')
    expect(mount(<TypingIndicator names={[]} />).container.innerHTML).toBe('')
  })

  it('ConnectionBanner speaks up only when sends are queued', () => {
    expect(mount(<ConnectionBanner state="offline" />).container.querySelector('[role="status"]')!.textContent).toContain('offline')
    expect(mount(<ConnectionBanner state="connected" />).container.innerHTML).toBe('')
  })

  it('Header shows the agent and labels its buttons', () => {
    const onClose = vi.fn()
    const { container } = mount(
      <Header id="h" title="Chat with us" agent={{ name: 'Julie Tremblay', avatarUrl: null }} onClose={onClose} />
    )
    expect(container.querySelector('h2')!.textContent).toBe('Julie Tremblay')
    expect(container.querySelector('.avatar')!.textContent).toBe('J')
    click(container.querySelector('[aria-label="Close chat"]')!)
    expect(onClose).toHaveBeenCalled()
  })

  it('ConversationList selects or starts conversations', () => {
    const onSelect = vi.fn()
    const onNew = vi.fn()
    const { container } = mount(
      <ConversationList
        conversations={[{ id: 'a', title: 'Transmission', lastMessageAt: null, unread: 2 }]}
        onSelect={onSelect}
        onClaim={vi.fn()}
        onNew={onNew}
      />
    )
    click(container.querySelector('li button')!)
    expect(onSelect).toHaveBeenCalledWith('a')
    expect(container.querySelector('.count')!.textContent).toBe('2')
    expect(container.querySelector('.count + .sr')!.textContent).toBe('2 unread')
    click(container.querySelector('.primary')!)
    expect(onNew).toHaveBeenCalled()
  })

  it('ConversationList is the visitor’s home: the followed claim first, then each conversation with its status', () => {
    const onClaim = vi.fn()
    const claim = { id: 'c', number: 'RC-1', status: 'approved' as const, updates: [], conversationId: null, filedUnder: null }
    const conversations = [
      { id: 'a', title: 'Freins', lastMessageAt: null, unread: 0, status: 'resolved' as const },
      { id: 'b', title: 'Pneus', lastMessageAt: null, unread: 0, status: 'active' as const }
    ]
    const { container } = mount(
      <ConversationList conversations={conversations} claim={claim} onSelect={vi.fn()} onClaim={onClaim} onNew={vi.fn()} />,
      'fr-CA'
    )
    const rows = [...container.querySelectorAll('li button')].map((row) => row.textContent)
    expect(rows).toEqual(['Réclamation RC-1Approuvée', 'FreinsRésolue · ', 'Pneus'])
    click(container.querySelector('li button')!)
    expect(onClaim).toHaveBeenCalled()
  })

  it('Settings keeps the sound off unless chosen', () => {
    const onSound = vi.fn()
    const { container } = mount(<Settings sound={false} onSound={onSound} />)
    const box = container.querySelector<HTMLInputElement>('#parley-sound')!
    expect(box.checked).toBe(false)
    box.checked = true
    fire(box, new Event('change', { bubbles: true }))
    expect(onSound).toHaveBeenCalledWith(true)
  })

  it('PushPrompt asks, then offers preferences, and hides when unsupported', () => {
    const actions = { onEnable: vi.fn(), onDisable: vi.fn(), onPreferences: vi.fn(), onDismiss: vi.fn() }
    const preferences = { new_messages: true, claim_updates: true }
    const asking = mount(<PushPrompt state="default" preferences={preferences} {...actions} />).container
    click(asking.querySelector('.primary')!)
    expect(actions.onEnable).toHaveBeenCalled()
    const on = mount(<PushPrompt state="subscribed" preferences={preferences} {...actions} />).container
    const claims = on.querySelector<HTMLInputElement>('#parley-push-claim_updates')!
    claims.checked = false
    fire(claims, new Event('change', { bubbles: true }))
    expect(actions.onPreferences).toHaveBeenCalledWith({ new_messages: true, claim_updates: false })
    expect(mount(<PushPrompt state="unsupported" preferences={preferences} {...actions} />).container.innerHTML).toBe('')
  })
})
