import { describe, expect, it, vi } from 'vitest'
import { mount } from '../../test/render.tsx'
import type { ClaimState } from '../connect/state.ts'
import { ClaimView } from './ClaimView.tsx'

const claim: ClaimState = {
  id: 'c1',
  number: 'RC-2026-0042',
  status: 'under_review',
  updates: [{ id: 'u1', from: 'submitted', to: 'under_review', at: '2026-11-21T10:00:00Z', by: 'Julie Tremblay', reason: 'Inspection' }],
  conversationId: null,
  filedUnder: { name: 'Sophie Gagnon', email: 'sophie@example.com' }
}

describe('ClaimView', () => {
  it('shows the claim with its history open, and one tap to ask about it, saying as whom', () => {
    const onAsk = vi.fn()
    const { container } = mount(<ClaimView claim={claim} prefill={{}} busy={false} error={null} onAsk={onAsk} onOpen={vi.fn()} />, 'fr-CA')
    expect(container.querySelector('h3')!.textContent).toBe('Réclamation RC-2026-0042')
    expect(container.querySelector('details')!.open).toBe(true)
    expect(container.querySelector('.history')!.textContent).toContain('par Julie Tremblay')
    const ask = container.querySelector<HTMLButtonElement>('.ask button')!
    expect(ask.textContent).toBe('Poser une question sur cette réclamation')
    expect(container.querySelector(`#${ask.getAttribute('aria-describedby')}`)!.textContent).toContain('Sophie Gagnon (sophie@example.com)')
    ask.click()
    expect(onAsk).toHaveBeenCalled()
  })

  it('opens the visitor’s conversation about the claim instead when there is one', () => {
    const onOpen = vi.fn()
    const { container } = mount(
      <ClaimView claim={{ ...claim, conversationId: 'v1' }} prefill={{}} busy={false} error={null} onAsk={vi.fn()} onOpen={onOpen} />
    )
    const open = container.querySelector<HTMLButtonElement>('.ask button')!
    expect(open.textContent).toBe('Open the conversation about this claim')
    open.click()
    expect(onOpen).toHaveBeenCalledWith('v1')
  })
})
