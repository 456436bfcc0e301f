import type pg from 'pg'

/** Runs `work` in one transaction on a pooled connection. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    const result = await work(client)
    await client.query('commit')
    return result
  } catch (error) {
    if (error instanceof CommitWithError) {
      await client.query('commit')
      throw error.error
    }
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/** Thrown inside `transaction` to commit what was written and still fail the request (GoTrue's storage.NewCommitWithError). */
export class CommitWithError extends Error {
  readonly error: Error

  constructor(error: Error) {
    super(error.message)
    this.name = 'CommitWithError'
    this.error = error
  }
}
