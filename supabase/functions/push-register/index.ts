import { depsFromEnv, lazyDeps } from '../_shared/push/deps.ts'
import { readEnv } from '../_shared/push/env.ts'
import { createRegisterHandler } from '../_shared/push/register.ts'
import { serve } from '../_shared/push/serve.ts'

serve(createRegisterHandler(lazyDeps(() => depsFromEnv(readEnv))))
