import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type pg from 'pg'
import type { AuthConfig } from '../auth/config.ts'
import type { RealtimeLimits } from '../realtime/limits.ts'
import type { Jwt } from './keys.ts'

/** What every concern (REST, Auth, Realtime, Storage, Functions) gets from the server. */
export interface ServiceContext {
  /** Pool connected as the superuser; requests switch role with db/request.ts. */
  pool: pg.Pool
  /** Connection string of the same database, for LISTEN or replication connections. */
  databaseUrl: string
  jwt: Jwt
  /** Public base URL, e.g. http://127.0.0.1:54321 */
  url: () => string
  anonKey: string
  serviceRoleKey: string
  /** The project's supabase/ directory (migrations, functions, seed). */
  supabaseDir: string
  /** Where the stack keeps files (storage objects, env); .parley/ by default. */
  stateDir: string
  /** Auth settings that win over the PARLEY_* variables (e.g. rate limits off in a test suite). */
  authConfig?: Partial<AuthConfig>
  /** Realtime's per-project limits over the PARLEY_* variables; false turns them off. */
  realtimeLimits?: Partial<RealtimeLimits> | false
}

export interface Service {
  /** Handles a request whose path starts with the service's prefix; `path` is what follows it. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void>
  /** Requests that Supabase's gateway lets through without an apikey (public objects, signed URLs). */
  isPublic?(method: string, path: string, url: URL): boolean
  /** Answers its own CORS preflight, as Supabase's Edge Runtime leaves OPTIONS to the function. */
  ownsPreflight?: boolean
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer, path: string, url: URL): void
  close?(): Promise<void>
}

export type ServiceFactory = (context: ServiceContext) => Service | Promise<Service>
