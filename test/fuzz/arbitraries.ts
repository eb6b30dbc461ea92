/**
 * Arbitraries and oracles for the property-based fuzz tests of verify() and of the VC-API service.
 *
 * Everything generated here is plain data (a list of mutations, a list of byte edits...) applied to a genuine
 * artefact the test signed once, so a failing case prints short and shrinks well, and is replayed from its seed:
 * `FUZZ_SEED=<seed> npx vitest run test/fuzz` (and `FUZZ_RUNS=<factor>` scales every property's number of runs).
 *
 * The oracles say what a report may conclude about a mutated input without trusting the code under test: a
 * verified credential must secure exactly the statements the genuine one secures (canonical N-Quads from jsonld.js
 * in safe mode, the reference path, see test/helpers/canonize.ts), a verified VC-JWT must be the genuine token.
 */
import fc from 'fast-check'
import * as base58 from 'base58-universal'
import { createHmac } from 'node:crypto'
import { crc32, deflateSync } from 'node:zlib'
import { CHECK_IDS, ERROR_CODES, type VerificationReport } from '../../src/index.js'
import { defaultDocumentLoader } from '../../src/context/loader.js'
import { canonize } from '../helpers/canonize.js'

// ---------------------------------------------------------------------------------------------------------------
// Seeds and run counts

/** The seed of every property (print it; replay with FUZZ_SEED). */
export const SEED = Number(process.env['FUZZ_SEED'] ?? 20261207)

/** Scales every property's number of runs (FUZZ_RUNS=10 for a long local session). */
const RUNS_FACTOR = Number(process.env['FUZZ_RUNS'] ?? 1)

/** fast-check parameters of one property: the shared seed, and `numRuns` scaled by FUZZ_RUNS. */
export function fuzzParameters<T>(numRuns: number): fc.Parameters<T> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * RUNS_FACTOR)), verbose: fc.VerbosityLevel.Verbose }
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** Numbers where parsers, canonicalizers and schema validators go wrong. */
export const ODD_NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  -1,
  0.1,
  1.5,
  1e-7,
  5e-324,
  1e21,
  -1e21,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  123456789012345680000,
]

/** Strings that mean something to JSON-LD, URLs, DIDs, dates, XML, JavaScript or terminals. */
export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  '\uD800',
  '\uDFFF',
  'e\u0301',
  '\u00E9',
  '\u202Eevil\u202C',
  '\uFEFF',
  '\u2028',
  '🧪👩🏽‍💻',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '@id',
  '@type',
  '@context',
  '@graph',
  '@value',
  '@list',
  '@set',
  '@vocab',
  '@base',
  '@none',
  '@json',
  '@included',
  '@reverse',
  '_:b0',
  '#frag',
  'relative/path',
  'urn:uuid:00000000-0000-4000-8000-000000000000',
  'https://evil.example/x',
  'http://127.0.0.1/',
  'https://[::1]/',
  'file:///etc/passwd',
  'data:application/json,{}',
  'javascript:alert(1)',
  'did:key:',
  'did:key:z6Mk',
  'did:web:evil.example',
  'did:web:localhost%3A8080',
  'did:jwk:e30',
  'did:example:123',
  '2025-06-30T10:00:00Z',
  '2025-06-30T10:00:00.000Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '2025-02-30T00:00:00Z',
  'not a date',
  'VerifiableCredential',
  'OpenBadgeCredential',
  'AchievementCredential',
  'EndorsementCredential',
  'ClrCredential',
  'VerifiablePresentation',
  'EnvelopedVerifiableCredential',
  'DataIntegrityProof',
  'Ed25519Signature2020',
  'eddsa-rdfc-2022',
  'BitstringStatusListEntry',
  'StatusList2021Entry',
  '1EdTechJsonSchemaValidator2019',
  'eyJhbGciOiJub25lIn0.e30.',
  'a.b.c',
  '<svg/>',
  ']]>',
  '<![CDATA[',
  '&amp;',
  '%00',
  '${x}',
  '{{x}}',
  '\\',
  '"',
  "'",
]

/** Names every JavaScript object already has (own or inherited): as keys, they reach the prototype chain. */
export const JS_NAMES: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
]

/** JSON-LD-shaped values: value objects, lists, graphs, inline contexts, node references. */
const JSONLD_VALUES: readonly unknown[] = [
  { '@id': 'https://evil.example/node' },
  { '@value': 'x', '@type': 'http://www.w3.org/2001/XMLSchema#string' },
  { '@value': 'x', '@language': 'fr' },
  { '@value': { a: 1 }, '@type': '@json' },
  { '@list': [1, 'two', null] },
  { '@set': [] },
  { '@graph': [{ id: 'urn:x', type: 'Profile' }] },
  { '@context': { '@vocab': 'https://evil.example/vocab#' }, anything: 'goes' },
  { '@context': 'https://evil.example/context.jsonld' },
  { '@context': { '@protected': false, name: 'https://evil.example/name' } },
  { id: '_:b0', type: ['Profile'], name: 'blank' },
  { type: 'UndefinedType' },
  {},
  [],
  [[[]]],
  [null],
]

/** An array nested `depth` levels deep (past the default depth cap of 64). */
export function nested(depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

/** Any JSON value that can replace or be inserted into a credential: random JSON, odd numbers and strings, JSON-LD shapes. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3, depthSize: 'small' }) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_NUMBERS) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...JSONLD_VALUES).map((v) => structuredClone(v)) },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
  // Names JavaScript objects already have: a value used as a key somewhere (a node id, a term) must not reach them.
  { weight: 1, arbitrary: fc.constantFrom(...JS_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(70, 200).map(nested) },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 70_000).map((n) => 'x'.repeat(n)) },
)

/** Member names worth inserting: credential, proof and JSON-LD terms, JavaScript's own names, random text. */
export const memberName: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'id',
      'type',
      'name',
      'description',
      '@context',
      '@id',
      '@type',
      '@graph',
      '@included',
      '@reverse',
      '@index',
      '@nest',
      '@vocab',
      '@base',
      '@list',
      '@value',
      '@language',
      'proof',
      'endorsement',
      'endorsementJwt',
      'credentialStatus',
      'credentialSchema',
      'evidence',
      'validFrom',
      'validUntil',
      'issuanceDate',
      'expirationDate',
      'relatedResource',
      'termsOfUse',
      'refreshService',
      'renderMethod',
      'credentialSubject',
      'issuer',
      'holder',
      'verifiableCredential',
      'achievement',
      'identifier',
      'result',
      'image',
      'proofValue',
      'verificationMethod',
      'cryptosuite',
      'created',
      'proofPurpose',
      'challenge',
      'domain',
      'previousProof',
      'digestSRI',
      'digestMultibase',
      'statusListCredential',
      '__proto__',
      'constructor',
      'prototype',
      'toJSON',
      'then',
      'valueOf',
      'length',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
)

// ---------------------------------------------------------------------------------------------------------------
// Mutations of JSON documents

/** An edit of a string value. */
export type StringEdit =
  | { kind: 'append' | 'prepend'; text: string }
  | { kind: 'replace'; index: number; text: string }
  | { kind: 'delete'; index: number }
  | { kind: 'truncate'; index: number }
  | { kind: 'case' }
  | { kind: 'normalize'; form: 'NFC' | 'NFD' | 'NFKC' | 'NFKD' }
  | { kind: 'repeat'; times: number }

const editText = fc.oneof(
  fc.constantFrom(
    'x',
    ' ',
    '\u0000',
    '\u200B',
    '\u0301',
    '\uD800',
    '🧪',
    '#',
    '/',
    '?',
    '%20',
    '..',
    '\n',
    'A',
    '1',
    '"',
    '\\',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }),
)

export const stringEdit: fc.Arbitrary<StringEdit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('append' as const, 'prepend' as const), text: editText }),
  fc.record({ kind: fc.constant('replace' as const), index: fc.nat(), text: editText }),
  fc.record({ kind: fc.constant('delete' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), index: fc.nat() }),
  fc.constant({ kind: 'case' as const }),
  fc.record({
    kind: fc.constant('normalize' as const),
    form: fc.constantFrom('NFC' as const, 'NFD' as const, 'NFKC' as const, 'NFKD' as const),
  }),
  fc.record({ kind: fc.constant('repeat' as const), times: fc.integer({ min: 2, max: 50 }) }),
)

