import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import jsonld from 'jsonld'
import { describe, expect, it } from 'vitest'
import { BUNDLED_CONTEXTS, BUNDLED_SCHEMAS, EU_CONTEXT, EU_VOCAB, createDocumentLoader } from '../../../src/index.js'
import { ROOT } from '../../helpers/files.js'

const fileSha256 = (file: string): string => createHash('sha256').update(readFileSync(`${ROOT}${file}`)).digest('hex')

describe('bundled contexts and schemas are pinned', () => {
  it.each(BUNDLED_CONTEXTS.map((c) => [c.url, c] as const))('%s matches its pinned SHA-256', (_url, context) => {
    expect(fileSha256(context.file)).toBe(context.sha256)
    expect(JSON.parse(readFileSync(`${ROOT}${context.file}`, 'utf8'))).toEqual(context.document)
  })

  it.each(BUNDLED_SCHEMAS.map((s) => [s.id, s] as const))('%s matches its pinned SHA-256', (_id, schema) => {
    expect(fileSha256(schema.file)).toBe(schema.sha256)
    expect((schema.schema as { $id?: string }).$id).toBe(schema.id)
  })

  it('bundles every context the OB 3.0 data names, under its canonical URL and aliases', () => {
    const urls = BUNDLED_CONTEXTS.flatMap((c) => [c.url, ...c.aliases])
    expect(urls).toEqual(expect.arrayContaining([
      'https://www.w3.org/ns/credentials/v2',
      'https://www.w3.org/2018/credentials/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
      'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/multikey/v1',
      'https://w3id.org/security/suites/ed25519-2020/v1',
      'https://www.w3.org/ns/credentials/status/v1',
      'https://w3id.org/vc/status-list/2021/v1',
      EU_CONTEXT,
    ]))
    expect(BUNDLED_CONTEXTS).toHaveLength(17)
  })

  it('serves bundled documents frozen, so no caller can alter them for others', async () => {
    const { document } = await createDocumentLoader()('https://www.w3.org/ns/credentials/v2')
    expect(Object.isFrozen(document)).toBe(true)
    expect(() => {
      ;(document as Record<string, unknown>)['@context'] = {}
    }).toThrow(TypeError)
  })
})

/** Every term a context defines, including those of type- and property-scoped contexts. */
function termsOf(context: unknown, out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(context)) {
    for (const entry of context) termsOf(entry, out)
    return out
  }
  if (context === null || typeof context !== 'object') return out
  for (const [term, definition] of Object.entries(context as Record<string, unknown>)) {
    if (term.startsWith('@')) continue
    out.set(term, definition)
    if (definition !== null && typeof definition === 'object' && '@context' in definition) termsOf((definition as { '@context': unknown })['@context'], out)
  }
  return out
}

describe('the EU extension context', () => {
  const eu = BUNDLED_CONTEXTS.find((c) => c.url === EU_CONTEXT)!.document as { '@context': Record<string, unknown> }

  it('defines every term MAPPING.md lists, in its namespace, protected', () => {
    const expected = [
      'EUMicroCredential', 'LearningOutcome', 'QualityAssurance', 'eqfLevel', 'qfEheaCycle', 'nqfLevel', 'iscedF',
      'creditSystem', 'volumeOfLearning', 'learningOutcome', 'relatedESCOSkill', 'assessmentType', 'learningMode',
      'learningActivityType', 'learningSetting', 'supervisionVerification', 'entryRequirement', 'qualityAssurance',
      'qaType', 'accreditingAgent', 'report', 'decisionDate', 'stackability', 'isPartOf', 'issuerCountry',
      'awardingBody', 'Standalone', 'Stackable', 'ShortCycle', 'FirstCycle', 'SecondCycle', 'ThirdCycle',
    ]
    expect([...termsOf(eu['@context']).keys()].sort()).toEqual([...expected].sort())
    expect(eu['@context']['@protected']).toBe(true)
    for (const term of expected) {
      expect((eu['@context'][term] as { '@id': string })['@id']).toBe(`${EU_VOCAB}${term}`)
    }
  })

  it('redefines no term of the VC, OB, CLR or security contexts (global or type-scoped)', () => {
    const ours = new Set(termsOf(eu['@context']).keys())
    for (const context of BUNDLED_CONTEXTS.filter((c) => c.url !== EU_CONTEXT)) {
      const clashes = [...termsOf((context.document as { '@context': unknown })['@context']).keys()].filter((t) => ours.has(t))
      expect({ context: context.url, clashes }).toEqual({ context: context.url, clashes: [] })
    }
  })

  it('cannot be overridden by a later context (its terms are protected)', async () => {
    const documentLoader = createDocumentLoader()
    const document = {
      '@context': ['https://www.w3.org/ns/credentials/v2', EU_CONTEXT, { eqfLevel: 'https://evil.example/level' }],
      type: 'VerifiableCredential',
      eqfLevel: 'http://data.europa.eu/snb/eqf/6',
    }
    await expect(jsonld.expand(document, { documentLoader, safe: true } as jsonld.Options.Expand)).rejects.toMatchObject({
      details: { code: 'protected term redefinition' },
    })
  })
})
