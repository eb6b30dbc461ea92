/**
 * The precompiled validators (src/schema/compiled/validators.js, scripts/compile-schemas.ts) against the reference:
 * the same schemas compiled by Ajv at run time as microcred did before issue 20 (runtime-ajv.ts). Over every spec
 * example, validator fixture, test vector and third-party fixture under test/ (and the credentials nested in them),
 * EU micro-credentials built from the fixtures' and random inputs, and seeded broken copies of all of these, the two
 * must agree on:
 * - each compiled schema's result and raw errors (keyword, paths, params, message, schema, parentSchema, data);
 * - each `oneOf`/`anyOf` alternative's validator, on values taken from the documents;
 * - the distilled findings (`schemaFindings()`);
 * - what validateCredential(), obSchemaIssues() (every bundled schema, as verify()'s `schema` check applies declared
 *   ones) and euProfileIssues() report: codes, paths, messages. For this the library is loaded a second time with
 *   src/schema/precompiled.ts replaced by the run-time compilation.
 *
 * Seeded: the seed is printed; set MICROCRED_SCHEMA_SEED to replay another.
 */
import { isDeepStrictEqual } from 'node:util'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createMicroCredential } from '../../src/index.js'
import { BUNDLED_SCHEMAS, type BundledSchema } from '../../src/schema/bundled.js'
import { PRECOMPILED_SCHEMAS } from '../../src/schema/compiled/validators.js'
import { schemaFindings, type SchemaValidators } from '../../src/schema/distill.js'
import { compiledSchemaFor } from '../../src/schema/precompiled.js'
import * as library from '../../src/schema/validate.js'
import { vc11Variant } from '../../src/schema/vc11.js'
import { fullInput, minimalInput } from '../fixtures/inputs.js'
import { ROOT } from '../helpers/files.js'
import { randomInput, seededRandom, type Json, type Random } from '../helpers/random-credentials.js'
import { runtimeBranchValidator, runtimeSchemaFor, runtimeValidator } from './runtime-ajv.js'

const SEED = Number(process.env['MICROCRED_SCHEMA_SEED'] ?? 20)
/** Broken copies made of each document. */
const COPIES = 12

/** Every compiled schema: the bundled ones and their VC 1.1 variants. */
const ROOTS: BundledSchema[] = [...BUNDLED_SCHEMAS, ...BUNDLED_SCHEMAS.map(vc11Variant)]

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? files(join(folder, entry.name)) : [join(folder, entry.name)]))
    .sort()
}

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The credential-like objects in a document: itself and every nested object with `@context` or `credentialSubject`. */
function credentialsIn(document: Json): Record<string, Json>[] {
  const found: Record<string, Json>[] = []
  const walk = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(walk)
    else if (isObject(node)) {
      if (found.length === 0 || '@context' in node || 'credentialSubject' in node) found.push(node)
      Object.values(node).forEach(walk)
    }
  }
  walk(document)
  return found
}

/** The JSON documents under test/: .json files, and the payloads (and their `vc`) of .jwt files. */
function fileDocuments(): { label: string; document: Record<string, Json> }[] {
  const out: { label: string; document: Record<string, Json> }[] = []
  for (const file of [...files(join(ROOT, 'test/vectors')), ...files(join(ROOT, 'test/fixtures'))]) {
    const label = relative(ROOT, file)
    let parsed: Json
    if (file.endsWith('.json')) parsed = JSON.parse(readFileSync(file, 'utf8')) as Json
    else if (file.endsWith('.jwt')) {
      const payload = readFileSync(file, 'utf8').trim().split('.')[1]
      if (payload === undefined) continue
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Json
    } else continue
    for (const [i, document] of credentialsIn(parsed).entries()) out.push({ label: `${label}#${i}`, document })
  }
  return out
}

function builtDocuments(random: Random): { label: string; document: Record<string, Json> }[] {
  const built = [
    { label: 'createMicroCredential(fullInput())', input: fullInput() },
    { label: 'createMicroCredential(minimalInput())', input: minimalInput() },
    ...Array.from({ length: 8 }, (_, i) => ({
      label: `createMicroCredential(randomInput) #${i}`,
      input: randomInput(random),
    })),
  ]
  return built.map(({ label, input }) => ({
    label,
    document: JSON.parse(JSON.stringify(createMicroCredential(input))) as Record<string, Json>,
  }))
}

/** Every member slot of a document: its parent and key or index. */
function slots(document: Json): { parent: Record<string, Json> | Json[]; key: string | number }[] {
  const out: { parent: Record<string, Json> | Json[]; key: string | number }[] = []
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i })
        walk(child)
      })
    } else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        out.push({ parent: node, key })
        walk(child)
      }
    }
  }
  walk(document)
  return out
}

const ODD_STRINGS = ['', 'not-a-date', '2024-13-45T99:00:00Z', '2024-06-30', 'urn:x', 'https://example.com/x', 'Bogus']
const ODD_VALUES: Json[] = [42, -1, 1.5, true, null, {}, [], 'text', { id: 'https://example.com/x' }, ['a']]

