import { describe, expect, it } from 'vitest'
import { mount } from '../../test/render.tsx'
import { ClaimTimeline } from './ClaimTimeline.tsx'

const updates = [
  { id: '1', from: null, to: 'submitted' as const, at: '2026-11-20T10:00:00Z', by: null, reason: null },
  {
    id: '2',
    from: 'submitted' as const,
    to: 'info_requested' as const,
    at: '2026-11-21T10:00:00Z',
    by: 'Julie Tremblay',
    reason: 'Photo du compteur'
  }
]

describe('ClaimTimeline', () => {
  it('marks the current step, with detours in place of the step they interrupt', () => {
    const { container } = mount(<ClaimTimeline claimNumber="RC-1" status="info_requested" updates={updates} />, 'fr-CA')
    const current = container.querySelector('[aria-current="step"]')!
    expect(current.textContent).toBe('Renseignements demandés')
    expect(container.querySelectorAll('.steps .done')).toHaveLength(1)
    expect(container.querySelector('h3')!.textContent).toBe('Réclamation RC-1')
  })

  it('lists the history newest first, with who and why', () => {
    const { container } = mount(<ClaimTimeline status="info_requested" updates={updates} />)
    const items = [...container.querySelectorAll('.history li')].map((item) => item.textContent)
    expect(items[0]).toContain('Information requested')
    expect(items[0]).toContain('by Julie Tremblay')
    expect(items[0]).toContain('Reason: Photo du compteur')
  })

  it('draws nothing without a status', () => {
    const { container } = mount(<ClaimTimeline status={null} updates={[]} />)
    expect(container.innerHTML).toBe('')
  })

  it('stops the pulse when the visitor prefers reduced motion', async () => {
    const { WIDGET_CSS } = await import('../styles/widget.css.ts')
    expect(WIDGET_CSS).toMatch(/@media \(prefers-reduced-motion:reduce\)\{\*\{animation:none!important/)
  })
})
