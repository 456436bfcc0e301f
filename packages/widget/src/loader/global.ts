import type { WidgetConfig } from './config.ts'
import type { ParleyInstance, StartApp } from './contract.ts'
import { WidgetError } from './errors.ts'
import { createInstance } from './instance.ts'

/** `window.Parley`: a function for queued commands, plus `init`. The only global we add. */
export interface ParleyGlobal {
  (command: string, ...args: unknown[]): unknown
  /** Calls made by the snippet before this script loaded. */
  q?: Iterable<unknown>[]
  init(config: Partial<WidgetConfig>): ParleyInstance
  instances: ParleyInstance[]
  /** Set by the app chunk when it runs: how to take over an instance. */
  _app?: StartApp
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
export function install(script: HTMLScriptElement | null, importApp: (src: string) => Promise<unknown>): ParleyGlobal {
  const existing = window.Parley
  if (existing?.instances) return existing
  // `dataset` already maps data-supabase-url to supabaseUrl.
  const fromTag: Partial<WidgetConfig> = script
    ? { appSrc: script.src && new URL('parley-app.js', script.src).href, ...script.dataset }
    : {}
  const waiting: Iterable<unknown>[] = []
  let app: Promise<StartApp> | undefined

  const Parley = ((command: string, ...args: unknown[]): unknown => {
    if (command == 'init') return Parley.init(args[0] as Partial<WidgetConfig>)
    const target = Parley.instances[0] as unknown as Record<string, unknown> | undefined
    if (!target) return void waiting.push([command, ...args])
    if (!Object.hasOwn(target, command)) throw new WidgetError('UNKNOWN_COMMAND', command)
    const member = target[command] as { call?: unknown }
    // `unread` is a number (its `call` is undefined); everything else is a method.
    return member.call ? (member as (...args: unknown[]) => unknown)(...args) : member
  }) as ParleyGlobal
  // Replayed calls run one per task: one that throws (reported in the console like any
  // uncaught error) does not stop the others.
  const replay = (calls: Iterable<unknown>[]) => {
    for (const call of calls) setTimeout(Parley, 0, ...call)
  }

  Parley.instances = []
  Parley.init = (input) => {
    const config = { ...fromTag, ...input } as WidgetConfig
    // The app checks the rest (position, theme, zIndex, color) and reports bad values.
    for (const key of ['supabaseUrl', 'supabaseKey', 'organization', 'appSrc'] as const)
      if (!config[key]) throw new WidgetError('INVALID_CONFIG', `${key} is required`)
    const instance = createInstance(
      config,
      () =>
        // A retry asks for the same URL: the lazy chunks import the app by that URL, and under
        // another one (a fragment) the app would run twice. Current browsers fetch a module
        // that failed to load again; one that remembers the failure keeps saying LOAD_FAILED.
        (app ||= importApp(config.appSrc!).then(
          () => Parley._app!,
          () => {
            // Let the next open try again.
            app = undefined
            throw new WidgetError('LOAD_FAILED', config.appSrc!)
          }
        ))
    )
    Parley.instances.push(instance)
    replay(waiting.splice(0))
    return instance
  }
  window.Parley = Parley

  replay(existing?.q ?? [])
  // A bad tag config throws here: the console reports it like any script error.
  if (fromTag.organization) Parley.init(fromTag)
  return Parley
}
