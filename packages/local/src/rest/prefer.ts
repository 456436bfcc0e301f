import { RestError } from './errors.ts'

/** The Prefer header preferences PostgREST honours. */
export interface Preferences {
  return?: 'minimal' | 'representation' | 'headers-only'
  count?: 'exact' | 'planned' | 'estimated'
  resolution?: 'merge-duplicates' | 'ignore-duplicates'
  missing?: 'default' | 'null'
  handling?: 'strict' | 'lenient'
  maxAffected?: number
  singleObject?: boolean
  /** `tx=commit|rollback`; honoured only when db-tx-end allows an override. */
  tx?: 'commit' | 'rollback'
  /** `timezone=Europe/Paris`: the transaction's TimeZone, so timestamptz values render in it. */
  timezone?: string
  /** What to echo in Preference-Applied. */
  applied: string[]
}

const ALLOWED: Record<string, string[]> = {
  return: ['minimal', 'representation', 'headers-only'],
  count: ['exact', 'planned', 'estimated'],
  resolution: ['merge-duplicates', 'ignore-duplicates'],
  missing: ['default', 'null'],
  handling: ['strict', 'lenient'],
  params: ['single-object'],
  tx: ['commit', 'rollback']
}

/** Unknown or invalid preferences are ignored, unless `handling=strict` asks for an error. */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '')
  const preferences: Preferences = { applied: [] }
  const invalid: string[] = []
  for (const token of text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [name = '', value = ''] = token.split('=', 2).map((part) => part.trim())
    if (name === 'max-affected' && /^\d{1,15}$/.test(value)) {
      preferences.maxAffected = Number(value)
      continue
    }
    if (name === 'timezone' && /^[A-Za-z0-9_+\-/:]{1,64}$/.test(value)) {
      preferences.timezone = value
      preferences.applied.push(`${name}=${value}`)
      continue
    }
    if (!ALLOWED[name]?.includes(value)) {
      invalid.push(token)
      continue
    }
    if (name === 'return') preferences.return = value as Preferences['return']
    else if (name === 'count') preferences.count = value as Preferences['count']
    else if (name === 'resolution') preferences.resolution = value as Preferences['resolution']
    else if (name === 'missing') preferences.missing = value as Preferences['missing']
    else if (name === 'handling') preferences.handling = value as Preferences['handling']
    else if (name === 'params') preferences.singleObject = true
    else if (name === 'tx') {
      // Applied (and echoed) by the service once it knows whether db-tx-end allows it.
      preferences.tx = value as Preferences['tx']
      continue
    } else continue
    preferences.applied.push(`${name}=${value}`)
  }
  if (preferences.handling === 'strict' && invalid.length > 0) {
    throw new RestError(400, 'PGRST122', 'Invalid preferences given with handling=strict', {
      details: `Invalid preferences: ${invalid.join(', ')}`
    })
  }
  return preferences
}

/** PGRST124 when `handling=strict` and `max-affected=N` and the call returned more rows than N. */
export function checkAffected(prefer: Preferences, affected: number): void {
  if (prefer.handling === 'strict' && prefer.maxAffected !== undefined && affected > prefer.maxAffected) {
    throw new RestError(400, 'PGRST124', 'Query result exceeds max-affected preference constraint', {
      details: `The query affects ${affected} rows`
    })
  }
}
