import type { WidgetConfig } from './config.ts'
import { checkConfig, readScriptConfig } from './config.ts'
import type { MountApp, ParleyInstance } from './contract.ts'
import { WidgetError } from './errors.ts'
import { createInstance } from './instance.ts'

/** `window.Parley`: a function for queued commands, plus `init`. The only global we add. */
export interface ParleyGlobal {
  (command: string, ...args: unknown[]): unknown
  /** Calls made by the snippet before this script loaded. */
  q?: ArrayLike<unknown>[]
  init(config: Partial<WidgetConfig>): ParleyInstance
  instances: ParleyInstance[]
  /** The app chunk reports itself here once it has run. */
  _app?: (mount: MountApp) => void
}

declare global {
  interface Window {
    Parley?: ParleyGlobal
  }
}

/**
 * Replaces the snippet's queueing stub with the real API, replays what was queued, and
 * starts the instance described by the script tag's data-* attributes, if any.
 */
export function install(script: HTMLScriptElement | null): ParleyGlobal {
  const existing = window.Parley
  if (existing?.instances) return existing
  const fromTag = script ? readScriptConfig(script) : {}
  const waiting: [string, unknown[]][] = []
  let app: Promise<MountApp> | undefined

  const loadApp = (src: string, nonce?: string) => () =>
    (app ||= new Promise<MountApp>((resolve, reject) => {
      Parley._app = resolve
      const tag = document.createElement('script')
      tag.type = 'module'
      tag.src = src
      if (nonce) tag.nonce = nonce
      tag.onerror = () => {
        app = undefined
        reject(new WidgetError('LOAD_FAILED', src))
      }
      document.head.append(tag)
    }))

  const run = (command: string, args: unknown[]): unknown => {
    if (command === 'init') return Parley.init(args[0] as Partial<WidgetConfig>)
    const target = Parley.instances[0]
    if (!target) return void waiting.push([command, args])
    if (command === 'unread') return target.unread
    const method = target[command as keyof ParleyInstance]
    if (typeof method !== 'function' || command === 'constructor') throw new WidgetError('UNKNOWN_COMMAND', command)
    return (method as (...a: unknown[]) => unknown)(...args)
  }

  const Parley = ((command: string, ...args: unknown[]) => run(command, args)) as ParleyGlobal
  Parley.instances = []
  Parley.init = (input) => {
    const config = checkConfig({ appSrc: fromTag.appSrc, nonce: fromTag.nonce, ...input })
    const instance = createInstance(config, loadApp(config.appSrc!, config.nonce))
    Parley.instances.push(instance)
    for (const [command, args] of waiting.splice(0)) safely(() => run(command, args))
    return instance
  }
  window.Parley = Parley

  if (fromTag.organization) safely(() => Parley.init(fromTag))
  for (const args of existing?.q ?? []) {
    const [command, ...rest] = Array.from(args)
    safely(() => run(String(command), rest))
  }
  return Parley
}

// One bad queued call must not stop the others; the error still reaches the console.
function safely(work: () => unknown): void {
  try {
    work()
  } catch (error) {
    reportError(error)
  }
}
