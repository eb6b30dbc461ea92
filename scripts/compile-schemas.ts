/**
 * Compiles the JSON Schemas microcred validates with into JavaScript ahead of time (Ajv's standalone code), so that
 * validating never loads Ajv nor generates code at run time (`new Function`, which a strict Content-Security-Policy
 * forbids), and the first verification does not pay for compiling the schemas.
 *
 *   npx tsx scripts/compile-schemas.ts           rewrite src/schema/compiled/validators.js
 *   npx tsx scripts/compile-schemas.ts --check   exit 1 when the committed file differs from what this would write (CI)
 *
 * What is compiled: every bundled schema (src/schema/bundled.ts) and its VC 1.1 variant (src/schema/vc11.ts), and,
 * for the error distiller (src/schema/distill.ts), every `oneOf`/`anyOf` alternative of each, compiled as distill
 * asks for it: the alternative without its `$id`, with the `$defs` of the schema it belongs to.
 *
 * Ajv's output is post-processed, without changing what any validator does or reports:
 * - its `require()` calls of Ajv's run-time helpers and ajv-formats' formats become ES imports (with the `.js` that
 *   Node's ES loader needs for a package without an `exports` map);
 * - the schema objects it embeds for verbose errors (`schema`, `parentSchema`) are interned: a sub-schema that occurs
 *   more than once (the `$defs` every alternative carries, the VC 1.1 variants' unchanged parts) is written once and
 *   shared. Each alternative's schema object is written once, so the validators that `errors[].schema` lists for a
 *   `oneOf` can be found by identity;
 * - one export, `PRECOMPILED_SCHEMAS`, lists each compiled schema with its validator and its alternatives';
 * - prettier formats it, so the committed file passes `prettier --check` and reviews as readable code.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import Ajv2019, { type Options } from 'ajv/dist/2019.js'
import addFormats from 'ajv-formats'
import standaloneCode from 'ajv/dist/standalone/index.js'
import * as prettier from 'prettier'
import ts from 'typescript'
import { BUNDLED_SCHEMAS, type BundledSchema } from '../src/schema/bundled.js'
import { vc11Variant } from '../src/schema/vc11.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Repository path of the generated module. */
export const GENERATED_FILE = 'src/schema/compiled/validators.js'

/**
 * Ajv's options: what microcred validated with when it compiled at run time (`allErrors` so a validation reports
 * every problem, `verbose` so the distiller sees each failing keyword's schema and data, `strict: false` because the
 * official schemas use tuple `items` without `minItems`/`maxItems`, `allowUnionTypes`), plus standalone ES module
 * output.
 */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  strict: false,
  allowUnionTypes: true,
  code: { source: true, esm: true },
}

/** One schema the module compiles: a bundled schema or its VC 1.1 variant. */
export interface CompiledRoot {
  /** The bundled schema (for a variant, the variant `vc11Variant()` derives). */
  bundle: BundledSchema
  /** The bundled schema it comes from (itself, or the variant's base). */
  base: BundledSchema
}

/** Every schema the library validates against: each bundled schema, then each one's VC 1.1 variant. */
export function compiledRoots(): CompiledRoot[] {
  return [
    ...BUNDLED_SCHEMAS.map((bundle) => ({ bundle, base: bundle })),
    ...BUNDLED_SCHEMAS.map((bundle) => ({ bundle: vc11Variant(bundle), base: bundle })),
  ]
}

/** Keywords whose values are data, not schemas: a `oneOf` inside an `enum` value is not an alternative. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples'])

/**
 * Every `oneOf`/`anyOf` alternative in a schema (the root and its `$defs`), in document order, each once (by
 * content): the alternatives the distiller may ask about.
 */
export function alternativesOf(schema: unknown): object[] {
  const seen = new Map<string, object>()
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item)
      return
    }
    if (node === null || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYWORDS.has(key)) continue
      if ((key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) {
        for (const alternative of value as unknown[]) {
          if (alternative === null || typeof alternative !== 'object' || Array.isArray(alternative)) {
            // distill.ts looks alternatives up by their schema object: a boolean schema has none.
            throw new Error(`a ${key} alternative that is not a schema object: ${JSON.stringify(alternative)}`)
          }
          const text = JSON.stringify(alternative)
          if (!seen.has(text)) seen.set(text, alternative)
        }
      }
      walk(value)
    }
  }
  walk(schema)
  return [...seen.values()]
}

