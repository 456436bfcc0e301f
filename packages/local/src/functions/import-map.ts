import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

const CONFIG_FILES = ['deno.json', 'deno.jsonc']

/**
 * The import map a function deploys with, as Deno flags: its own deno.json(c) or
 * import_map.json, else the one shared by supabase/functions (the layout the Supabase CLI
 * uses). With neither, Deno is kept from picking up the project's package.json.
 */
export function denoFlagsFor(functionDir: string): string[] {
  for (const dir of [functionDir, dirname(functionDir)]) {
    for (const file of CONFIG_FILES) if (existsSync(join(dir, file))) return [`--config=${join(dir, file)}`]
    if (existsSync(join(dir, 'import_map.json'))) return ['--no-config', `--import-map=${join(dir, 'import_map.json')}`]
  }
  return ['--no-config']
}
