import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { Channel } from './channel.ts'
import { type Filter, FilterError, parseFilter } from './filters.ts'
import { Outgoing } from './outgoing.ts'

export type ChangeEvent = '*' | 'INSERT' | 'UPDATE' | 'DELETE'

/** One `postgres_changes` listener of a channel. */
export interface PgBinding {
  /** Sent back in the join reply and in each change's `ids`; realtime-js routes by it. */
  id: number
  event: ChangeEvent
  schema: string
  /** undefined listens to every published table of the schema. */
  table: string | undefined
  filters: Filter[]
  /** The `select` column list: only these (and the primary key) are sent; undefined sends every column. */
  select: string[] | undefined
  /** Why this binding can never match; reported in a `system` message after the join. */
  problem?: string
  /** The params as the client sent them, echoed in the join reply. */
  params: Record<string, unknown>
}

const EVENTS = new Set<ChangeEvent>(['*', 'INSERT', 'UPDATE', 'DELETE'])

export function parseBindings(raw: unknown): PgBinding[] {
  if (!Array.isArray(raw)) return []
  return raw
    .filter((entry): entry is Record<string, unknown> => entry !== null && typeof entry === 'object')
    .map((params) => {
      const event = String(params.event ?? '*').toUpperCase() as ChangeEvent
      const schema = typeof params.schema === 'string' && params.schema ? params.schema : 'public'
      const table = typeof params.table === 'string' && params.table && params.table !== '*' ? params.table : undefined
      const binding: PgBinding = { id: bindingId(params), event, schema, table, filters: [], select: undefined, params }
      if (!EVENTS.has(event)) binding.problem = `event must be one of *, INSERT, UPDATE, DELETE, got ${String(params.event)}`
      // Realtime's parse_subscription_params: the `select` list first, then the filter.
      if (typeof params.select === 'string') {
        binding.problem = 'Error parsing `select` params: expected a list of column name strings, e.g. select: ["col1", "col2"]'
        return binding
      }
      if (Array.isArray(params.select)) binding.select = params.select.filter((column): column is string => typeof column === 'string')
      try {
        binding.filters = parseFilter(typeof params.filter === 'string' ? params.filter : undefined)
      } catch (error) {
        if (!(error instanceof FilterError)) throw error
        binding.problem = `Error parsing \`filter\` params: ${error.message}`
        return binding
      }
      if (binding.select && (binding.schema === '*' || binding.table === undefined)) {
        binding.problem = 'Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name.'
      }
      return binding
    })
}

/** Like Realtime's phash2 of the params: stable, small, the same for identical params. */
function bindingId(params: Record<string, unknown>): number {
  return createHash('sha1').update(JSON.stringify(params)).digest().readUInt32BE(0) & 0x7ffffff
}

/**
 * Marks bindings that cannot deliver anything: the table is not in the supabase_realtime
 * publication, or a filter names a column it does not have. Supabase reports these in a
 * `system` message instead of refusing the join.
 */
export async function checkBindings(pool: pg.Pool, bindings: PgBinding[]): Promise<void> {
  if (bindings.length === 0) return
  const { rows } = await pool.query<{ schema: string; table: string; columns: string[] }>(
    `select pt.schemaname as schema, pt.tablename as table,
            array(select a.attname::text from pg_attribute a
                   where a.attrelid = format('%I.%I', pt.schemaname, pt.tablename)::regclass
                     and a.attnum > 0 and not a.attisdropped) as columns
       from pg_publication_tables pt where pt.pubname = 'supabase_realtime'`
  )
  for (const binding of bindings) {
    if (binding.problem) continue
    const tables = rows.filter(
      (row) => (binding.schema === '*' || row.schema === binding.schema) && (binding.table === undefined || row.table === binding.table)
    )
    const missing = binding.filters.find(([column]) => tables.length > 0 && tables.every((row) => !row.columns.includes(column)))
    if (tables.length === 0 || missing) {
      const filters = binding.filters.map(([column, op, value, negate]) => `{${column}, ${op}, ${value}, ${negate}}`).join(', ')
      binding.problem =
        'Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: ' +
        `[event: ${binding.event}, schema: ${binding.schema}, table: ${binding.table ?? '*'}, filters: [${filters}]]`
    }
  }
}

interface ChangeRow {
  id: string
  schema: string
  table: string
  action: Exclude<ChangeEvent, '*'>
}

/**
 * Delivers captured row changes (realtime_local.changes, announced by NOTIFY) to the channels
 * listening for them. One query per change decides, for every matching binding at once, what
 * each subscriber may see: filters, column privileges and RLS as the subscriber.
 */
export class ChangeFeed {
  readonly #pool: pg.Pool
  readonly #channels: () => Iterable<Channel>
  readonly #onError: (error: Error) => void
  #pending: string[] = []
  #draining: Promise<void> | undefined

  constructor(pool: pg.Pool, channels: () => Iterable<Channel>, onError: (error: Error) => void) {
    this.#pool = pool
    this.#channels = channels
    this.#onError = onError
  }

  notify(id: string): void {
    this.#pending.push(id)
    this.#kick()
  }

  #kick(): void {
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined
      if (this.#pending.length) this.#kick()
    })
  }

  /** Resolves once every change announced so far has been delivered. */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining
  }

  async #drain(): Promise<void> {
    while (this.#pending.length) {
      const ids = this.#pending
      this.#pending = []
      const listeners = [...this.#channels()].filter((channel) => channel.bindings.some((binding) => !binding.problem))
      if (listeners.length === 0) continue
      try {
        const { rows } = await this.#pool.query<ChangeRow>(
          `select c.id::text, n.nspname as schema, cl.relname as table, c.action
             from realtime_local.changes c
             join pg_class cl on cl.oid = c.relid
             join pg_namespace n on n.oid = cl.relnamespace
            where c.id = any($1::bigint[]) order by c.id`,
          [ids]
        )
        for (const change of rows) await this.#deliver(change, listeners)
      } catch (error) {
        this.#onError(error as Error)
      }
    }
  }

  async #deliver(change: ChangeRow, listeners: Channel[]): Promise<void> {
    const targets: { channel: Channel; binding: PgBinding }[] = []
    for (const channel of listeners) {
      if (channel.connection.closed) continue
      for (const binding of channel.bindings) {
        if (binding.problem) continue
        if (binding.schema !== '*' && binding.schema !== change.schema) continue
        if (binding.table !== undefined && binding.table !== change.table) continue
        if (binding.event !== '*' && binding.event !== change.action) continue
        targets.push({ channel, binding })
      }
    }
    if (targets.length === 0) return
    const subscribers = targets.map(({ channel, binding }) => ({
      role: channel.token.role,
      claims: channel.token.claims,
      filters: binding.filters,
      select: binding.select ?? null
    }))
    const { rows } = await this.#pool.query<{ visible_to: number[]; change: Record<string, unknown> }>(
      'select visible_to, change from realtime_local.change_payloads($1, $2)',
      [change.id, JSON.stringify(subscribers)]
    )
    for (const { visible_to, change: data } of rows) {
      const ids = new Map<Channel, number[]>()
      for (const index of visible_to) {
        const target = targets[index]
        if (!target) continue
        const list = ids.get(target.channel) ?? []
        if (!list.includes(target.binding.id)) list.push(target.binding.id)
        ids.set(target.channel, list)
      }
      for (const [channel, bindingIds] of ids) {
        channel.connection.send(
          Outgoing.frame({ joinRef: null, ref: null, topic: channel.topic, event: 'postgres_changes', payload: { ids: bindingIds, data } })
        )
      }
    }
  }
}