export function applyStringEdit(value: string, edit: StringEdit): string {
  const at = (index: number) => (value.length === 0 ? 0 : index % value.length)
  switch (edit.kind) {
    case 'append':
      return value + edit.text
    case 'prepend':
      return edit.text + value
    case 'replace':
      return value.slice(0, at(edit.index)) + edit.text + value.slice(at(edit.index) + 1)
    case 'delete':
      return value.slice(0, at(edit.index)) + value.slice(at(edit.index) + 1)
    case 'truncate':
      return value.slice(0, at(edit.index))
    case 'case':
      return value === value.toUpperCase() ? value.toLowerCase() : value.toUpperCase()
    case 'normalize':
      return value.normalize(edit.form)
    case 'repeat':
      return value.repeat(edit.times)
  }
}

/** An edit of a credential's (or presentation's) first proof. */
export type ProofEdit =
  | { kind: 'flip'; bit: number }
  | { kind: 'field'; field: string; value: unknown }
  | { kind: 'drop'; field: string }
  | {
      kind: 'shape'
      shape:
        | 'object'
        | 'twice'
        | 'attacker-first'
        | 'attacker-only'
        | 'garbage-first'
        | 'empty-array'
        | 'none'
        | 'null'
        | 'string'
    }

/**
 * One structural mutation of a JSON document. `at` picks a location among the candidates of the current document
 * (modulo their number), so mutations compose and shrink whatever the document has become.
 */
export type Mutation =
  | { op: 'set'; at: number; value: unknown }
  | { op: 'delete'; at: number }
  | { op: 'insert'; at: number; key: string; value: unknown }
  | { op: 'repeat'; at: number; times: number }
  | { op: 'swap'; at: number; other: number }
  | { op: 'edit'; at: number; edit: StringEdit }
  | { op: 'js-name'; at: number; name: string }
  | { op: 'number'; at: number; value: number }
  | { op: 'retype'; at: number; type: unknown }
  | { op: 'wrap'; at: number }
  | { op: 'embed'; at: number; key: string; what: 'credential' | 'proof' | 'attacker-proof' }
  | { op: 'proof'; edit: ProofEdit }

/** What the mutations draw on besides random values: the genuine document, and proofs and keys of others. */
export interface MutationContext {
  /** The genuine signed document (never modified). */
  original: Record<string, unknown>
  /** A valid proof over the same unsigned document, made with a key that is not the issuer's. */
  attackerProof: Record<string, unknown>
  /** Verification methods that are not the signing key's (another did:key, the DID without a fragment...). */
  otherVerificationMethods: string[]
}

const TYPE_VALUES: readonly unknown[] = [
  'VerifiableCredential',
  'OpenBadgeCredential',
  'AchievementCredential',
  'EndorsementCredential',
  'ClrCredential',
  'VerifiablePresentation',
  'EnvelopedVerifiableCredential',
  'BitstringStatusListCredential',
  'Profile',
  'Achievement',
  'AchievementSubject',
  'DataIntegrityProof',
  'UndefinedType',
  'https://evil.example/Type',
  '@json',
  '@id',
  '',
  ['VerifiableCredential'],
  ['OpenBadgeCredential', 'VerifiableCredential'],
  ['VerifiableCredential', 'VerifiableCredential', 'OpenBadgeCredential'],
  ['VerifiableCredential', 'OpenBadgeCredential', 'UndefinedType'],
  [],
  null,
  42,
  { '@id': 'VerifiableCredential' },
  Array.from({ length: 40 }, () => 'VerifiableCredential'),
]

/** A member's value as String() writes it, whatever it is (a mutated document's members can be anything). */
const textOf = (value: unknown): string => String(value)

/** Values of the proof members worth trying: near misses of the genuine ones, other suites, other keys. */
function proofFieldValues(context: MutationContext): Record<string, readonly unknown[]> {
  const proof = firstProof(context.original) ?? {}
  const vm = textOf(proof['verificationMethod'] ?? '')
  const proofValue = textOf(proof['proofValue'] ?? '')
  const signature = proofValue.startsWith('z') ? safeBase58(proofValue.slice(1)) : undefined
  return {
    cryptosuite: [
      'eddsa-2022',
      'eddsa-rdfc-2022 ',
      'EDDSA-RDFC-2022',
      'ecdsa-rdfc-2019',
      'ecdsa-sd-2023',
      'eddsa-jcs-2022',
      'ecdsa-jcs-2019',
      'bbs-2023',
      '',
      null,
      42,
      ['eddsa-rdfc-2022'],
      { '@value': 'eddsa-rdfc-2022' },
    ],
    type: [
      'Ed25519Signature2020',
      'Ed25519Signature2018',
      'DataIntegrityProof ',
      'dataintegrityproof',
      'JsonWebSignature2020',
      'EcdsaSecp256k1Signature2019',
      'BbsBlsSignature2020',
      ['DataIntegrityProof'],
      ['DataIntegrityProof', 'Ed25519Signature2020'],
      '',
      null,
      7,
    ],
    verificationMethod: [
      ...context.otherVerificationMethods,
      vm.split('#')[0]!,
      `${vm.split('#')[0]}#other`,
      `${vm}?service=x`,
      `${vm}#again`,
      vm.toUpperCase(),
      ` ${vm}`,
      'did:web:tu-example.de#key-1',
      'https://evil.example/keys/1',
      'http://127.0.0.1/key',
      'did:key:z6Mk',
      'did:jwk:e30',
      '',
      null,
      { id: vm },
      [vm],
      { id: vm, type: 'Multikey', controller: vm.split('#')[0], publicKeyMultibase: 'z6Mk' },
    ],
    created: [
      '2025-06-30T10:00:01Z',
      '2025-06-30T10:00:00.000Z',
      '2025-06-30T10:00:00+00:00',
      '2025-06-30t10:00:00z',
      '2099-01-01T00:00:00Z',
      '1970-01-01T00:00:00Z',
      'yesterday',
      '',
      0,
      null,
    ],
    proofPurpose: [
      'authentication',
      'assertionMethod ',
      'AssertionMethod',
      'capabilityInvocation',
      'capabilityDelegation',
      'keyAgreement',
      '',
      null,
    ],
    proofValue: [
      '',
      'z',
      'z1',
      `${proofValue}1`,
      proofValue.slice(0, -1),
      proofValue.toUpperCase(),
      `z${'1'.repeat(64)}`,
      `z${'z'.repeat(200)}`,
      textOf(context.attackerProof['proofValue'] ?? ''),
      ...(signature === undefined
        ? []
        : [
            `u${Buffer.from(signature).toString('base64url')}`,
            `f${Buffer.from(signature).toString('hex')}`,
            `z${base58.encode(signature.subarray(0, 63))}`,
            `z${base58.encode(new Uint8Array([...signature, 0]))}`,
          ]),
      42,
      null,
      [proofValue],
    ],
    '@context': [
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/data-integrity/v1',
      'https://evil.example/ctx',
      {},
      context.original['@context'],
    ],
    challenge: ['nonce', '', null],
    domain: ['https://evil.example', ''],
    expires: ['2000-01-01T00:00:00Z', '2099-01-01T00:00:00Z', 'never'],
    previousProof: ['urn:uuid:x', ['a', 'b']],
    id: ['urn:uuid:00000000-0000-4000-8000-000000000000', '_:b0', 'relative'],
    jws: ['eyJhbGciOiJFZERTQSJ9..sig'],
  }
}

function safeBase58(text: string): Uint8Array | undefined {
  try {
    return base58.decode(text)
  } catch {
    return undefined
  }
}

