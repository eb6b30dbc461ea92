/**
 * Seeded random EU micro-credentials for the fast-RDF differential test: random builder inputs (every optional
 * element sometimes, unicode, control characters, lone surrogates, large texts, odd numbers), and random JSON-LD
 * mutations of the built credential, most of which the fast path must hand to jsonld.js (undefined terms,
 * relative or blank IRIs, value objects, `@vocab`, nested arrays...), some of which it handles (nulls, empty
 * arrays, repeated types, node references, extra types, numbers, values whose RDF forms collide, duplicated members).
 */
import type { MicroCredentialInput } from '../../src/index.js'
import {
  ASSESSMENT_TYPES,
  LEARNING_ACTIVITIES,
  LEARNING_SETTINGS,
  PARTICIPATION_MODES,
  QA_TYPES,
  SUPERVISION_TYPES,
} from '../../src/model/vocabularies.js'

/** A small seeded PRNG (mulberry32), so a failing case can be replayed from its seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    some: (items, max) => {
      const count = random.int(1, Math.min(max ?? items.length, items.length))
      return [...items].sort(() => next() - 0.5).slice(0, count)
    },
  }
  return random
}

export interface Random {
  next(): number
  int(min: number, max: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  some<T>(items: readonly T[], max?: number): T[]
}

const PIECES = [
  'Data',
  'Engineering',
  'für',
  'Anfänger',
  'Ærø',
  'façade',
  'naïve',
  'Ελληνικά',
  'Кириллица',
  '中文课程',
  '日本語の講座',
  'العربية',
  'עברית',
  '\u202Eevil\u202C',
  'e\u0301',
  '👩🏽‍💻',
  '🧪',
  'zero\u200Bwidth',
  '"quoted"',
  'back\\slash',
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  '\u0000nul',
  '\u0007bell',
  '\u001fus',
  '\u007fdel',
  '\uD800lone',
  'lone\uDC00',
  '\uFEFFbom',
  '<tag>',
  '{braces}',
  '&amp;',
  ' leading',
  'trailing ',
  '\u00A0nbsp',
  '\u2028line\u2029para',
]

/** Text from a mix of scripts, emoji, control characters, quotes and lone surrogates; sometimes very long. */
export function randomText(random: Random, words = 6): string {
  const length = random.chance(0.03) ? random.int(2_000, 12_000) : random.int(1, words)
  const out: string[] = []
  for (let i = 0; i < length; i++) out.push(random.pick(PIECES))
  const text = out.join(random.pick([' ', '', '\n', ' · ']))
  // The builder rejects blank titles and descriptions.
  return text.trim() === '' ? `x${text}` : text
}

const HOSTS = ['uni.example', 'academy.example', 'tu-example.de', 'xn--bcher-kva.example', '例え.jp']

function randomIri(random: Random, path: string): string {
  return `https://${random.pick(HOSTS)}/${path}/${random.int(1, 99_999)}${random.chance(0.2) ? '#frag' : ''}${random.chance(0.1) ? '?q=ä' : ''}`
}

function randomUuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`
}

function names<T extends { entries: object }>(vocabulary: T): (keyof T['entries'] & string)[] {
  return Object.keys(vocabulary.entries) as (keyof T['entries'] & string)[]
}

/** A valid builder input with random optional elements. */
export function randomInput(random: Random): MicroCredentialInput {
  const issuerId = random.chance(0.5)
    ? `did:web:${random.pick(['uni.example', 'academy.example'])}`
    : `https://${random.pick(['uni.example', 'academy.example'])}`
  const input: MicroCredentialInput = {
    issuer: { id: issuerId, name: randomText(random, 4), country: random.pick(['DE', 'FR', 'IT', ['ES', 'PT'], 'PL']) },
    learner: random.chance(0.5)
      ? { id: `did:example:${random.int(1, 1e9)}`, name: randomText(random, 3) }
      : {
          email: `learner${random.int(1, 1e6)}@example.org`,
          salt: String(random.int(1, 1e6)),
          ...(random.chance(0.5) ? { studentId: `S-${random.int(1, 1e6)}` } : {}),
        },
    title: randomText(random),
    description: randomText(random, 20),
    learningOutcomes: Array.from({ length: random.int(1, 4) }, () =>
      random.chance(0.5)
        ? randomText(random, 8)
        : {
            text: randomText(random, 8),
            escoSkills: [
              `http://data.europa.eu/esco/skill/00000000-0000-4000-8000-${String(random.int(1, 999_999_999_999)).padStart(12, '0')}`,
            ],
          },
    ),
    workload: random.pick([
      { ects: random.int(1, 30) },
      { ects: random.int(1, 60) / 2 },
      { hours: random.int(1, 900) },
      { ects: random.int(1, 10), hours: random.int(10, 300) },
    ]),
    assessment: {
      types: random.some(names(ASSESSMENT_TYPES), 3),
      ...(random.chance(0.5) ? { supervision: random.pick(names(SUPERVISION_TYPES)) } : {}),
      ...(random.chance(0.3)
        ? {
            grade: {
              value: 'B',
              scheme: {
                name: randomText(random, 3),
                passing: 'E',
                ...(random.chance(0.7)
                  ? {
                      resultType: 'LetterGrade' as const,
                      allowedValues: [
                        ...new Set(['B', 'E', ...random.some(['A', 'C', 'D', 'FX', 'F', randomText(random, 1)], 5)]),
                      ],
                    }
                  : {}),
              },
            },
          }
        : {}),
    },
    participation: random.some(names(PARTICIPATION_MODES), 2),
    qualityAssurance: Array.from({ length: random.int(1, 2) }, () => ({
      type: random.pick(names(QA_TYPES)),
      ...(random.chance(0.4) ? { agent: { id: randomIri(random, 'agencies'), name: randomText(random, 3) } } : {}),
      ...(random.chance(0.3) ? { report: randomIri(random, 'reports') } : {}),
      ...(random.chance(0.3) ? { description: randomText(random, 10) } : {}),
      ...(random.chance(0.3)
        ? { decisionDate: `20${random.int(10, 24)}-0${random.int(1, 9)}-1${random.int(0, 9)}` }
        : {}),
    })),
    issued: `20${random.int(20, 25)}-0${random.int(1, 9)}-1${random.int(0, 9)}T${random.int(10, 23)}:00:00Z`,
    ...(random.chance(0.5) ? { id: `urn:uuid:${randomUuid(random)}` } : {}),
    ...(random.chance(0.5) ? { achievementId: randomIri(random, 'courses') } : {}),
    ...(random.chance(0.5)
      ? {
          level: random.pick([
            { eqf: random.int(1, 8) as 1 },
            { eqf: 6 as const, qfEhea: 'first' as const },
            { nqf: randomText(random, 2) },
          ]),
        }
      : {}),
    ...(random.chance(0.4) ? { learningActivities: random.some(names(LEARNING_ACTIVITIES), 3) } : {}),
    ...(random.chance(0.3) ? { learningSetting: random.pick(names(LEARNING_SETTINGS)) } : {}),
    ...(random.chance(0.3) ? { prerequisites: randomText(random, 10) } : {}),
    ...(random.chance(0.3)
      ? {
          stackability: random.chance(0.5)
            ? { stackable: true, ...(random.chance(0.5) ? { partOf: [randomIri(random, 'programmes')] } : {}) }
            : { stackable: false },
        }
      : {}),
    ...(random.chance(0.3) ? { furtherInformation: randomText(random, 10) } : {}),
    ...(random.chance(0.3) ? { infoUrl: randomIri(random, 'info') } : {}),
    ...(random.chance(0.3) ? { fieldOfStudy: randomText(random, 3) } : {}),
    ...(random.chance(0.3) ? { iscedF: random.some(['0613', '0611', '0412', '0988'], 2) } : {}),
    ...(random.chance(0.3) ? { language: random.pick(['en', 'de', 'fr', 'pt-BR']) } : {}),
    ...(random.chance(0.3)
      ? {
          image: { id: randomIri(random, 'badges'), ...(random.chance(0.5) ? { caption: randomText(random, 3) } : {}) },
        }
      : {}),
    ...(random.chance(0.3)
      ? { awardingBodies: [{ id: randomIri(random, 'bodies'), name: randomText(random, 3) }] }
      : {}),
    ...(random.chance(0.2) ? { validUntil: '2031-01-01T00:00:00Z' } : {}),
    contextMode: random.chance(0.5) ? 'embedded' : 'url',
  }
  return input
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/**
 * Arrays of values whose RDF literals collide. jsonld.js's node map merges values that are `===` (0 and -0, the same
 * string twice, 2^53 and 9007199254740993) and keeps apart the others, which then give identical quads: 0, 1e-7 and
 * 5e-324 are all `"0"^^xsd:integer` (no "." in their JavaScript text, so `toFixed(0)`); -1e-7 and -5e-324 are both
 * "-0"; doubles that differ past the 16th significant digit share a `toExponential(15)` form; 5 and "5" are both "5"
 * under a typed term; `true` and "true" both "true".
 */
