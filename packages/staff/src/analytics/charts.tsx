import type { ComponentChildren } from 'preact'

/** One line or one set of bars: a name for the legend and a value per label (null: nothing measured). */
export interface Series {
  name: string
  values: (number | null)[]
  /** A CSS colour; the legend and the marks share it. */
  color: string
  /** How a value reads in titles and the table (`12 min`). */
  format: (value: number | null) => string
}

interface ChartProps {
  id: string
  title: string
  /** Says what the chart shows, for screen readers and under the title. */
  description: string
  labels: string[]
  series: Series[]
  /** Says "show as a table". */
  tableLabel: string
  /** The table's first column heading ("Day", "Week"…). */
  labelHeading: string
  /** The language's colon in the marks' titles (`: `, or ` : ` in French). */
  colon: string
  /** Values are seconds: the scale stops at round durations. */
  durations?: boolean
  /** A level drawn across the plot as a dashed line (a target), named in the legend and the table's caption. */
  reference?: { value: number; label: string }
}

const WIDTH = 520
const HEIGHT = 200
const PAD = { top: 10, right: 8, bottom: 24, left: 76 }

/** Tops of a duration scale whose half is a round time too: 2 min, 10 min … 1 h, 2 h … 1 d … 30 d. */
const DURATION_TOPS = [120, 600, 1200, 1800, 3600, 7200, 14_400, 28_800, 43_200, 86_400, 172_800, 345_600, 691_200, 1_382_400, 2_592_000]

/** A round top of the scale, at least the largest value: 1, 2 or 5 times a power of ten, or a round duration. */
function niceMax(values: (number | null)[], durations: boolean): number {
  const max = Math.max(0, ...values.map((value) => value ?? 0))
  if (durations) return DURATION_TOPS.find((top) => top >= max) ?? max
  if (max === 0) return 2
  const power = 10 ** Math.floor(Math.log10(max))
  return ([1, 2, 5, 10].map((step) => step * power).find((top) => top >= max && (top / 2) % 1 === 0) ?? 10 * power) as number
}

function Frame({
  id,
  title,
  description,
  labels,
  series,
  tableLabel,
  labelHeading,
  children,
  top,
  reference
}: ChartProps & { children: ComponentChildren; top: number }) {
  const plotHeight = HEIGHT - PAD.top - PAD.bottom
  const every = Math.max(1, Math.ceil(labels.length / 8))
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(1, labels.length)
  const ticks = [0, top / 2, top]
  const format = series[0]?.format ?? String
  return (
    <figure part="chart" class="chart" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h3 id={`${id}-title`}>{title}</h3>
        <p class="muted" id={`${id}-desc`}>
          {description}
        </p>
      </figcaption>
      <ul class="legend" aria-hidden="true">
        {series.map((line) => (
          <li key={line.name}>
            <span class="swatch" style={{ background: line.color }} />
            {line.name}
          </li>
        ))}
        {reference && (
          <li>
            <span class="swatch reference" />
            {reference.label}
          </li>
        )}
      </ul>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMidYMid meet">
        <title>{title}</title>
        {ticks.map((tick) => {
          const y = PAD.top + plotHeight - (tick / top) * plotHeight
          return (
            <g key={tick} class="grid">
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} />
              <text x={PAD.left - 6} y={y + 4} text-anchor="end">
                {format(tick)}
              </text>
            </g>
          )
        })}
        {labels.map((label, index) =>
          index % every === 0 ? (
            <text key={index} class="axis" x={PAD.left + step * (index + 0.5)} y={HEIGHT - 6} text-anchor="middle">
              {label}
            </text>
          ) : null
        )}
        {children}
        {reference && (
          <line
            class="reference"
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={PAD.top + plotHeight - (reference.value / top) * plotHeight}
            y2={PAD.top + plotHeight - (reference.value / top) * plotHeight}
          >
            <title>{reference.label}</title>
          </line>
        )}
      </svg>
      <details class="table">
        <summary>{tableLabel}</summary>
        <table>
          {reference && <caption>{reference.label}</caption>}
          <thead>
            <tr>
              <th scope="col">{labelHeading}</th>
              {series.map((line) => (
                <th key={line.name} scope="col">
                  {line.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, index) => (
              <tr key={index}>
                <th scope="row">{label}</th>
                {series.map((line) => (
                  <td key={line.name}>{line.format(line.values[index] ?? null)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}

/** The value at the top of the scale, the plot's height and the width each label gets. */
function plot({ labels, series, durations, reference }: ChartProps) {
  return {
    top: niceMax([...series.flatMap((line) => line.values), reference?.value ?? null], durations === true),
    plotHeight: HEIGHT - PAD.top - PAD.bottom,
    step: (WIDTH - PAD.left - PAD.right) / Math.max(1, labels.length)
  }
}

/** Bars side by side per label, each with a tooltip title; the figures also in a table. */
export function BarChart(props: ChartProps) {
  const { labels, series, colon } = props
  const { top, plotHeight, step } = plot(props)
  const bar = (step * 0.8) / Math.max(1, series.length)
  return (
    <Frame {...props} top={top}>
      {labels.map((label, index) =>
        series.map((line, which) => {
          const value = line.values[index] ?? null
          const height = ((value ?? 0) / top) * plotHeight
          return (
            <rect
              key={`${index}-${line.name}`}
              x={PAD.left + step * index + step * 0.1 + bar * which}
              y={PAD.top + plotHeight - height}
              width={Math.max(1, bar - 1)}
              height={height}
              fill={line.color}
            >
              <title>{`${label} — ${line.name}${colon}${line.format(value)}`}</title>
            </rect>
          )
        })
      )}
    </Frame>
  )
}

/** Lines through the measured points (a gap where nothing was measured), with a dot and title per point. */
export function LineChart(props: ChartProps) {
  const { labels, series } = props
  const { top, plotHeight, step } = plot(props)
  const x = (index: number) => PAD.left + step * (index + 0.5)
  const y = (value: number) => PAD.top + plotHeight - (value / top) * plotHeight
  return (
    <Frame {...props} top={top}>
      {series.map((line) => {
        let path = ''
        line.values.forEach((value, index) => {
          if (value === null) return
          path += `${path && line.values[index - 1] != null ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)}`
        })
        return (
          <g key={line.name}>
            <path d={path} fill="none" stroke={line.color} stroke-width="2.5" />
            {line.values.map((value, index) =>
              value === null ? null : (
                <circle key={index} cx={x(index)} cy={y(value)} r="3.5" fill={line.color}>
                  <title>{`${labels[index]} — ${line.name}${props.colon}${line.format(value)}`}</title>
                </circle>
              )
            )}
          </g>
        )
      })}
    </Frame>
  )
}