/**
 * The schema the distiller compiles for one alternative: the alternative without its `$id`, with the `$defs` of the
 * schema it belongs to (where its `#/$defs/...` references point).
 */
export function alternativeSchema(alternative: object, defs: unknown): Record<string, unknown> {
  const { $id: _id, ...rest } = alternative as Record<string, unknown>
  return defs === undefined ? rest : { ...rest, $defs: defs }
}

interface Compiled {
  /** Export name (in Ajv's output) of the schema's validator. */
  exportName: string
  root: CompiledRoot
  /** Each alternative's schema (as it is in the source) and the export name of its validator. */
  alternatives: { alternative: object; exportName: string }[]
}

/** Ajv's standalone module for every root and alternative, and which export is which. */
function ajvModule(): { code: string; compiled: Compiled[] } {
  const ajv = new Ajv2019(AJV_OPTIONS)
  addFormats(ajv)
  const refs: Record<string, string> = {}
  const compiled: Compiled[] = []
  // Alternatives with the same content and the same $defs compile to the same validator: one of each.
  const byContent = new Map<string, string>()
  for (const [i, root] of compiledRoots().entries()) {
    const exportName = `schema_${i}`
    ajv.addSchema(root.bundle.schema, root.bundle.id)
    refs[exportName] = root.bundle.id
    const defs = root.bundle.schema['$defs']
    const alternatives = alternativesOf(root.bundle.schema).map((alternative) => {
      const schema = alternativeSchema(alternative, defs)
      const content = JSON.stringify(schema)
      let name = byContent.get(content)
      if (name === undefined) {
        name = `alternative_${byContent.size}`
        // A key of its own (Ajv compiles a schema without `$id` the same under any key): the export needs one.
        ajv.addSchema(schema, `urn:microcred:alternative:${byContent.size}`)
        refs[name] = `urn:microcred:alternative:${byContent.size}`
        byContent.set(content, name)
      }
      return { alternative, exportName: name }
    })
    compiled.push({ exportName, root, alternatives })
  }
  return { code: standaloneCode(ajv, refs), compiled }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Ajv's module split into what post-processing rewrites: schema constants, exports and `require()` calls. */
interface Parsed {
  /** `const schemaN = <JSON>;` statements: name, value, and the statement's span. */
  constants: { name: string; value: Json; start: number; end: number }[]
  /** `export const <name> = validateN;` statements: export name → validator function name, and spans. */
  exports: { name: string; validator: string; start: number; end: number }[]
  /** `require("<module>")` calls: module and span. */
  requires: { module: string; start: number; end: number }[]
}

function parseAjvModule(code: string): Parsed {
  const source = ts.createSourceFile('ajv.js', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS)
  const parsed: Parsed = { constants: [], exports: [], requires: [] }
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue
    const [declaration] = statement.declarationList.declarations
    if (declaration === undefined || statement.declarationList.declarations.length !== 1) continue
    const name = declaration.name.getText(source)
    const init = declaration.initializer
    const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true
    if (exported && init !== undefined && ts.isIdentifier(init)) {
      parsed.exports.push({ name, validator: init.text, start: statement.getStart(source), end: statement.end })
    } else if (
      /^schema\d+$/.test(name) &&
      init !== undefined &&
      (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init))
    ) {
      // Ajv writes embedded schemas with JSON.stringify (escaping U+2028/9), so each is JSON text.
      const value = JSON.parse(init.getText(source)) as Json
      parsed.constants.push({ name, value, start: statement.getStart(source), end: statement.end })
    }
  }
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'require' &&
      node.arguments.length === 1 &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      parsed.requires.push({ module: node.arguments[0].text, start: node.getStart(source), end: node.end })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return parsed
}

/** Replaces spans of `code` (non-overlapping) by new text. */
function splice(code: string, edits: { start: number; end: number; text: string }[]): string {
  let out = ''
  let at = 0
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    if (edit.start < at) throw new Error('overlapping edits')
    out += code.slice(at, edit.start) + edit.text
    at = edit.end
  }
  return out + code.slice(at)
}

