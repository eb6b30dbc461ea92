/**
 * Ed25519Signature2018 (W3C CCG Linked Data Signatures Ed25519Signature2018): microcred verifies it and never signs
 * it. Genuine third-party credentials (JFF plugfest badges, credo-ts fixtures; test/fixtures/third-party/) verify
 * offline; documents signed here with node:crypto, over jsonld.js's canonical N-Quads as the suite specifies,
 * verify; every change after signing and every malformed JWS fails; and the fast RDF path agrees with jsonld.js
 * on every document here.
 */
import { createHash, generateKeyPairSync, sign as signBytes, type KeyObject } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDocumentLoader, type DocumentLoader } from '../../../src/context/loader.js'
import { ED25519_2018_CONTEXT } from '../../../src/context/urls.js'
import { generateKeyPair } from '../../../src/keys/keypair.js'
import { createKeyResolver, type KeyResolver } from '../../../src/keys/resolve.js'
import { ed25519Signature2018, parseDetachedJws } from '../../../src/proof/ed25519-2018/ed25519-signature-2018.js'
import { verifyProofs, type ProofOutcome, type VerifyProofsOptions } from '../../../src/proof/verify.js'
import { compareWithReference, documentsOf, referenceCanonical } from '../../helpers/differential.js'
import { serveDocuments } from '../../helpers/fetch.js'
import { readJson } from '../../helpers/files.js'
import { base58btcEncode, publicKeyMultibaseOf } from '../keys/helpers.js'

type Doc = Record<string, any>

const FIXTURES = 'test/fixtures/third-party/ed25519-2018/'
const PLUGFEST_1_CONTEXT = 'https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json'
/** Bundled contexts, plus the JFF plugfest 1 context (not bundled: only those two badges use it). */
const documentLoader = createDocumentLoader({
  contexts: { [PLUGFEST_1_CONTEXT]: readJson(`${FIXTURES}jff-vc-edu-plugfest-1-context.json`) },
})
const HEADER = { alg: 'EdDSA', b64: false, crit: ['b64'] }
const created = '2025-06-30T10:00:00Z'

const fixture = (name: string): Doc => readJson(`${FIXTURES}${name}`)
const copy = (value: unknown): Doc => structuredClone(value) as Doc
const b64u = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url')

async function verifyOne(document: Doc, options: Partial<VerifyProofsOptions> = {}): Promise<ProofOutcome> {
  const [outcome] = await verifyProofs(document, {
    documentLoader,
    resolver: createKeyResolver(),
    suites: [ed25519Signature2018],
    ...options,
  })
  return outcome!
}

interface TestKey {
  privateKey: KeyObject
  publicKey: Uint8Array
  did: string
  id: string
}

/** A fresh Ed25519 key (node:crypto) and its did:key, encoded here from the did:key method's rules. */
function newKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = Uint8Array.from(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'))
  const multibase = publicKeyMultibaseOf(raw)
  return { privateKey, publicKey: raw, did: `did:key:${multibase}`, id: `did:key:${multibase}#${multibase}` }
}

/** SHA-256 of jsonld.js's RDFC-1.0 canonical N-Quads of `document` (the reference path, independent of microcred's). */
async function canonicalHash(document: object): Promise<Buffer> {
  const result = await referenceCanonical(document, documentLoader)
  if ('error' in result) throw new Error(result.error)
  return createHash('sha256').update(result.nquads).digest()
}

interface SignOptions {
  header?: object
  proofPurpose?: string
  verificationMethod?: string
  extra?: Record<string, unknown>
}

/**
 * Signs as the Ed25519Signature2018 suite specifies: the proof options (the proof without `jws`, under the
 * document's `@context`) and the document are canonicalized and hashed, and the detached JWS with unencoded payload
 * (RFC 7797) signs `BASE64URL(header) || '.' || hash(options) || hash(document)`.
 */
async function sign2018(unsigned: Doc, key: TestKey, options: SignOptions = {}): Promise<Doc> {
  const proof = {
    type: 'Ed25519Signature2018',
    created,
    verificationMethod: options.verificationMethod ?? key.id,
    proofPurpose: options.proofPurpose ?? 'assertionMethod',
    ...options.extra,
  }
  const verifyData = Buffer.concat([
    await canonicalHash({ '@context': unsigned['@context'], ...proof }),
    await canonicalHash(unsigned),
  ])
  const encodedHeader = b64u(JSON.stringify(options.header ?? HEADER))
  const signature = signBytes(
    null,
    Buffer.concat([Buffer.from(`${encodedHeader}.`, 'ascii'), verifyData]),
    key.privateKey,
  )
  return { ...unsigned, proof: { ...proof, jws: `${encodedHeader}..${b64u(signature)}` } }
}

