/**
 * The processed-context cache of the fast RDF path (src/rdf/active-context.ts), observed through how many times it
 * runs jsonld.js context processing (`processedCount`) and what it keeps (`kept`): it evicts the least recently used
 * entries, so documents bringing junk contexts cannot keep later ones out; and repeated types, many typed objects or
 * many embedded copies of one context cost no more context processing than one.
 */
import { describe, expect, it } from 'vitest'
import { createDocumentLoader, type DocumentLoader } from '../../src/index.js'
import { CONTEXT_CACHE_LIMITS, contextCacheFor } from '../../src/rdf/active-context.js'
import { fastToRdf, type FastRdfResult } from '../../src/rdf/to-rdf.js'
import { compareWithReference, referenceCanonical } from '../helpers/differential.js'
import { readJson } from '../helpers/files.js'
import * as rdfCanonize from 'rdf-canonize'

const V2 = 'https://www.w3.org/ns/credentials/v2'
const E = 'http://ex.org/'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** 1EdTech's complete OB 3.0 credential, without its proof: many node types, each with a type-scoped context. */
function complete(): Record<string, Json> {
  const { proof: _proof, ...credential } = readJson<Record<string, Json>>(
    'test/vectors/validator-fixtures/ob30/complete.json',
  )
  return credential
}

function achievementOf(credential: Record<string, Json>): Record<string, Json> {
  return (credential['credentialSubject'] as Record<string, Json>)['achievement'] as Record<string, Json>
}

/** A small credential bringing an inline context no other document has. */
function junk(i: number): object {
  return {
    '@context': [V2, { [`junk${i}`]: `https://junk.example/${i}` }],
    type: 'VerifiableCredential',
    issuer: 'did:example:1',
    credentialSubject: { id: 'did:example:2' },
  }
}

function outcomeOf(result: FastRdfResult): string {
  return 'quads' in result ? 'handled' : result.unsupported
}

async function canonical(result: FastRdfResult): Promise<string> {
  if (!('quads' in result)) throw new Error(`the fast path declined: ${result.unsupported}`)
  return rdfCanonize.canonize(result.quads, { algorithm: 'RDFC-1.0', format: 'application/n-quads' })
}

/** jsonld.js context processing runs for converting `document` with a loader of its own (nothing cached before). */
async function processingFor(
  document: object,
): Promise<{ processed: number; result: FastRdfResult; loader: DocumentLoader }> {
  const loader = createDocumentLoader()
  const result = await fastToRdf(document, loader)
  return { processed: contextCacheFor(loader).processedCount, result, loader }
}