/** An arbitrary list of 1 to `maxLength` mutations, biased towards the proof when `proofWeight` is high. */
export function mutations(
  context: MutationContext,
  options: { maxLength?: number; proofWeight?: number } = {},
): fc.Arbitrary<Mutation[]> {
  const values = proofFieldValues(context)
  const fields = Object.keys(values)
  const at = fc.nat()
  const proofEdit: fc.Arbitrary<ProofEdit> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), bit: fc.nat({ max: 64 * 8 - 1 }) }) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(...fields).chain((field) =>
        fc.record({
          kind: fc.constant('field' as const),
          field: fc.constant(field),
          value: fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(...values[field]!) },
            { weight: 1, arbitrary: oddValue },
          ),
        }),
      ),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('field' as const), field: memberName, value: oddValue }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('drop' as const),
        field: fc.constantFrom(...fields, 'type', 'proofValue', 'verificationMethod'),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('shape' as const),
        shape: fc.constantFrom(
          'object' as const,
          'twice' as const,
          'attacker-first' as const,
          'attacker-only' as const,
          'garbage-first' as const,
          'empty-array' as const,
          'none' as const,
          'null' as const,
          'string' as const,
        ),
      }),
    },
  )
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('set' as const), at, value: oddValue }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at, key: memberName, value: oddValue }) },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('repeat' as const), at, times: fc.integer({ min: 2, max: 40 }) }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('swap' as const), at, other: fc.nat() }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('edit' as const), at, edit: stringEdit }) },
    // A string (an id, an IRI, a type) replaced by a name JavaScript objects already have: keyed by it, it must not reach them.
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('js-name' as const), at, name: fc.constantFrom(...JS_NAMES) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('number' as const),
        at,
        value: fc.oneof(fc.constantFrom(...ODD_NUMBERS), fc.double()),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('retype' as const), at, type: fc.constantFrom(...TYPE_VALUES) }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap' as const), at }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('embed' as const),
        at,
        key: memberName,
        what: fc.constantFrom('credential' as const, 'proof' as const, 'attacker-proof' as const),
      }),
    },
    { weight: options.proofWeight ?? 4, arbitrary: fc.record({ op: fc.constant('proof' as const), edit: proofEdit }) },
  )
  return fc.array(mutation, { minLength: 1, maxLength: options.maxLength ?? 3 })
}

type Container = Record<string, unknown> | unknown[]

/** One place in a document: its parent and key (none for the root), and its value. */
interface Site {
  parent?: Container
  key?: string | number
  value: unknown
}

const isContainer = (value: unknown): value is Container => value !== null && typeof value === 'object'

/** Every place in a document, root first (pre-order; at most `limit`, so repeated arrays stay cheap to walk). */
function sitesOf(root: unknown, limit = 5_000): Site[] {
  const out: Site[] = [{ value: root }]
  const stack: Container[] = isContainer(root) ? [root] : []
  while (stack.length > 0 && out.length < limit) {
    const node = stack.pop()!
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? node.map((v, i) => [i, v])
      : Object.entries(node)
    for (const [key, value] of entries) {
      out.push({ parent: node, key, value })
      if (isContainer(value)) stack.push(value)
    }
  }
  return out
}

/** Sets an own member, also one named `__proto__` (as JSON.parse does, never touching the prototype). */
function defineMember(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function replaceAt(root: unknown, site: Site, value: unknown): unknown {
  if (site.parent === undefined) return value
  if (Array.isArray(site.parent)) site.parent[site.key as number] = value
  else defineMember(site.parent, site.key as string, value)
  return root
}

/** The first proof of a document (the `proof` object, or the first object in the `proof` array). */
export function firstProof(document: unknown): Record<string, unknown> | undefined {
  if (!isContainer(document) || Array.isArray(document)) return undefined
  const proof = document['proof']
  const first = Array.isArray(proof) ? proof[0] : proof
  return isContainer(first) && !Array.isArray(first) ? first : undefined
}

/** The proofs of a document, as a list (a single proof object counts as one). */
export function proofsOf(document: Record<string, unknown>): unknown[] {
  const proof = document['proof']
  return proof === undefined ? [] : Array.isArray(proof) ? proof : [proof]
}

function applyProofEdit(document: unknown, edit: ProofEdit, context: MutationContext): void {
  if (!isContainer(document) || Array.isArray(document)) return
  const proof = firstProof(document)
  switch (edit.kind) {
    case 'flip': {
      const value = proof?.['proofValue']
      if (proof === undefined || typeof value !== 'string' || !value.startsWith('z')) return
      const bytes = safeBase58(value.slice(1))
      if (bytes === undefined || bytes.length === 0) return
      const flipped = new Uint8Array(bytes)
      const bit = edit.bit % (flipped.length * 8)
      flipped[bit >> 3]! ^= 1 << (bit & 7)
      proof['proofValue'] = `z${base58.encode(flipped)}`
      return
    }
    case 'field':
      if (proof !== undefined) defineMember(proof, edit.field, structuredClone(edit.value))
      return
    case 'drop':
      if (proof !== undefined) Reflect.deleteProperty(proof, edit.field)
      return
    case 'shape': {
      const proofs = proofsOf(document)
      const attacker = structuredClone(context.attackerProof)
      const shapes: Record<typeof edit.shape, () => unknown> = {
        object: () => proof ?? document['proof'],
        twice: () => [...proofs, ...structuredClone(proofs)],
        'attacker-first': () => [attacker, ...proofs],
        'attacker-only': () => [attacker],
        'garbage-first': () => [
          { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofValue: 'z1' },
          ...proofs,
        ],
        'empty-array': () => [],
        none: () => undefined,
        null: () => null,
        string: () => JSON.stringify(document['proof']),
      }
      const next = shapes[edit.shape]()
      if (next === undefined) delete document['proof']
      else document['proof'] = next
    }
  }
}

/** Applies `list` in order to a deep copy of `document`. Mutations with no place to apply are no-ops. */
export function applyMutations(document: unknown, list: readonly Mutation[], context: MutationContext): unknown {
  let root = structuredClone(document)
  for (const mutation of list) {
    if (mutation.op === 'proof') {
      applyProofEdit(root, mutation.edit, context)
      continue
    }
    const all = sitesOf(root)
    const pick = (candidates: Site[], index: number): Site | undefined =>
      candidates.length === 0 ? undefined : candidates[index % candidates.length]
    switch (mutation.op) {
      case 'set': {
        const site = pick(all, mutation.at)
        if (site !== undefined) root = replaceAt(root, site, structuredClone(mutation.value))
        break
      }
      case 'delete': {
        const site = pick(all.slice(1), mutation.at)
        if (site?.parent === undefined) break
        if (Array.isArray(site.parent)) site.parent.splice(site.key as number, 1)
        else Reflect.deleteProperty(site.parent, site.key as string)
        break
      }
      case 'insert': {
        const site = pick(
          all.filter((s) => isContainer(s.value)),
          mutation.at,
        )
        if (site === undefined) break
        const target = site.value as Container
        if (Array.isArray(target)) target.splice(mutation.at % (target.length + 1), 0, structuredClone(mutation.value))
        else defineMember(target, mutation.key, structuredClone(mutation.value))
        break
      }
      case 'repeat': {
        // An array repeated `times` over; any other value becomes an array of `times` copies of itself.
        const site = pick(all, mutation.at)
        if (site === undefined) break
        const value = site.value
        const repeated = Array.isArray(value)
          ? Array.from({ length: mutation.times }, () => structuredClone(value)).flat()
          : Array.from({ length: mutation.times }, () => structuredClone(value))
        root = replaceAt(root, site, repeated)
        break
      }
      case 'swap': {
        const candidates = all.slice(1)
        const a = pick(candidates, mutation.at)
        const b = pick(candidates, mutation.other)
        if (a === undefined || b === undefined || a === b) break
        // Values are swapped as copies, so a value swapped into its own subtree makes no cycle.
        const [va, vb] = [structuredClone(a.value), structuredClone(b.value)]
        replaceAt(root, a, vb)
        replaceAt(root, b, va)
        break
      }
      case 'edit': {
        const site = pick(
          all.filter((s) => typeof s.value === 'string'),
          mutation.at,
        )
        if (site !== undefined) root = replaceAt(root, site, applyStringEdit(site.value as string, mutation.edit))
        break
      }
      case 'js-name': {
        // Preferably an identifier (an id member, or an IRI value): what JSON-LD processing keys its node maps by.
        const strings = all.filter((s) => typeof s.value === 'string')
        const ids = strings.filter((s) => s.key === 'id' || /^(https?|did|urn):/.test(s.value as string))
        const site = pick(ids.length > 0 ? ids : strings, mutation.at)
        if (site !== undefined) root = replaceAt(root, site, mutation.name)
        break
      }
      case 'number': {
        const numbers = all.filter((s) => typeof s.value === 'number')
        const site = pick(numbers.length > 0 ? numbers : all.filter((s) => !isContainer(s.value)), mutation.at)
        if (site !== undefined) root = replaceAt(root, site, mutation.value)
        break
      }
      case 'retype': {
        const site = pick(
          all.filter((s) => isContainer(s.value) && !Array.isArray(s.value)),
          mutation.at,
        )
        if (site !== undefined)
          defineMember(site.value as Record<string, unknown>, 'type', structuredClone(mutation.type))
        break
      }
      case 'wrap': {
        const site = pick(all, mutation.at)
        if (site !== undefined) root = replaceAt(root, site, [site.value])
        break
      }
      case 'embed': {
        const site = pick(
          all.filter((s) => isContainer(s.value) && !Array.isArray(s.value)),
          mutation.at,
        )
        if (site === undefined) break
        const what =
          mutation.what === 'credential'
            ? context.original
            : mutation.what === 'proof'
              ? firstProof(context.original)
              : context.attackerProof
        defineMember(site.value as Record<string, unknown>, mutation.key, structuredClone(what))
        break
      }
    }
  }
  return root
}

// ---------------------------------------------------------------------------------------------------------------
// Built-ins: a verification must leave the process as it found it (no prototype pollution)

/** The built-in objects whose own properties a verification must not change. */
const BUILT_INS: readonly [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Object', Object],
  ['Array.prototype', Array.prototype],
  ['Array', Array],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Boolean.prototype', Boolean.prototype],
  ['Map.prototype', Map.prototype],
  ['Set.prototype', Set.prototype],
  ['Promise.prototype', Promise.prototype],
  ['RegExp.prototype', RegExp.prototype],
  ['Error.prototype', Error.prototype],
  ['JSON', JSON],
  ['globalThis', globalThis],
]

export type BuiltInsSnapshot = Map<string | symbol, PropertyDescriptor>[]

/** The own properties of the watched built-ins, now. */
export function snapshotBuiltIns(): BuiltInsSnapshot {
  return BUILT_INS.map(
    ([, object]) => new Map(Reflect.ownKeys(object).map((key) => [key, Object.getOwnPropertyDescriptor(object, key)!])),
  )
}

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor): boolean =>
  Object.is(a.value, b.value) &&
  a.get === b.get &&
  a.set === b.set &&
  a.writable === b.writable &&
  a.enumerable === b.enumerable &&
  a.configurable === b.configurable