/** JSON text of a value, as the key it is interned by. */
function keyOf(value: Json, keys: Map<object, string>): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  let key = keys.get(value)
  if (key === undefined) {
    key = Array.isArray(value)
      ? `[${value.map((item) => keyOf(item, keys)).join(',')}]`
      : `{${Object.entries(value)
          .map(([k, v]) => `${JSON.stringify(k)}:${keyOf(v, keys)}`)
          .join(',')}}`
    keys.set(value, key)
  }
  return key
}

/** Shorter objects are written where they occur; longer ones that occur twice or more are shared. */
const SHARE_AT_LENGTH = 40

/**
 * Writes the schema constants with their repeated parts shared: `const shared_N = ...` definitions (children first)
 * and each `const schemaN = ...`. `forced` contents are always shared (the alternatives, found by identity).
 */
function internConstants(
  constants: Parsed['constants'],
  forced: ReadonlySet<string>,
): { code: string; names: Map<string, string> } {
  const keys = new Map<object, string>()
  const values = new Map<string, Json>()
  /** For each distinct content: how many times each child content occurs in it. */
  const children = new Map<string, Map<string, number>>()
  const rootCount = new Map<string, number>()
  const collect = (value: Json): string => {
    const key = keyOf(value, keys)
    if (value === null || typeof value !== 'object' || values.has(key)) return key
    values.set(key, value)
    const counts = new Map<string, number>()
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child === null || typeof child !== 'object') continue
      const childKey = collect(child)
      counts.set(childKey, (counts.get(childKey) ?? 0) + 1)
    }
    children.set(key, counts)
    return key
  }
  for (const constant of constants) {
    const key = collect(constant.value)
    rootCount.set(key, (rootCount.get(key) ?? 0) + 1)
  }
  for (const key of forced) {
    if (!values.has(key)) {
      const value = JSON.parse(key) as Json
      collect(value)
    }
  }

  // How many times each content would be written, parents first (a parent's text is longer than its children's):
  // a shared parent is written once, so its children count once for it.
  const written = new Map<string, number>()
  const shared = new Set<string>()
  const parents = new Map<string, Map<string, number>>()
  for (const [parent, counts] of children) {
    for (const [child, count] of counts) {
      let of = parents.get(child)
      if (of === undefined) parents.set(child, (of = new Map()))
      of.set(parent, count)
    }
  }
  const byLength = [...values.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
  for (const key of byLength) {
    let count = rootCount.get(key) ?? 0
    for (const [parent, times] of parents.get(key) ?? []) {
      count += times * (shared.has(parent) ? 1 : (written.get(parent) ?? 0))
    }
    written.set(key, count)
    if (forced.has(key) || (count >= 2 && key.length >= SHARE_AT_LENGTH)) shared.add(key)
  }

  const names = new Map<string, string>()
  const lines: string[] = []
  const literal = (value: Json, top: boolean): string => {
    if (value === null || typeof value !== 'object') return JSON.stringify(value)
    const key = keyOf(value, keys)
    if (!top && shared.has(key)) return define(key)
    if (Array.isArray(value)) return `[${value.map((item) => literal(item, false)).join(',')}]`
    return `{${Object.entries(value)
      // `__proto__` as a literal key would set the prototype: computed, it is an own property as in JSON.
      .map(([k, v]) => `${k === '__proto__' ? '["__proto__"]' : JSON.stringify(k)}:${literal(v, false)}`)
      .join(',')}}`
  }
  const define = (key: string): string => {
    let name = names.get(key)
    if (name === undefined) {
      const value = values.get(key)
      if (value === undefined) throw new Error('internal: no value for a shared key')
      const text = literal(value, true)
      name = `shared_${names.size}`
      names.set(key, name)
      lines.push(`const ${name} = ${text};`)
    }
    return name
  }
  for (const constant of constants) {
    const key = keyOf(constant.value, keys)
    lines.push(`const ${constant.name} = ${shared.has(key) ? define(key) : literal(constant.value, true)};`)
  }
  for (const key of forced) define(key)
  // Frozen, as the bundled schemas Ajv referenced at run time were: validators share these objects.
  lines.push(`deepFreeze([${[...new Set(constants.map((c) => c.name)), ...names.values()].join(', ')}])`)
  return { code: lines.join('\n'), names }
}