describe('processed-context cache', () => {
  it('evicts: after junk contexts fill it, a new legitimate context combination is processed once and cached again', async () => {
    const loader = createDocumentLoader()
    const cache = contextCacheFor(loader)
    // Each junk credential leaves two entries (its context, and the VerifiableCredential type-scoped context on top).
    const outcomes = new Set<string>()
    for (let i = 0; i < CONTEXT_CACHE_LIMITS.entries; i++) outcomes.add(outcomeOf(await fastToRdf(junk(i), loader)))
    expect([...outcomes]).toEqual(['handled'])
    expect(cache.kept.entries).toBe(CONTEXT_CACHE_LIMITS.entries)

    // A credential with a context combination not seen before: processed on first use...
    const legitimate = complete()
    legitimate['@context'] = [...(legitimate['@context'] as Json[]), { gpa: 'https://uni.example/terms#gpa' }]
    ;(legitimate['credentialSubject'] as Record<string, Json>)['gpa'] = '3.9'
    const before = cache.processedCount
    const first = await fastToRdf(legitimate, loader)
    expect(outcomeOf(first)).toBe('handled')
    const processed = cache.processedCount - before
    expect(processed).toBeGreaterThan(5)
    // ...then kept: a new copy of it (as every request parses one) processes nothing.
    const second = await fastToRdf(JSON.parse(JSON.stringify(legitimate)) as object, loader)
    expect(cache.processedCount - before).toBe(processed)
    expect(await canonical(second)).toBe(await canonical(first))
    expect(await compareWithReference(legitimate, loader)).toEqual({ path: 'fast', referenceRejects: false })
    expect(cache.kept.entries).toBeLessThanOrEqual(CONTEXT_CACHE_LIMITS.entries)
  }, 120_000)

  it('keeps contexts in regular use while junk passes through', async () => {
    const loader = createDocumentLoader()
    const cache = contextCacheFor(loader)
    const regular = complete()
    expect(outcomeOf(await fastToRdf(regular, loader))).toBe('handled')
    const processedForRegular = cache.processedCount
    let junkProcessed = 0
    for (let i = 0; i < 2 * CONTEXT_CACHE_LIMITS.entries; i++) {
      const before = cache.processedCount
      await fastToRdf(junk(i), loader)
      junkProcessed += cache.processedCount - before
      if (i % 100 === 0) {
        const beforeRegular = cache.processedCount
        expect(outcomeOf(await fastToRdf(structuredClone(regular), loader))).toBe('handled')
        expect(cache.processedCount, `after ${i} junk credentials`).toBe(beforeRegular)
      }
    }
    // Every junk context was processed (none was refused for lack of room), and evicted in turn.
    expect(junkProcessed).toBe(4 * CONTEXT_CACHE_LIMITS.entries)
    expect(cache.kept.entries).toBe(CONTEXT_CACHE_LIMITS.entries)
    expect(processedForRegular).toBeGreaterThan(0)
  }, 120_000)

  it('is bounded in estimated size too: large inline contexts evict sooner, and the newest stay usable', async () => {
    const loader = createDocumentLoader()
    const cache = contextCacheFor(loader)
    // About 56 KB of JSON each (under the 64 KiB an inline context may have), 1,500 terms.
    const large = (i: number): object => ({
      '@context': [
        V2,
        Object.fromEntries(Array.from({ length: 1500 }, (_, k) => [`t${k}`, `https://large.example/${i}/${k}`])),
      ],
      type: 'VerifiableCredential',
      issuer: 'did:example:1',
      credentialSubject: { id: 'did:example:2', t7: 'x' },
    })
    const documents = 120
    for (let i = 0; i < documents; i++) expect(outcomeOf(await fastToRdf(large(i), loader))).toBe('handled')
    expect(cache.kept.weight).toBeLessThanOrEqual(CONTEXT_CACHE_LIMITS.weight)
    // Evicted for size: far fewer entries than the two per document the entry bound alone would keep.
    expect(cache.kept.entries).toBeLessThan(2 * documents)
    const before = cache.processedCount
    const latest = await fastToRdf(large(documents - 1), loader)
    expect(cache.processedCount).toBe(before)
    expect(
      'quads' in latest &&
        latest.quads.some((quad) => quad.predicate.value === `https://large.example/${documents - 1}/7`),
    ).toBe(true)
  }, 120_000)
})

