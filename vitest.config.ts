import { defineConfig } from 'vitest/config'
import { WAIT } from './packages/local/test/wait.ts'

// Every expect.poll waits as long as WAIT unless it says otherwise (the default, one second,
// failed on a loaded machine).
const expect = { poll: { ...WAIT } }

// One PostgreSQL for the whole run (globalSetup); each integration file clones its own
// database from a migrated template, so files stay isolated and run in parallel.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'db',
          include: ['supabase/tests/**/*.test.ts', 'packages/local/**/*.test.ts'],
          globalSetup: ['packages/local/test/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          expect
        }
      },
      {
        test: {
          name: 'core',
          include: ['packages/core/**/*.test.ts'],
          globalSetup: ['packages/local/test/global-setup.ts'],
          environment: 'happy-dom',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          expect
        }
      },
      {
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        test: {
          name: 'widget',
          include: ['packages/widget/**/*.test.{ts,tsx}', 'packages/staff/**/*.test.{ts,tsx}', 'examples/**/*.test.ts'],
          globalSetup: ['packages/local/test/global-setup.ts'],
          environment: 'happy-dom',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          expect
        }
      }
    ]
  }
})
