/**
 * The fast JSON-LD -> RDF path (src/rdf/) against the reference path (jsonld.js safe mode + rdf-canonize, what the
 * Digital Bazaar cryptosuites run): on every spec example, validator fixture and test vector, and on a few hundred
 * generated EU micro-credentials (their proofs too, against the Digital Bazaar stack) and mutated copies, the fast
 * path either declines or produces the same canonical N-Quads, and the safe-mode check flags exactly what
 * jsonld.js safe mode rejects. `npm run bench -- --differential` runs the generated part with 10,000 seeds.
 */
import { describe, expect, it } from 'vitest'
import { createDocumentLoader, createMicroCredential, type DocumentLoader } from '../../src/index.js'
import { defaultDocumentLoader } from '../../src/context/loader.js'
import { contextCacheFor } from '../../src/rdf/active-context.js'
import { fastToRdf } from '../../src/rdf/to-rdf.js'
import { differentialKey, documentsOf, emptyTally, tallyDocument, tallySeed } from '../helpers/differential.js'
import { jsonFiles, readJson } from '../helpers/files.js'
import { edgeCaseDocuments, randomInput, seededRandom } from '../helpers/random-credentials.js'

const CORPORA = [
  'test/vectors/spec/',
  'test/vectors/test-vectors/',
  'test/vectors/validator-fixtures/ob30/',
  'test/vectors/validator-fixtures/clr20/',
]
/** Generated cases in CI; the benchmark's --differential mode runs 10,000. */
const SEEDS = 300