describe('repeated types and many typed objects', () => {
  it('applies the type-scoped context of a type repeated 60,000 times as often as that of one type (plus one check)', async () => {
    const once = await processingFor(complete())
    const repeated = complete()
    achievementOf(repeated)['type'] = Array<string>(60_000).fill('Achievement')
    const many = await processingFor(repeated)
    expect(outcomeOf(many.result)).toBe('handled')
    // One more run of jsonld.js context processing: applying the context again, to find that nothing changes.
    expect(many.processed).toBe(once.processed + 1)
    // jsonld.js merges repeated types in its node map: the same canonical N-Quads as the credential as issued.
    const reference = await referenceCanonical(complete(), once.loader)
    expect('nquads' in reference && reference.nquads).toBe(await canonical(many.result))
  })

  it('agrees with jsonld.js on repeated types, repeated in other spellings and among other types', async () => {
    const loader = createDocumentLoader()
    const achievementIri = 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement'
    for (const types of [
      ['Achievement', 'Achievement'],
      ['Achievement', achievementIri, 'Achievement'],
      ['Achievement', 'Profile', 'Achievement', 'Profile'],
      Array<string>(200).fill('Achievement'),
    ]) {
      const credential = complete()
      achievementOf(credential)['type'] = types
      expect(await compareWithReference(credential, loader), types.slice(0, 4).join(', ')).toEqual({
        path: 'fast',
        referenceRejects: false,
      })
    }
  })

  it('re-applies a type-scoped context that changes on repetition (a relative @vocab), as jsonld.js does', async () => {
    // JSON-LD 1.1 §4.1.2: a relative @vocab is appended to the current one, so each application moves it, and a term
    // defined through it (a) expands differently after two applications than after one.
    const document = (types: string[]): object => ({
      '@context': { '@vocab': `${E}v/`, T: { '@id': `${E}T`, '@context': { '@vocab': 'x/', a: 'b' } }, U: `${E}U` },
      '@id': `${E}s`,
      '@type': types,
      a: 'value',
    })
    const predicates: string[] = []
    for (const types of [['T'], ['T', 'T'], ['T', 'T', 'T'], ['T', 'U', 'T']]) {
      const { processed, result, loader } = await processingFor(document(types))
      // The document's context, then one processing per T: none of them is the same as the one before.
      expect(processed, types.join(', ')).toBe(1 + types.filter((type) => type === 'T').length)
      expect(await compareWithReference(document(types), loader), types.join(', ')).toEqual({
        path: 'fast',
        referenceRejects: false,
      })
      predicates.push(
        ...('quads' in result
          ? result.quads.map((quad) => quad.predicate.value).filter((iri) => iri.endsWith('/b'))
          : []),
      )
    }
    expect(predicates).toEqual([`${E}v/x/b`, `${E}v/x/x/b`, `${E}v/x/x/x/b`, `${E}v/x/x/b`])
  })

  it('processes no more contexts for 12,000 typed results or 1,200 endorsements than for one', async () => {
    const withResults = (count: number): object => {
      const credential = complete()
      ;(credential['credentialSubject'] as Record<string, Json>)['result'] = Array.from(
        { length: count },
        (_, i): Json => ({
          type: ['Result'],
          resultDescription: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          value: `A${i}`,
        }),
      )
      return credential
    }
    const oneResult = await processingFor(withResults(1))
    const manyResults = await processingFor(withResults(12_000))
    expect(outcomeOf(manyResults.result)).toBe('handled')
    expect(manyResults.processed).toBe(oneResult.processed)

    // Every endorsement embeds its own copy of the same @context array.
    const withEndorsements = (count: number): object => {
      const credential = complete()
      const creator = achievementOf(credential)['creator'] as Record<string, Json>
      const endorsement = (creator['endorsement'] as Json[])[0] as Record<string, Json>
      creator['endorsement'] = Array.from({ length: count }, (_, i): Json => ({
        ...structuredClone(endorsement),
        id: `http://1edtech.edu/endorsementcredential/${i}`,
      }))
      return credential
    }
    const oneEndorsement = await processingFor(withEndorsements(1))
    const manyEndorsements = await processingFor(withEndorsements(1_200))
    expect(outcomeOf(manyEndorsements.result)).toBe('handled')
    expect(manyEndorsements.processed).toBe(oneEndorsement.processed)
  }, 120_000)

  it('converts sibling nodes with embedded contexts of their own (met in one walk, processed together) as jsonld.js does', async () => {
    // Under a node whose own context must be processed first; the siblings' terms must not leak into each other.
    const children = Array.from({ length: 29 }, (_, i): Json => ({
      '@context': { [`t${i}`]: `${E}t${i}` },
      '@id': `${E}c${i}`,
      [`t${i}`]: 'v',
      ...(i > 0 ? { [`t${i - 1}`]: 'w' } : {}),
    }))
    const siblings = {
      '@context': { child: `${E}child` },
      '@id': `${E}s`,
      child: { '@context': { kids: `${E}kids` }, '@id': `${E}m`, kids: children },
    }
    const { result, processed, loader } = await processingFor(siblings)
    // A sibling using its neighbour's term is left to jsonld.js, which rejects the undefined term in safe mode.
    expect(outcomeOf(result)).toMatch(/term "t\d+"/)
    expect(processed).toBe(31)
    expect((await compareWithReference(siblings, loader)).referenceRejects).toBe(true)
    const own = {
      ...siblings,
      child: {
        ...siblings.child,
        kids: Array.from({ length: 29 }, (_, i): Json => ({
          '@context': { [`t${i}`]: `${E}t${i}` },
          '@id': `${E}c${i}`,
          [`t${i}`]: 'v',
        })),
      },
    }
    expect(await compareWithReference(own, loader)).toEqual({ path: 'fast', referenceRejects: false })
  })
})
