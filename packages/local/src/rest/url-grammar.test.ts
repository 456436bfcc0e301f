import { describe, expect, it } from 'vitest'
import { RestError } from './errors.ts'
import { parseFilter, parseLogic, parseOrder, parseSelect } from './url-grammar.ts'

const fails = (run: () => unknown): string => {
  try {
    run()
  } catch (error) {
    if (error instanceof RestError) return error.code
    throw error
  }
  throw new Error('expected a parse error')
}

describe('select grammar', () => {
  it('reads aliases, casts, JSON paths, hints, !inner, spreads and count()', () => {
    expect(parseSelect('id,full:name,rank::text,data->a->>b,n:data->0')).toEqual([
      { type: 'column', field: { name: 'id', path: [] }, alias: undefined, cast: undefined },
      { type: 'column', field: { name: 'name', path: [] }, alias: 'full', cast: undefined },
      { type: 'column', field: { name: 'rank', path: [] }, alias: undefined, cast: 'text' },
      {
        type: 'column',
        field: {
          name: 'data',
          path: [
            { arrow: '->', key: 'a' },
            { arrow: '->>', key: 'b' }
          ]
        },
        alias: undefined,
        cast: undefined
      },
      { type: 'column', field: { name: 'data', path: [{ arrow: '->', key: '0' }] }, alias: 'n', cast: undefined }
    ])
    expect(parseSelect('a:authors!fk!inner(*),...b(c),count()')).toMatchObject([
      { type: 'embed', relation: 'authors', alias: 'a', hint: 'fk', inner: true, spread: false, select: [{ field: { name: '*' } }] },
      { type: 'embed', relation: 'b', spread: true, select: [{ field: { name: 'c' } }] },
      { type: 'column', aggregate: 'count' }
    ])
    expect(parseSelect('"my col",x:"odd, name"')).toMatchObject([
      { field: { name: 'my col' } },
      { alias: 'x', field: { name: 'odd, name' } }
    ])
  })

  it('reads aggregates with input and result casts', () => {
    expect(parseSelect('customer,total:amount::int.sum()::text,count()::int,data->>n.max()')).toMatchObject([
      { field: { name: 'customer' } },
      { alias: 'total', field: { name: 'amount' }, cast: 'int', aggregate: 'sum', aggregateCast: 'text' },
      { field: { name: '*' }, aggregate: 'count', aggregateCast: 'int' },
      { field: { name: 'data', path: [{ arrow: '->>', key: 'n' }] }, aggregate: 'max' }
    ])
    for (const bad of ['amount.median()', 'amount.sum', 'amount.sum()x', 'amount.']) expect(fails(() => parseSelect(bad))).toBe('PGRST100')
  })

  it('refuses what it cannot read with PGRST100', () => {
    for (const bad of ['id,(', 'a(b', 'a::', 'x:*', '...a', 'a!b!c(d)', 'a('.repeat(20) + ')'.repeat(20)]) {
      expect(fails(() => parseSelect(bad))).toBe('PGRST100')
    }
  })

  it('lets names hold any other character: the schema cache, not the grammar, refuses them', () => {
    expect(parseSelect('a;drop')).toMatchObject([{ field: { name: 'a;drop' } }])
    expect(parseFilter('id;drop', 'eq.1')).toMatchObject({ field: { name: 'id;drop' } })
  })
})

describe('filter grammar', () => {
  it('reads operators, negation, modifiers, lists and configs', () => {
    expect(parseFilter('name', 'not.ilike.*a*')).toMatchObject({ op: 'ilike', negate: true, value: '*a*' })
    expect(parseFilter('id', 'in.(1,"2,3",4)')).toMatchObject({ op: 'in', value: ['1', '2,3', '4'] })
    expect(parseFilter('name', 'like(any).{a*,b*}')).toMatchObject({ op: 'like', modifier: 'any', value: ['a*', 'b*'] })
    expect(parseFilter('search', 'plfts(english).a b')).toMatchObject({ op: 'plfts', config: 'english', value: 'a b' })
    expect(parseFilter('data->a->>b', 'eq.x')).toMatchObject({ field: { name: 'data', path: [{ key: 'a' }, { key: 'b' }] } })
  })

  it('refuses unknown operators and bad values', () => {
    for (const [column, value] of [
      ['id', 'xx.1'],
      ['id', 'eq'],
      ['id', 'in.1,2'],
      ['id', 'is.maybe'],
      ['id', 'fts(a;b).x'],
      ['id', 'eq(some).{1}']
    ]) {
      expect(fails(() => parseFilter(column as string, value as string))).toBe('PGRST100')
    }
  })

  it('reads nested logic trees with quoted values', () => {
    const tree = parseLogic('or', false, '(a.eq.1,not.and(b.gt.2,c.is.null),d.eq."x,(y)")')
    expect(tree).toMatchObject({
      op: 'or',
      children: [
        { type: 'filter', op: 'eq', value: '1' },
        { type: 'logic', op: 'and', negate: true, children: [{ op: 'gt' }, { op: 'is' }] },
        { type: 'filter', op: 'eq', value: 'x,(y)' }
      ]
    })
    expect(fails(() => parseLogic('or', false, '(a.eq.1'))).toBe('PGRST100')
    expect(fails(() => parseLogic('or', false, `(${'or('.repeat(20)}a.eq.1${')'.repeat(20)})`))).toBe('PGRST100')
  })
})

describe('order grammar', () => {
  it('reads directions, nulls placement, JSON paths and related columns', () => {
    expect(parseOrder('a.desc.nullslast,data->n,author(name).asc')).toEqual([
      { field: { name: 'a', path: [] }, direction: 'desc', nulls: 'last' },
      { field: { name: 'data', path: [{ arrow: '->', key: 'n' }] } },
      { relation: 'author', field: { name: 'name', path: [] }, direction: 'asc' }
    ])
    expect(fails(() => parseOrder('a.sideways'))).toBe('PGRST100')
  })
})