/**
 * What changed in the built-ins since `before` (added, changed or removed own properties), or undefined; anything
 * changed is put back, so one polluting input does not fail every later run (and shrinking finds the culprit).
 * Global variables that are not functions' or prototypes' members (`globalThis` additions) count too.
 */
export function builtInsChange(before: BuiltInsSnapshot): string | undefined {
  const changes: string[] = []
  BUILT_INS.forEach(([name, object], i) => {
    const was = before[i]!
    for (const key of Reflect.ownKeys(object)) {
      const descriptor = Object.getOwnPropertyDescriptor(object, key)!
      const old = was.get(key)
      if (old === undefined) {
        changes.push(`${name} gained ${String(key)} = ${safeShow(descriptor.value)}`)
        Reflect.deleteProperty(object, key)
      } else if (!sameDescriptor(old, descriptor)) {
        changes.push(`${name}.${String(key)} changed to ${safeShow(descriptor.value)}`)
        Object.defineProperty(object, key, old)
      }
    }
    for (const [key, descriptor] of was) {
      if (!Object.prototype.hasOwnProperty.call(object, key)) {
        changes.push(`${name} lost ${String(key)}`)
        Object.defineProperty(object, key, descriptor)
      }
    }
  })
  return changes.length === 0 ? undefined : changes.join('; ')
}

/** JSON.stringify() as it behaves: undefined for undefined, a function or a symbol (its declared type says string). */
export const jsonOf = (
  value: unknown,
  { space, replacer }: { space?: number; replacer?: (key: string, value: unknown) => unknown } = {},
): string | undefined => JSON.stringify(value, replacer, space)

function safeShow(value: unknown): string {
  try {
    return (jsonOf(value) ?? textOf(value)).slice(0, 80)
  } catch {
    return typeof value
  }
}

// ---------------------------------------------------------------------------------------------------------------
// How a document is handed to verify()

export type InputForm = 'object' | 'text' | 'bytes' | 'padded-text' | 'bom-bytes'

export const inputForm: fc.Arbitrary<InputForm> = fc.constantFrom('object', 'text', 'bytes', 'padded-text', 'bom-bytes')

/** The document in the given form, and the document verify() then reads (JSON text drops what JSON cannot say). */
export function asInput(document: unknown, form: InputForm): { input: unknown; seen: unknown } {
  if (form === 'object') return { input: document, seen: document }
  const text = jsonOf(document) ?? 'undefined'
  let seen: unknown
  try {
    seen = JSON.parse(text)
  } catch {
    seen = undefined
  }
  switch (form) {
    case 'text':
      return { input: text, seen }
    case 'bytes':
      return { input: new TextEncoder().encode(text), seen }
    case 'padded-text':
      return { input: `\n\t ${jsonOf(document, { space: 2 }) ?? 'undefined'} \r\n`, seen }
    case 'bom-bytes':
      return { input: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]), seen }
  }
}

