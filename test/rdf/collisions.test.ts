/**
 * Values whose RDF forms collide, on the fast path and on the reference path (jsonld.js safe mode + rdf-canonize).
 *
 * jsonld.js's node map merges a value into one a subject already has for the same property only when they are equal
 * as it compares them (the same `@id`, or `===` `@value` with the same `@type`); other values that convert to the
 * same literal (0 and 1e-7 are both "0"^^xsd:integer) each give a quad, and rdf-canonize keeps every one in the
 * canonical N-Quads that get signed. Generated documents (fast-check, seeded; the seed is printed, and
 * DIFFERENTIAL_SEED=<n> replays it) combine such values with terms that share an IRI, `@set` and `@list`
 * containers, datatype and `@id`/`@vocab` coercion, `@type` next to an `rdf:type` property, node references and
 * equal blank nodes; the fast path must give jsonld.js's N-Quads byte for byte, or decline.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultDocumentLoader } from '../../src/context/loader.js'
import { fastToRdf } from '../../src/rdf/to-rdf.js'
import { compareWithReference, referenceCanonical } from '../helpers/differential.js'
import { readJson } from '../helpers/files.js'
import { COLLIDING_VALUES, type Json } from '../helpers/random-credentials.js'
import * as rdfCanonize from 'rdf-canonize'

const SEED = Number(process.env['DIFFERENTIAL_SEED'] ?? 20_251_207)

const E = 'http://ex.org/'
const XSD = 'http://www.w3.org/2001/XMLSchema#'
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'

/** Terms that all expand to one IRI (ex:p), each coercing differently, plus `rdf:type` as a property. */
const CONTEXT = {
  ex: E,
  T: `${E}T`,
  child: `${E}child`,
  p: `${E}p`,
  pAlias: `${E}p`,
  pSet: { '@id': `${E}p`, '@container': '@set' },
  pInteger: { '@id': `${E}p`, '@type': `${XSD}integer` },
  pDouble: { '@id': `${E}p`, '@type': `${XSD}double` },
  pString: { '@id': `${E}p`, '@type': `${XSD}string` },
  pBoolean: { '@id': `${E}p`, '@type': `${XSD}boolean` },
  // OB 3.0 types creditsAvailable with this (https) IRI: neither xsd:double nor xsd:integer to jsonld.js.
  pFloat: { '@id': `${E}p`, '@type': 'https://www.w3.org/2001/XMLSchema#float' },
  pId: { '@id': `${E}p`, '@type': '@id' },
  pVocab: { '@id': `${E}p`, '@type': '@vocab' },
  pList: { '@id': `${E}p`, '@container': '@list' },
  typeReference: { '@id': RDF_TYPE, '@type': '@id' },
  typeLiteral: RDF_TYPE,
}
const LITERAL_TERMS = [
  'p',
  'pAlias',
  'pSet',
  'pInteger',
  'pDouble',
  'pString',
  'pBoolean',
  'pFloat',
  'pList',
  'typeLiteral',
  `${E}p`,
]

/** Numbers around every boundary of jsonld.js's conversion: integer vs double text, 1e21, 2^53, ±0, subnormals. */
const NUMBERS = [
  0,
  -0,
  1e-7,
  -1e-7,
  5e-324,
  -5e-324,
  0.1,
  0.10000000000000002,
  1,
  1.0000000000000002,
  5,
  1.5,
  1.5000000000000002,
  2.5e-3,
  0.0025000000000000005,
  2 ** 53,
  2 ** 53 + 2,
  // eslint-disable-next-line no-loss-of-precision -- 2^53 + 1 on purpose: JavaScript reads it as 2^53
  9007199254740993,
  123456789012345680000,
  1e21,
  1.0000000000000001e21,
  -1e21,
  1.7976931348623157e308,
]
/** Strings equal to other values' lexical forms, IRIs (compact, absolute, a term) for the IRI-typed terms. */
const STRINGS = [
  '0',
  '-0',
  '5',
  '1',
  '1.0',
  '1.0E0',
  '1.5E0',
  '0.1',
  'true',
  'false',
  'NaN',
  'x',
  '',
  `${E}o`,
  'ex:o',
  'T',
  `${E}T`,
]
const IDS = [`${E}o`, 'ex:o', `${E}s`, `${E}T`]
/** Values of `@id`/`@vocab` terms: the same IRIs spelled differently (compact, absolute, and a term for `@vocab`). */
const ID_VALUES = [...IDS, 'ex:T']
const VOCAB_VALUES = [...ID_VALUES, 'T']