export const COLLIDING_VALUES: readonly (readonly Json[])[] = [
  [0, 1e-7],
  [0, -0],
  [0, 5e-324, 1e-7, 0],
  [-1e-7, -5e-324],
  [0.1, 0.10000000000000002],
  [1.5, 1.5000000000000002, 1.5],
  [1e21, 1.0000000000000001e21],
  // eslint-disable-next-line no-loss-of-precision -- 2^53 + 1 on purpose: JavaScript reads it as 2^53 (see above)
  [2 ** 53, 9007199254740993],
  [5, '5'],
  [true, 'true', true],
  ['x', 'x'],
  [3, 3, 3],
]

/** Every node object (JSON object without `@context`-only content) of `root`, with its parent array/object. */
function objectsIn(root: Json, out: Record<string, Json>[] = []): Record<string, Json>[] {
  if (Array.isArray(root)) for (const item of root) objectsIn(item, out)
  else if (root !== null && typeof root === 'object') {
    out.push(root)
    for (const [key, value] of Object.entries(root)) if (key !== '@context') objectsIn(value, out)
  }
  return out
}

/** One named JSON-LD mutation: applied in place to a deep copy. */
interface Mutation {
  name: string
  apply(document: Record<string, Json>, random: Random): void
}

/** Adds a context after the document's own (an earlier mutation may have replaced them with one object). */
function appendContext(document: Record<string, Json>, context: Json): void {
  const current = document['@context']
  document['@context'] = [...(Array.isArray(current) ? current : current === undefined ? [] : [current]), context]
}

function anyNode(document: Record<string, Json>, random: Random): Record<string, Json> {
  return random.pick(objectsIn(document))
}

function anyStringMember(document: Record<string, Json>, random: Random): [Record<string, Json>, string] | undefined {
  const candidates = objectsIn(document).flatMap((node) =>
    Object.keys(node)
      .filter((key) => key !== '@context' && typeof node[key] === 'string')
      .map((key) => [node, key] as [Record<string, Json>, string]),
  )
  return candidates.length === 0 ? undefined : random.pick(candidates)
}

