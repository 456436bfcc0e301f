// The one set-up of the end-to-end tests: the built examples served against a seeded local
// stack, with what a test asks for (a browser, a push service, a signed-in agent), torn down
// in the reverse order by `close()`.
import { createParley, type Parley } from '@parley/core'
import type { AuthConfig } from '../../packages/local/src/auth/config.ts'
import { startTestStack, type TestStack } from '../../packages/local/test/stack.ts'
import { DEMO, DEMO_PASSWORD } from '../../supabase/tests/kit/demo.ts'
import { type PushService, startPushService, type TestVapidKeys, writePushSecrets } from '../../supabase/tests/push-harness.ts'
import { type ExamplesServer, type ServeOptions, serveExamples } from '../serve.ts'
import { launchBrowser, requireBuild, type TestBrowser } from './browser.ts'

export interface ExamplesOptions {
  /** Headless Chromium with these options (`true`: desktop, light). */
  browser?: boolean | Parameters<typeof launchBrowser>[0]
  /** A push service on 127.0.0.1, the functions' push secrets, and the pages' VAPID key. */
  push?: boolean
  /** A core client signed in as this demo staff member's e-mail (Julie by default when `true`). */
  agent?: boolean | string
  /** Extra directories served beside the examples: URL prefix -> directory. */
  mounts?: ServeOptions['mounts']
  /** Auth settings of the stack (e.g. short-lived tokens); Supabase's defaults otherwise. */
  auth?: Partial<AuthConfig>
  /** Runs on the started stack before the examples are served (secrets, settings). */
  prepare?: (stack: TestStack) => Promise<void> | void
}

export interface ExamplesRun {
  stack: TestStack
  web: ExamplesServer
  /** Present when asked for in {@link ExamplesOptions}. */
  browser: TestBrowser
  push: { service: PushService; vapid: TestVapidKeys }
  agent: Parley
  close(): Promise<void>
}

/** Starts what an end-to-end test needs; what was not asked for throws when touched. */
export async function startExamples(options: ExamplesOptions = {}): Promise<ExamplesRun> {
  requireBuild()
  const closers: (() => Promise<unknown>)[] = []
  const missing = (what: string) => {
    throw new Error(`startExamples was not asked for ${what}`)
  }
  const close = async () => {
    for (const closer of closers.reverse()) await closer()
  }
  try {
    const stack = await startTestStack({ seed: true, auth: options.auth })
    closers.push(() => stack.stop())
    await options.prepare?.(stack)
    let push: ExamplesRun['push'] | undefined
    if (options.push) {
      const service = await startPushService()
      closers.push(() => service.stop())
      push = { service, vapid: await writePushSecrets(stack.stateDir) }
    }
    const web = await serveExamples({
      supabaseUrl: stack.url,
      supabaseAnonKey: stack.anonKey,
      vapidPublicKey: push?.vapid.publicKey,
      mounts: options.mounts
    })
    closers.push(() => web.close())
    let browser: TestBrowser | undefined
    if (options.browser) {
      browser = await launchBrowser(options.browser === true ? {} : options.browser)
      closers.push(() => browser!.close())
    }
    let agent: Parley | undefined
    if (options.agent) {
      agent = createParley({ supabase: stack.client() }, { storage: null })
      closers.push(() => agent!.destroy())
      await agent.signIn({ email: options.agent === true ? DEMO.julie.email : options.agent, password: DEMO_PASSWORD })
    }
    return {
      stack,
      web,
      get browser() {
        return browser ?? missing('a browser')
      },
      get push() {
        return push ?? missing('push')
      },
      get agent() {
        return agent ?? missing('an agent')
      },
      close
    }
  } catch (error) {
    await close()
    throw error
  }
}
