import { depsFromEnv, lazyDeps } from '../_shared/push/deps.ts'
import { readEnv } from '../_shared/push/env.ts'
import { serve } from '../_shared/push/serve.ts'
import { createTestHandler } from '../_shared/push/test-send.ts'

serve(createTestHandler(lazyDeps(() => depsFromEnv(readEnv))))
