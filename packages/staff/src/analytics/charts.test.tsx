import { render } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'
import { LineChart } from './charts.tsx'

const minutes = (value: number | null) => (value === null ? '—' : `${Math.round(value / 60)} min`)

function draw(reference?: { value: number; label: string }, colon = ': ') {
  const root = document.createElement('div')
  document.body.append(root)
  render(
    <LineChart
      id="frt"
      durations
      title="First response time"
      description="Median per day. The dashed line is the first-response target, 15 min."
      labels={['Nov 2', 'Nov 3']}
      series={[{ name: 'Median', color: 'red', format: minutes, values: [120, 300] }]}
      tableLabel="Show the figures as a table"
      labelHeading="Day"
      colon={colon}
      reference={reference}
    />,
    root
  )
  return root
}

afterEach(() => {
  document.body.replaceChildren()
})

describe('LineChart', () => {
  it('draws a target as a dashed reference line inside the scale, named in the legend and the table', () => {
    const root = draw({ value: 900, label: 'First-response target (15 min)' })
    // The values stop at 5 min: the scale grows to the target's 15 min (a 20 min top) so the line shows.
    expect([...root.querySelectorAll('.grid text')].map((tick) => tick.textContent)).toEqual(['0 min', '10 min', '20 min'])
    const line = root.querySelector('line.reference')!
    // 20 min top over a 166 px plot from y = 10: 15 min sits a quarter down.
    expect(Number(line.getAttribute('y1'))).toBeCloseTo(10 + 166 / 4)
    expect(line.getAttribute('y2')).toBe(line.getAttribute('y1'))
    expect(line.querySelector('title')?.textContent).toBe('First-response target (15 min)')
    expect(root.querySelector('.legend')?.textContent).toContain('First-response target (15 min)')
    expect(root.querySelector('caption')?.textContent).toBe('First-response target (15 min)')
    // Screen readers get it from the chart's name too.
    const svg = root.querySelector('svg')!
    const named = svg
      .getAttribute('aria-labelledby')!
      .split(' ')
      .map((id) => root.querySelector(`#${id}`)?.textContent)
    expect(named.join(' ')).toContain('first-response target, 15 min')
  })

  it('names each point with the language’s colon', () => {
    const root = draw(undefined, '\u202f: ')
    expect([...root.querySelectorAll('circle title')].map((title) => title.textContent)).toEqual([
      'Nov 2 — Median\u202f: 2 min',
      'Nov 3 — Median\u202f: 5 min'
    ])
  })

  it('draws no reference line without one', () => {
    const root = draw()
    expect(root.querySelector('line.reference')).toBeNull()
    expect(root.querySelector('caption')).toBeNull()
    expect([...root.querySelectorAll('.grid text')].map((tick) => tick.textContent)).toEqual(['0 min', '5 min', '10 min'])
  })
})
