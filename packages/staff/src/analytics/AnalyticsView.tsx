import type { ConversationResolution, OperationsBacklogRow, OperationsReportOptions, OperationsReportRow } from '@parley/core'
import { formatDateTime } from '@parley/widget/dates'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { useStaff } from '../base/context.ts'
import { viewTranslator } from '../base/i18n.ts'
import { Said, type Saying } from '../base/Said.tsx'
import { BarChart, LineChart, type Series } from './charts.tsx'
import { ANALYTICS_TEXTS } from './i18n.ts'
import { formatDuration, formatNumber, formatPeriod, isoDay, summarize } from './summary.ts'

type Period = 'day' | 'week'
const COLORS = { a: 'var(--parley-chart-1)', b: 'var(--parley-chart-2)', c: 'var(--parley-chart-3)' }
const DAY = 86_400_000

interface Figures {
  rows: OperationsReportRow[]
  agents: OperationsReportRow[]
  backlog: OperationsBacklogRow[]
  ratings: ConversationResolution[]
}

/**
 * The manager's dashboard: totals over the range, charts per day or week (each with its
 * figures as a table), the open backlog, a per-agent table for one period, satisfaction with
 * the latest comments, and the report as CSV.
 */
export default function AnalyticsView() {
  const { parley, profile, locale, fail } = useStaff()
  const t = useMemo(() => viewTranslator(locale, ANALYTICS_TEXTS), [locale])
  const org = profile.organization_id
  const [period, setPeriod] = useState<Period>('day')
  const [to, setTo] = useState(() => isoDay(new Date()))
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 29 * DAY)))
  const [figures, setFigures] = useState<Figures | null>(null)
  const [agentPeriod, setAgentPeriod] = useState<string | null>(null)
  const [said, setSaid] = useState<Saying | null>(null)
  const [busy, setBusy] = useState(false)

  const span = (Date.parse(to) - Date.parse(from)) / DAY
  const valid = from !== '' && to !== '' && span >= 0 && span <= 366
  const options: OperationsReportOptions = { period, from, to }
  useEffect(() => {
    if (!valid) return
    let current = true
    setBusy(true)
    Promise.all([
      parley.operationsReport(org, options),
      parley.operationsReport(org, { ...options, byAgent: true }),
      parley.operationsBacklog(org),
      parley.recentRatings(org, 5)
    ])
      .then(([rows, agents, backlog, ratings]) => {
        if (!current) return
        setFigures({ rows, agents, backlog, ratings })
        setAgentPeriod(rows.at(-1)?.period_start ?? null)
        setSaid(null)
      })
      .catch((error: unknown) => current && setSaid({ text: fail(error), error: true }))
      .finally(() => current && setBusy(false))
    return () => {
      current = false
    }
  }, [parley, org, period, from, to])

  const download = (byAgent: boolean) => {
    parley.operationsReportCsv(org, { ...options, byAgent }).then(
      (csv) => {
        const link = document.createElement('a')
        link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }))
        link.download = `parley-operations${byAgent ? '-agents' : ''}-${period}-${from}-${to}.csv`
        link.click()
        setTimeout(() => URL.revokeObjectURL(link.href), 60_000)
        setSaid({ text: t('analytics.downloaded'), error: false })
      },
      (error: unknown) => setSaid({ text: fail(error), error: true })
    )
  }

  const rows = figures?.rows ?? []
  const summary = summarize(rows)
  const labels = rows.map((row) => formatPeriod(row.period_start, locale))
  const periodWord = t(period === 'day' ? 'analytics.periodDay' : 'analytics.periodWeek')
  const labelHeading = t(period === 'day' ? 'analytics.day' : 'analytics.weekOf')
  const count = (value: number | null) => formatNumber(value, locale)
  const duration = (value: number | null) => formatDuration(value, locale)
  const values = (pick: (row: OperationsReportRow) => number | null) => rows.map(pick)
  const series = (name: string, color: string, format: Series['format'], pick: (row: OperationsReportRow) => number | null): Series => ({
    name,
    color,
    format,
    values: values(pick)
  })
  const chart = { tableLabel: t('analytics.asTable'), labelHeading, labels, colon: t('colon') }
  const agentRows = (figures?.agents ?? []).filter((row) => row.period_start === agentPeriod)
  // The report says what it counted late first responses against; every row the same.
  const target = figures?.rows[0]?.first_response_target_seconds ?? 0

  return (
    <section part="analytics" class="analytics" aria-labelledby="analytics-heading" aria-busy={busy}>
      <h2 id="analytics-heading">{t('analytics.title')}</h2>
      <p class="muted">{t('analytics.intro')}</p>
      <form part="controls" class="controls" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('analytics.period')}
          <select value={period} onChange={(event) => setPeriod(event.currentTarget.value as Period)}>
            <option value="day">{t('analytics.day')}</option>
            <option value="week">{t('analytics.week')}</option>
          </select>
        </label>
        <label>
          {t('analytics.from')}
          <input type="date" required value={from} max={to} onChange={(event) => setFrom(event.currentTarget.value)} />
        </label>
        <label>
          {t('analytics.to')}
          <input type="date" required value={to} min={from} onChange={(event) => setTo(event.currentTarget.value)} />
        </label>
        <div class="downloads">
          <button type="button" part="csv" disabled={!valid} onClick={() => download(false)}>
            {t('analytics.csv')}
          </button>
          <button type="button" disabled={!valid} onClick={() => download(true)}>
            {t('analytics.csvAgents')}
          </button>
        </div>
      </form>
      <Said said={said} status={valid ? undefined : <p class="error">{t('analytics.badRange')}</p>} />
      {!figures ? (
        !said?.error && valid && <p>{t('loading')}</p>
      ) : (
        <>
          <h3 class="sr">{t('analytics.summary')}</h3>
          <dl part="summary" class="tiles">
            <div>
              <dt>{t('analytics.opened')}</dt>
              <dd>{count(summary.opened)}</dd>
            </div>
            <div>
              <dt>{t('analytics.answered')}</dt>
              <dd>{count(summary.responses)}</dd>
            </div>
            <div>
              <dt>{t('analytics.resolved')}</dt>
              <dd>{count(summary.resolved)}</dd>
            </div>
            <div class={summary.breaches ? 'warn' : ''}>
              <dt>
                {t('analytics.breaches')} <span class="muted">({t('analytics.breachesHint')})</span>
              </dt>
              <dd>{count(summary.breaches)}</dd>
            </div>
            <div>
              <dt>{t('analytics.replies')}</dt>
              <dd>{formatNumber(summary.repliesPerConversation, locale, 1)}</dd>
            </div>
            <div>
              <dt>{t('analytics.rating')}</dt>
              <dd>
                {summary.ratingAverage === null ? (
                  <span class="muted">{t('analytics.noRatings')}</span>
                ) : (
                  <>
                    {t('analytics.ratingValue', { average: formatNumber(summary.ratingAverage, locale, 1) })}{' '}
                    <span class="muted">{t('analytics.ratingsOf', { count: summary.ratings })}</span>
                  </>
                )}
              </dd>
            </div>
          </dl>

          <div class="charts">
            <BarChart
              id="chart-volume"
              title={t('analytics.volume')}
              description={t('analytics.volumeDesc', { period: periodWord })}
              series={[
                series(t('analytics.opened'), COLORS.a, count, (row) => row.conversations_opened),
                series(t('analytics.resolved'), COLORS.b, count, (row) => row.conversations_resolved)
              ]}
              {...chart}
            />
            <LineChart
              id="chart-frt"
              durations
              title={t('analytics.frt')}
              description={`${t('analytics.frtDesc', { period: periodWord })} ${t('analytics.targetDesc', { time: duration(target) })}`}
              reference={{ value: target, label: t('analytics.target', { time: duration(target) }) }}
              series={[
                series(t('analytics.median'), COLORS.a, duration, (row) => row.first_response_median_seconds),
                series(t('analytics.p90'), COLORS.c, duration, (row) => row.first_response_p90_seconds)
              ]}
              {...chart}
            />
            <BarChart
              id="chart-breaches"
              title={t('analytics.breachChart')}
              description={t('analytics.breachDesc', { period: periodWord })}
              series={[series(t('analytics.breaches'), COLORS.c, count, (row) => row.first_response_breaches)]}
              {...chart}
            />
            <LineChart
              id="chart-resolution"
              durations
              title={t('analytics.resolution')}
              description={t('analytics.resolutionDesc', { period: periodWord })}
              series={[
                series(t('analytics.median'), COLORS.a, duration, (row) => row.resolution_median_seconds),
                series(t('analytics.p90'), COLORS.c, duration, (row) => row.resolution_p90_seconds)
              ]}
              {...chart}
            />
            <BarChart
              id="chart-backlog"
              title={t('analytics.backlog')}
              description={t('analytics.backlogDesc')}
              tableLabel={t('analytics.asTable')}
              colon={t('colon')}
              labelHeading={t('analytics.age')}
              labels={figures.backlog.map((row) => t(`analytics.age.${row.age_bucket}` as Parameters<typeof t>[0]))}
              series={[
                { name: t('analytics.open'), color: COLORS.b, format: count, values: figures.backlog.map((row) => row.conversations) },
                { name: t('analytics.waiting'), color: COLORS.c, format: count, values: figures.backlog.map((row) => row.unanswered) }
              ]}
            />
          </div>

          <section part="agents" class="agents" aria-labelledby="analytics-agents">
            <div class="agents-head">
              <h3 id="analytics-agents">{t('analytics.agents')}</h3>
              <label class="inline">
                {t('analytics.agentsPeriod', { period: periodWord })}
                <select value={agentPeriod ?? ''} onChange={(event) => setAgentPeriod(event.currentTarget.value)}>
                  {rows.map((row) => (
                    <option key={row.period_start} value={row.period_start}>
                      {formatPeriod(row.period_start, locale)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {agentRows.length === 0 ? (
              <p class="muted">{t('analytics.noAgents')}</p>
            ) : (
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone scrolls sideways and must be reachable from the keyboard (axe: scrollable-region-focusable).
              <div class="scroll" role="region" aria-labelledby="analytics-agents" tabIndex={0}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('analytics.agent')}</th>
                      <th scope="col">{t('analytics.opened')}</th>
                      <th scope="col">{t('analytics.frt')}</th>
                      <th scope="col">{t('analytics.breaches')}</th>
                      <th scope="col">{t('analytics.resolved')}</th>
                      <th scope="col">{t('analytics.resolution')}</th>
                      <th scope="col">{t('analytics.replies')}</th>
                      <th scope="col">{t('analytics.rating')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {agentRows.map((row) => (
                      <tr key={row.agent_id ?? 'none'}>
                        <th scope="row">{row.agent_id ? row.agent_name : t('analytics.notAnswered')}</th>
                        <td>{count(row.conversations_opened)}</td>
                        <td>
                          {duration(row.first_response_median_seconds)}{' '}
                          <span class="muted">/ {duration(row.first_response_p90_seconds)}</span>
                        </td>
                        <td>{count(row.first_response_breaches)}</td>
                        <td>{count(row.conversations_resolved)}</td>
                        <td>
                          {duration(row.resolution_median_seconds)} <span class="muted">/ {duration(row.resolution_p90_seconds)}</span>
                        </td>
                        <td>{formatNumber(row.replies_per_conversation as number | null, locale, 2)}</td>
                        <td>{row.ratings ? `${formatNumber(row.rating_average, locale, 1)} (${row.ratings})` : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section part="satisfaction" class="satisfaction" aria-labelledby="analytics-satisfaction">
            <h3 id="analytics-satisfaction">{t('analytics.satisfaction')}</h3>
            <BarChart
              id="chart-ratings"
              title={t('analytics.ratingsCount')}
              description={
                summary.ratingAverage === null
                  ? t('analytics.noRatings')
                  : t('analytics.ratingOf', { average: formatNumber(summary.ratingAverage, locale, 1), count: summary.ratings })
              }
              tableLabel={t('analytics.asTable')}
              colon={t('colon')}
              labelHeading={t('analytics.rating')}
              labels={[1, 2, 3, 4, 5].map((stars) => t('analytics.stars', { stars }))}
              series={[{ name: t('analytics.ratingsCount'), color: COLORS.b, format: count, values: summary.distribution }]}
            />
            <div class="latest">
              <h4>{t('analytics.comments')}</h4>
              {figures.ratings.some((rating) => rating.comment) ? (
                <ul part="comments" class="comments">
                  {figures.ratings
                    .filter((rating) => rating.comment)
                    .map((rating) => (
                      <li key={rating.id}>
                        <span class="stars" role="img" aria-label={t('analytics.ratingLabel', { rating: rating.rating ?? 0 })}>
                          {'★'.repeat(rating.rating ?? 0)}
                          <span aria-hidden="true" class="off">
                            {'★'.repeat(5 - (rating.rating ?? 0))}
                          </span>
                        </span>
                        <q>{rating.comment}</q>
                        <span class="muted">
                          {t('analytics.ratedOn', { date: formatDateTime(rating.rated_at ?? rating.resolved_at, locale) })}
                        </span>
                      </li>
                    ))}
                </ul>
              ) : (
                <p class="muted">{t('analytics.noComments')}</p>
              )}
            </div>
          </section>
        </>
      )}
    </section>
  )
}
