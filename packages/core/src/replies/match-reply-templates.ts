import type { ReplyTemplate } from '../types/api.ts'

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
}

/** 0: shortcut starts with the query; 1: a title word does; 2: either contains it. */
function rank(template: ReplyTemplate, query: string): number | null {
  const shortcut = fold(template.shortcut)
  const title = fold(template.title)
  const bare = query.startsWith('/') ? query.slice(1) : query
  if (shortcut.startsWith(query) || shortcut.startsWith(`/${bare}`)) return 0
  if (title.split(/\s+/).some((word) => word.startsWith(bare))) return 1
  if (shortcut.includes(bare) || title.includes(bare)) return 2
  return null
}

/**
 * Filters and orders templates for a `/` picker: shortcut prefix first, then title words,
 * then anywhere; accents and case ignored; personal templates before shared ones on a tie.
 * @example `matchReplyTemplates(templates, '/gar') // [{ shortcut: '/garantie', … }]`
 */
export function matchReplyTemplates(templates: readonly ReplyTemplate[], query: string): ReplyTemplate[] {
  const wanted = fold(query.trim())
  if (wanted === '' || wanted === '/') return [...templates]
  return templates
    .map((template) => ({ template, score: rank(template, wanted) }))
    .filter((entry): entry is { template: ReplyTemplate; score: number } => entry.score !== null)
    .sort(
      (a, b) =>
        a.score - b.score ||
        Number(a.template.owner_id === null) - Number(b.template.owner_id === null) ||
        a.template.shortcut.localeCompare(b.template.shortcut)
    )
    .map((entry) => entry.template)
}
