import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { asRequest } from '../db/request.ts'
import type { VerifiedToken } from './tokens.ts'

export type Extension = 'broadcast' | 'presence'

export interface ReadPolicies {
  broadcast: boolean
  presence: boolean
}

/** An RLS policy on realtime.messages failed to evaluate (it raised, or referenced something missing). */
export class PolicyError extends Error {
  readonly code = 'RLS_POLICY_ERROR'

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'PolicyError'
  }
}

/**
 * What Supabase does on a private join: insert one probe row per extension as the service,
 * then, as the user (role, JWT claims, realtime.topic), see which of them RLS lets it SELECT.
 * The transaction is rolled back, so nothing stays and no broadcast goes out.
 */
export async function readPolicies(pool: pg.Pool, topic: string, token: VerifiedToken): Promise<ReadPolicies> {
  const ids = { broadcast: randomUUID(), presence: randomUUID() }
  try {
    return await asRequest(
      pool,
      { role: token.role, claims: token.claims, settings: { 'realtime.topic': topic } },
      async (client) => {
        await client.query('set local role none')
        await client.query(`insert into realtime.messages (id, topic, extension) values ($1, $3, 'broadcast'), ($2, $3, 'presence')`, [
          ids.broadcast,
          ids.presence,
          topic
        ])
        await client.query('select set_config($1, $2, true)', ['role', token.role])
        const { rows } = await client.query<{ id: string }>('select id from realtime.messages where id = any($1::uuid[])', [
          [ids.broadcast, ids.presence]
        ])
        const seen = new Set(rows.map((row) => row.id))
        return { broadcast: seen.has(ids.broadcast), presence: seen.has(ids.presence) }
      },
      { rollback: true }
    )
  } catch (cause) {
    throw new PolicyError(`Reading policies for ${topic} failed: ${(cause as Error).message}`, { cause })
  }
}

/** Supabase's write check: can the user INSERT a realtime.messages row for this topic and extension? */
export async function canWrite(pool: pg.Pool, topic: string, extension: Extension, token: VerifiedToken): Promise<boolean> {
  try {
    return await asRequest(
      pool,
      { role: token.role, claims: token.claims, settings: { 'realtime.topic': topic } },
      async (client) => {
        try {
          await client.query('insert into realtime.messages (topic, extension) values ($1, $2)', [topic, extension])
          return true
        } catch (error) {
          if ((error as { code?: string }).code === '42501') return false
          throw error
        }
      },
      { rollback: true }
    )
  } catch (cause) {
    throw new PolicyError(`Checking ${extension} write policy for ${topic} failed: ${(cause as Error).message}`, { cause })
  }
}
