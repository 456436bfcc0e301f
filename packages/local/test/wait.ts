/**
 * How long a test waits for a condition, and how often it looks. Generous because the suite
 * runs on shared, loaded machines, where one second was not enough; it costs nothing when the
 * condition comes quickly. vitest.config.ts makes it expect.poll's default; pass it to
 * vi.waitFor, which has no configurable default.
 */
export const WAIT = { timeout: 20_000, interval: 50 } as const
