import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createClient } from '@supabase/supabase-js'
import { afterAll, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../src/stack.ts'
import { createTestDatabase, type TestDatabase } from './db.ts'
import { Inbox } from './realtime.helpers.ts'

const supabaseDir = resolve(import.meta.dirname, '../../../supabase')
let db: TestDatabase
let server: RunningServer | undefined
let stateDir: string

afterAll(async () => {
  await server?.stop()
  await db?.drop()
  if (stateDir) await rm(stateDir, { recursive: true, force: true })
})

it('tells clients it is going away, and they reconnect and rejoin a new server on the same port by themselves', async () => {
  db = await createTestDatabase()
  stateDir = await mkdtemp(join(tmpdir(), 'parley-realtime-'))
  server = await startServer({ databaseUrl: db.url, port: 0, supabaseDir, stateDir })
  const port = Number(new URL(server.url).port)
  const supabase = createClient(server.url, server.anonKey, { auth: { persistSession: false, autoRefreshToken: false } })

  const statuses = new Inbox<string>()
  const system = new Inbox<{ extension: string; status: string; message: string }>()
  const broadcasts = new Inbox<{ event: string; payload: unknown }>()
  supabase
    .channel('after-restart')
    .on('broadcast', { event: '*' }, broadcasts.push as (m: unknown) => void)
    .on('system', {}, system.push as (m: unknown) => void)
    .subscribe((status) => statuses.push(status))
  await statuses.waitFor(1)
  expect(statuses.items).toEqual(['SUBSCRIBED'])

  await server.stop()
  server = undefined
  expect(system.items).toContainEqual(
    expect.objectContaining({ extension: 'system', status: 'error', message: 'RealtimeRestarting: Realtime is restarting, please standby' })
  )
  await statuses.waitFor(2)
  expect(statuses.items[1]).toBe('CHANNEL_ERROR')

  server = await startServer({ databaseUrl: db.url, port, supabaseDir, stateDir })
  await statuses.waitFor(3)
  expect(statuses.items[2]).toBe('SUBSCRIBED')

  await db.pool.query(`select realtime.send('{"back":true}'::jsonb, 'hello', 'after-restart', false)`)
  expect(await broadcasts.waitFor(1)).toMatchObject([{ event: 'hello', payload: { back: true } }])
  await supabase.removeAllChannels()
}, 60_000)
