// @vitest-environment node
// The demo's web server as a new user meets it: the bare address lists the pages, and no
// page logs a failed request of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ExamplesServer, serveExamples } from '../serve.ts'

let web: ExamplesServer
beforeAll(async () => {
  web = await serveExamples({ supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'anon' })
})
afterAll(() => web?.close())

describe('the examples server', () => {
  it('lists the demo pages and the mailbox at its root', async () => {
    const response = await fetch(`${web.url}/`)
    expect(response.status).toBe(200)
    const html = await response.text()
    for (const link of ['/dealer/', '/staff/', '/react-admin/', 'http://127.0.0.1:54321/mail/']) expect(html).toContain(`href="${link}"`)
  })

  it('answers the browser’s favicon request without an error', async () => {
    expect((await fetch(`${web.url}/favicon.ico`)).status).toBe(204)
  })
})
