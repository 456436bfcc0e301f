import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { arch, platform } from 'node:os'
import { dirname, join } from 'node:path'
import { LocalStackError } from '../db/errors.ts'

/**
 * The Deno executable that the `deno` npm package ships through its per-platform optional
 * dependency (`@deno/linux-x64-glibc`, …). Found without the package's install script,
 * which npm does not run unless allowed: the binary is resolved from the `deno` package.
 */
export function denoExecutable(from: string = import.meta.url): string {
  const target = platform() === 'linux' ? `linux-${arch()}-glibc` : `${platform()}-${arch()}`
  const file = platform() === 'win32' ? 'deno.exe' : 'deno'
  try {
    const denoPackage = createRequire(from).resolve('deno/package.json')
    const binary = join(dirname(createRequire(denoPackage).resolve(`@deno/${target}/package.json`)), file)
    if (existsSync(binary)) return binary
  } catch {
    // reported below
  }
  throw new LocalStackError(
    'DENO_NOT_FOUND',
    `Edge Functions run in Deno, and no Deno binary for ${target} was found. Install the npm package \`deno\` ` +
      `(npm install deno) with its optional dependency @deno/${target}; without optional dependencies (--omit=optional) it has no binary.`
  )
}
