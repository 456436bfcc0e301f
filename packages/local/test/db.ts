import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { SEEDED_TEMPLATE, TEMPLATE } from './templates.ts'

export interface TestDatabase {
  url: string
  /** Superuser pool on the clone, for fixtures and assertions. */
  pool: pg.Pool
  drop(): Promise<void>
}

/** A private database cloned from the migrated template (with the demo seed if asked). */
export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl')
  const name = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name} template ${options.seed ? SEEDED_TEMPLATE : TEMPLATE}`)
  // A database's own grants are not copied from its template: postgres gets them back, as on Supabase.
  await admin.query(`grant all on database ${name} to postgres`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 })
  pool.on('error', () => undefined)
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end()
      const again = new pg.Client({ connectionString: adminUrl })
      await again.connect()
      // A stack still streaming from this database (its Realtime's temporary slot) would make
      // the drop fail even with force: end those connections, and their slots with them.
      const streaming = `select active_pid from pg_replication_slots where database = '${name}'`
      await again.query(`select pg_terminate_backend(active_pid) from (${streaming}) s where active_pid is not null`)
      for (let tries = 0; tries < 400 && (await again.query(streaming)).rowCount; tries++) await new Promise((done) => setTimeout(done, 50))
      await again.query(`drop database if exists ${name} with (force)`)
      await again.end()
    }
  }
}
