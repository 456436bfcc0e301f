// @vitest-environment node
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import budgets from '../../../.size-limit.mjs'

/**
 * Size budgets quoted in the docs must be size-limit's, so a raised or lowered limit cannot
 * leave a stale promise behind. A budget is written `budget 12 kB`, `45 KiB budget`, or in a
 * table column headed "Budget"; measured sizes are free text and not checked. kB is 1,000
 * bytes and KiB 1,024, as size-limit reads them, so `45 KiB (46.08 kB)` is one budget.
 */
const root = resolve(import.meta.dirname, '../../..')
const FIGURE = String.raw`(\d+(?:\.\d+)?)\s?(kB|KB|KiB)`

function bytes(amount: string, unit: string): number {
  return Math.round(Number(amount) * (unit === 'KiB' ? 1024 : 1000))
}

const limits = new Set(
  budgets.map(({ limit }) => {
    const [, amount = '', unit = ''] = new RegExp(`^${FIGURE}$`).exec(limit) ?? []
    return bytes(amount, unit)
  })
)

function markdown(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : markdown(path)
    return name.endsWith('.md') ? [path] : []
  })
}

const packageReadmes = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name, 'README.md'))
  .filter(existsSync)
const docs = [join(root, 'README.md'), ...markdown(join(root, 'docs')), ...packageReadmes].map((path) => relative(root, path))

/** Every budget a document quotes: `where` says where, for the failure message. */
function quotedBudgets(path: string): { where: string; figure: string; bytes: number }[] {
  const text = readFileSync(path, 'utf8')
  const found: { where: string; figure: string; bytes: number }[] = []
  const lineOf = (index: number) => `${relative(root, path)}:${text.slice(0, index).split('\n').length}`
  for (const pattern of [new RegExp(`budget:?\\s+${FIGURE}`, 'g'), new RegExp(`${FIGURE}\\s+(?:size\\s+)?budget`, 'g')]) {
    for (const match of text.matchAll(pattern))
      found.push({ where: lineOf(match.index), figure: match[0], bytes: bytes(match[1]!, match[2]!) })
  }
  let column = -1
  let offset = 0
  for (const line of text.split('\n')) {
    const cells = line.startsWith('|')
      ? line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim())
      : []
    if (cells.length === 0) column = -1
    else if (column === -1) column = cells.findIndex((cell) => cell.toLowerCase() === 'budget')
    else {
      const cell = cells[column] ?? ''
      for (const match of cell.matchAll(new RegExp(FIGURE, 'g')))
        found.push({ where: lineOf(offset), figure: cell, bytes: bytes(match[1]!, match[2]!) })
    }
    offset += line.length + 1
  }
  return found
}

describe('size budgets in the docs', () => {
  it('finds size-limit budgets to compare with', () => {
    expect(limits.size).toBeGreaterThan(0)
  })

  it.each(docs)('%s quotes only budgets size-limit enforces', (path) => {
    const stale = quotedBudgets(join(root, path)).filter((budget) => !limits.has(budget.bytes))
    expect(
      stale.map(({ where, figure }) => `${where}: "${figure}" is no size-limit budget (${budgets.map(({ limit }) => limit).join(', ')})`)
    ).toEqual([])
  })

  it('docs/benchmarks.md lists every budget', () => {
    const listed = new Set(quotedBudgets(join(root, 'docs/benchmarks.md')).map((budget) => budget.bytes))
    expect([...limits].filter((limit) => !listed.has(limit))).toEqual([])
  })
})
