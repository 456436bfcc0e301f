import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export type ImportMap = Record<string, string>

const PACKAGE = /^(@[^/@]+\/[^/@]+|[^/@]+)(?:@[^/]*)?(\/.*)?$/
const NPM_CDNS = [/^https?:\/\/esm\.sh\/(?:v\d+\/)?/, /^https?:\/\/cdn\.jsdelivr\.net\/npm\//, /^https?:\/\/unpkg\.com\//]

/** Type-only modules Deno functions import for editor support; they have no runtime code. */
export const EMPTY_MODULE = 'data:text/javascript,export%20%7B%7D'

/**
 * The import map a function deploys with: its own deno.json / import_map.json, else the
 * one shared by supabase/functions (the layout the Supabase CLI uses).
 */
export function readImportMap(functionDir: string): ImportMap {
  for (const dir of [functionDir, dirname(functionDir)]) {
    for (const file of ['deno.json', 'deno.jsonc', 'import_map.json']) {
      const path = join(dir, file)
      if (!existsSync(path)) continue
      try {
        const parsed = JSON.parse(readFileSync(path, 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { imports?: unknown }
        if (parsed.imports && typeof parsed.imports === 'object') return parsed.imports as ImportMap
      } catch {
        // a broken map behaves like no map; resolution errors then name the specifier
      }
    }
  }
  return {}
}

/** Exact keys first, then the longest `prefix/` key, as import maps resolve. */
export function applyImportMap(specifier: string, map: ImportMap): string {
  if (typeof map[specifier] === 'string') return map[specifier]
  let best = ''
  for (const key of Object.keys(map)) {
    if (key.endsWith('/') && specifier.startsWith(key) && key.length > best.length) best = key
  }
  return best ? `${map[best]}${specifier.slice(best.length)}` : specifier
}

/**
 * Turns what Deno accepts into what Node resolves from node_modules: `npm:pkg@1/sub` and
 * `jsr:@scope/pkg@1/sub` become `pkg/sub` and `@scope/pkg/sub`, as do npm CDN URLs
 * (esm.sh, jsDelivr, unpkg). The installed version is used whatever the requested one.
 * Returns undefined for a specifier that should load as an empty module.
 */
export function toNodeSpecifier(specifier: string): string | undefined {
  if (/^jsr:@supabase\/functions-js(@[^/]*)?\/edge-runtime\.d\.ts$/.test(specifier)) return undefined
  let bare: string | undefined
  if (specifier.startsWith('npm:') || specifier.startsWith('jsr:')) bare = specifier.slice(4).replace(/^\//, '')
  for (const cdn of NPM_CDNS) if (cdn.test(specifier)) bare = specifier.replace(cdn, '').replace(/[?#].*$/, '')
  if (bare === undefined) return specifier
  const match = PACKAGE.exec(bare)
  if (!match) return bare
  return `${match[1]}${match[2] ?? ''}`
}
