import { describe, expect, it, vi } from 'vitest'
import { fire, mount } from '../../../test/render.tsx'
import { AttachmentLink } from './AttachmentLink.tsx'
import { DeliveryMark, type DeliveryText } from './DeliveryMark.tsx'

const t = (key: DeliveryText) => `<${key}>`

describe('message parts shared with the staff inbox', () => {
  it('AttachmentLink previews images, links files, and names a file whose URL is not signed yet', () => {
    const image = mount(<AttachmentLink name="photo.png" mimeType="image/png" url="https://x/p.png" />).container
    expect(image.querySelector('a.attachment.image img')!.getAttribute('alt')).toBe('photo.png')
    const file = mount(<AttachmentLink name="facture.pdf" mimeType="application/pdf" url="https://x/f.pdf" />).container
    expect(file.querySelector('a.attachment.file')!.getAttribute('href')).toBe('https://x/f.pdf')
    const waiting = mount(<AttachmentLink name="photo.png" mimeType="image/png" />).container.querySelector('a')!
    expect(waiting.hasAttribute('href')).toBe(false)
    expect(waiting.getAttribute('aria-disabled')).toBe('true')
    expect(waiting.textContent).toBe('photo.png')
  })

  it('DeliveryMark says sending, one or two ticks with their name, or failed with a retry', () => {
    expect(mount(<DeliveryMark state="pending" t={t} onRetry={() => {}} />).container.textContent).toBe('<sending>')
    const sent = mount(<DeliveryMark state="sent" t={t} onRetry={() => {}} />).container
    expect(sent.querySelectorAll('path')).toHaveLength(1)
    expect(sent.querySelector('.tick.sent')!.getAttribute('title')).toBe('<sent>')
    const read = mount(<DeliveryMark state="read" t={t} onRetry={() => {}} />).container
    expect(read.querySelectorAll('path')).toHaveLength(2)
    expect(read.querySelector('.sr')!.textContent).toBe('<read>')
    const onRetry = vi.fn()
    const failed = mount(<DeliveryMark state="failed" t={t} onRetry={onRetry} />).container
    expect(failed.textContent).toBe('<failed> <retry>')
    fire(failed.querySelector('button')!, new MouseEvent('click', { bubbles: true }))
    expect(onRetry).toHaveBeenCalledOnce()
  })
})