const scalar: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 3, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer() },
)

/** Values of an IRI-typed term: IRIs, node references, node objects, now and then a scalar the fast path declines there. */
function iris(values: readonly string[], node: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...values) },
    {
      weight: 10,
      arbitrary: fc.array(
        fc.oneof(
          fc.constantFrom(...values),
          fc.constantFrom(...IDS).map((id): Json => ({ '@id': id })),
          node,
        ),
        { minLength: 1, maxLength: 5 },
      ),
    },
    { weight: 1, arbitrary: fc.array(scalar, { minLength: 1, maxLength: 2 }) },
  )
}

/** A node object: maybe an `@id`, maybe `@type`s (repeated, or one type in three spellings), values and children. */
const { node } = fc.letrec<{ node: Record<string, Json>; item: Json; value: Json; ids: Json; vocabIris: Json }>(
  (tie) => ({
    node: fc
      .record(
        {
          id: fc.option(fc.constantFrom(...IDS), { nil: undefined }),
          types: fc.option(fc.array(fc.constantFrom('T', `${E}T`, 'ex:T'), { minLength: 1, maxLength: 4 }), {
            nil: undefined,
          }),
          values: fc.array(
            fc.oneof(
              { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...LITERAL_TERMS), tie('value')) },
              { weight: 1, arbitrary: fc.tuple(fc.constantFrom('pId', 'typeReference'), tie('ids')) },
              { weight: 1, arbitrary: fc.tuple(fc.constant('pVocab'), tie('vocabIris')) },
            ),
            { minLength: 1, maxLength: 5 },
          ),
          children: fc.option(fc.array(tie('node'), { maxLength: 3 }), {
            nil: undefined,
            maxDepth: 2,
            depthIdentifier: 'node',
          }),
        },
        { requiredKeys: ['values'] },
      )
      .map(({ id, types, values, children }) => {
        const out: Record<string, Json> = {}
        if (id !== undefined) out['@id'] = id
        if (types !== undefined) out['@type'] = types
        for (const [term, value] of values) out[term] = value
        if (children !== undefined && children.length > 0) out['child'] = children
        return out
      }),
    item: fc.oneof(
      { maxDepth: 2, depthIdentifier: 'node' },
      { weight: 6, arbitrary: scalar },
      { weight: 1, arbitrary: fc.constantFrom(...IDS).map((id): Json => ({ '@id': id })) },
      { weight: 1, arbitrary: tie('node') },
    ),
    ids: iris(ID_VALUES, tie('node')),
    vocabIris: iris(VOCAB_VALUES, tie('node')),
    value: fc.oneof(
      { weight: 1, arbitrary: scalar },
      { weight: 2, arbitrary: fc.array(tie('item'), { minLength: 1, maxLength: 5 }) },
      // The same array of colliding values, some of it twice.
      { weight: 2, arbitrary: fc.constantFrom(...COLLIDING_VALUES).map((values): Json => [...values]) },
    ),
  }),
)

const COMPLETE = (() => {
  const { proof: _proof, ...credential } = readJson('test/vectors/validator-fixtures/ob30/complete.json')
  return credential as Record<string, Json>
})()

/** Colliding values in the members of 1EdTech's complete OB 3.0 credential, and duplicated members. */
interface CredentialChange {
  creditsAvailable?: Json[]
  creditsEarned?: readonly Json[]
  humanCode?: Json[]
  humanCodeByIri?: Json[]
  tag?: string[]
  typeRepeats?: number
  resultValues?: (readonly Json[])[]
  duplicateIdentifier?: boolean
  duplicateAlignment?: boolean
}

const credentialChange: fc.Arbitrary<CredentialChange> = fc.record(
  {
    creditsAvailable: fc.array(fc.constantFrom(...NUMBERS, '5', '0'), { minLength: 1, maxLength: 4 }),
    creditsEarned: fc.constantFrom(...COLLIDING_VALUES),
    humanCode: fc.array(scalar, { minLength: 1, maxLength: 4 }),
    humanCodeByIri: fc.array(scalar, { minLength: 1, maxLength: 3 }),
    tag: fc.array(fc.constantFrom('a', 'b', 'a', '0'), { minLength: 1, maxLength: 4 }),
    typeRepeats: fc.integer({ min: 2, max: 6 }),
    resultValues: fc.array(fc.constantFrom(...COLLIDING_VALUES), { minLength: 1, maxLength: 3 }),
    duplicateIdentifier: fc.boolean(),
    duplicateAlignment: fc.boolean(),
  },
  { requiredKeys: [] },
)

