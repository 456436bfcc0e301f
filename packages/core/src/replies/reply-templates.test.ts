import { describe, expect, it } from 'vitest'
import { fakeContext, recordingClient, STAFF } from '../../test/fake-context.ts'
import type { Context } from '../client/context.ts'
import { createReplyTemplate, renderReplyTemplate, searchReplyTemplates } from './reply-templates.ts'
import { templateTextProblem } from './reply-variables.ts'

const id = '44444444-4444-4444-8444-444444444442'

function staffContext() {
  const { client, calls } = recordingClient(() => ({ data: { id }, error: null }))
  const context: Context = { ...fakeContext(STAFF).context, supabase: () => client as unknown as ReturnType<Context['supabase']> }
  return { context, calls }
}

describe('templateTextProblem', () => {
  it('accepts the known variables, with or without spaces inside the braces', () => {
    expect(templateTextProblem('Bonjour {{customer.name}}, {{ agent.name }} de {{dealer.name}}')).toBeNull()
  })

  it('names an unknown variable and finds stray braces, as the database does', () => {
    expect(templateTextProblem('{{customer.email}}')).toBe('unknown variable {{customer.email}}')
    expect(templateTextProblem('Bonjour {{customer.name}')).toMatch(/not part of a variable/)
    expect(templateTextProblem('fin }}')).toMatch(/not part of a variable/)
  })
})

describe('reply template calls', () => {
  it('refuse bad input before calling the database', async () => {
    const { context, calls } = staffContext()
    const base = { title: 'Garantie', shortcut: '/garantie', body_fr: 'Bonjour {{customer.name}}' }
    await expect(createReplyTemplate(context, { ...base, shortcut: 'garantie' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(createReplyTemplate(context, { ...base, body_fr: '{{secret}}' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: /\{\{secret\}\}/
    })
    await expect(createReplyTemplate(context, { ...base, body_fr: ' ' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(createReplyTemplate(context, { ...base, title: 't'.repeat(201) })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(renderReplyTemplate(context, id, id, 'de' as 'en')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(renderReplyTemplate(context, 'x', id, 'en')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(calls).toEqual([])
  })

  it('create personal templates in the caller’s organization unless shared', async () => {
    const { context, calls } = staffContext()
    await createReplyTemplate(context, { title: 'Merci', shortcut: '/merci', body_en: 'Thanks {{customer.name}}' })
    await createReplyTemplate(context, { title: 'Merci', shortcut: '/merci', body_en: 'Thanks', shared: true })
    expect(calls.map((call) => call.chain.find(([name]) => name === 'insert')?.[1][0])).toEqual([
      {
        title: 'Merci',
        shortcut: '/merci',
        body_fr: '',
        body_en: 'Thanks {{customer.name}}',
        organization_id: STAFF.profile!.organization_id,
        owner_id: STAFF.profile!.id
      },
      {
        title: 'Merci',
        shortcut: '/merci',
        body_fr: '',
        body_en: 'Thanks',
        organization_id: STAFF.profile!.organization_id,
        owner_id: null
      }
    ])
  })

  it('search filters a list already loaded without a request', async () => {
    const { context, calls } = staffContext()
    const base = { id, organization_id: id, owner_id: null, body_fr: 'x', body_en: '', created_at: '', updated_at: '' }
    const list = [
      { ...base, title: 'Merci', shortcut: '/merci' },
      { ...base, title: 'Garantie', shortcut: '/garantie' }
    ]
    expect((await searchReplyTemplates(context, '/gar', list)).map((t) => t.shortcut)).toEqual(['/garantie'])
    expect(calls).toEqual([])
  })
})