describe('fast RDF path: differential against jsonld.js + rdf-canonize', () => {
  it('agrees on every spec example, validator fixture and test vector, and takes the fast path on most', async () => {
    const tally = emptyTally()
    for (const folder of CORPORA) {
      for (const file of jsonFiles(folder)) {
        const credential = readJson(`${folder}${file}`)
        for (const { label, document } of documentsOf(credential))
          await tallyDocument(tally, `${folder}${file} ${label}`, document, defaultDocumentLoader)
        // The signed test vectors carry a `_note` member that is not part of what was signed.
        if ('_note' in credential) {
          const { _note: _n, ...signed } = credential
          for (const { label, document } of documentsOf(signed))
            await tallyDocument(tally, `${folder}${file} ${label} (without _note)`, document, defaultDocumentLoader)
        }
      }
    }
    // Found in review: nulls in scoped contexts (a reset leaves nothing to revert to), and a property redefined as a
    // @graph container by its own scoped context (jsonld.js then drops a node with only @id, and safe mode rejects it).
    const E = 'http://ex.org/'
    const reviewed: [string, object][] = [
      [
        'type-scoped null',
        { '@context': { T: { '@id': `${E}T`, '@context': null }, q: `${E}q` }, '@type': 'T', [`${E}r`]: { q: 'v' } },
      ],
      [
        'type-scoped [null, {...}]',
        {
          '@context': { T: { '@id': `${E}T`, '@context': [null, { q: `${E}q2`, r: `${E}r` }] }, q: `${E}q` },
          '@type': 'T',
          r: { q: 'v' },
        },
      ],
      [
        'property-scoped [null, {...}] under a type-scoped context',
        {
          '@context': {
            T: {
              '@id': `${E}T`,
              '@context': { p: { '@id': `${E}p`, '@context': [null, { q: `${E}q2`, s: `${E}s` }] } },
            },
            q: `${E}q`,
          },
          '@type': 'T',
          '@id': `${E}a`,
          p: { q: 'v', s: { q: 'w' } },
        },
      ],
      [
        'property-scoped null',
        { '@context': { p: { '@id': `${E}p`, '@context': null }, q: `${E}q` }, '@id': `${E}a`, p: { [`${E}x`]: 'v' } },
      ],
      [
        'a term redefined as a @graph container by its own scoped context',
        {
          '@context': { p: { '@id': `${E}p`, '@context': { p: { '@id': `${E}p`, '@container': '@graph' } } } },
          '@id': `${E}s`,
          p: { '@id': `${E}o` },
        },
      ],
      [
        "the same, by the node's embedded context",
        {
          '@context': { p: `${E}p` },
          '@id': `${E}s`,
          p: { '@context': { p: { '@id': `${E}p`, '@container': '@graph' } }, '@id': `${E}o` },
        },
      ],
    ]
    for (const [label, document] of reviewed)
      await tallyDocument(tally, `reviewed: ${label}`, document, defaultDocumentLoader)

    // Edge cases on a generated EU micro-credential and on 1EdTech's complete OB 3.0 example.
    for (const [name, credential] of [
      ['generated', createMicroCredential(randomInput(seededRandom(7)))],
      ['ob30 complete.json', readJson('test/vectors/validator-fixtures/ob30/complete.json')],
    ] as const) {
      for (const { label, document } of edgeCaseDocuments(credential))
        await tallyDocument(tally, `${name}: ${label}`, document, defaultDocumentLoader)
    }
    expect(tally.problems).toEqual([])
    expect(tally.documents).toBeGreaterThan(60)
    // The corpora are mostly OB 3.0 credentials the fast path handles; a regression that declines everything fails here.
    expect(tally.fast).toBeGreaterThan(tally.documents / 2)
  }, 120_000)

  it(`agrees on ${SEEDS} generated EU micro-credentials, their proofs and their mutations`, async () => {
    const tally = emptyTally()
    const key = await differentialKey()
    for (let seed = 1; seed <= SEEDS; seed++) await tallySeed(tally, seed, key, defaultDocumentLoader)
    expect(tally.problems).toEqual([])
    expect(tally.proofs).toBeGreaterThanOrEqual(SEEDS)
    // The mutations send many documents to the general path: both paths are exercised.
    expect(tally.general).toBeGreaterThan(SEEDS / 4)
    expect(tally.fast).toBeGreaterThan(SEEDS * 2)
  }, 300_000)

  it('declines, with a reason, what it does not handle', async () => {
    const base = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: 'VerifiableCredential',
      issuer: 'did:example:1',
      credentialSubject: { id: 'did:example:2' },
    }
    const cases: [string, object, RegExp][] = [
      ['an undefined term', { ...base, gpa: '3.9' }, /term "gpa"/],
      ['a relative @id', { ...base, id: 'relative' }, /does not expand to an absolute IRI/],
      ['a blank node @id', { ...base, id: '_:b0' }, /does not expand to an absolute IRI/],
      ['a value object', { ...base, name: { '@value': 'x', '@language': 'fr' } }, /value object|@value/],
      [
        '@vocab',
        { ...base, '@context': [...base['@context'], { '@vocab': 'https://example.org/#' }], gpa: '3.9' },
        /term "gpa"/,
      ],
      [
        'a language default',
        { ...base, '@context': [...base['@context'], { '@language': 'de' }], name: 'x' },
        /language or direction default/,
      ],
      ['an array inside an array', { ...base, type: [['VerifiableCredential']] }, /not a string/],
      ['an empty node object', { ...base, credentialSubject: {} }, /empty node object/],
      ['a top-level node with only @id', { '@context': base['@context'], id: 'urn:x' }, /only @id/],
      [
        'a @json value',
        {
          ...base,
          '@context': [...base['@context'], { data: { '@id': 'https://example.org/data', '@type': '@json' } }],
          data: { a: 1 },
        },
        /@type @json/,
      ],
      [
        'a language map',
        {
          ...base,
          '@context': [
            ...base['@context'],
            { names: { '@id': 'https://example.org/names', '@container': '@language' } },
          ],
          names: { en: 'x' },
        },
        /@language container/,
      ],
      [
        'the @list keyword',
        { ...base, '@context': [...base['@context'], { seq: 'https://example.org/seq' }], seq: { '@list': ['a'] } },
        /@list/,
      ],
      [
        'a list of lists',
        {
          ...base,
          '@context': [...base['@context'], { seq: { '@id': 'https://example.org/seq', '@container': '@list' } }],
          seq: [['a']],
        },
        /array inside an array/,
      ],
      [
        'an unknown context',
        { ...base, '@context': [...base['@context'], 'https://example.org/unknown-context'] },
        /context processing failed/,
      ],
      [
        'a context with @propagate',
        { ...base, '@context': [...base['@context'], { '@propagate': true }] },
        /@propagate/,
      ],
      ['a non-object document', [base], /not a JSON object/],
      [
        'a node with more inline contexts than one document may bring',
        {
          ...base,
          '@context': [...base['@context'], { child: 'https://example.org/child' }],
          credentialSubject: nestedWithContexts(40),
        },
        /too many contexts/,
      ],
      [
        'a too deeply nested document',
        {
          ...base,
          '@context': [...base['@context'], { child: 'https://example.org/child' }],
          credentialSubject: nested(80),
        },
        /too deeply nested/,
      ],
    ]
    for (const [what, document, reason] of cases) {
      const result = await fastToRdf(document, defaultDocumentLoader)
      expect('unsupported' in result ? result.unsupported : 'handled', what).toMatch(reason)
    }
  })

  it('recognises an inline context by its content: a document changed after it was processed gets the new terms', async () => {
    const loader = createDocumentLoader()
    const inline: Record<string, string> = { gpa: 'https://example.org/first#gpa' }
    const document = {
      '@context': ['https://www.w3.org/ns/credentials/v2', inline],
      type: 'VerifiableCredential',
      issuer: 'did:example:1',
      credentialSubject: { id: 'did:example:2', gpa: '3.9' },
    }
    expect(predicatesOf(await fastToRdf(document, loader))).toContain('https://example.org/first#gpa')
    inline['gpa'] = 'https://example.org/second#gpa'
    const changed = predicatesOf(await fastToRdf(document, loader))
    expect(changed).toContain('https://example.org/second#gpa')
    expect(changed).not.toContain('https://example.org/first#gpa')
    // An equal context in a new object (every parsed document brings one) is the one processed before.
    const copy = JSON.parse(JSON.stringify(document)) as typeof document
    expect(predicatesOf(await fastToRdf(copy, loader))).toContain('https://example.org/second#gpa')
  })

  it('declines inline contexts it cannot keep (not plain JSON, over 64 KiB) and keeps the 16 most recently used of one outline', async () => {
    const loader = createDocumentLoader()
    const cache = contextCacheFor(loader)
    const withContext = (context: object): object => ({
      '@context': ['https://www.w3.org/ns/credentials/v2', context],
      type: 'VerifiableCredential',
      issuer: 'did:example:1',
      credentialSubject: { id: 'did:example:2', gpa: '3.9' },
    })
    const reasonOf = async (document: object): Promise<string> => {
      const result = await fastToRdf(document, loader)
      return 'quads' in result ? 'handled' : result.unsupported
    }
    expect(await reasonOf(withContext({ gpa: 'https://example.org/gpa', when: new Date(0) }))).toBe(
      'a context that is not plain JSON',
    )
    expect(await reasonOf(withContext({ gpa: `https://example.org/${'a'.repeat(70_000)}` }))).toBe(
      'an inline context over 64 KiB',
    )
    // Same member names, other values: one outline. Every one is handled (and right); the oldest are forgotten.
    for (let i = 0; i < 20; i++) {
      const result = await fastToRdf(withContext({ gpa: `https://example.org/${i}#gpa` }), loader)
      expect(predicatesOf(result)).toContain(`https://example.org/${i}#gpa`)
    }
    // The 16 most recent (4 to 19) are still recognised: nothing is processed again...
    const processed = cache.processedCount
    for (let i = 19; i >= 4; i--)
      expect(await reasonOf(withContext({ gpa: `https://example.org/${i}#gpa` }))).toBe('handled')
    expect(cache.processedCount).toBe(processed)
    // ...while one of the first 4 was evicted, so it is processed again (and right).
    expect(predicatesOf(await fastToRdf(withContext({ gpa: 'https://example.org/0#gpa' }), loader))).toContain(
      'https://example.org/0#gpa',
    )
    expect(cache.processedCount).toBeGreaterThan(processed)
  })

  it('keeps processed contexts per document loader, so a loader with other contexts gets its own', async () => {
    const term = (iri: string): DocumentLoader =>
      createDocumentLoader({ contexts: { 'https://example.org/ctx': { '@context': { gpa: iri } } } })
    const document = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://example.org/ctx'],
      type: 'VerifiableCredential',
      issuer: 'did:example:1',
      credentialSubject: { id: 'did:example:2', gpa: '3.9' },
    }
    const first = await fastToRdf(document, term('https://example.org/a#gpa'))
    const second = await fastToRdf(document, term('https://example.org/b#gpa'))
    expect(predicatesOf(first)).toContain('https://example.org/a#gpa')
    expect(predicatesOf(second)).toContain('https://example.org/b#gpa')
    expect(predicatesOf(second)).not.toContain('https://example.org/a#gpa')
  })
})

function predicatesOf(result: Awaited<ReturnType<typeof fastToRdf>>): string[] {
  return 'quads' in result ? result.quads.map((quad) => quad.predicate.value) : []
}

function nestedWithContexts(depth: number): object {
  let node: Record<string, unknown> = { id: 'did:example:leaf' }
  for (let i = 0; i < depth; i++)
    node = { '@context': { [`term${i}`]: `https://example.org/term${i}` }, id: `did:example:${i}`, child: node }
  return node
}

function nested(depth: number): object {
  let node: Record<string, unknown> = { id: 'did:example:leaf' }
  for (let i = 0; i < depth; i++) node = { id: `did:example:${i}`, child: node }
  return node
}
