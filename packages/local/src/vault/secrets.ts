import type pg from 'pg'

/**
 * Creates or updates named secrets through vault.create_secret / vault.update_secret, which
 * the local shim and Supabase Vault both offer, so it works on either. Each name is written
 * in its own transaction; a name written concurrently by another process wins or loses whole.
 */
export async function putVaultSecrets(pool: pg.Pool, secrets: Record<string, string>, description = ''): Promise<void> {
  for (const [name, value] of Object.entries(secrets)) {
    const client = await pool.connect()
    try {
      await client.query('begin')
      const existing = await client.query<{ id: string }>('select id from vault.secrets where name = $1 for update', [name])
      const id = existing.rows[0]?.id
      if (id) await client.query('select vault.update_secret($1, $2)', [id, value])
      else await client.query('select vault.create_secret($1, $2, $3)', [value, name, description])
      await client.query('commit')
    } catch (error) {
      await client.query('rollback').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }
}

/**
 * The secrets the schema's push-dispatch cron job reads (supabase/migrations/*_push_schedule.sql),
 * pointing at this stack.
 */
export function pushScheduleSecrets(url: string, serviceRoleKey: string): Record<string, string> {
  return { project_url: url, service_role_key: serviceRoleKey }
}