const MUTATIONS: Mutation[] = [
  { name: 'undefined term', apply: (d, r) => void (anyNode(d, r)['gpaScore'] = '3.9') },
  {
    name: 'relative id',
    apply: (d, r) => void (anyNode(d, r)['id'] = r.pick(['relative/path', 'urn', '#frag', 'https://exa mple.org/x'])),
  },
  { name: 'blank node id', apply: (d, r) => void (anyNode(d, r)['id'] = '_:b7') },
  { name: 'keyword-like id', apply: (d, r) => void (anyNode(d, r)['id'] = '@foo') },
  { name: 'unicode IRI id', apply: (d, r) => void (anyNode(d, r)['id'] = 'https://例え.jp/パス/ä') },
  {
    name: 'value object',
    apply: (d, r) => {
      const m = anyStringMember(d, r)
      if (m) m[0][m[1]] = { '@value': m[0][m[1]] as string, '@language': 'fr' }
    },
  },
  {
    name: 'typed value object',
    apply: (d, r) => {
      const m = anyStringMember(d, r)
      if (m) m[0][m[1]] = { '@value': m[0][m[1]] as string, '@type': 'https://example.org/dt' }
    },
  },
  {
    name: 'vocab context',
    apply: (d) => {
      appendContext(d, { '@vocab': 'https://example.org/vocab#' })
      d['extraTerm'] = 'x'
    },
  },
  {
    name: 'undefined-terms context',
    apply: (d) => {
      appendContext(d, 'https://www.w3.org/ns/credentials/undefined-terms/v2')
      d['extraTerm'] = 'x'
    },
  },
  {
    name: 'inline term definition',
    apply: (d) => {
      appendContext(d, {
        gpaScore: { '@id': 'https://example.org/gpa', '@type': 'http://www.w3.org/2001/XMLSchema#decimal' },
      })
      d['gpaScore'] = '3.9'
    },
  },
  {
    name: 'inline language default',
    apply: (d) => {
      appendContext(d, { '@language': 'de' })
    },
  },
  {
    name: 'null value',
    apply: (d, r) => {
      const m = anyStringMember(d, r)
      if (m && m[1] !== 'id' && m[1] !== 'type') m[0][m[1]] = null
    },
  },
  {
    name: 'null in array',
    apply: (d, r) => {
      const node = anyNode(d, r)
      const key = Object.keys(node).find((k) => Array.isArray(node[k]))
      if (key) (node[key] as Json[]).push(null)
    },
  },
  {
    name: 'empty array',
    apply: (d, r) => {
      const node = anyNode(d, r)
      const key = Object.keys(node).find((k) => Array.isArray(node[k]) && k !== 'type' && k !== '@context')
      if (key) node[key] = []
    },
  },
  {
    name: 'nested array',
    apply: (d, r) => {
      const node = anyNode(d, r)
      const key = Object.keys(node).find((k) => Array.isArray(node[k]) && k !== '@context')
      if (key) node[key] = [node[key] as Json[]]
    },
  },
  {
    name: 'repeated type',
    apply: (d, r) => {
      const node = anyNode(d, r)
      const type = node['type']
      if (typeof type === 'string') node['type'] = [type, type]
      else if (Array.isArray(type)) node['type'] = [...type, ...type]
    },
  },
  {
    name: 'extra type',
    apply: (d, r) => {
      const node = anyNode(d, r)
      const type = node['type']
      node['type'] = [
        ...(Array.isArray(type) ? type : type === undefined ? [] : [type]),
        r.pick(['Profile', 'Achievement', 'https://example.org/T', 'Evidence', 'UndefinedType']),
      ]
    },
  },
  { name: 'empty object', apply: (d, r) => void (anyNode(d, r)['evidence'] = [{}]) },
  {
    name: 'node reference',
    apply: (d) => {
      const subject = d['credentialSubject'] as Record<string, Json>
      const achievement = subject['achievement'] as Record<string, Json>
      if (typeof achievement['id'] === 'string') subject['achievement'] = { id: achievement['id'] }
    },
  },
  {
    name: 'numbers',
    apply: (d, r) => {
      const subject = d['credentialSubject'] as Record<string, Json>
      const achievement = subject['achievement'] as Record<string, Json>
      achievement['creditsAvailable'] = r.pick([0, -0, 1.5, 3, 1e21, 123456789012, 0.000001, 1e-7, 2.5e-3, 7])
    },
  },
  {
    name: 'number where a string goes',
    apply: (d, r) => {
      const m = anyStringMember(d, r)
      if (m && m[1] !== 'id' && m[1] !== 'type') m[0][m[1]] = r.pick([1, 2.25, true, false, 1e21])
    },
  },
  {
    name: 'keyword key',
    apply: (d, r) =>
      void (anyNode(d, r)[r.pick(['@index', '@reverse', '@nest', '@included', '@graph', '@list'])] = 'x'),
  },
  {
    name: '@id alias key',
    apply: (d, r) => {
      const node = anyNode(d, r)
      if (typeof node['id'] === 'string') {
        node['@id'] = node['id']
        delete node['id']
      }
    },
  },
  {
    name: 'two type keys',
    apply: (d, r) => {
      const node = anyNode(d, r)
      if (node['type'] !== undefined) node['@type'] = 'https://example.org/T'
    },
  },
  {
    name: 'compact IRI value',
    apply: (d, r) => void (anyNode(d, r)['id'] = r.pick(['xsd:string', 'cred:foo', 'did:example:1', 'urn:isbn:123'])),
  },
  {
    name: 'empty string',
    apply: (d, r) => {
      const m = anyStringMember(d, r)
      if (m && m[1] !== 'type') m[0][m[1]] = ''
    },
  },
  {
    name: 'term of the enclosing type on a nested node',
    apply: (d, r) => {
      // A term a type-scoped context defines for the parent only: jsonld.js reverts that context on the child.
      const pairs = objectsIn(d).flatMap((parent) =>
        Object.values(parent)
          .flatMap((value) => (Array.isArray(value) ? value : [value]))
          .filter(
            (child): child is Record<string, Json> =>
              child !== null && typeof child === 'object' && !Array.isArray(child),
          )
          .flatMap((child) =>
            Object.keys(parent)
              .filter((key) => !['id', 'type', '@context'].includes(key) && !(key in child))
              .map((key) => [parent, child, key] as const),
          ),
      )
      if (pairs.length === 0) return
      const [parent, child, key] = r.pick(pairs)
      child[key] = structuredClone(parent[key]!)
    },
  },
  {
    name: 'embedded context in a node',
    apply: (d, r) => void (anyNode(d, r)['@context'] = { localTerm: 'https://example.org/local' }),
  },
  {
    name: 'colliding numbers',
    apply: (d, r) => {
      const subject = d['credentialSubject'] as Record<string, Json>
      const achievement = subject['achievement'] as Record<string, Json>
      achievement['creditsAvailable'] = [...r.pick(COLLIDING_VALUES)]
    },
  },
  {
    name: 'colliding values where a string goes',
    apply: (d, r) => {
      const m = anyStringMember(d, r)
      if (m && m[1] !== 'id' && m[1] !== 'type') m[0][m[1]] = [...r.pick(COLLIDING_VALUES)]
    },
  },
  {
    name: 'duplicated array member',
    apply: (d, r) => {
      const node = anyNode(d, r)
      const key = Object.keys(node).find((k) => k !== '@context' && Array.isArray(node[k]) && node[k].length > 0)
      if (key) (node[key] as Json[]).push(structuredClone((node[key] as Json[])[0]!))
    },
  },
]

