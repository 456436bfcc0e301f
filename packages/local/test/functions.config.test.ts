import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readFunctionSettings } from '../src/functions/config.ts'
import { parseEnvFile } from '../src/functions/env.ts'
import { denoFlagsFor } from '../src/functions/import-map.ts'

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

describe('denoFlagsFor', () => {
  it("uses the function's own import map, else the shared one, else none (never the project's package.json)", async () => {
    const functions = await mkdtemp(join(tmpdir(), 'parley-maps-'))
    for (const name of ['own', 'shared']) await mkdir(join(functions, name))
    expect(denoFlagsFor(join(functions, 'own'))).toEqual(['--no-config'])
    await writeFile(join(functions, 'import_map.json'), '{"imports":{}}')
    expect(denoFlagsFor(join(functions, 'shared'))).toEqual(['--no-config', `--import-map=${join(functions, 'import_map.json')}`])
    await writeFile(join(functions, 'deno.json'), '{"imports":{}}')
    expect(denoFlagsFor(join(functions, 'shared'))).toEqual([`--config=${join(functions, 'deno.json')}`])
    await writeFile(join(functions, 'own', 'deno.jsonc'), '{"imports":{}}')
    expect(denoFlagsFor(join(functions, 'own'))).toEqual([`--config=${join(functions, 'own', 'deno.jsonc')}`])
  })
})
