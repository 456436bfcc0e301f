import { call } from '../client/call.ts'
import type { Context } from '../client/context.ts'
import { ParleyError } from '../errors/parley-error.ts'
import { invalid, requireOneOf, requireText, requireUuid } from '../errors/validate.ts'
import type { ReplyLocale, ReplyTemplate, ReplyTemplateInput, ReplyTemplateUsage } from '../types/api.ts'
import {
  REPLY_TEMPLATES_BODY_EN_MAX_LENGTH,
  REPLY_TEMPLATES_BODY_FR_MAX_LENGTH,
  REPLY_TEMPLATES_TITLE_MAX_LENGTH
} from '../types/limits.ts'
import { matchReplyTemplates } from './match-reply-templates.ts'
import { requireTemplateText } from './reply-variables.ts'

const SHORTCUT = /^\/[a-z0-9][a-z0-9_-]{0,31}$/
const LOCALES = ['fr-CA', 'en'] as const

function fields(input: ReplyTemplateInput) {
  if (typeof input !== 'object' || input === null) throw invalid('template must be an object')
  if (typeof input.shortcut !== 'string' || !SHORTCUT.test(input.shortcut)) {
    throw invalid('shortcut must be / followed by 1 to 32 lowercase letters, digits, - or _ (e.g. /garantie)')
  }
  const body_fr = requireTemplateText(input.body_fr, 'body_fr', REPLY_TEMPLATES_BODY_FR_MAX_LENGTH)
  const body_en = requireTemplateText(input.body_en, 'body_en', REPLY_TEMPLATES_BODY_EN_MAX_LENGTH)
  if (body_fr.trim() === '' && body_en.trim() === '') throw invalid('A template needs a French or an English text')
  return { title: requireText(input.title, 'title', REPLY_TEMPLATES_TITLE_MAX_LENGTH), shortcut: input.shortcut, body_fr, body_en }
}

/** Shared templates of the caller's organization and the caller's own, by shortcut. */
export async function listReplyTemplates(context: Context): Promise<ReplyTemplate[]> {
  return call(context.supabase().from('reply_templates').select('*').order('shortcut').order('owner_id', { nullsFirst: false }))
}

/** Filters `templates` when given (a list already loaded: no request), else loads the list first. */
export async function searchReplyTemplates(
  context: Context,
  query: string,
  templates?: readonly ReplyTemplate[]
): Promise<ReplyTemplate[]> {
  if (typeof query !== 'string') throw invalid('query must be a string')
  if (templates !== undefined && !Array.isArray(templates)) throw invalid('templates must be an array')
  return matchReplyTemplates(templates ?? (await listReplyTemplates(context)), query)
}

/** Personal unless `shared` (admins only); the organization is the caller's. */
export async function createReplyTemplate(context: Context, input: ReplyTemplateInput): Promise<ReplyTemplate> {
  const row = fields(input)
  const { profile } = await context.requireSession()
  if (!profile) throw new ParleyError('NOT_AUTHORIZED', 'Only staff keep quick replies')
  return call(
    context
      .supabase()
      .from('reply_templates')
      .insert({ ...row, organization_id: profile.organization_id, owner_id: input.shared === true ? null : profile.id })
      .select('*')
      .single()
  )
}

export async function updateReplyTemplate(context: Context, templateId: string, input: ReplyTemplateInput): Promise<ReplyTemplate> {
  const row = fields(input)
  const rows = await call(
    context.supabase().from('reply_templates').update(row).eq('id', requireUuid(templateId, 'templateId')).select('*')
  )
  const updated = rows[0]
  if (!updated) throw new ParleyError('NOT_FOUND', 'Template not found or not yours to edit')
  return updated
}

export async function deleteReplyTemplate(context: Context, templateId: string): Promise<void> {
  const rows = await call(context.supabase().from('reply_templates').delete().eq('id', requireUuid(templateId, 'templateId')).select('id'))
  if (rows.length === 0) throw new ParleyError('NOT_FOUND', 'Template not found or not yours to delete')
}

export async function renderReplyTemplate(
  context: Context,
  templateId: string,
  conversationId: string,
  locale: ReplyLocale
): Promise<string> {
  return call(
    context.supabase().rpc('render_reply_template', {
      template_id: requireUuid(templateId, 'templateId'),
      conversation_id: requireUuid(conversationId, 'conversationId'),
      locale: requireOneOf(locale, 'locale', LOCALES)
    })
  )
}

export async function replyTemplateUsage(context: Context): Promise<ReplyTemplateUsage[]> {
  return call(context.supabase().from('reply_template_usage').select('*').order('use_count', { ascending: false }))
}