/** The schema-relevant ways to break a document: each changes one slot. */
const MUTATIONS: {
  name: string
  apply: (parent: Record<string, Json> | Json[], key: string | number, random: Random) => void
}[] = [
  {
    name: 'remove',
    apply: (parent, key) => {
      if (Array.isArray(parent)) parent.splice(key as number, 1)
      else Reflect.deleteProperty(parent, key)
    },
  },
  {
    name: 'odd value',
    apply: (parent, key, random) => {
      set(parent, key, structuredClone(random.pick(ODD_VALUES)))
    },
  },
  {
    name: 'odd string',
    apply: (parent, key, random) => {
      set(parent, key, random.pick(ODD_STRINGS))
    },
  },
  {
    name: 'wrap in an array',
    apply: (parent, key) => {
      set(parent, key, [get(parent, key)])
    },
  },
  {
    name: 'unwrap an array',
    apply: (parent, key) => {
      const value = get(parent, key)
      if (Array.isArray(value)) set(parent, key, value[0] ?? null)
    },
  },
  {
    name: 'add a member',
    apply: (parent, key) => {
      const value = get(parent, key)
      if (isObject(value)) value['unexpectedMember'] = 'x'
    },
  },
  {
    name: 'empty',
    apply: (parent, key) => {
      const value = get(parent, key)
      set(parent, key, Array.isArray(value) ? [] : isObject(value) ? {} : '')
    },
  },
]

function get(parent: Record<string, Json> | Json[], key: string | number): Json {
  return (Array.isArray(parent) ? parent[key as number] : parent[key as string]) ?? null
}

function set(parent: Record<string, Json> | Json[], key: string | number, value: Json): void {
  if (Array.isArray(parent)) parent[key as number] = value
  else parent[key as string] = value
}

function broken(
  document: Record<string, Json>,
  random: Random,
): { document: Record<string, Json>; mutations: string[] } {
  const copy = structuredClone(document)
  const mutations: string[] = []
  for (let i = random.int(1, 3); i > 0; i--) {
    const all = slots(copy)
    if (all.length === 0) break
    const { parent, key } = random.pick(all)
    const mutation = random.pick(MUTATIONS)
    mutation.apply(parent, key, random)
    mutations.push(`${mutation.name} ${String(key)}`)
  }
  return { document: copy, mutations }
}

/** Every `oneOf`/`anyOf` alternative of a schema (its own objects), values of `enum` and `const` aside. */
function alternativesIn(schema: unknown): object[] {
  const found: object[] = []
  const walk = (node: unknown, key?: string): void => {
    if (key === 'enum' || key === 'const') return
    if (Array.isArray(node)) {
      for (const child of node) walk(child)
    } else if (isObject(node)) {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'oneOf' || k === 'anyOf') && Array.isArray(v)) found.push(...(v as object[]))
        walk(v, k)
      }
    }
  }
  walk(schema)
  return found
}

/** Every value in the documents, once each (by JSON text). */
function valuesIn(documents: readonly Json[]): Json[] {
  const seen = new Map<string, Json>()
  const walk = (node: Json): void => {
    const text = JSON.stringify(node)
    if (seen.has(text)) return
    seen.set(text, node)
    if (Array.isArray(node)) node.forEach(walk)
    else if (isObject(node)) Object.values(node).forEach(walk)
  }
  documents.forEach(walk)
  return [...seen.values()]
}

/** Errors without the one property whose presence differs by nothing: none here; kept as a seam for messages. */
function errorsOf(validate: { errors?: unknown }): unknown {
  return validate.errors ?? null
}

/** Counts what the precompiled side did, so the test can hold that the corpus reached the interesting paths. */
function counting(validators: SchemaValidators, counts: { alternatives: number }): SchemaValidators {
  return {
    validate: validators.validate,
    alternative: (schema) => {
      counts.alternatives += 1
      return validators.alternative(schema)
    },
  }
}

console.log(`precompiled schema differential: seed ${SEED} (MICROCRED_SCHEMA_SEED=${SEED} replays it)`)
const random = seededRandom(SEED)
const originals = [...fileDocuments(), ...builtDocuments(random)]
const corpus = [
  ...originals,
  ...originals.flatMap(({ label, document }) =>
    Array.from({ length: COPIES }, () => {
      const { document: copy, mutations } = broken(document, random)
      return { label: `${label} broken (${mutations.join(', ')})`, document: copy }
    }),
  ),
]

