// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const dist = resolve(import.meta.dirname, '../../packages/widget/dist')
const read = (file: string) => readFileSync(resolve(dist, file), 'utf8')

// Needs `npm run build`. The first open imports pushAvailable from @parley/core/web-push; the
// rest of that entry (the prompt, PushManager.subscribe) must stay in the lazily fetched push chunk.
describe('the widget build', () => {
  it('keeps the browser push subscription code out of the first open and in the push chunk', () => {
    const push = readdirSync(dist).filter((file) => /^parley-push-.*\.js$/.test(file))
    expect(push).toHaveLength(1)
    const has = (file: string, code: RegExp) => code.test(read(file))
    expect(has('parley-app.js', /applicationServerKey|requestPermission/), 'subscription code in parley-app.js').toBe(false)
    expect(has(push[0]!, /applicationServerKey/) && has(push[0]!, /requestPermission/), 'subscription code in the push chunk').toBe(true)
  })
})