/** Where two JSON values differ, as `path: before → after` lines (at most `limit`), for readable failure messages. */
export function jsonDiff(before: unknown, after: unknown, limit = 8): string[] {
  const out: string[] = []
  const show = (v: unknown) => (v === undefined ? '(absent)' : (jsonOf(v) ?? textOf(v)).slice(0, 120))
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (out.length >= limit) return
    if (isContainer(a) && isContainer(b) && Array.isArray(a) === Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)])
      for (const key of keys)
        walk(
          (a as Record<string, unknown>)[key],
          (b as Record<string, unknown>)[key],
          Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`,
        )
      return
    }
    if (!Object.is(a, b) && stableJson(a) !== stableJson(b)) out.push(`${path || '(root)'}: ${show(a)} → ${show(b)}`)
  }
  walk(before, after, '')
  return out
}

/** JSON with sorted members: equal for documents that differ only in member order. */
export function stableJson(value: unknown): string {
  return (
    jsonOf(value, {
      replacer: (_key, v) =>
        isContainer(v) && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
          : v,
    }) ?? 'undefined'
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Oracles

const canonicalCache = new Map<string, Promise<string>>()

/** Canonical N-Quads by the reference path (jsonld.js, safe mode), cached by the document's JSON. */
function canonical(document: object): Promise<string> {
  const key = JSON.stringify(document)
  let result = canonicalCache.get(key)
  if (result === undefined) {
    result = canonize(document, defaultDocumentLoader)
    canonicalCache.set(key, result)
  }
  return result
}

/**
 * The signature bytes of a `proofValue` (hex) when it is multibase base58-btc (`z`) or base64url (`u`, which the
 * Digital Bazaar stack also reads), else the value itself: two spellings of one signature are one signature.
 */
function signatureOf(proofValue: unknown): string {
  if (typeof proofValue !== 'string') return JSON.stringify(proofValue ?? null)
  const bytes = proofValue.startsWith('z')
    ? safeBase58(proofValue.slice(1))
    : proofValue.startsWith('u') && /^[A-Za-z0-9_-]*$/.test(proofValue.slice(1))
      ? Buffer.from(proofValue.slice(1), 'base64url')
      : undefined
  return bytes === undefined ? `text:${proofValue}` : `bytes:${Buffer.from(bytes).toString('hex')}`
}

/**
 * What a Data Integrity (or Ed25519Signature2020) proof secures: the document without proofs, the proof options (the
 * proof without its signature values), and the signature (`proofValue`: the genuine proofs carry no `jws`).
 */
export async function securedStatements(
  document: Record<string, unknown>,
  proof: Record<string, unknown>,
): Promise<string> {
  const { proof: _proofs, ...unsecured } = document
  const { proofValue, jws: _jws, signatureValue: _signatureValue, ...options } = proof
  const [statements, proofOptions] = await Promise.all([
    canonical(unsecured),
    canonical({ ...options, '@context': document['@context'] }),
  ])
  return JSON.stringify({ statements, proofOptions, signature: signatureOf(proofValue) })
}

/**
 * The oracle for a verified embedded-proof credential (or presentation): the proof the verdict rests on must secure
 * exactly what the genuine proof secures. Returns why not, or undefined.
 */
export async function forgeryOf(
  report: { verified: boolean; proofUsed?: number },
  seen: unknown,
  original: Record<string, unknown>,
): Promise<string | undefined> {
  if (!report.verified) return undefined
  if (!isContainer(seen) || Array.isArray(seen)) return 'verified, but what was verified is not a JSON object'
  // A credential's report names the proof its verdict rests on; a presentation's does not (any of its proofs may).
  const candidates = report.proofUsed === undefined ? proofsOf(seen) : [proofsOf(seen)[report.proofUsed]]
  if (candidates.length === 0 || candidates.some((p) => !isContainer(p) || Array.isArray(p)))
    return `verified, but proofUsed (${report.proofUsed}) names no proof object of the document`
  const expected = await securedStatements(original, firstProof(original)!)
  for (const used of candidates as Record<string, unknown>[]) {
    try {
      if ((await securedStatements(seen, used)) === expected) return undefined
    } catch (error) {
      return `verified, but jsonld.js in safe mode rejects the document: ${error instanceof Error ? error.message : String(error)}`
    }
  }
  return 'verified, but the proof the verdict rests on does not secure the genuine statements (a forgery, or a canonicalization that differs from jsonld.js)'
}

/** The issues of a report as `check:code@path` (for messages). */
export const issueList = (report: { issues: { check: string; code: string; path?: string }[] }): string[] =>
  report.issues.map((i) => `${i.check}:${i.code}@${i.path ?? ''}`)

const STATUSES = new Set(['passed', 'failed', 'skipped'])
const CODES = new Set<string>(ERROR_CODES)
const REQUIRED = ['syntax', 'context', 'data-model', 'proof', 'issuer-binding']

/**
 * Why a value is not a well-formed verification report, or undefined: every check once, in order, with a known
 * status; every issue with a known code, of a known check, with a message; no ERR_INTERNAL; a verdict consistent with
 * the checks (verified: the required checks passed, nothing failed, a proof used; a failed check says why with an
 * error issue, an error issue fails its check); JSON-serializable; nested reports alike.
 */
export function reportProblem(
  value: unknown,
  checkIds: readonly string[] = CHECK_IDS,
  where = 'report',
): string | undefined {
  if (!isContainer(value) || Array.isArray(value)) return `${where} is not an object`
  const report = value as unknown as VerificationReport
  if (typeof report.verified !== 'boolean') return `${where}.verified is not a boolean`
  if (!Array.isArray(report.checks)) return `${where}.checks is not an array`
  // The report is what is being checked: an entry may be anything, whatever the type says.
  const ids = report.checks.map((c) => (c as { id?: unknown } | null | undefined)?.id)
  if (JSON.stringify(ids) !== JSON.stringify(checkIds))
    return `${where}.checks are ${JSON.stringify(ids)}, not every check once in order`
  for (const check of report.checks)
    if (!STATUSES.has(check.status)) return `${where}: check ${check.id} has status ${JSON.stringify(check.status)}`
  if (!Array.isArray(report.issues)) return `${where}.issues is not an array`
  for (const [i, issue] of report.issues.entries()) {
    if (!isContainer(issue)) return `${where}.issues[${i}] is not an object`
    if (!CODES.has(issue.code))
      return `${where}.issues[${i}] has code ${JSON.stringify(issue.code)}, not one of ERROR_CODES`
    if (issue.code === 'ERR_INTERNAL')
      return `${where}.issues[${i}] is ERR_INTERNAL (a check crashed): ${issue.check}: ${issue.message}`
    if (!checkIds.includes(issue.check)) return `${where}.issues[${i}] names check ${JSON.stringify(issue.check)}`
    if (typeof issue.message !== 'string' || issue.message === '')
      return `${where}.issues[${i}] (${issue.code}) has no message`
    if (issue.path !== undefined && typeof issue.path !== 'string')
      return `${where}.issues[${i}] (${issue.code}) has a path that is not a string`
    const severity: unknown = issue.severity
    if (severity !== undefined && severity !== 'warning')
      return `${where}.issues[${i}] has severity ${JSON.stringify(issue.severity)}`
  }
  const status = new Map(report.checks.map((c) => [c.id as string, c.status]))
  for (const check of report.checks) {
    const errors = report.issues.filter((i) => i.check === check.id && i.severity !== 'warning')
    if (check.status === 'failed' && errors.length === 0)
      return `${where}: check ${check.id} failed without an error issue saying why`
    if (check.status !== 'failed' && errors.length > 0)
      return `${where}: check ${check.id} is ${check.status} but has error issue(s) ${errors.map((e) => e.code).join(', ')}`
  }
  if (report.verified) {
    if (report.checks.some((c) => c.status === 'failed')) return `${where} is verified with a failed check`
    if (checkIds === CHECK_IDS) {
      for (const id of REQUIRED)
        if (status.get(id) !== 'passed') return `${where} is verified but required check ${id} is ${status.get(id)}`
      if (!Number.isInteger(report.proofUsed)) return `${where} is verified without proofUsed`
    }
  } else if (
    !report.checks.some((c) => c.status === 'failed') &&
    checkIds === CHECK_IDS &&
    REQUIRED.every((id) => status.get(id) === 'passed') &&
    report.proofUsed !== undefined
  ) {
    return `${where} is not verified, yet no check failed and a bound proof was used`
  }
  try {
    JSON.stringify(report)
  } catch (error) {
    return `${where} is not JSON-serializable: ${(error as Error).message}`
  }
  for (const [i, entry] of (report.nested ?? []).entries()) {
    if (typeof (entry as { path?: unknown } | null | undefined)?.path !== 'string')
      return `${where}.nested[${i}].path is not a string`
    const inner = reportProblem(entry.report, CHECK_IDS, `${where}.nested[${i}].report`)
    if (inner !== undefined) return inner
  }
  for (const [i, inner] of ((report as unknown as { credentials?: unknown[] }).credentials ?? []).entries()) {
    const problem = reportProblem(inner, CHECK_IDS, `${where}.credentials[${i}]`)
    if (problem !== undefined) return problem
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------------------------
// VC-JWTs

export const b64u = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url')
const b64uJson = (value: unknown): string => b64u(jsonOf(value) ?? 'null')

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/** What the JWT mutations draw on: the genuine token, one signed by another key, the issuer's public key. */
export interface JwtContext {
  token: string
  /** The same payload signed by a key that is not the issuer's (its kid names that key). */
  attackerToken: string
  /** The issuer's public key bytes and JWK text, for algorithm-confusion tokens (HS256 keyed with the public key). */
  publicKeyBytes: Uint8Array
  publicJwkText: string
  /** The JSON mutations' context for header and payload (original = the decoded payload). */
  payloadContext: MutationContext
  headerContext: MutationContext
}

export type JwtMutation =
  | { op: 'header'; mutations: Mutation[] }
  | { op: 'payload'; mutations: Mutation[] }
  | { op: 'signature-flip'; bit: number }
  | { op: 'signature-truncate'; at: number }
  | { op: 'signature-replace'; with: 'empty' | 'attacker' | 'random'; random: Uint8Array }
  | { op: 'text'; edit: StringEdit }
  | {
      op: 'segments'
      change: 'drop-last' | 'add' | 'swap-header-payload' | 'double-dot' | 'attacker-header' | 'attacker-payload'
    }
  | { op: 'alg'; alg: string; signature: 'empty' | 'keep' | 'hmac-public-bytes' | 'hmac-public-jwk' }

export function jwtMutations(context: JwtContext): fc.Arbitrary<JwtMutation[]> {
  const mutation: fc.Arbitrary<JwtMutation> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('header' as const),
        mutations: mutations(context.headerContext, { maxLength: 2, proofWeight: 0 }),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        op: fc.constant('payload' as const),
        mutations: mutations(context.payloadContext, { maxLength: 2, proofWeight: 0 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('signature-flip' as const), bit: fc.nat({ max: 64 * 8 - 1 }) }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('signature-truncate' as const), at: fc.nat({ max: 90 }) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('signature-replace' as const),
        with: fc.constantFrom('empty' as const, 'attacker' as const, 'random' as const),
        random: fc.uint8Array({ maxLength: 80 }),
      }),
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('text' as const), edit: stringEdit }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('segments' as const),
        change: fc.constantFrom(
          'drop-last' as const,
          'add' as const,
          'swap-header-payload' as const,
          'double-dot' as const,
          'attacker-header' as const,
          'attacker-payload' as const,
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('alg' as const),
        alg: fc.constantFrom('none', 'None', 'HS256', 'HS512', 'RS256', 'ES256', 'ES256K', 'EdDSA', 'Ed25519', ''),
        signature: fc.constantFrom(
          'empty' as const,
          'keep' as const,
          'hmac-public-bytes' as const,
          'hmac-public-jwk' as const,
        ),
      }),
    },
  )
  return fc.array(mutation, { minLength: 1, maxLength: 3 })
}

/** Applies JWT mutations in order to the genuine token. */
export function applyJwtMutations(context: JwtContext, list: readonly JwtMutation[]): string {
  let token = context.token
  for (const mutation of list) {
    const parts = token.split('.')
    const [h = '', p = '', s = ''] = parts
    switch (mutation.op) {
      case 'header':
        token = [
          b64uJson(applyMutations(decodeSegment(h), mutation.mutations, context.headerContext)),
          ...parts.slice(1),
        ].join('.')
        break
      case 'payload':
        token = [
          h,
          b64uJson(applyMutations(decodeSegment(p), mutation.mutations, context.payloadContext)),
          ...parts.slice(2),
        ].join('.')
        break
      case 'signature-flip': {
        const bytes = Buffer.from(s, 'base64url')
        if (bytes.length === 0) break
        const bit = mutation.bit % (bytes.length * 8)
        bytes[bit >> 3]! ^= 1 << (bit & 7)
        token = [h, p, b64u(bytes), ...parts.slice(3)].join('.')
        break
      }
      case 'signature-truncate':
        token = [h, p, s.slice(0, mutation.at % (s.length + 1)), ...parts.slice(3)].join('.')
        break
      case 'signature-replace': {
        const replacement =
          mutation.with === 'empty'
            ? ''
            : mutation.with === 'attacker'
              ? context.attackerToken.split('.')[2]!
              : b64u(mutation.random)
        token = [h, p, replacement, ...parts.slice(3)].join('.')
        break
      }
      case 'text':
        token = applyStringEdit(token, mutation.edit)
        break
      case 'segments': {
        const [ah, ap] = context.attackerToken.split('.') as [string, string]
        const changed: Record<typeof mutation.change, string> = {
          'drop-last': parts.slice(0, -1).join('.'),
          add: `${token}.${s}`,
          'swap-header-payload': [p, h, ...parts.slice(2)].join('.'),
          'double-dot': `${h}..${p}.${s}`,
          'attacker-header': [ah, ...parts.slice(1)].join('.'),
          'attacker-payload': [h, ap, ...parts.slice(2)].join('.'),
        }
        token = changed[mutation.change]
        break
      }
      case 'alg': {
        const header = decodeSegment(h)
        const newHeader = b64uJson({
          ...(isContainer(header) && !Array.isArray(header) ? header : {}),
          alg: mutation.alg,
        })
        const input = `${newHeader}.${p}`
        const signature =
          mutation.signature === 'empty'
            ? ''
            : mutation.signature === 'keep'
              ? s
              : createHmac(
                  'sha256',
                  mutation.signature === 'hmac-public-bytes'
                    ? context.publicKeyBytes
                    : Buffer.from(context.publicJwkText),
                )
                  .update(input)
                  .digest('base64url')
        token = `${input}.${signature}`
        break
      }
    }
  }
  return token
}

/** The oracle for a verified VC-JWT: only the genuine token's header and payload with its signature bytes verify. */
export function jwtForgeryOf(verified: boolean, token: string | undefined, genuine: string): string | undefined {
  if (!verified) return undefined
  if (token === undefined) return 'verified, but no token could be found in the input'
  const [h, p, s, ...rest] = token.trim().split('.')
  const [gh, gp, gs] = genuine.split('.') as [string, string, string]
  if (rest.length > 0 || h !== gh || p !== gp)
    return `verified, but the token's signed header and payload are not the genuine ones: ${token.slice(0, 200)}`
  if (!Buffer.from(s ?? '', 'base64url').equals(Buffer.from(gs, 'base64url')))
    return 'verified, but the signature is not the genuine signature'
  return undefined
}

