/**
 * The TSDoc examples import what they use from the entry point that exports it: an example that imports from
 * `microcred` a name that lives in `microcred/bake` would not compile for the user who copies it.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/files.js'

/** The names each entry point exports, from the entry files themselves (package.json `exports` → src file). */
function entryExports(): Map<string, Set<string>> {
  const entries = new Map<string, string>([['microcred', 'src/index.ts']])
  for (const file of readdirSync(join(ROOT, 'src', 'entries')))
    entries.set(`microcred/${file.replace(/\.ts$/, '')}`, `src/entries/${file}`)
  const program = ts.createProgram(
    [...entries.values()].map((file) => join(ROOT, file)),
    { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022 },
  )
  const checker = program.getTypeChecker()
  const names = new Map<string, Set<string>>()
  for (const [specifier, file] of entries) {
    const source = program.getSourceFile(join(ROOT, file))
    const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source)
    names.set(specifier, new Set(symbol === undefined ? [] : checker.getExportsOfModule(symbol).map((s) => s.name)))
  }
  return names
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  )
}

describe('TSDoc examples', () => {
  it('import each name from an entry point that exports it', () => {
    const exported = entryExports()
    expect(exported.get('microcred')?.has('verify')).toBe(true)
    const wrong: string[] = []
    let imports = 0
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8')
      // Only inside comments: ` * import { a, b } from 'microcred/x'`.
      for (const match of text.matchAll(/^\s*\*\s*import (?:type )?\{([^}]*)\} from '(microcred(?:\/[a-z]+)?)'/gm)) {
        imports += 1
        const names = exported.get(match[2]!)
        for (const raw of match[1]!.split(',')) {
          const name = raw.replace(/^\s*type\s+/, '').trim()
          if (name !== '' && names?.has(name) !== true)
            wrong.push(`${relative(ROOT, file)}: ${name} is not exported by ${match[2]!}`)
        }
      }
    }
    expect(imports).toBeGreaterThan(10)
    expect(wrong).toEqual([])
  })
})
