interface DenoEnv {
  env: { get(name: string): string | undefined }
}

/**
 * Reads a secret the same way in Deno (Supabase's Edge Runtime, the local stack) and in Node (tests),
 * without declaring a global `Deno` type other files may also declare.
 */
export function readEnv(name: string): string | undefined {
  const deno = (globalThis as { Deno?: DenoEnv }).Deno
  if (deno) return deno.env.get(name) ?? undefined
  const process = (globalThis as { process?: { env: Record<string, string | undefined> } }).process
  return process?.env[name]
}

export type Env = (name: string) => string | undefined
