import { describe, expect, it, vi } from 'vitest'
import { fire, mount, type } from '../../test/render.tsx'
import { PreChatForm } from './PreChatForm.tsx'

describe('PreChatForm', () => {
  it('refuses to submit without a name, a valid email and consent, and says why', () => {
    const onSubmit = vi.fn()
    const { container } = mount(<PreChatForm onSubmit={onSubmit} />)
    type(container.querySelector<HTMLInputElement>('#parley-email')!, 'not-an-email')
    fire(container.querySelector('form')!, new Event('submit', { cancelable: true }))
    expect(onSubmit).not.toHaveBeenCalled()
    expect(container.querySelector('#parley-name')!.getAttribute('aria-invalid')).toBe('true')
    expect(container.querySelector('#parley-name-error')!.textContent).toBe('Please fill in this field.')
    expect(container.querySelector('#parley-email-error')!.textContent).toBe('Please enter a valid email address.')
    expect(container.querySelector('#parley-consent-error')!.textContent).toBe('Please accept to continue.')
  })

  it('submits trimmed values once everything is there', () => {
    const onSubmit = vi.fn()
    const { container } = mount(<PreChatForm onSubmit={onSubmit} initial={{ email: 'ada@example.com' }} />)
    type(container.querySelector<HTMLInputElement>('#parley-name')!, '  Ada  ')
    const consent = container.querySelector<HTMLInputElement>('#parley-consent')!
    consent.checked = true
    fire(consent, new Event('change', { bubbles: true }))
    fire(container.querySelector('form')!, new Event('submit', { cancelable: true }))
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Ada', email: 'ada@example.com', phone: '', consent: true })
  })

  it('keeps an e-mail the dealer signed read-only, and submits it without the flag (phone left undefined by identify)', () => {
    const onSubmit = vi.fn()
    const { container } = mount(
      <PreChatForm onSubmit={onSubmit} initial={{ name: 'Ada', email: 'ada@example.com', phone: undefined, emailSigned: true }} />
    )
    expect(container.querySelector<HTMLInputElement>('#parley-email')!.readOnly).toBe(true)
    expect(container.querySelector<HTMLInputElement>('#parley-name')!.readOnly).toBe(false)
    const consent = container.querySelector<HTMLInputElement>('#parley-consent')!
    consent.checked = true
    fire(consent, new Event('change', { bubbles: true }))
    fire(container.querySelector('form')!, new Event('submit', { cancelable: true }))
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Ada', email: 'ada@example.com', phone: '', consent: true })
  })

  it('labels every field, in French too', () => {
    const { container } = mount(<PreChatForm onSubmit={() => {}} busy />, 'fr-CA')
    const labels = [...container.querySelectorAll('label')].map((label) => label.textContent)
    expect(labels.slice(0, 3)).toEqual(['Nom', 'Courriel', 'Téléphone (facultatif)'])
    expect(container.querySelector('button[type=submit]')!.textContent).toBe('Démarrage…')
  })
})