/** Random compact-JWS-shaped strings: base64url segments (random bytes, random JSON, or nothing) joined by dots. */
export const jwtLike: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/),
      fc.jsonValue({ maxDepth: 2 }).map(b64uJson),
      fc
        .record(
          {
            alg: fc.constantFrom('EdDSA', 'none', 'HS256', 'ES256', 'RS256'),
            kid: fc.oneof(
              fc.constantFrom(
                'did:key:z6Mk#z6Mk',
                'did:web:evil.example#k',
                'https://evil.example/k',
                '../../etc/passwd',
              ),
              fc.string(),
            ),
            typ: fc.constantFrom('JWT', 'vc+jwt', 'vc+ld+jwt'),
          },
          { requiredKeys: [] },
        )
        .map(b64uJson),
      fc.uint8Array({ maxLength: 80 }).map(b64u),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((segments) => segments.join('.'))

// ---------------------------------------------------------------------------------------------------------------
// PNG images

/** One chunk's bytes (length, type, data, CRC), with a valid CRC unless `badCrc`. */
export function pngChunk(type: string, data: Uint8Array, badCrc = false): Buffer {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type.padEnd(4, ' ').slice(0, 4), 4, 'latin1')
  Buffer.from(data).copy(out, 8)
  out.writeUInt32BE((crc32(out.subarray(4, 8 + data.length)) ^ (badCrc ? 1 : 0)) >>> 0, 8 + data.length)
  return out
}

/** The data of an OB 3.0 iTXt chunk (keyword openbadgecredential), optionally compressed. */
export function credentialItxt(
  text: string | Uint8Array,
  compressed = false,
  keyword = 'openbadgecredential',
): Uint8Array {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text)
  return Buffer.concat([
    Buffer.from(`${keyword}\0`, 'latin1'),
    Buffer.from([compressed ? 1 : 0, 0, 0, 0]),
    compressed ? deflateSync(body) : body,
  ])
}

interface ChunkSpan {
  offset: number
  end: number
  type: string
}

/** The chunks of a PNG, read leniently (stops at the first chunk that does not fit). */
function chunkSpans(png: Uint8Array): ChunkSpan[] {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength)
  const out: ChunkSpan[] = []
  let offset = 8
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset)
    const end = offset + 12 + length
    if (end > bytes.length) break
    out.push({ offset, end, type: bytes.subarray(offset + 4, offset + 8).toString('latin1') })
    offset = end
  }
  return out
}

