import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readFunctionSettings } from '../src/functions/config.ts'
import { parseEnvFile } from '../src/functions/env.ts'
import { applyImportMap, toNodeSpecifier } from '../src/functions/specifiers.ts'

describe('toNodeSpecifier', () => {
  it('maps npm:, jsr: and npm CDN URLs to what node_modules holds', () => {
    expect(toNodeSpecifier('npm:@supabase/supabase-js@2.45.0')).toBe('@supabase/supabase-js')
    expect(toNodeSpecifier('npm:web-push@^3.6.7')).toBe('web-push')
    expect(toNodeSpecifier('npm:jose@6/jwt/verify')).toBe('jose/jwt/verify')
    expect(toNodeSpecifier('jsr:@supabase/supabase-js@2/cors')).toBe('@supabase/supabase-js/cors')
    expect(toNodeSpecifier('https://esm.sh/@supabase/supabase-js@2?target=deno')).toBe('@supabase/supabase-js')
    expect(toNodeSpecifier('https://cdn.jsdelivr.net/npm/jose@6/+esm')).toBe('jose/+esm')
  })

  it('leaves relative, node: and bare specifiers alone and empties the edge-runtime types', () => {
    expect(toNodeSpecifier('./helper.ts')).toBe('./helper.ts')
    expect(toNodeSpecifier('node:crypto')).toBe('node:crypto')
    expect(toNodeSpecifier('jose')).toBe('jose')
    expect(toNodeSpecifier('jsr:@supabase/functions-js/edge-runtime.d.ts')).toBeUndefined()
  })
})

describe('applyImportMap', () => {
  const map = { supabase: 'npm:@supabase/supabase-js@2', 'std/': 'npm:@std/', 'std/path': 'npm:pathe@1' }
  it('prefers exact keys, then the longest prefix', () => {
    expect(applyImportMap('supabase', map)).toBe('npm:@supabase/supabase-js@2')
    expect(applyImportMap('std/path', map)).toBe('npm:pathe@1')
    expect(applyImportMap('std/fs/copy', map)).toBe('npm:@std/fs/copy')
    expect(applyImportMap('other', map)).toBe('other')
  })
})

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines with comments, export and quotes', () => {
    expect(parseEnvFile('# secrets\nexport A=1\nB = "two words"\nC=\'x#y\'\nD=plain # note\n\nnot a line\nE="line\\nbreak"')).toEqual({
      A: '1',
      B: 'two words',
      C: 'x#y',
      D: 'plain',
      E: 'line\nbreak'
    })
  })
})

describe('readFunctionSettings', () => {
  it('reads verify_jwt per function and defaults to true', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-config-'))
    await writeFile(
      join(dir, 'config.toml'),
      '[api]\nverify_jwt = false\n\n[functions.hook]\nverify_jwt = false # webhooks\n\n[functions."other"]\nverify_jwt = true\n'
    )
    expect(readFunctionSettings(dir, 'hook')).toEqual({ verifyJwt: false })
    expect(readFunctionSettings(dir, 'other')).toEqual({ verifyJwt: true })
    expect(readFunctionSettings(dir, 'unlisted')).toEqual({ verifyJwt: true })
    expect(readFunctionSettings(join(dir, 'missing'), 'hook')).toEqual({ verifyJwt: true })
  })
})