/** Top-level names Ajv's module (and the interning) defines: validators, embedded values and shared schema parts. */
const DEFINITION = /^(validate\d+|schema\d+|pattern\d+|formats\d+|func\d+|wrapper\d+|shared_\d+)$/

/**
 * Keeps one of each set of equivalent top-level definitions: two are equivalent when their texts are the same once
 * each reference to another definition is replaced by that definition's class (partition refinement, so
 * recursive validators are handled). Ajv compiles a `$defs` entry again for each schema that reaches it (each
 * alternative, each VC 1.1 variant); these copies are identical but for their names. References are renamed to the
 * first definition of each class, which comes before any use at load time that the copies had.
 */
function dedupeDefinitions(code: string): string {
  const source = ts.createSourceFile('module.js', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS)
  interface Definition {
    name: string
    /** Text spans of the statements that make it (a validator's `.evaluated = ...` belongs to it). */
    spans: { start: number; end: number }[]
    /** References to definitions inside those statements, in order. */
    refs: { name: string; start: number; end: number }[]
  }
  const definitions = new Map<string, Definition>()
  const statementOwner = new Map<ts.Statement, string>()
  for (const statement of source.statements) {
    let name: string | undefined
    if (ts.isFunctionDeclaration(statement) && statement.name !== undefined && DEFINITION.test(statement.name.text)) {
      name = statement.name.text
    } else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
      const declared = statement.declarationList.declarations[0]?.name
      const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true
      if (!exported && declared !== undefined && ts.isIdentifier(declared) && DEFINITION.test(declared.text))
        name = declared.text
    } else if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      ts.isPropertyAccessExpression(statement.expression.left) &&
      ts.isIdentifier(statement.expression.left.expression) &&
      DEFINITION.test(statement.expression.left.expression.text)
    ) {
      name = statement.expression.left.expression.text
    }
    if (name === undefined) continue
    statementOwner.set(statement, name)
    let definition = definitions.get(name)
    if (definition === undefined) definitions.set(name, (definition = { name, spans: [], refs: [] }))
    definition.spans.push({ start: statement.getStart(source), end: statement.end })
  }
  /** References to definitions in a statement (property names excepted), its own declaration included. */
  const refsOf = (statement: ts.Statement): { name: string; start: number; end: number }[] => {
    const refs: { name: string; start: number; end: number }[] = []
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && definitions.has(node.text)) {
        const parent = node.parent
        const isPropertyName =
          (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
          (ts.isPropertyAssignment(parent) && parent.name === node)
        const isDeclaration =
          (ts.isFunctionDeclaration(parent) || ts.isVariableDeclaration(parent) || ts.isParameter(parent)) &&
          parent.name === node
        if (isDeclaration && parent.parent.parent !== statement && parent !== statement) {
          throw new Error(`a local declaration shadows the top-level ${node.text}`)
        }
        // The definition's own name counts too: copies differ in it.
        if (!isPropertyName) refs.push({ name: node.text, start: node.getStart(source), end: node.end })
      }
      ts.forEachChild(node, visit)
    }
    visit(statement)
    return refs
  }
  for (const statement of source.statements) {
    const owner = statementOwner.get(statement)
    if (owner !== undefined) definitions.get(owner)?.refs.push(...refsOf(statement))
  }

  const templateOf = (definition: Definition): string =>
    definition.spans
      .map(({ start, end }) =>
        splice(
          code.slice(start, end),
          definition.refs
            .filter((r) => r.start >= start && r.end <= end)
            .map((r) => ({ start: r.start - start, end: r.end - start, text: '\u0000' })),
        ),
      )
      .join('\n')
  const kind = (name: string): string => name.replace(/\d+$/, '')
  let classOf = new Map([...definitions.values()].map((d) => [d.name, `${kind(d.name)}\u0001${templateOf(d)}`]))
  for (let count = new Set(classOf.values()).size; ;) {
    const ids = new Map<string, string>()
    const next = new Map<string, string>()
    for (const d of definitions.values()) {
      const signature = `${classOf.get(d.name) ?? ''}\u0002${d.refs.map((r) => classOf.get(r.name) ?? '').join('\u0003')}`
      let id = ids.get(signature)
      if (id === undefined) ids.set(signature, (id = String(ids.size)))
      next.set(d.name, id)
    }
    classOf = next
    if (ids.size === count) break
    count = ids.size
  }
  const representative = new Map<string, string>()
  const firstOfClass = new Map<string, string>()
  for (const d of definitions.values()) {
    const id = classOf.get(d.name) ?? ''
    const first = firstOfClass.get(id)
    if (first === undefined) firstOfClass.set(id, d.name)
    representative.set(d.name, first ?? d.name)
  }

  const edits: { start: number; end: number; text: string }[] = []
  for (const statement of source.statements) {
    const owner = statementOwner.get(statement)
    if (owner !== undefined && representative.get(owner) !== owner) {
      edits.push({ start: statement.getFullStart(), end: statement.end, text: '' })
      continue
    }
    for (const ref of refsOf(statement)) {
      const to = representative.get(ref.name) ?? ref.name
      if (to !== ref.name) edits.push({ ...ref, text: to })
    }
  }
  return splice(code, edits)
}

