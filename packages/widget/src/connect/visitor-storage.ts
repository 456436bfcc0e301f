import { STORAGE_PREFIX } from '../loader/contract.ts'

/** What the widget remembers about a visitor, under `parley:<organization>`. */
export interface VisitorRecord {
  /** Access tokens of the visitor's conversations, to rebind after a lost session. */
  tokens: Record<string, string>
  active: string | null
  sound: boolean
  pushDismissed: boolean
  /** The server id of this browser's push subscription. */
  pushId: string | null
  /** Resolutions the visitor rated or dismissed: conversation id → that resolution (connect/resolution.ts). */
  resolutions?: Record<string, string>
}

const EMPTY: VisitorRecord = { tokens: {}, active: null, sound: false, pushDismissed: false, pushId: null }

function storage(): Storage | null {
  try {
    return localStorage
  } catch {
    // Blocked storage (privacy settings, sandboxed frames): the widget works for this page.
    return null
  }
}

/**
 * Reads and writes the visitor record. Nothing is written until the visitor acts (starts a
 * conversation, changes a setting), so an untouched widget leaves storage alone.
 */
export function visitorStorage(organization: string) {
  const key = STORAGE_PREFIX + organization
  const store = storage()
  return {
    /** Key prefix for everything else the widget keeps (auth session, outbox). */
    prefix: `${key}:`,
    store,
    read(): VisitorRecord {
      try {
        return { ...EMPTY, ...(JSON.parse(store?.getItem(key) ?? 'null') as Partial<VisitorRecord> | null) }
      } catch {
        return { ...EMPTY }
      }
    },
    write(change: Partial<VisitorRecord>): void {
      try {
        store?.setItem(key, JSON.stringify({ ...this.read(), ...change }))
      } catch {
        // Quota or blocked: keep going without persistence.
      }
    },
    /** Forgets everything under this organization's prefix. */
    clear(): void {
      if (!store) return
      for (const name of Object.keys(store)) if (name === key || name.startsWith(`${key}:`)) store.removeItem(name)
    }
  }
}

export type VisitorStorage = ReturnType<typeof visitorStorage>

/** A key/value store that namespaces keys, for core's outbox. */
export function prefixedStorage(store: Storage | null, prefix: string) {
  if (!store) return null
  return {
    getItem: (name: string) => store.getItem(prefix + name),
    setItem: (name: string, value: string) => store.setItem(prefix + name, value),
    removeItem: (name: string) => store.removeItem(prefix + name)
  }
}
