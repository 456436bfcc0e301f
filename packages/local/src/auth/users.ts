import { randomUUID } from 'node:crypto'
import type pg from 'pg'

/** GoTrue keeps every row of a single-tenant project under the nil instance. */
export const INSTANCE_ID = '00000000-0000-0000-0000-000000000000'
export const AUDIENCE = 'authenticated'
export const DEFAULT_ROLE = 'authenticated'

type Queryable = pg.Pool | pg.PoolClient
type Metadata = Record<string, unknown>

export interface UserRow {
  id: string
  aud: string | null
  role: string | null
  email: string | null
  encrypted_password: string | null
  email_confirmed_at: Date | null
  invited_at: Date | null
  confirmation_sent_at: Date | null
  confirmed_at: Date | null
  recovery_sent_at: Date | null
  email_change: string | null
  email_change_sent_at: Date | null
  phone: string | null
  phone_confirmed_at: Date | null
  phone_change: string | null
  phone_change_sent_at: Date | null
  reauthentication_sent_at: Date | null
  last_sign_in_at: Date | null
  raw_app_meta_data: Metadata | null
  raw_user_meta_data: Metadata | null
  created_at: Date | null
  updated_at: Date | null
  banned_until: Date | null
  deleted_at: Date | null
  is_anonymous: boolean
}

export interface IdentityRow {
  id: string
  provider_id: string
  user_id: string
  identity_data: Metadata
  provider: string
  last_sign_in_at: Date | null
  created_at: Date | null
  updated_at: Date | null
  email: string | null
}

const USER_COLUMNS = `id, aud, role, email, encrypted_password, email_confirmed_at, invited_at, confirmation_sent_at,
  confirmed_at, recovery_sent_at, email_change, email_change_sent_at, phone, phone_confirmed_at, phone_change,
  phone_change_sent_at, reauthentication_sent_at, last_sign_in_at, raw_app_meta_data, raw_user_meta_data,
  created_at, updated_at, banned_until, deleted_at, is_anonymous`

export async function findUserById(db: Queryable, id: string, forUpdate = false): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users where id = $1${forUpdate ? ' for update' : ''}`, [id])
  return rows[0]
}

/** Password sign-in and duplicate checks look users up the way GoTrue does: case-insensitive, non-SSO. */
export async function findUserByEmail(db: Queryable, email: string, exceptId?: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users
      where lower(email) = lower($1) and is_sso_user = false and coalesce(aud, $2) = $2
        and ($3::uuid is null or id <> $3::uuid)
      order by created_at limit 1`,
    [email, AUDIENCE, exceptId ?? null]
  )
  return rows[0]
}

export async function findUserByPhone(db: Queryable, phone: string, exceptId?: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users
      where phone = $1 and coalesce(aud, $2) = $2 and ($3::uuid is null or id <> $3::uuid)
      order by created_at limit 1`,
    [phone, AUDIENCE, exceptId ?? null]
  )
  return rows[0]
}

export async function identitiesOf(db: Queryable, userId: string): Promise<IdentityRow[]> {
  return (await identitiesOfMany(db, [userId])).get(userId) ?? []
}

export async function identitiesOfMany(db: Queryable, userIds: string[]): Promise<Map<string, IdentityRow[]>> {
  const { rows } = await db.query<IdentityRow>(
    `select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
       from auth.identities where user_id = any($1::uuid[]) order by created_at, id`,
    [userIds]
  )
  const byUser = new Map<string, IdentityRow[]>()
  for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row])
  return byUser
}

export async function findUsersByIds(db: Queryable, ids: string[]): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users where id = any($1::uuid[])`, [ids])
  const byId = new Map(rows.map((row) => [row.id, row]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

export interface NewUser {
  id?: string
  email?: string
  phone?: string
  passwordHash: string
  appMetadata: Metadata
  userMetadata: Metadata
  role?: string
  emailConfirmed: boolean
  phoneConfirmed: boolean
  isAnonymous: boolean
  bannedUntil?: Date | null
}

/** Inserts with the empty-string token columns GoTrue writes (tools that scan them as strings rely on it). */
export async function insertUser(db: Queryable, user: NewUser): Promise<string> {
  const id = user.id ?? randomUUID()
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password, email_confirmed_at,
        phone_confirmed_at, raw_app_meta_data, raw_user_meta_data, is_anonymous, banned_until, created_at, updated_at,
        confirmation_token, recovery_token, email_change_token_new, email_change)
     values ($1, $2, $3, $4, $5, $6, $7, case when $8 then now() end, case when $9 then now() end, $10, $11, $12, $13,
        now(), now(), '', '', '', '')`,
    [
      INSTANCE_ID,
      id,
      AUDIENCE,
      user.role ?? DEFAULT_ROLE,
      user.email ?? null,
      user.phone ?? null,
      user.passwordHash,
      user.emailConfirmed,
      user.phoneConfirmed,
      JSON.stringify(user.appMetadata),
      JSON.stringify(user.userMetadata),
      user.isAnonymous,
      user.bannedUntil ?? null
    ]
  )
  return id
}

export async function insertIdentity(db: Queryable, userId: string, provider: string, data: Metadata): Promise<void> {
  await db.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2, $3, $4, now(), now(), now())`,
    [userId, userId, JSON.stringify(data), provider]
  )
}

