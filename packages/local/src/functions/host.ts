import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { denoExecutable } from './deno-binary.ts'
import { FunctionProcess, type FunctionRequest } from './process.ts'

export { FunctionBootError, type FunctionRequest, sendRelayError } from './process.ts'

const ENTRY_FILES = ['index.ts', 'index.js', 'index.mjs']

/** Supabase's request idle timeout: no response head within 150 s is a 504. */
export const IDLE_TIMEOUT_MS = 150_000

export interface FunctionHostOptions {
  env: () => Record<string, string>
  watchFiles: () => string[]
  /** Deno's cache (npm: and jsr: packages), kept between starts. */
  denoDir: string
  idleTimeoutMs?: number
}

/**
 * Keeps one Deno process per function, started by its first request, and replaces it when
 * its sources change (any file in the function's folder or in functions/_shared, an import
 * map, config.toml or an env file): edits apply on the next request, like
 * `supabase functions serve`.
 */
export class FunctionHost {
  readonly #functionsDir: string
  readonly #options: FunctionHostOptions
  readonly #deno: string
  readonly #processes = new Map<string, FunctionProcess>()

  constructor(functionsDir: string, options: FunctionHostOptions) {
    this.#functionsDir = functionsDir
    this.#options = options
    this.#deno = denoExecutable()
  }

  /** The entry file of a deployable function, or undefined (names starting with _ are shared code). */
  entryOf(name: string): string | undefined {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) return undefined
    for (const file of ENTRY_FILES) {
      const path = join(this.#functionsDir, name, file)
      if (existsSync(path)) return path
    }
    return undefined
  }

  async dispatch(name: string, entry: string, request: FunctionRequest): Promise<void> {
    const version = this.#versionOf(name)
    let running = this.#processes.get(name)
    if (!running || running.dead || running.version !== version) {
      const previous = running
      const started: FunctionProcess = new FunctionProcess(version, {
        deno: this.#deno,
        entry,
        functionsDir: this.#functionsDir,
        env: this.#options.env(),
        denoDir: this.#options.denoDir,
        idleTimeoutMs: this.#options.idleTimeoutMs ?? IDLE_TIMEOUT_MS,
        origin: new URL(request.url).origin,
        onExit: () => {
          if (this.#processes.get(name) === started) this.#processes.delete(name)
        }
      })
      running = started
      this.#processes.set(name, started)
      if (previous) void retire(previous)
    }
    await running.dispatch(request)
  }

  async close(): Promise<void> {
    const processes = [...this.#processes.values()]
    this.#processes.clear()
    await Promise.all(processes.map((running) => running.terminate()))
  }

  #versionOf(name: string): string {
    const stamps: string[] = []
    const visit = (path: string) => {
      let info
      try {
        info = statSync(path)
      } catch {
        return
      }
      if (info.isDirectory()) {
        for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry))
      } else {
        stamps.push(`${path}:${info.mtimeMs}:${info.size}`)
      }
    }
    visit(join(this.#functionsDir, name))
    visit(join(this.#functionsDir, '_shared'))
    for (const file of this.#options.watchFiles()) visit(file)
    for (const file of ['deno.json', 'deno.jsonc', 'import_map.json']) visit(join(this.#functionsDir, file))
    return stamps.join('|')
  }
}

/** Lets in-flight requests of a replaced process finish before stopping it. */
async function retire(running: FunctionProcess): Promise<void> {
  while (running.busy && !running.dead) await new Promise((resolve) => setTimeout(resolve, 50))
  await running.terminate()
}
