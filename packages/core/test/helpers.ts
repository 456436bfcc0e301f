import type { ReadableAtom } from 'nanostores'
import { WAIT } from '../../local/test/wait.ts'

/** Polls until check() returns a truthy value (or stops throwing) and returns it. */
export async function until<T>(check: () => T | Promise<T>, what = 'condition', timeoutMs = WAIT.timeout): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, WAIT.interval))
  }
}

/** Keeps a store mounted (as a UI would) and returns its unsubscribe. */
export function keep<T>(store: ReadableAtom<T>): () => void {
  return store.listen(() => undefined)
}

export const DEMO = {
  organizationId: '11111111-1111-4111-8111-111111111111',
  julie: { id: '22222222-2222-4222-8222-222222222202', email: 'julie@lavoie.demo', password: 'parley-demo', name: 'Julie Tremblay' },
  marc: { id: '22222222-2222-4222-8222-222222222203', email: 'marc@lavoie.demo', password: 'parley-demo', name: 'Marc Bouchard' },
  admin: { id: '22222222-2222-4222-8222-222222222201', email: 'admin@lavoie.demo', password: 'parley-demo', name: 'Nathalie Lavoie' },
  claimId: '44444444-4444-4444-8444-444444444442',
  conversationId: '66666666-6666-4666-8666-666666666601',
  conversationToken: 'd8dfb96614622f3f7c88ec9045e42bba15ca824d4a4c4f85682dc281e98bcb37',
  claimToken: '2b6030c4d067189f257c72342f7debdcdbb17883bc5d716f3bb5e5fbc54f0892'
}
