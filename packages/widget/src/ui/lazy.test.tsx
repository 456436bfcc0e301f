import { afterEach, describe, expect, it, vi } from 'vitest'
import { fire, mount } from '../../test/render.tsx'
import { lazy } from './lazy.tsx'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('lazy parts', () => {
  it('show a status while their code loads, then themselves', async () => {
    const Part = lazy(async () => ({ name }: { name: string }) => <p class="part">{name}</p>)
    const { container } = mount(<Part name="Settings" />)
    expect(container.querySelector('[role="status"]')!.textContent).toBe('Loading…')
    await expect.poll(() => container.querySelector('.part')?.textContent).toBe('Settings')
  })

  it('report a failed fetch as LOAD_FAILED and offer Retry, which fetches again', async () => {
    const reported = vi.fn()
    vi.stubGlobal('reportError', reported)
    const load = vi.fn(async () => () => <p class="part">loaded</p>)
    load.mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
    const Part = lazy(load)
    const { container } = mount(<Part />, 'fr-CA')
    await expect.poll(() => container.querySelector('[role="alert"]')?.textContent).toContain('n’a pas pu être chargée')
    expect(reported.mock.calls[0]![0]).toMatchObject({ name: 'WidgetError', code: 'LOAD_FAILED' })
    fire(container.querySelector('[role="alert"] button')!, new MouseEvent('click', { bubbles: true }))
    await expect.poll(() => container.querySelector('.part')?.textContent).toBe('loaded')
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('stay silent while loading or failing when quiet (nobody asked for them)', async () => {
    vi.stubGlobal('reportError', vi.fn())
    const Part = lazy(() => Promise.reject(new TypeError('offline')), true)
    const { container } = mount(<Part />)
    await expect.poll(() => vi.mocked(reportError).mock.calls.length).toBeGreaterThan(0)
    expect(container.innerHTML).toBe('')
  })

  it('draw a preloaded part on the first render, with no loading status, and fetch it once', async () => {
    const load = vi.fn(async () => ({ name }: { name: string }) => <p class="part">{name}</p>)
    const Part = lazy(load)
    await Part.preload()
    const { container } = mount(<Part name="Form" />)
    expect(container.querySelector('.part')!.textContent).toBe('Form')
    expect(load).toHaveBeenCalledTimes(1)
  })
})