/** What the PNG mutations draw on. */
export interface PngContext {
  /** Texts for a new credential chunk: mutated credentials, the genuine JWT, random text. */
  credentialText: (mutations: readonly Mutation[]) => string
  /** A compressed iTXt credential whose text inflates far past the credential size cap. */
  bomb: () => Uint8Array
}

export type PngMutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'truncate'; at: number }
  | { op: 'append'; bytes: Uint8Array }
  | { op: 'insert-chunk'; before: number; type: string; data: Uint8Array; badCrc: boolean }
  | { op: 'credential-chunk'; before: number; mutations: Mutation[]; compressed: boolean; replace: boolean }
  | { op: 'flip-in-chunk'; chunk: number; at: number; bit: number }
  | { op: 'drop-chunk'; chunk: number }
  | { op: 'duplicate-chunk'; chunk: number }
  | { op: 'length-field'; chunk: number; value: number }
  | { op: 'bomb'; before: number }

export function pngMutations(mutationArbitrary: fc.Arbitrary<Mutation[]>): fc.Arbitrary<PngMutation[]> {
  const chunkType = fc.oneof(
    fc.constantFrom('iTXt', 'tEXt', 'zTXt', 'IHDR', 'IDAT', 'IEND', 'PLTE', 'acTL', 'eXIf', 'abcd', '\0\0\0\0'),
    fc.string({ unit: 'binary-ascii', minLength: 4, maxLength: 4 }),
  )
  const chunkData = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc
      .constantFrom(
        'openbadgecredential',
        'openbadges',
        'openbadgecredential\0\0\0\0\0{}',
        'openbadgecredential\0\x01\0\0\0xyz',
        'openbadges\0{"@context":"https://w3id.org/openbadges/v2"}',
      )
      .map((t) => new Uint8Array(Buffer.from(t, 'latin1'))),
  )
  const mutation: fc.Arbitrary<PngMutation> = fc.oneof(
    // Raw byte edits mostly break a CRC (the image is then refused as a whole); chunk-level edits keep the image
    // intact and change what is in it, so they weigh more.
    { weight: 2, arbitrary: fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('append' as const),
        bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('insert-chunk' as const),
        before: fc.nat(),
        type: chunkType,
        data: chunkData,
        badCrc: fc.boolean(),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        op: fc.constant('credential-chunk' as const),
        before: fc.nat(),
        mutations: mutationArbitrary,
        compressed: fc.boolean(),
        replace: fc.constantFrom(true, true, true, false),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        op: fc.constant('flip-in-chunk' as const),
        chunk: fc.nat(),
        at: fc.nat(),
        bit: fc.nat({ max: 7 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('drop-chunk' as const), chunk: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate-chunk' as const), chunk: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('length-field' as const),
        chunk: fc.nat(),
        value: fc.oneof(fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff), fc.nat()),
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('bomb' as const), before: fc.nat() }) },
  )
  return fc.array(mutation, { minLength: 1, maxLength: 2 })
}

/** Applies PNG mutations in order to a copy of `png`. Chunk-level edits recompute the CRC (an intact image with other content). */
export function applyPngMutations(png: Uint8Array, list: readonly PngMutation[], context: PngContext): Uint8Array {
  let bytes = Buffer.from(png)
  const insertAt = (before: number, chunk: Uint8Array): void => {
    const spans = chunkSpans(bytes)
    const offset = spans.length === 0 ? Math.min(8, bytes.length) : spans[before % spans.length]!.offset
    bytes = Buffer.concat([bytes.subarray(0, offset), chunk, bytes.subarray(offset)])
  }
  for (const mutation of list) {
    const spans = chunkSpans(bytes)
    const span = (index: number): ChunkSpan | undefined =>
      spans.length === 0 ? undefined : spans[index % spans.length]
    switch (mutation.op) {
      case 'flip':
        if (bytes.length > 0) bytes[mutation.at % bytes.length]! ^= 1 << mutation.bit
        break
      case 'truncate':
        bytes = bytes.subarray(0, mutation.at % (bytes.length + 1))
        break
      case 'append':
        bytes = Buffer.concat([bytes, mutation.bytes])
        break
      case 'insert-chunk':
        insertAt(mutation.before, pngChunk(mutation.type, mutation.data, mutation.badCrc))
        break
      case 'credential-chunk': {
        if (mutation.replace) {
          const existing = spans.find(
            (s) =>
              s.type === 'iTXt' &&
              bytes
                .subarray(s.offset + 8, s.offset + 8 + 20)
                .toString('latin1')
                .startsWith('openbadgecredential\0'),
          )
          if (existing !== undefined)
            bytes = Buffer.concat([bytes.subarray(0, existing.offset), bytes.subarray(existing.end)])
        }
        insertAt(
          mutation.before,
          pngChunk('iTXt', credentialItxt(context.credentialText(mutation.mutations), mutation.compressed)),
        )
        break
      }
      case 'flip-in-chunk': {
        const s = span(mutation.chunk)
        if (s === undefined || s.end - s.offset <= 12) break
        const dataLength = s.end - s.offset - 12
        bytes[s.offset + 8 + (mutation.at % dataLength)]! ^= 1 << mutation.bit
        bytes.writeUInt32BE(crc32(bytes.subarray(s.offset + 4, s.end - 4)) >>> 0, s.end - 4)
        break
      }
      case 'drop-chunk': {
        const s = span(mutation.chunk)
        if (s !== undefined) bytes = Buffer.concat([bytes.subarray(0, s.offset), bytes.subarray(s.end)])
        break
      }
      case 'duplicate-chunk': {
        const s = span(mutation.chunk)
        if (s !== undefined)
          bytes = Buffer.concat([bytes.subarray(0, s.end), bytes.subarray(s.offset, s.end), bytes.subarray(s.end)])
        break
      }
      case 'length-field': {
        const s = span(mutation.chunk)
        if (s !== undefined) bytes.writeUInt32BE(mutation.value >>> 0, s.offset)
        break
      }
      case 'bomb':
        insertAt(mutation.before, pngChunk('iTXt', context.bomb()))
        break
    }
  }
  return new Uint8Array(bytes)
}

// ---------------------------------------------------------------------------------------------------------------
// SVG images

/** XML fragments that break or bend an SVG and its baked credential element. */
export const XML_FRAGMENTS: readonly string[] = [
  '<',
  '>',
  '&',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x110000;',
  '&undefined;',
  ']]>',
  '<![CDATA[',
  '<!-- ',
  ' -->',
  '"',
  "'",
  '<openbadges:credential>',
  '</openbadges:credential>',
  '<openbadges:credential verify="a.b.c"/>',
  '<openbadges:credential xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><![CDATA[{}]]></openbadges:credential>',
  '<openbadges:assertion xmlns:openbadges="http://openbadges.org" verify="https://evil.example/assertion"/>',
  '<x:credential xmlns:x="https://purl.imsglobal.org/ob/v3p0"/>',
  '</svg>',
  '<svg>',
  '<g>',
  '</g>',
  '<?xml version="1.0"?>',
  '<?xml version="1.0" encoding="ISO-8859-1"?>',
  '<?xml version="1.0" encoding="UTF-16"?>',
  '<?pi data?>',
  '<!DOCTYPE svg [<!ENTITY e "x">]>',
  '<!DOCTYPE svg SYSTEM "file:///etc/passwd">',
  '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  '&e;',
  '&xxe;',
  ' xmlns:openbadges="http://openbadges.org"',
  ' xmlns="urn:other"',
  ' verify="eyJhbGciOiJFZERTQSJ9.e30.c2ln"',
  '\uFEFF',
  '\u0000',
  '\uD800',
  '\r\n',
  '\t',
  '🧪',
]

/** A small "billion laughs": nested entities that would expand to ~10^5 characters if anything expanded them. */
export const ENTITY_BOMB_DOCTYPE = `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">${['b', 'c', 'd', 'e'].map((name, i) => `<!ENTITY ${name} "${`&${'abcde'[i]};`.repeat(10)}">`).join('')}]>`

export type SvgMutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'truncate'; at: number }
  | { op: 'credential'; mutations: Mutation[] }
  | { op: 'entity-bomb' }

