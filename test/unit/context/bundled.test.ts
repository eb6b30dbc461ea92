import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import jsonld from 'jsonld'
import { describe, expect, it } from 'vitest'
import { createDocumentLoader } from '../../../src/index.js'
import { BUNDLED_CONTEXTS, BUNDLED_SCHEMAS, EU_CONTEXT, EU_VOCAB, ODRL_CONTEXT } from '../../../src/entries/contexts.js'
import { bundledResourceDigest } from '../../../src/context/bundled.js'
import { compareWithReference } from '../../helpers/differential.js'
import { ROOT } from '../../helpers/files.js'

const fileDigest = (file: string, algorithm: 'sha256' | 'sha384' | 'sha512'): string =>
  createHash(algorithm)
    .update(readFileSync(`${ROOT}${file}`))
    .digest('hex')
const fileSha256 = (file: string): string => fileDigest(file, 'sha256')

describe('bundled contexts and schemas are pinned', () => {
  it.each(BUNDLED_CONTEXTS.map((c) => [c.url, c] as const))('%s matches its pinned SHA-256', (_url, context) => {
    expect(fileSha256(context.file)).toBe(context.sha256)
    expect(JSON.parse(readFileSync(`${ROOT}${context.file}`, 'utf8'))).toEqual(context.document)
  })

  it.each(BUNDLED_CONTEXTS.filter((c) => c.servedDigests !== undefined).map((c) => [c.url, c] as const))(
    "%s: its served-bytes digests are the file's",
    (_url, context) => {
      expect(context.servedDigests).toEqual({
        sha256: fileDigest(context.file, 'sha256'),
        sha384: fileDigest(context.file, 'sha384'),
        sha512: fileDigest(context.file, 'sha512'),
      })
      expect(context.servedDigests?.sha256).toBe(context.sha256)
    },
  )

  it.each(BUNDLED_SCHEMAS.map((s) => [s.id, s] as const))('%s matches its pinned SHA-256', (_id, schema) => {
    expect(fileSha256(schema.file)).toBe(schema.sha256)
    expect((schema.schema as { $id?: string }).$id).toBe(schema.id)
  })

  it('bundles every context the OB 3.0 data names, under its canonical URL and aliases', () => {
    const urls = BUNDLED_CONTEXTS.flatMap((c) => [c.url, ...c.aliases])
    expect(urls).toEqual(
      expect.arrayContaining([
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
        'https://w3id.org/security/suites/ed25519-2018/v1',
        'https://w3id.org/security/suites/jws-2020/v1',
        'https://w3id.org/security/v1',
        'https://w3id.org/security/v2',
        'https://www.w3.org/2018/credentials/examples/v1',
        'https://www.w3.org/ns/credentials/examples/v2',
        'https://www.w3.org/ns/odrl.jsonld',
        EU_CONTEXT,
      ]),
    )
    expect(BUNDLED_CONTEXTS).toHaveLength(24)
  })

  it('serves every context a bundled context imports by URL, so none is fetched', () => {
    const urls = new Set(BUNDLED_CONTEXTS.flatMap((c) => [c.url, ...c.aliases]))
    const imported = BUNDLED_CONTEXTS.flatMap((c) => {
      const context = (c.document as { '@context': unknown })['@context']
      return (Array.isArray(context) ? context : [context]).filter(
        (entry): entry is string => typeof entry === 'string',
      )
    })
    expect(imported.filter((url) => !urls.has(url))).toEqual([])
    expect(imported).toContain(ODRL_CONTEXT)
  })

  it('holds the served bytes of exactly these URLs (the others are copies with the same JSON, or unknown)', () => {
    expect(
      BUNDLED_CONTEXTS.filter((c) => c.servedDigests !== undefined)
        .map((c) => c.url)
        .sort(),
    ).toEqual([
      'https://w3id.org/security/data-integrity/v1',
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/multikey/v1',
      'https://w3id.org/security/suites/ed25519-2018/v1',
      'https://w3id.org/security/suites/ed25519-2020/v1',
      'https://w3id.org/security/v1',
      'https://w3id.org/security/v2',
      'https://www.w3.org/2018/credentials/examples/v1',
      'https://www.w3.org/2018/credentials/v1',
      'https://www.w3.org/ns/credentials/examples/v2',
      'https://www.w3.org/ns/credentials/undefined-terms/v2',
      'https://www.w3.org/ns/credentials/v2',
      'https://www.w3.org/ns/odrl.jsonld',
    ])
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
    if (definition !== null && typeof definition === 'object' && '@context' in definition)
      termsOf(definition['@context'], out)
  }
  return out
}

describe('the EU extension context', () => {
  const eu = BUNDLED_CONTEXTS.find((c) => c.url === EU_CONTEXT)!.document as { '@context': Record<string, unknown> }

  it('defines every term MAPPING.md lists, in its namespace, protected', () => {
    const expected = [
      'EUMicroCredential',
      'LearningOutcome',
      'QualityAssurance',
      'eqfLevel',
      'qfEheaCycle',
      'nqfLevel',
      'iscedF',
      'creditSystem',
      'volumeOfLearning',
      'learningOutcome',
      'relatedESCOSkill',
      'assessmentType',
      'learningMode',
      'learningActivityType',
      'learningSetting',
      'supervisionVerification',
      'entryRequirement',
      'qualityAssurance',
      'qaType',
      'accreditingAgent',
      'report',
      'decisionDate',
      'stackability',
      'isPartOf',
      'issuerCountry',
      'awardingBody',
      'Standalone',
      'Stackable',
      'ShortCycle',
      'FirstCycle',
      'SecondCycle',
      'ThirdCycle',
    ]
    expect([...termsOf(eu['@context']).keys()].sort()).toEqual([...expected].sort())
    expect(eu['@context']['@protected']).toBe(true)
    for (const term of expected) {
      expect((eu['@context'][term] as { '@id': string })['@id']).toBe(`${EU_VOCAB}${term}`)
    }
  })

  it('redefines no term of the VC, OB, CLR or security contexts (global or type-scoped)', () => {
    const ours = new Set(termsOf(eu['@context']).keys())
    // ODRL is bundled only as the import of the W3C VC 1.1 examples context (test-suite credentials), and it does
    // define `isPartOf`: a credential that puts that context after ours fails on our protected term.
    for (const context of BUNDLED_CONTEXTS.filter((c) => c.url !== EU_CONTEXT && c.url !== ODRL_CONTEXT)) {
      const clashes = [...termsOf((context.document as { '@context': unknown })['@context']).keys()].filter((t) =>
        ours.has(t),
      )
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
    await expect(
      jsonld.expand(document, { documentLoader, safe: true } as jsonld.Options.Expand),
    ).rejects.toMatchObject({
      details: { code: 'protected term redefinition' },
    })
  })
})

describe('bundledResourceDigest', () => {
  const sri = (url: string, algorithm: 'sha256' | 'sha384' | 'sha512'): string | undefined => {
    const digest = bundledResourceDigest(url, algorithm)
    return digest === undefined ? undefined : `${algorithm}-${Buffer.from(digest).toString('base64')}`
  }

  it('gives the digests the W3C publishes for the VC contexts (VC Data Model 2.0 §5.3 examples, VC 1.1 §B.1)', () => {
    expect(sri('https://www.w3.org/ns/credentials/v2', 'sha384')).toBe(
      'sha384-l/HrjlBCNWyAX91hr6LFV2Y3heB5Tcr6IeE4/Tje8YyzYBM8IhqjHWiWpr8+ZbYU',
    )
    expect(sri('https://www.w3.org/ns/credentials/examples/v2', 'sha384')).toBe(
      'sha384-zNNbQTWCSUSi0bbz7dbua+RcENv7C6FvlmYJ1Y+I727HsPOHdzwELMYO9Mz68M26',
    )
    // digestMultibase: 'u' + base64url(multihash 0x12 0x20 || SHA-256).
    const multihash = Buffer.concat([
      Buffer.from([0x12, 0x20]),
      bundledResourceDigest('https://www.w3.org/ns/credentials/v2', 'sha256')!,
    ])
    expect(`u${multihash.toString('base64url')}`).toBe('uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA')
    expect(
      Buffer.from(bundledResourceDigest('https://www.w3.org/2018/credentials/v1', 'sha256')!).toString('hex'),
    ).toBe('ab4ddd9a531758807a79a5b450510d61ae8d147eab966cc9a200c07095b0cdcc')
  })

  it('is the digest of the bundled file for each algorithm', () => {
    const entry = BUNDLED_CONTEXTS.find((c) => c.url === 'https://w3id.org/security/suites/ed25519-2018/v1')!
    for (const algorithm of ['sha256', 'sha384', 'sha512'] as const) {
      expect(Buffer.from(bundledResourceDigest(entry.url, algorithm)!).toString('hex')).toBe(
        fileDigest(entry.file, algorithm),
      )
    }
    expect(bundledResourceDigest(entry.url, 'sha512')).toHaveLength(64)
  })

  it('is undefined where microcred does not hold the served bytes, for aliases, and for URLs it does not bundle', () => {
    expect(
      bundledResourceDigest('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'sha384'),
    ).toBeUndefined()
    expect(bundledResourceDigest('https://w3id.org/security/suites/jws-2020/v1', 'sha256')).toBeUndefined()
    expect(bundledResourceDigest(EU_CONTEXT, 'sha256')).toBeUndefined()
    expect(
      bundledResourceDigest('https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld', 'sha256'),
    ).toBeUndefined()
    expect(bundledResourceDigest('https://example.org/context.json', 'sha256')).toBeUndefined()
  })

  it('returns a new array each time, so a caller cannot change what others get', () => {
    const first = bundledResourceDigest('https://www.w3.org/ns/credentials/v2', 'sha256')!
    first.fill(0)
    expect(Buffer.from(bundledResourceDigest('https://www.w3.org/ns/credentials/v2', 'sha256')!).toString('hex')).toBe(
      '59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734',
    )
  })
})

describe('the contexts of 2018-era and W3C test-suite credentials', () => {
  const documentLoader = createDocumentLoader()
  const KEY = {
    id: 'did:example:issuer#key-1',
    controller: 'did:example:issuer',
    publicKeyBase58: 'B12NYF8RrR3h41TDCTJojY59usg3mbtbjnFs7Eud1Y6u',
  }
  const documents: [string, object][] = [
    [
      'a key under security/v2 (which imports security/v1)',
      { '@context': 'https://w3id.org/security/v2', type: 'Ed25519VerificationKey2018', ...KEY },
    ],
    // security/v1 predates `controller` and the 2018 key types: its keys are CryptographicKeys with an `owner`.
    [
      'a key under security/v1',
      {
        '@context': 'https://w3id.org/security/v1',
        type: 'CryptographicKey',
        id: KEY.id,
        owner: KEY.controller,
        publicKeyBase58: KEY.publicKeyBase58,
      },
    ],
    [
      'a key under the Ed25519Signature2018 suite context',
      { '@context': 'https://w3id.org/security/suites/ed25519-2018/v1', type: 'Ed25519VerificationKey2018', ...KEY },
    ],
    [
      'Ed25519Signature2018 proof options under security/v2',
      {
        '@context': 'https://w3id.org/security/v2',
        type: 'Ed25519Signature2018',
        created: '2019-01-01T00:00:00Z',
        verificationMethod: KEY.id,
        proofPurpose: 'assertionMethod',
      },
    ],
    [
      'JsonWebSignature2020 proof options under credentials/v1 and jws-2020/v1',
      {
        '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
        type: 'JsonWebSignature2020',
        created: '2022-01-01T00:00:00Z',
        verificationMethod: KEY.id,
        proofPurpose: 'assertionMethod',
      },
    ],
    // VC 1.1 §5.6's example, but its `assignee` ("AllVerifiers", an @id-typed ODRL term) made absolute: safe mode rejects the relative reference.
    [
      'a VC 1.1 examples credential with ODRL terms of use',
      {
        '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/2018/credentials/examples/v1'],
        id: 'http://example.edu/credentials/3732',
        type: ['VerifiableCredential', 'UniversityDegreeCredential'],
        issuer: 'https://example.edu/issuers/14',
        issuanceDate: '2010-01-01T19:23:24Z',
        credentialSubject: {
          id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
          degree: { type: 'BachelorDegree', name: 'Bachelor of Science and Arts' },
        },
        termsOfUse: [
          {
            type: 'IssuerPolicy',
            id: 'http://example.com/policies/credential/4',
            profile: 'http://example.com/profiles/credential',
            prohibition: [
              {
                assigner: 'https://example.edu/issuers/14',
                assignee: 'https://example.org/examples#AllVerifiers',
                target: 'http://example.edu/credentials/3732',
                action: ['Archival'],
              },
            ],
          },
        ],
      },
    ],
    [
      'a VC 2.0 examples credential (@vocab terms)',
      {
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
        id: 'http://university.example/credentials/3732',
        type: ['VerifiableCredential', 'ExampleDegreeCredential'],
        issuer: 'https://university.example/issuers/565049',
        validFrom: '2010-01-01T00:00:00Z',
        credentialSubject: {
          id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
          degree: { type: 'ExampleBachelorDegree', name: 'Bachelor of Science and Arts' },
        },
      },
    ],
  ]

  it.each(documents)(
    '%s: expands offline in safe mode, and the fast RDF path declines or agrees with jsonld.js',
    async (_label, document) => {
      await expect(
        jsonld.expand(document as jsonld.JsonLdDocument, { documentLoader, safe: true } as jsonld.Options.Expand),
      ).resolves.toBeDefined()
      const outcome = await compareWithReference(document, documentLoader)
      expect(outcome.mismatch).toBeUndefined()
      expect(outcome.referenceRejects).toBe(false)
    },
  )
})
