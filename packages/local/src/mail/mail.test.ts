import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../../test/stack.ts'
import type { MailMessage } from './store.ts'

let stack: TestStack

beforeAll(async () => {
  stack = await startTestStack()
})
afterAll(() => stack?.stop())

const send = (body: unknown, key: string | null = 're_test') =>
  fetch(`${stack.url}/mail/resend/emails`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })

describe('local mailbox', () => {
  it('accepts Resend-shaped e-mails, lists, shows and deletes them', async () => {
    const response = await send({
      from: 'A <a@x.test>',
      to: 'B@Y.test',
      subject: 'Hi',
      text: 'Hello',
      html: '<p>Hello</p><script>alert(1)</script>'
    })
    expect(response.status).toBe(200)
    const { id } = (await response.json()) as { id: string }
    const list = (await (await fetch(`${stack.url}/mail/api/messages?to=b@y.test`)).json()) as MailMessage[]
    expect(list).toMatchObject([{ id, subject: 'Hi', to: ['B@Y.test'], text: 'Hello' }])
    const html = await fetch(`${stack.url}/mail/messages/${id}/html`)
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(html.headers.get('content-security-policy')).toContain('sandbox')
    const page = await fetch(`${stack.url}/mail/`)
    expect(await page.text()).toContain('Parley local mailbox')
    expect((await fetch(`${stack.url}/mail/api/messages/${id}`, { method: 'DELETE' })).status).toBe(200)
    expect((await fetch(`${stack.url}/mail/api/messages/${id}`)).status).toBe(404)
  })

  it('answers like Resend to a missing key or a bad body', async () => {
    expect((await send({ from: 'a@x.test', to: 'b@y.test', subject: 'Hi', text: 'x' }, null)).status).toBe(401)
    expect((await send('not json')).status).toBe(422)
    expect((await send({ from: 'a@x.test', to: [], subject: 'Hi', text: 'x' })).status).toBe(422)
    await send({ from: 'a@x.test', to: ['c@y.test'], subject: 'Hi', text: 'x' })
    expect((await fetch(`${stack.url}/mail/api/messages`, { method: 'DELETE' })).status).toBe(200)
    expect(await (await fetch(`${stack.url}/mail/api/messages`)).json()).toEqual([])
  })
})
