// @vitest-environment node
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GENERATED_FILES, generateTypes } from '../../../scripts/typegen/generate.ts'
import { introspect } from '../../../scripts/typegen/introspect.ts'
import { renderDatabase } from '../../../scripts/typegen/render-database.ts'
import { createTestDatabase, type TestDatabase } from '../../local/test/db.ts'

const root = resolve(import.meta.dirname, '../../..')

describe('generated schema types', () => {
  let database: TestDatabase
  let generated: Record<(typeof GENERATED_FILES)[number], string>

  beforeAll(async () => {
    database = await createTestDatabase()
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    try {
      generated = await generateTypes(client)
    } finally {
      await client.end()
    }
  })
  afterAll(() => database?.drop())

  it.each(GENERATED_FILES)('%s matches supabase/migrations', (path) => {
    const committed = readFileSync(resolve(root, path), 'utf8').split('\n')
    const fresh = generated[path].split('\n')
    const line = fresh.findIndex((text, index) => text !== committed[index])
    const at = line === -1 ? committed.length : line
    const drift = `${path}:${at + 1} is out of date with supabase/migrations (expected ${JSON.stringify(fresh[at])}, found ${JSON.stringify(committed[at])}): run npm run gen:types`
    expect(committed.length === fresh.length && line === -1, drift).toBe(true)
  })
})

describe('npm run gen:types', () => {
  let database: TestDatabase
  let rendered: string

  // A schema of its own with what Parley's does not use yet, so the generator is ready for it.
  beforeAll(async () => {
    database = await createTestDatabase()
    await database.pool.query(`
      create schema probe;
      grant usage on schema probe to anon, authenticated;
      create type probe.mood as enum ('calm', 'busy');
      create type probe.pair as (label text, score int4);
      create table probe.items (
        id bigint generated always as identity primary key,
        tags text[] not null default '{}',
        mood probe.mood,
        data jsonb not null,
        pair probe.pair
      );
      create table probe.notes (item_id bigint primary key references probe.items (id), body text);
      create table probe.hidden (id int primary key);
      create view probe.item_view as select id, mood from probe.items;
      grant select, insert, update on probe.items, probe.notes, probe.item_view to authenticated;
      create function probe.top_item() returns setof probe.items language sql rows 1 as 'select * from probe.items limit 1';
      create function probe.echo(value text default null, times int default 1) returns text language sql as 'select value';
      create function probe.echo(value int) returns text language sql as 'select value::text';
      create function probe.unnamed(int, int) returns int language sql as 'select 1';
      create function probe.internal() returns void language sql as 'select';
      revoke execute on function probe.internal() from public;
    `)
    const client = await database.pool.connect()
    try {
      rendered = renderDatabase(await introspect(client, 'probe'))
    } finally {
      client.release()
    }
  })
  afterAll(() => database?.drop())

  it('types columns, defaults, identities, arrays, enums and composites', () => {
    expect(rendered).toContain(`      items: {
        Row: {
          data: Json
          id: number
          mood: Database['probe']['Enums']['mood'] | null
          pair: Database['probe']['CompositeTypes']['pair'] | null
          tags: string[]
        }
        Insert: {
          data: Json
          id?: never
          mood?: Database['probe']['Enums']['mood'] | null
          pair?: Database['probe']['CompositeTypes']['pair'] | null
          tags?: string[]
        }`)
    expect(rendered).toContain(`      pair: {
        label: string | null
        score: number | null
      }`)
    expect(rendered).toContain("      mood: ['calm', 'busy'],")
  })

  it('records foreign keys, one-to-one when the key is unique', () => {
    expect(rendered).toContain(`            foreignKeyName: 'notes_item_id_fkey'
            columns: ['item_id']
            isOneToOne: true
            referencedRelation: 'items'
            referencedColumns: ['id']`)
  })

  it('gives updatable views Insert and Update, every column nullable', () => {
    expect(rendered).toContain(`      item_view: {
        Row: {
          id: number | null
          mood: Database['probe']['Enums']['mood'] | null
        }
        Insert: {
          id?: number | null`)
  })

  it('lists what the API roles can call: overloads as a union, set returns with SetofOptions', () => {
    expect(rendered).toContain(`      echo:
        | {
            Args: {
              value: number
            }
            Returns: string
          }
        | {
            Args: {
              times?: number
              value?: string
            }
            Returns: string
          }`)
    expect(rendered).toMatch(
      /top_item: \{\n {8}Args: never\n {8}Returns: \{\n[^}]*\}\n {8}SetofOptions: \{\n {10}from: '\*'\n {10}to: 'items'\n {10}isOneToOne: true\n {10}isSetofReturn: true/
    )
    expect(rendered).not.toContain('unnamed')
    expect(rendered).not.toContain('internal')
  })

  it('leaves out tables the API roles cannot reach', () => {
    expect(rendered).not.toContain('hidden')
  })
})
