import { ParleyError } from '@parley/core'
import { act } from 'preact/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { fire, mount } from '../../test/render.tsx'
import { UnsubscribeConfirm } from './UnsubscribeConfirm.tsx'

const code = 'a'.repeat(64)
const preview = { email: 'ada@example.com', organization_name: 'Garage Lavoie Auto' }
const settle = () => act(async () => await new Promise((resolve) => setTimeout(resolve, 0)))
const button = (container: Element, text: string) => [...container.querySelectorAll('button')].find((b) => b.textContent === text)!

describe('UnsubscribeConfirm', () => {
  it('names the dealer and the address, and unsubscribes only when confirmed', async () => {
    const parley = { peekUnsubscribe: vi.fn(async () => preview), unsubscribeEmail: vi.fn(async () => undefined) }
    const onBack = vi.fn()
    const { container } = mount(<UnsubscribeConfirm code={code} parley={parley} onBack={onBack} />, 'fr-CA')
    await settle()
    expect(container.textContent).toContain('Ne plus recevoir de courriels de Garage Lavoie Auto à ada@example.com?')
    expect(parley.unsubscribeEmail).not.toHaveBeenCalled()
    fire(button(container, 'Ne plus recevoir de courriels'), new MouseEvent('click', { bubbles: true }))
    await settle()
    expect(parley.unsubscribeEmail).toHaveBeenCalledWith(code)
    expect(container.querySelector('[role="status"]')!.textContent).toBe(
      'ada@example.com ne recevra plus de courriels de Garage Lavoie Auto.'
    )
    fire(button(container, 'Retour à la discussion'), new MouseEvent('click', { bubbles: true }))
    expect(onBack).toHaveBeenCalled()
  })

  it('changes nothing when the visitor keeps the e-mails', async () => {
    const parley = { peekUnsubscribe: vi.fn(async () => preview), unsubscribeEmail: vi.fn(async () => undefined) }
    const { container } = mount(<UnsubscribeConfirm code={code} parley={parley} onBack={vi.fn()} />)
    await settle()
    fire(button(container, 'Keep getting them'), new MouseEvent('click', { bubbles: true }))
    expect(container.textContent).toContain('Nothing changed')
    expect(parley.unsubscribeEmail).not.toHaveBeenCalled()
  })

  it('says a wrong link is not valid, and a failed request can be retried', async () => {
    const wrong = { peekUnsubscribe: vi.fn(async () => null), unsubscribeEmail: vi.fn() }
    const first = mount(<UnsubscribeConfirm code={code} parley={wrong} onBack={vi.fn()} />)
    await settle()
    expect(first.container.querySelector('[role="alert"]')!.textContent).toContain('This unsubscribe link is not valid')

    const peek = vi.fn().mockRejectedValueOnce(new ParleyError('NETWORK', 'offline')).mockResolvedValueOnce(preview)
    const second = mount(<UnsubscribeConfirm code={code} parley={{ peekUnsubscribe: peek, unsubscribeEmail: vi.fn() }} onBack={vi.fn()} />)
    await settle()
    expect(second.container.querySelector('[role="alert"]')!.textContent).toContain('Check your connection')
    fire(button(second.container, 'Retry'), new MouseEvent('click', { bubbles: true }))
    await settle()
    expect(second.container.textContent).toContain('Stop e-mails from Garage Lavoie Auto to ada@example.com?')
  })
})
