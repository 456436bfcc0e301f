// @vitest-environment node
import { resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * Every export of @parley/core and its subpath entries carries TSDoc where it is declared, so
 * editors show it and docs/core.md can point at it instead of repeating it.
 */
function undocumentedExports(path: string): string[] {
  const entry = resolve(import.meta.dirname, '../src', path)
  const { options } = ts.parseJsonConfigFileContent(
    ts.readConfigFile(resolve(import.meta.dirname, '../../../tsconfig.json'), ts.sys.readFile).config,
    ts.sys,
    resolve(import.meta.dirname, '../../..')
  )
  const program = ts.createProgram([entry], { ...options, noEmit: true })
  const checker = program.getTypeChecker()
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!
  return checker
    .getExportsOfModule(module)
    .filter((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() === '' && symbol.getJsDocTags(checker).length === 0
    })
    .map((exported) => exported.name)
    .sort()
}

describe('@parley/core TSDoc', () => {
  it.each(['index.ts', 'web-push/index.ts'])('documents every export of src/%s', (path) => {
    expect(undocumentedExports(path)).toEqual([])
  })
})