/**
 * Calls through Ajv's wrappers (`const wrapperN = {validate: validateM}`, its handle on a recursive reference not yet
 * compiled) become direct calls of the function they hold, as Ajv writes every other reference: the same call,
 * and copies of one validator then read alike.
 */
function unwrapRecursiveRefs(code: string): string {
  const wrappers = new Map<string, string>()
  const withoutDeclarations = code.replace(
    /const (wrapper\d+) = \{validate: (validate\d+)\};/g,
    (_text, wrapper: string, validate: string) => {
      wrappers.set(wrapper, validate)
      return ''
    },
  )
  const unwrapped = withoutDeclarations.replace(/\b(wrapper\d+)\.validate\b/g, (text, wrapper: string) => {
    const validate = wrappers.get(wrapper)
    if (validate === undefined) throw new Error(`Ajv's code uses ${text}, which it does not declare as expected`)
    return validate
  })
  if (/\bwrapper\d+\b/.test(unwrapped)) throw new Error("Ajv's code uses a wrapper in an unexpected way")
  return unwrapped
}

/** A JavaScript identifier for a module's namespace import. */
function namespaceName(module: string): string {
  return `${module.replace(/^.*\//, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}Module`
}

function sha256(path: string): string {
  return createHash('sha256')
    .update(readFileSync(join(ROOT, path)))
    .digest('hex')
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version
}

