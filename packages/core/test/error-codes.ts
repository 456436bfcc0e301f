import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import ts from 'typescript'

const root = resolve(import.meta.dirname, '../../..')

/**
 * The members of the `ParleyErrorCode` union, read from its declaration so a UI's texts are
 * checked against the codes core can actually return, not against a copy of them.
 */
export function parleyErrorCodes(): string[] {
  const path = resolve(root, 'packages/core/src/errors/parley-error.ts')
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true)
  const alias = source.statements.find(
    (statement): statement is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(statement) && statement.name.text === 'ParleyErrorCode'
  )
  if (!alias || !ts.isUnionTypeNode(alias.type)) throw new Error('ParleyErrorCode is no longer a union of string literals')
  return alias.type.types.map((member) => {
    if (!ts.isLiteralTypeNode(member) || !ts.isStringLiteral(member.literal)) throw new Error(`not a string literal: ${member.getText()}`)
    return member.literal.text
  })
}

/** Every code the database refuses with (`private.fail('CODE', …)` in the migrations). */
export function databaseErrorCodes(): string[] {
  const folder = resolve(root, 'supabase/migrations')
  const codes = new Set<string>()
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.sql'))) {
    for (const match of readFileSync(resolve(folder, file), 'utf8').matchAll(/private\.fail\(\s*'([A-Z_]+)'/g)) codes.add(match[1]!)
  }
  return [...codes].sort()
}