export function svgMutations(mutationArbitrary: fc.Arbitrary<Mutation[]>): fc.Arbitrary<SvgMutation[]> {
  const mutation: fc.Arbitrary<SvgMutation> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        op: fc.constant('insert' as const),
        at: fc.nat(),
        text: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...XML_FRAGMENTS) },
          { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('delete' as const),
        at: fc.nat(),
        length: fc.integer({ min: 1, max: 40 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('duplicate' as const),
        at: fc.nat(),
        length: fc.integer({ min: 1, max: 200 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('credential' as const), mutations: mutationArbitrary }) },
    { weight: 1, arbitrary: fc.constant({ op: 'entity-bomb' as const }) },
  )
  return fc.array(mutation, { minLength: 1, maxLength: 3 })
}

/** Applies SVG mutations in order. `credentialText` gives the JSON to put in place of the baked credential's. */
export function applySvgMutations(
  svg: string,
  list: readonly SvgMutation[],
  credentialText: (mutations: readonly Mutation[]) => string,
): string {
  let text = svg
  const at = (index: number) => (text.length === 0 ? 0 : index % (text.length + 1))
  for (const mutation of list) {
    switch (mutation.op) {
      case 'insert':
        text = text.slice(0, at(mutation.at)) + mutation.text + text.slice(at(mutation.at))
        break
      case 'delete':
        text = text.slice(0, at(mutation.at)) + text.slice(at(mutation.at) + mutation.length)
        break
      case 'duplicate': {
        const from = at(mutation.at)
        text =
          text.slice(0, from + mutation.length) +
          text.slice(from, from + mutation.length) +
          text.slice(from + mutation.length)
        break
      }
      case 'truncate':
        text = text.slice(0, at(mutation.at))
        break
      case 'credential': {
        const start = text.indexOf('<![CDATA[')
        const end = text.indexOf(']]>', start)
        if (start >= 0 && end > start)
          text = `${text.slice(0, start + 9)}${credentialText(mutation.mutations)}${text.slice(end)}`
        break
      }
      case 'entity-bomb': {
        const root = text.indexOf('<svg')
        if (root >= 0)
          text = `${text.slice(0, root)}${ENTITY_BOMB_DOCTYPE}${text.slice(root).replace('<title>', '<title>&e;')}`
        break
      }
    }
  }
  return text
}

export type SvgEncoding = 'text' | 'utf8' | 'utf8-bom' | 'utf16le-bom' | 'utf16be-bom'

export const svgEncoding: fc.Arbitrary<SvgEncoding> = fc.constantFrom(
  'text',
  'utf8',
  'utf8-bom',
  'utf16le-bom',
  'utf16be-bom',
)

export function encodeSvg(text: string, encoding: SvgEncoding): string | Uint8Array {
  switch (encoding) {
    case 'text':
      return text
    case 'utf8':
      return new Uint8Array(Buffer.from(text, 'utf8'))
    case 'utf8-bom':
      return new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))
    case 'utf16le-bom':
      return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
    case 'utf16be-bom': {
      const le = Buffer.from(text, 'utf16le')
      return new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]))
    }
  }
}

/** Random SVG-ish XML: a prolog, then a tree of SVG and baked-credential elements, text, CDATA, comments and entities. */
export function svgIsh(credentialJson: string, token: string): fc.Arbitrary<string> {
  const name = fc.constantFrom(
    'svg',
    'g',
    'title',
    'text',
    'openbadges:credential',
    'openbadges:assertion',
    'ob:credential',
    'foreignObject',
    'svg:svg',
    'x',
  )
  const attribute = fc.oneof(
    fc.constantFrom(
      'xmlns="http://www.w3.org/2000/svg"',
      'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"',
      'xmlns:openbadges="http://openbadges.org"',
      'xmlns:ob="https://purl.imsglobal.org/ob/v3p0"',
      `verify="${token}"`,
      'verify="a.b.c"',
      'verify=""',
      'viewBox="0 0 1 1"',
      'id="x"',
      'id="x"',
    ),
    fc.tuple(fc.stringMatching(/^[a-z:]{1,8}$/), fc.string({ maxLength: 10 })).map(
      ([k, v]) =>
        `${k}="${v
          .replace(/"/g, '&quot;')
          .replace(/</g, '&lt;')
          .replace(/&(?!quot;|lt;)/g, '&amp;')}"`,
    ),
  )
  const leaf = fc.oneof(
    fc.string({ maxLength: 20 }).map((t) => t.replace(/[<&]/g, ' ')),
    fc.constantFrom(
      `<![CDATA[${credentialJson}]]>`,
      '<![CDATA[{}]]>',
      '<![CDATA[]]>',
      '<!-- c -->',
      '&amp;',
      '&e;',
      '&#x41;',
      '<?pi x?>',
      token,
    ),
    fc.jsonValue({ maxDepth: 2 }).map((v) => `<![CDATA[${JSON.stringify(v)}]]>`),
  )
  const { tree } = fc.letrec<{ tree: string; element: string }>((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('element')),
    element: fc
      .tuple(name, fc.array(attribute, { maxLength: 3 }), fc.array(tie('tree'), { maxLength: 4 }), fc.boolean())
      .map(([tag, attrs, children, selfClosing]) =>
        selfClosing && children.length === 0
          ? `<${tag}${attrs.map((a) => ` ${a}`).join('')}/>`
          : `<${tag}${attrs.map((a) => ` ${a}`).join('')}>${children.join('')}</${tag}>`,
      ),
  }))
  const prolog = fc.constantFrom(
    '',
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '\uFEFF<?xml version="1.0"?>',
    '<!DOCTYPE svg [<!ENTITY e "x">]>',
    ENTITY_BOMB_DOCTYPE,
    '  \n',
  )
  const randomTree = fc
    .tuple(prolog, tree, fc.boolean())
    .map(([head, body, wrap]) =>
      wrap
        ? `${head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">${body}</svg>`
        : `${head}${body.startsWith('<') ? body : `<${body}`}`,
    )
  // Near misses of a baked SVG: an <svg> root with one credential element, whose name, namespace, attributes and
  // content vary (the genuine JSON or token, escaped or in CDATA, random JSON, entities), among random siblings.
  const escaped = credentialJson.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const content = fc.oneof(
    fc.constantFrom(
      `<![CDATA[${credentialJson}]]>`,
      escaped,
      ` \n<![CDATA[${credentialJson}]]>\n `,
      `<![CDATA[${credentialJson.slice(0, 100)}]]><![CDATA[${credentialJson.slice(100)}]]>`,
      `<![CDATA[${credentialJson}]]><![CDATA[{}]]>`,
      '',
      '&e;',
      `<![CDATA[${token}]]>`,
      `<g/><![CDATA[${credentialJson}]]>`,
    ),
    fc.jsonValue({ maxDepth: 2 }).map((v) => `<![CDATA[${JSON.stringify(v)}]]>`),
  )
  const credentialElement = fc
    .tuple(
      fc.constantFrom(
        'openbadges:credential',
        'openbadges:Credential',
        'ob:credential',
        'credential',
        'openbadges:assertion',
      ),
      fc.constantFrom(
        '',
        ` verify="${token}"`,
        ' verify=""',
        ' verify="a.b.c"',
        ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"',
        ' xmlns:openbadges="http://openbadges.org"',
      ),
      content,
    )
    .map(([tag, attrs, body]) => `<${tag}${attrs}>${body}</${tag}>`)
  const nearMiss = fc
    .tuple(
      prolog,
      fc.constantFrom(
        'xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"',
        'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"',
        'xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"',
        'xmlns="http://www.w3.org/2000/svg"',
      ),
      fc.array(credentialElement, { minLength: 1, maxLength: 2 }),
      fc.array(
        leaf.filter((l) => l.startsWith('<')),
        { maxLength: 2 },
      ),
    )
    .map(
      ([head, namespaces, elements, siblings]) =>
        `${head}<svg ${namespaces}>${siblings.join('')}${elements.join('')}</svg>`,
    )
  return fc.oneof(randomTree, nearMiss)
}