describe('precompiled schema validators (seeded; the seed is printed)', () => {
  it('compile exactly the bundled schemas and their VC 1.1 variants, each alternative included', () => {
    expect(PRECOMPILED_SCHEMAS.map((compiled) => compiled.id)).toEqual(ROOTS.map((bundle) => bundle.id))
    for (const bundle of ROOTS) {
      const compiled = PRECOMPILED_SCHEMAS.find((c) => c.id === bundle.id)!
      expect(compiled.sha256).toBe(bundle.sha256)
      const alternatives = new Set(alternativesIn(bundle.schema).map((a) => JSON.stringify(a)))
      expect(alternatives.size).toBeGreaterThan(0)
      expect(new Set([...compiled.alternatives.keys()].map((k) => JSON.stringify(k)))).toEqual(alternatives)
    }
  })

  it(`give the same results and raw errors as Ajv compiling at run time, for ${corpus.length} documents`, () => {
    expect(originals.length).toBeGreaterThan(60)
    const differences: string[] = []
    let invalid = 0
    for (const bundle of ROOTS) {
      const precompiled = compiledSchemaFor(bundle).validate
      const reference = runtimeValidator(bundle)
      for (const { label, document } of corpus) {
        const valid = precompiled(document)
        const expected = reference(document)
        if (!valid) invalid += 1
        if (valid !== expected || !isDeepStrictEqual(errorsOf(precompiled), errorsOf(reference))) {
          differences.push(`${bundle.id}: ${label}`)
        }
      }
    }
    expect(differences).toEqual([])
    // The corpus reaches failures of every kind, not only valid documents.
    expect(invalid).toBeGreaterThan(corpus.length)
  })

  it('give the same results and raw errors for every oneOf/anyOf alternative, on values from the documents', () => {
    const values = valuesIn(corpus.map(({ document }) => document))
    const sample = [...values].sort(() => random.next() - 0.5).slice(0, 600)
    sample.push(null, 0, 'x', true, [], {})
    const differences: string[] = []
    let checked = 0
    for (const bundle of ROOTS) {
      const compiled = PRECOMPILED_SCHEMAS.find((c) => c.id === bundle.id)!
      // The reference compiles the alternative's own object in the bundled schema, as distill did.
      const sources = new Map(alternativesIn(bundle.schema).map((a) => [JSON.stringify(a), a]))
      for (const [alternative, precompiled] of compiled.alternatives) {
        const source = sources.get(JSON.stringify(alternative))
        expect(source).toBeDefined()
        const reference = runtimeBranchValidator(source!, bundle.schema['$defs'])
        for (const value of sample) {
          checked += 1
          if (precompiled(value) !== reference(value) || !isDeepStrictEqual(errorsOf(precompiled), errorsOf(reference)))
            differences.push(
              `${bundle.id} alternative ${JSON.stringify(alternative).slice(0, 80)}: ${JSON.stringify(value).slice(0, 80)}`,
            )
        }
      }
    }
    expect(differences).toEqual([])
    expect(checked).toBeGreaterThan(10_000)
  })

  it('distill to the same findings', () => {
    const counts = { alternatives: 0 }
    const differences: string[] = []
    let findings = 0
    for (const bundle of ROOTS) {
      const precompiled = counting(compiledSchemaFor(bundle), counts)
      const reference = runtimeSchemaFor(bundle)
      for (const { label, document } of corpus) {
        const actual = schemaFindings(precompiled, document)
        findings += actual.length
        if (!isDeepStrictEqual(actual, schemaFindings(reference, document))) differences.push(`${bundle.id}: ${label}`)
      }
    }
    expect(differences).toEqual([])
    expect(findings).toBeGreaterThan(corpus.length)
    // The oneOf/anyOf distillation (which validates against each alternative) ran, and often.
    expect(counts.alternatives).toBeGreaterThan(1000)
  })

  it('leave what validateCredential(), obSchemaIssues() and euProfileIssues() report unchanged', async () => {
    vi.resetModules()
    vi.doMock('../../src/schema/precompiled.js', () => ({ compiledSchemaFor: runtimeSchemaFor }))
    const reference = await import('../../src/schema/validate.js')
    const referenceBundled = await import('../../src/schema/bundled.js')
    vi.doUnmock('../../src/schema/precompiled.js')
    expect(reference.validateCredential).not.toBe(library.validateCredential)

    const differences: string[] = []
    let issues = 0
    for (const { label, document } of corpus) {
      for (const profile of ['auto', 'ob3', 'eu'] as const) {
        const actual = await library.validateCredential(document, { profile, jsonLd: false })
        issues += actual.length
        if (!isDeepStrictEqual(actual, await reference.validateCredential(document, { profile, jsonLd: false })))
          differences.push(`validateCredential ${profile}: ${label}`)
      }
      for (const [i, bundle] of BUNDLED_SCHEMAS.entries()) {
        const referenceSchema = referenceBundled.BUNDLED_SCHEMAS[i]!
        const actual = library.obSchemaIssues(document, library.forDataModelVersion(document, bundle))
        const expected = reference.obSchemaIssues(document, reference.forDataModelVersion(document, referenceSchema))
        if (!isDeepStrictEqual(actual, expected)) differences.push(`obSchemaIssues ${bundle.id}: ${label}`)
      }
      if (!isDeepStrictEqual(library.euProfileIssues(document), reference.euProfileIssues(document)))
        differences.push(`euProfileIssues: ${label}`)
    }
    expect(differences).toEqual([])
    expect(issues).toBeGreaterThan(corpus.length)
  })
})