/** JFF plugfest 3's badge without its proof, issued by `did`: an OB 3.0 credential in the VC 1.1 data model. */
function obCredential11(did: string): Doc {
  const { proof: _proof, ...credential } = fixture('jff-plugfest-3-badge.json')
  return { ...credential, issuer: { ...credential['issuer'], id: did } }
}

/** An OB 3.0 credential in the VC 2.0 data model, with the suite context. */
function obCredential20(did: string): Doc {
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ED25519_2018_CONTEXT,
    ],
    id: 'urn:uuid:0b9c6d4e-5f7a-4b8c-9d0e-1f2a3b4c5d6e',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Data Engineering 101',
    issuer: { id: did, type: ['Profile'], name: 'TU Example' },
    validFrom: '2025-06-30T10:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      id: 'did:example:learner',
      achievement: {
        id: 'https://tu-example.de/achievements/de101',
        type: ['Achievement'],
        name: 'Data Engineering 101',
        description: 'Pipelines.',
        criteria: { narrative: 'Passed the exam.' },
      },
    },
  }
}

/** The W3C VC 1.1 examples context's degree credential (the shape the W3C test suites use). */
function degreeCredential(did: string): Doc {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/2018/credentials/examples/v1'],
    type: ['VerifiableCredential', 'UniversityDegreeCredential'],
    issuer: did,
    issuanceDate: '2025-06-30T10:00:00Z',
    credentialSubject: {
      id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      degree: { type: 'BachelorDegree', name: 'Bachelor of Science and Arts' },
    },
  }
}

