import { depsFromEnv, lazyDeps } from '../_shared/push/deps.ts'
import { createDispatchHandler } from '../_shared/push/dispatch-handler.ts'
import { readEnv } from '../_shared/push/env.ts'
import { serve } from '../_shared/push/serve.ts'

const number = (name: string): number | undefined => {
  const value = Number(readEnv(name))
  return Number.isFinite(value) && value > 0 ? value : undefined
}

serve(
  createDispatchHandler(
    lazyDeps(() => depsFromEnv(readEnv)),
    {
      ratePerMinute: number('PARLEY_PUSH_RATE_PER_MINUTE'),
      maxAttempts: number('PARLEY_PUSH_MAX_ATTEMPTS'),
      leaseSeconds: number('PARLEY_PUSH_LEASE_SECONDS')
    }
  )
)