function changedCredential(change: CredentialChange): Record<string, Json> {
  const credential = structuredClone(COMPLETE)
  const subject = credential['credentialSubject'] as Record<string, Json>
  const achievement = subject['achievement'] as Record<string, Json>
  if (change.creditsAvailable) achievement['creditsAvailable'] = change.creditsAvailable
  if (change.creditsEarned) subject['creditsEarned'] = [...change.creditsEarned]
  if (change.humanCode) achievement['humanCode'] = change.humanCode
  // The same property under its term and its absolute IRI (JSON-LD 1.1 §4.2.2: both expand to one IRI).
  if (change.humanCodeByIri)
    achievement['https://purl.imsglobal.org/spec/vc/ob/vocab.html#humanCode'] = change.humanCodeByIri
  if (change.tag) achievement['tag'] = change.tag
  if (change.typeRepeats) achievement['type'] = Array<string>(change.typeRepeats).fill('Achievement')
  if (change.resultValues)
    subject['result'] = change.resultValues.map((values): Json => ({ type: ['Result'], value: [...values] }))
  if (change.duplicateIdentifier)
    (subject['identifier'] as Json[]).push(structuredClone((subject['identifier'] as Json[])[0]!))
  if (change.duplicateAlignment)
    (achievement['alignment'] as Json[]).push(structuredClone((achievement['alignment'] as Json[])[1]!))
  return credential
}

describe(`colliding values: fast path against jsonld.js + rdf-canonize (fast-check seed ${SEED})`, () => {
  it('writes the duplicate quads jsonld.js writes, and only those', async () => {
    // Each case: the document, and how many times the colliding quad is in jsonld.js's canonical N-Quads.
    const cases: [string, Json, number][] = [
      ['0 and 1e-7', [0, 1e-7], 2],
      ['0 and -0 (=== in the node map)', [0, -0], 1],
      ['0.1 and 0.10000000000000002', [0.1, 0.10000000000000002], 2],
      ['the same string twice', ['x', 'x'], 1],
    ]
    for (const [label, values, copies] of cases) {
      const document = { '@context': CONTEXT, '@id': `${E}s`, p: values }
      const reference = await referenceCanonical(document, defaultDocumentLoader)
      const fast = await fastToRdf(document, defaultDocumentLoader)
      if (!('quads' in fast) || !('nquads' in reference)) throw new Error(`${label}: both paths should convert it`)
      const nquads = await rdfCanonize.canonize(fast.quads, { algorithm: 'RDFC-1.0', format: 'application/n-quads' })
      expect(nquads, label).toBe(reference.nquads)
      expect(nquads.trim().split('\n'), label).toHaveLength(copies)
    }
  })

  it('agrees on generated documents with colliding values under terms sharing one IRI', async () => {
    console.info(`colliding values: fast-check seed ${SEED} (DIFFERENTIAL_SEED=${SEED} replays it)`)
    const tally = { fast: 0, general: 0 }
    const reasons = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(node, async (generated) => {
        const document = { '@context': CONTEXT, ...generated }
        const outcome = await compareWithReference(document, defaultDocumentLoader)
        tally[outcome.path]++
        if (outcome.reason !== undefined)
          reasons.set(
            outcome.reason.replace(/"[^"]*"/g, '"…"'),
            (reasons.get(outcome.reason.replace(/"[^"]*"/g, '"…"')) ?? 0) + 1,
          )
        expect(outcome.mismatch, JSON.stringify(document)).toBeUndefined()
      }),
      { seed: SEED, numRuns: 400 },
    )
    // Most generated documents are ones the fast path converts: the comparison is not vacuous.
    expect(tally.fast, JSON.stringify([...reasons])).toBeGreaterThan(tally.general)
  }, 120_000)

  it("agrees on 1EdTech's complete OB 3.0 credential with colliding and duplicated values", async () => {
    console.info(`colliding values in an OB 3.0 credential: fast-check seed ${SEED + 1}`)
    let fast = 0
    await fc.assert(
      fc.asyncProperty(credentialChange, async (change) => {
        const outcome = await compareWithReference(changedCredential(change), defaultDocumentLoader)
        if (outcome.path === 'fast') fast++
        expect(outcome.mismatch, JSON.stringify(change)).toBeUndefined()
      }),
      { seed: SEED + 1, numRuns: 80 },
    )
    // All of these changes are within what the fast path handles.
    expect(fast).toBe(80)
  }, 120_000)
})