describe('the ed25519Signature2018 proof suite', () => {
  it('matches Ed25519Signature2018 proofs only, and only verifies (it has no signing suite)', () => {
    expect(ed25519Signature2018.name).toBe('Ed25519Signature2018')
    expect(ed25519Signature2018.matches({ type: 'Ed25519Signature2018' })).toBe(true)
    expect(ed25519Signature2018.matches({ type: 'Ed25519Signature2020' })).toBe(false)
    expect(ed25519Signature2018.matches({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' })).toBe(false)
    expect(typeof ed25519Signature2018.signingSuite).toBe('undefined')
    expect(Object.isFrozen(ed25519Signature2018)).toBe(true)
  })
})

describe('genuine third-party Ed25519Signature2018 credentials (did:key issuers, offline)', () => {
  it.each([
    ['JFF x VC-EDU plugfest 3 badge (OB 3.0 context 3.0.2, VC 1.1)', 'jff-plugfest-3-badge.json'],
    ['JFF plugfest 1 badge, example 1 (plugfest 1 context)', 'jff-plugfest-1-ex-1.json'],
    ['JFF plugfest 1 badge, example 2 (plugfest 1 context)', 'jff-plugfest-1-ex-2.json'],
    ['credo-ts UniversityDegreeCredential (W3C VC 1.1 examples context)', 'credo-university-degree.json'],
  ])('%s verifies, by the did:key its proof names', async (_label, name) => {
    const credential = fixture(name)
    const outcome = await verifyOne(credential)
    expect(outcome.issue).toBeUndefined()
    expect(outcome).toMatchObject({
      status: 'verified',
      type: 'Ed25519Signature2018',
      verificationMethod: credential['proof'].verificationMethod,
    })
    expect(outcome.key).toMatchObject({
      source: 'document',
      verificationMethod: { id: credential['proof'].verificationMethod, type: 'Multikey' },
    })
  })

  it('the JFF plugfest 2 badge by Diwala verifies with the OB 3.0 context its URL served when it was signed, and not with the final one', async () => {
    const badge = fixture('diwala-jff-plugfest-2-badge.json')
    const OB_CONTEXT_300 = 'https://purl.imsglobal.org/spec/ob/v3p0/context.json'
    expect(badge['@context']).toContain(OB_CONTEXT_300)
    const then = readJson(`${FIXTURES}ob-v3p0-context-2022-11-03.json`)
    const loaderThen: DocumentLoader = async (url) =>
      url === OB_CONTEXT_300 ? { contextUrl: null, documentUrl: url, document: then } : documentLoader(url)
    expect(await verifyOne(badge, { documentLoader: loaderThen })).toMatchObject({ status: 'verified' })
    // The context changed under the same URL afterwards (a pinned copy is exactly what a verifier needs to notice).
    const now = await verifyOne(badge)
    expect(now.status).toBe('failed')
    expect(now.issue?.message).toMatch(/signature does not match/)
  })

  it("the plugfest 3 badge's JWS header lists its members in another order, which is the same header", () => {
    const { jws } = fixture('jff-plugfest-3-badge.json')['proof']
    expect(Buffer.from(jws.split('.')[0], 'base64url').toString()).toBe('{"alg":"EdDSA","crit":["b64"],"b64":false}')
    expect(parseDetachedJws(jws)).toMatchObject({ signature: expect.any(Buffer) })
  })

  it('fails once a signed value of a genuine badge changes', async () => {
    const changes: ((doc: Doc) => void)[] = [
      (doc) => {
        doc.credentialSubject.achievement.name = 'Another achievement'
      },
      (doc) => {
        doc.issuer.name = 'Someone else'
      },
      (doc) => {
        doc.issuanceDate = '2023-10-09T00:00:01Z'
      },
      (doc) => {
        doc.proof.created = '2023-10-02T13:13:58.148Z'
      },
    ]
    for (const change of changes) {
      const doc = copy(fixture('jff-plugfest-3-badge.json'))
      change(doc)
      const outcome = await verifyOne(doc)
      expect(outcome.status).toBe('failed')
      expect(outcome.issue).toMatchObject({ code: 'ERR_PROOF_INVALID', check: 'proof', path: 'proof' })
      expect(outcome.issue?.message).toMatch(/signature does not match/)
    }
  })

  it("fails for credo-ts's own badly signed fixture", async () => {
    const outcome = await verifyOne(fixture('credo-university-degree-bad-signature.json'))
    expect(outcome.status).toBe('failed')
    expect(outcome.issue?.message).toMatch(/signature does not match/)
  })

  it("verifies credo-ts's presentation for authentication with its challenge, and not with another challenge", async () => {
    const presentation = fixture('credo-presentation.json')
    const challenge = presentation['proof'].challenge as string
    expect((await verifyOne(presentation, { purpose: { term: 'authentication', challenge } })).status).toBe('verified')
    const other = await verifyOne(presentation, { purpose: { term: 'authentication', challenge: 'another-challenge' } })
    expect(other.status).toBe('failed')
    expect(other.issue?.message).toMatch(/challenge/)
    // An authentication proof does not prove an assertion.
    expect((await verifyOne(presentation)).issue?.message).toMatch(/proofPurpose must be "assertionMethod"/)
    // The credential inside verifies on its own.
    expect((await verifyOne(presentation['verifiableCredential'][0])).status).toBe('verified')
  })
})

describe('documents signed here with node:crypto, as the suite specifies', () => {
  it.each([
    ['an OB 3.0 credential in VC 1.1 (credentials/v1 defines the suite)', obCredential11],
    ['an OB 3.0 credential in VC 2.0 with the suite context', obCredential20],
    ['a W3C VC 1.1 examples credential', degreeCredential],
  ])('%s verifies', async (_label, build) => {
    const key = newKey()
    const signed = await sign2018(build(key.did), key)
    const outcome = await verifyOne(signed)
    expect(outcome.issue).toBeUndefined()
    expect(outcome).toMatchObject({ status: 'verified', verificationMethod: key.id })
  })

  it('verifies a proof with a proof-set array, and reports the path of a failing one', async () => {
    const key = newKey()
    const signed = await sign2018(obCredential11(key.did), key)
    const broken = copy(signed['proof'])
    // Flip the first signature character (it carries six full bits, unlike the last one): always another signature.
    const [header, , signature] = broken.jws.split('.')
    broken.jws = `${header}..${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`
    const outcomes = await verifyProofs(
      { ...signed, proof: [signed['proof'], broken] },
      { documentLoader, resolver: createKeyResolver(), suites: [ed25519Signature2018] },
    )
    expect(outcomes.map((o) => o.status)).toEqual(['verified', 'failed'])
    expect(outcomes[1]?.issue?.path).toBe('proof[1]')
  })

  it('fails when the document, the proof options or the signature changed after signing', async () => {
    const key = newKey()
    const signed = await sign2018(obCredential11(key.did), key)
    const changes: [string, (doc: Doc) => void][] = [
      [
        'achievement name',
        (doc) => {
          doc.credentialSubject.achievement.name = 'Changed'
        },
      ],
      [
        'a context removed',
        (doc) => {
          doc['@context'] = doc['@context'].slice(0, 1)
        },
      ],
      [
        'created',
        (doc) => {
          doc.proof.created = '2025-06-30T10:00:01Z'
        },
      ],
      [
        'one signature byte',
        (doc) => {
          const [header, , signature] = doc.proof.jws.split('.')
          const bytes = Buffer.from(signature, 'base64url')
          bytes[10] = bytes[10]! ^ 0x01
          doc.proof.jws = `${header}..${b64u(bytes)}`
        },
      ],
    ]
    for (const [label, change] of changes) {
      const doc = copy(signed)
      change(doc)
      const outcome = await verifyOne(doc)
      expect({ label, status: outcome.status, code: outcome.issue?.code }).toEqual({
        label,
        status: 'failed',
        code: label === 'a context removed' ? expect.any(String) : 'ERR_PROOF_INVALID',
      })
    }
  })

  it('fails when the proof names another key than the one that signed', async () => {
    const signer = newKey()
    const other = newKey()
    const signed = await sign2018(obCredential11(signer.did), signer, { verificationMethod: other.id })
    const outcome = await verifyOne(signed)
    expect(outcome.status).toBe('failed')
    expect(outcome.issue?.message).toMatch(/signature does not match/)
  })

  it('fails when the key the proof names is not an Ed25519 key', async () => {
    const p256 = await generateKeyPair({ algorithm: 'ES256' })
    const signed = await sign2018(obCredential11(p256.controller), newKey(), { verificationMethod: p256.id })
    const outcome = await verifyOne(signed)
    expect(outcome.status).toBe('failed')
    expect(outcome.issue?.message).toMatch(/not an Ed25519 key/)
  })

  it('fails for a proofPurpose other than the one asked for', async () => {
    const key = newKey()
    const signed = await sign2018(obCredential11(key.did), key, { proofPurpose: 'authentication' })
    const outcome = await verifyOne(signed)
    expect(outcome.status).toBe('failed')
    expect(outcome.issue).toMatchObject({
      code: 'ERR_PROOF_INVALID',
      message: expect.stringMatching(/proofPurpose must be "assertionMethod"/),
    })
    // The same proof is a valid authentication proof only with its challenge.
    const withChallenge = await sign2018(obCredential11(key.did), key, {
      proofPurpose: 'authentication',
      extra: { challenge: 'c-1' },
    })
    expect((await verifyOne(withChallenge, { purpose: { term: 'authentication', challenge: 'c-1' } })).status).toBe(
      'verified',
    )
  })

  it('resolves did:web keys listed as Ed25519VerificationKey2018 (publicKeyBase58) or Ed25519VerificationKey2020', async () => {
    const key = newKey()
    const did = 'did:web:issuer.example'
    const methods = [
      {
        '@context': ['https://www.w3.org/ns/did/v1', ED25519_2018_CONTEXT],
        type: 'Ed25519VerificationKey2018',
        publicKeyBase58: base58btcEncode(key.publicKey),
      },
      {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/ed25519-2020/v1'],
        type: 'Ed25519VerificationKey2020',
        publicKeyMultibase: publicKeyMultibaseOf(key.publicKey),
      },
    ]
    for (const { '@context': context, ...method } of methods) {
      const didDocument = {
        '@context': context,
        id: did,
        verificationMethod: [{ id: `${did}#key-1`, controller: did, ...method }],
        assertionMethod: [`${did}#key-1`],
      }
      const resolver: KeyResolver = createKeyResolver({
        fetch: serveDocuments({ 'https://issuer.example/.well-known/did.json': didDocument }),
      })
      const signed = await sign2018(obCredential11(did), key, { verificationMethod: `${did}#key-1` })
      const outcome = await verifyOne(signed, { resolver })
      expect({ type: method.type, status: outcome.status, issue: outcome.issue }).toEqual({
        type: method.type,
        status: 'verified',
        issue: undefined,
      })
      expect(outcome.key?.source).toBe('document')
    }
  })
})

describe('malformed JWS values fail before any canonicalization, each with its reason', () => {
  /** Each case signs validly with the header it names, so only the JWS's form can make it fail. */
  const cases: [string, { header?: object; jws?: (jws: string) => unknown }, RegExp][] = [
    ['only two parts', { jws: (jws) => jws.replace('..', '.') }, /three dot-separated parts/],
    ['four parts', { jws: (jws) => `${jws}.x` }, /three dot-separated parts/],
    ['an attached payload', { jws: (jws) => jws.replace('..', `.${b64u('{}')}.`) }, /detached/],
    ['b64 true', { header: { alg: 'EdDSA', b64: true, crit: ['b64'] } }, /header must be/],
    ['no b64 (so the payload would be base64url-encoded)', { header: { alg: 'EdDSA' } }, /header must be/],
    ['alg ES256', { header: { alg: 'ES256', b64: false, crit: ['b64'] } }, /header must be/],
    ['alg none', { header: { alg: 'none', b64: false, crit: ['b64'] } }, /header must be/],
    ['crit missing', { header: { alg: 'EdDSA', b64: false } }, /header must be/],
    ['crit naming more', { header: { alg: 'EdDSA', b64: false, crit: ['b64', 'exp'], exp: 1 } }, /header must be/],
    ['an extra header member', { header: { alg: 'EdDSA', b64: false, crit: ['b64'], kid: 'k' } }, /header must be/],
    [
      'a header that is not JSON',
      { jws: (jws) => `${b64u('not json')}${jws.slice(jws.indexOf('.'))}` },
      /header is not base64url-encoded JSON/,
    ],
    [
      'a header that is not base64url',
      { jws: (jws) => `e30=${jws.slice(jws.indexOf('.'))}` },
      /header is not base64url-encoded JSON/,
    ],
    [
      'a 63-byte signature',
      { jws: (jws) => `${jws.split('.')[0]}..${b64u(Buffer.from(jws.split('.')[2]!, 'base64url').subarray(1))}` },
      /64-byte/,
    ],
    [
      'a signature with unused bits set (not canonical base64url)',
      {
        jws: (jws) =>
          jws.slice(0, -1) +
          'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charAt(
            'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(jws.slice(-1)) ^ 1,
          ),
      },
      /64-byte/,
    ],
    ['no jws', { jws: () => undefined }, /no "jws"/],
    ['a number', { jws: () => 42 }, /no "jws"/],
  ]

  it.each(cases)('%s', async (_label, { header, jws }, reason) => {
    const key = newKey()
    const signed = await sign2018(obCredential11(key.did), key, header === undefined ? {} : { header })
    if (jws !== undefined) signed['proof'].jws = jws(signed['proof'].jws)
    const outcome = await verifyOne(signed)
    expect(outcome.status).toBe('failed')
    expect(outcome.issue).toMatchObject({ code: 'ERR_PROOF_INVALID', check: 'proof', path: 'proof' })
    expect(outcome.issue?.message).toMatch(reason)
  })

  it('reports the JWS, not the JSON-LD, when both are wrong (the JWS is checked first)', async () => {
    const key = newKey()
    const signed = await sign2018(obCredential11(key.did), key)
    signed['undefinedTerm'] = 'not in any context'
    signed['proof'].jws = 'a.b'
    expect((await verifyOne(signed)).issue?.message).toMatch(/three dot-separated parts/)
    signed['proof'].jws = `${b64u(JSON.stringify(HEADER))}..${b64u(new Uint8Array(64))}`
    expect((await verifyOne(signed)).issue?.code).toBe('ERR_JSONLD_INVALID')
  })

  it('parses a well-formed one', () => {
    const jws = `${b64u(JSON.stringify(HEADER))}..${b64u(new Uint8Array(64).fill(7))}`
    expect(parseDetachedJws(jws)).toEqual({
      encodedHeader: b64u(JSON.stringify(HEADER)),
      signature: Buffer.alloc(64, 7),
    })
  })
})

describe('the fast RDF path agrees with jsonld.js on every document here', () => {
  it('declines or gives the same canonical N-Quads, for the fixtures and the documents signed here (and takes it on them)', async () => {
    const key = newKey()
    const documents: [string, Doc][] = [
      ...[
        'jff-plugfest-3-badge.json',
        'jff-plugfest-1-ex-1.json',
        'jff-plugfest-1-ex-2.json',
        'diwala-jff-plugfest-2-badge.json',
        'credo-university-degree.json',
        'credo-presentation.json',
      ].map((name) => [name, fixture(name)] as [string, Doc]),
      ['OB 3.0 in VC 1.1', await sign2018(obCredential11(key.did), key)],
      ['OB 3.0 in VC 2.0 with the suite context', await sign2018(obCredential20(key.did), key)],
      ['VC 1.1 examples', await sign2018(degreeCredential(key.did), key)],
    ]
    let fast = 0
    for (const [name, credential] of documents) {
      for (const { label, document } of documentsOf(credential)) {
        const outcome = await compareWithReference(document, documentLoader)
        expect({ name, label, mismatch: outcome.mismatch, rejects: outcome.referenceRejects }).toEqual({
          name,
          label,
          mismatch: undefined,
          rejects: false,
        })
        if (outcome.path === 'fast') fast++
      }
    }
    expect(fast).toBe(documents.length * 3)
  })
})
