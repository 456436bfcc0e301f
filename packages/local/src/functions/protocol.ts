/** Messages between the functions host (main thread) and one function's worker. */
export interface WorkerSetup {
  /** file: URL of the function's entry module. */
  entry: string
  importMap: Record<string, string>
  /** Where bare specifiers resolve from when the function's own folder has no node_modules. */
  fallbackParent: string
}

export type HostMessage =
  | { type: 'request'; id: number; method: string; url: string; headers: [string, string][]; body: ArrayBuffer | null }
  | { type: 'abort'; id: number }

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'boot-error'; message: string }
  | { type: 'head'; id: number; status: number; headers: [string, string][] }
  | { type: 'chunk'; id: number; chunk: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'fail'; id: number; message: string }
