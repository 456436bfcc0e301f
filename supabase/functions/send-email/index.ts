import { emailDepsFromEnv } from '../_shared/email/deps.ts'
import { createSendEmailHandler } from '../_shared/email/handler.ts'
import { lazyDeps } from '../_shared/push/deps.ts'
import { readEnv } from '../_shared/push/env.ts'
import { serve } from '../_shared/push/serve.ts'

serve(createSendEmailHandler(lazyDeps(async () => emailDepsFromEnv(readEnv))))