/** GoTrue's merge rule for user_metadata / app_metadata updates: null deletes a key. */
export function mergeMetadata(current: Metadata | null, updates: Metadata): Metadata {
  // A Map, not property assignment: a "__proto__" key from JSON must stay a plain key.
  const merged = new Map(Object.entries(current ?? {}))
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) merged.delete(key)
    else merged.set(key, value)
  }
  return Object.fromEntries(merged)
}

const iso = (value: Date | null) => (value ? value.toISOString() : undefined)

/** The user object exactly as GoTrue serialises models.User (omitempty fields left out when empty). */
export function userJson(user: UserRow, identities: IdentityRow[]): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: user.id,
    aud: user.aud ?? '',
    role: user.role ?? '',
    email: user.email ?? '',
    email_confirmed_at: iso(user.email_confirmed_at),
    invited_at: iso(user.invited_at),
    phone: user.phone ?? '',
    phone_confirmed_at: iso(user.phone_confirmed_at),
    confirmation_sent_at: iso(user.confirmation_sent_at),
    confirmed_at: iso(user.confirmed_at),
    recovery_sent_at: iso(user.recovery_sent_at),
    new_email: user.email_change || undefined,
    email_change_sent_at: iso(user.email_change_sent_at),
    new_phone: user.phone_change || undefined,
    phone_change_sent_at: iso(user.phone_change_sent_at),
    reauthentication_sent_at: iso(user.reauthentication_sent_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: identities.map(identityJson),
    created_at: iso(user.created_at) ?? new Date(0).toISOString(),
    updated_at: iso(user.updated_at) ?? new Date(0).toISOString(),
    banned_until: iso(user.banned_until),
    deleted_at: iso(user.deleted_at),
    is_anonymous: user.is_anonymous
  }
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key]
  return json
}

/** GoTrue swaps the names for backward compatibility: `identity_id` is the row id, `id` the provider's id. */
function identityJson(identity: IdentityRow): Record<string, unknown> {
  const json: Record<string, unknown> = {
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
    identity_data: identity.identity_data,
    provider: identity.provider,
    last_sign_in_at: iso(identity.last_sign_in_at),
    created_at: iso(identity.created_at),
    updated_at: iso(identity.updated_at),
    email: identity.email ?? undefined
  }
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key]
  return json
}

export function isBanned(user: UserRow): boolean {
  return user.banned_until !== null && user.banned_until.getTime() > Date.now()
}

export async function loadUserJson(db: Queryable, id: string): Promise<Record<string, unknown> | undefined> {
  const user = await findUserById(db, id)
  return user && userJson(user, await identitiesOf(db, id))
}