/** The generated files: repository path → content. Deterministic: the same inputs give the same bytes. */
export async function generateSchemaModules(): Promise<Map<string, string>> {
  for (const bundle of BUNDLED_SCHEMAS) {
    const actual = sha256(bundle.file)
    if (actual !== bundle.sha256) {
      throw new Error(
        `${bundle.file} has SHA-256 ${actual}, but src/schema/bundled.ts pins ${bundle.sha256}: update the pin (and files/SOURCES.md) first`,
      )
    }
  }
  const { code: withSourceUrls, compiled } = ajvModule()
  // Ajv names each function's source for code it evaluates (`/*# sourceURL=<schema id> */`): nothing evaluates this.
  const ajvCode = unwrapRecursiveRefs(withSourceUrls.replace(/\/\*# sourceURL=[^*]*\*\//g, ''))
  const parsed = parseAjvModule(ajvCode)

  const keys = new Map<object, string>()
  const forced = new Set(
    compiled.flatMap((c) => c.alternatives.map(({ alternative }) => keyOf(alternative as Json, keys))),
  )
  const interned = internConstants(parsed.constants, forced)
  const validatorOf = new Map(parsed.exports.map((e) => [e.name, e.validator]))

  const modules = [...new Set(parsed.requires.map((r) => r.module))].sort()
  for (const module of modules) {
    if (!/^ajv\/dist\/runtime\/|^ajv-formats\/dist\/formats$/.test(module)) {
      throw new Error(
        `Ajv's code requires ${module}: only Ajv's run-time helpers and ajv-formats' formats are expected`,
      )
    }
  }
  const body = splice(ajvCode, [
    ...parsed.constants.map(({ start, end }) => ({ start, end, text: '' })),
    ...parsed.exports.map(({ start, end }) => ({ start, end, text: '' })),
    ...parsed.requires.map(({ module, start, end }) => ({ start, end, text: `commonJs(${namespaceName(module)})` })),
  ]).replace(/^"use strict";/, '')

  const validator = (exportName: string): string => {
    const name = validatorOf.get(exportName)
    if (name === undefined) throw new Error(`internal: Ajv's module has no export ${exportName}`)
    return name
  }
  const entries = compiled.map(({ exportName, root, alternatives }) => {
    const pairs = alternatives.map(({ alternative, exportName: name }) => {
      const shared = interned.names.get(keyOf(alternative as Json, keys))
      if (shared === undefined) throw new Error('internal: an alternative was not interned')
      return `[${shared}, ${validator(name)}]`
    })
    return `{ id: ${JSON.stringify(root.bundle.id)}, file: ${JSON.stringify(root.base.file)}, sha256: ${JSON.stringify(root.base.sha256)}, validate: ${validator(exportName)}, alternatives: new Map([${pairs.join(', ')}]) }`
  })

  const sources = BUNDLED_SCHEMAS.map((b) => ` *   ${b.file}  sha256 ${b.sha256}`).join('\n')
  const text = `/* eslint-disable */
/**
 * GENERATED by scripts/compile-schemas.ts (npx tsx scripts/compile-schemas.ts): do not edit. CI fails when this file
 * differs from what the script writes (npx tsx scripts/compile-schemas.ts --check).
 *
 * The JSON Schemas of src/schema/bundled.ts (and their VC 1.1 variants, src/schema/vc11.ts), compiled by Ajv
 * ${packageVersion('ajv')} (Ajv2019, standalone code) with ajv-formats ${packageVersion('ajv-formats')}, options ${JSON.stringify({ ...AJV_OPTIONS, code: undefined })}, from:
${sources}
 * Types: validators.d.ts.
 */
${modules.map((m) => `import * as ${namespaceName(m)} from '${m}.js'`).join('\n')}

/**
 * The value \`require()\` would give for a CommonJS module, from its namespace however the importer presented it:
 * Node's ES loader puts \`module.exports\` in \`default\`; a bundler may instead copy its members.
 */
function commonJs(namespace) {
  const value = namespace.default
  return value !== null && typeof value === 'object' && '__esModule' in value ? value : namespace
}

function deepFreeze(value) {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
}

${interned.code}
${body}

/** Each compiled schema: its validator, and the validators of its \`oneOf\`/\`anyOf\` alternatives by schema object. */
export const PRECOMPILED_SCHEMAS = [
${entries.join(',\n')}
]
`
  const options = (await prettier.resolveConfig(join(ROOT, GENERATED_FILE))) ?? {}
  const formatted = await prettier.format(dedupeDefinitions(text), { ...options, filepath: join(ROOT, GENERATED_FILE) })
  return new Map([[GENERATED_FILE, formatted]])
}

/** The generated files that differ from (or are missing in) the working tree, with the content they should have. */
export async function staleSchemaModules(): Promise<{ file: string; expected: string }[]> {
  const stale: { file: string; expected: string }[] = []
  for (const [file, expected] of await generateSchemaModules()) {
    let actual: string | undefined
    try {
      actual = readFileSync(join(ROOT, file), 'utf8')
    } catch {
      actual = undefined
    }
    if (actual !== expected) stale.push({ file, expected })
  }
  return stale
}

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const stale = await staleSchemaModules()
    for (const { file } of stale) {
      console.error(
        `${file} is not what scripts/compile-schemas.ts generates from the bundled schemas: run npx tsx scripts/compile-schemas.ts and commit the result (the file is generated: do not edit it)`,
      )
    }
    if (stale.length > 0) process.exit(1)
    console.log('compiled schemas are up to date')
    return
  }
  for (const [file, content] of await generateSchemaModules()) {
    mkdirSync(dirname(join(ROOT, file)), { recursive: true })
    writeFileSync(join(ROOT, file), content)
    console.log(`wrote ${relative(process.cwd(), join(ROOT, file))} (${content.length} bytes)`)
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