/** A deep copy of `credential` with 1 or 2 random mutations, and their names. */
export function mutate(credential: object, random: Random): { document: Record<string, unknown>; mutations: string[] } {
  const document = structuredClone(credential) as Record<string, Json>
  const applied: string[] = []
  for (let i = random.int(1, 2); i > 0; i--) {
    const mutation = random.pick(MUTATIONS)
    mutation.apply(document, random)
    applied.push(mutation.name)
  }
  return { document, mutations: applied }
}

/** Numbers where jsonld.js's lexical forms are easy to get wrong (doubles, exponents, -0, huge integers). */
const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -7,
  1.5,
  0.1,
  1e-7,
  2.5e-3,
  1e20,
  1e21,
  1.7976931348623157e308,
  123456789012,
  Number.MAX_SAFE_INTEGER,
  5e-324,
]

/** Deterministic edge cases built from one credential: every edge number as a float-typed and an untyped value, booleans, control characters. */
export function edgeCaseDocuments(credential: object): { label: string; document: Record<string, unknown> }[] {
  const out: { label: string; document: Record<string, unknown> }[] = []
  const withAchievement = (label: string, change: (achievement: Record<string, Json>) => void): void => {
    const document = structuredClone(credential) as Record<string, Json>
    change((document['credentialSubject'] as Record<string, Json>)['achievement'] as Record<string, Json>)
    out.push({ label, document })
  }
  for (const value of EDGE_NUMBERS) {
    withAchievement(
      `creditsAvailable ${Object.is(value, -0) ? '-0' : value}`,
      (a) => void (a['creditsAvailable'] = value),
    )
    withAchievement(`humanCode ${Object.is(value, -0) ? '-0' : value}`, (a) => void (a['humanCode'] = value))
  }
  for (const value of [true, false]) withAchievement(`humanCode ${value}`, (a) => void (a['humanCode'] = value))
  for (const values of COLLIDING_VALUES) {
    const label = values.map((value) => (Object.is(value, -0) ? '-0' : JSON.stringify(value))).join(', ')
    withAchievement(`creditsAvailable [${label}]`, (a) => void (a['creditsAvailable'] = [...values]))
    withAchievement(`humanCode [${label}]`, (a) => void (a['humanCode'] = [...values]))
  }
  // OB 3.0 `allowedValue` is a @list container: empty, null-only, one value, values with nulls, a node object.
  for (const [label, allowed] of [
    ['empty', []],
    ['nulls', [null, null]],
    ['one string', 'A'],
    ['strings and nulls', ['A', null, 'B', 'A']],
    ['numbers', [1, 2.5, true]],
    ['a node object', [{ id: 'https://example.org/v' }]],
  ] as [string, Json][]) {
    withAchievement(
      `allowedValue ${label}`,
      (a) =>
        void (a['resultDescription'] = [
          {
            id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
            type: 'ResultDescription',
            name: 'Grade',
            resultType: 'LetterGrade',
            allowedValue: allowed,
          },
        ]),
    )
  }
  withAchievement(
    'every control character',
    (a) =>
      void (a['name'] = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f\u0085\u2028'),
  )
  withAchievement('lone surrogates', (a) => void (a['name'] = '\uD800x\uDFFF'))
  return out
}
