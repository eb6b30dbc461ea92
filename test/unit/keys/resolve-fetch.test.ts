/**
 * createKeyResolver({ fetch }): did:web, https controller documents, https key documents, did:jwk, JWKS, the
 * cache and the fragment rule. Every fetch is injected and answers with `new Response(...)`: nothing touches
 * the network. Keys are made with node:crypto and encoded here (multicodec headers, base58btc), so expected
 * values never come from the code under test.
 */
import { generateKeyPairSync } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  MicrocredError,
  createKeyResolver,
  generateKeyPair,
  safeFetch,
  type FetchLike,
  type KeyJwk,
} from '../../../src/index.js'
import { didWebDocument, didWebUrl } from '../../../src/entries/keys.js'
import { b64u, base58btcEncode, expectMicrocredError, publicKeyMultibaseOf } from './helpers.js'
import { serveDocuments } from '../../helpers/fetch.js'

// ---------------------------------------------------------------------------------------------------------
// keys, made and encoded independently of microcred

interface TestKey {
  publicJwk: KeyJwk
  privateJwk: KeyJwk
  /** The Multikey encoding of the public key (Ed25519 and P-256 only). */
  multibase?: string
}

function ed25519Key(): TestKey & { multibase: string; raw: Uint8Array } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const publicJwk = publicKey.export({ format: 'jwk' }) as KeyJwk
  const privateJwk = privateKey.export({ format: 'jwk' }) as KeyJwk
  const raw = Uint8Array.from(Buffer.from(publicJwk.x!, 'base64url'))
  return { publicJwk, privateJwk, raw, multibase: publicKeyMultibaseOf(raw) }
}

/** P-256: multicodec p256-pub (0x1200, varint 0x80 0x24) ‖ SEC1 compressed point, base58btc, 'z' prefix. */
function p256Key(): TestKey & { multibase: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const publicJwk = publicKey.export({ format: 'jwk' }) as KeyJwk
  const privateJwk = privateKey.export({ format: 'jwk' }) as KeyJwk
  const x = Buffer.from(publicJwk.x!, 'base64url')
  const y = Buffer.from(publicJwk.y!, 'base64url')
  const compressed = Uint8Array.from([y[y.length - 1]! % 2 === 0 ? 0x02 : 0x03, ...x])
  return { publicJwk, privateJwk, multibase: 'z' + base58btcEncode(Uint8Array.from([0x80, 0x24, ...compressed])) }
}

let rsaCache: TestKey | undefined
function rsaKey(): TestKey {
  if (rsaCache !== undefined) return rsaCache
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  rsaCache = {
    publicJwk: publicKey.export({ format: 'jwk' }) as KeyJwk,
    privateJwk: privateKey.export({ format: 'jwk' }) as KeyJwk,
  }
  return rsaCache
}

// ---------------------------------------------------------------------------------------------------------
// injected fetches

const documentFetch = serveDocuments

const DID_CONTEXT = ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1']

/** A DID / controller document listing one Multikey `#key-1` under assertionMethod and authentication. */
function documentWith(id: string, multibase: string, fragment = 'key-1'): Record<string, unknown> {
  const keyId = `${id}#${fragment}`
  return {
    '@context': DID_CONTEXT,
    id,
    verificationMethod: [{ id: keyId, type: 'Multikey', controller: id, publicKeyMultibase: multibase }],
    assertionMethod: [keyId],
    authentication: [keyId],
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

// ---------------------------------------------------------------------------------------------------------

describe('did:web: the URL fetched (W3C did:web §3.2 Read)', () => {
  it.each([
    ['did:web:example.com', 'https://example.com/.well-known/did.json'],
    ['did:web:example.com:user:alice', 'https://example.com/user/alice/did.json'],
    ['did:web:example.com%3A8443', 'https://example.com:8443/.well-known/did.json'],
    ['did:web:example.com%3A8443:issuers:cs', 'https://example.com:8443/issuers/cs/did.json'],
  ])('%s → %s', async (did, url) => {
    const key = ed25519Key()
    const fetch = documentFetch({ [url]: documentWith(did, key.multibase) })
    const resolved = await createKeyResolver({ fetch }).resolve(`${did}#key-1`)
    expect(fetch.calls).toEqual([url])
    expect(resolved.source).toBe('document')
    expect(resolved.verificationMethod).toMatchObject({
      id: `${did}#key-1`,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: key.multibase,
    })
    expect(resolved.controller?.id).toBe(did)
    expect(resolved.controller?.assertionMethod).toEqual([`${did}#key-1`])
    expect(didWebUrl(did)).toBe(url)
  })

  it('serves a document made by didWebDocument() at the URL it names, and resolves its key', async () => {
    const did = 'did:web:uni.example:faculty:law'
    const keyPair = await generateKeyPair({ controller: did, id: `${did}#key-1` })
    const { url, document } = didWebDocument(did, { keyPairs: [keyPair] })
    expect(url).toBe('https://uni.example/faculty/law/did.json')
    const fetch = documentFetch({ [url]: document })
    const resolved = await createKeyResolver({ fetch }).resolve(keyPair.id)
    expect(resolved.verificationMethod.publicKeyMultibase).toBe(keyPair.publicKeyMultibase)
    expect(fetch.calls).toEqual([url])
  })

  it.each([
    ['another DID', 'did:web:attacker.example'],
    ['the DID with a path', 'did:web:example.com:other'],
    ['the URL it was served at', 'https://example.com/.well-known/did.json'],
    ['no id at all', undefined],
  ])('a document whose id is %s does not speak for the DID → ERR_KEY_UNRESOLVED', async (_name, id) => {
    const key = ed25519Key()
    const document = { ...documentWith('did:web:example.com', key.multibase), id }
    const fetch = documentFetch({ 'https://example.com/.well-known/did.json': document })
    const resolver = createKeyResolver({ fetch })
    await expectMicrocredError(() => resolver.resolve('did:web:example.com#key-1'), 'ERR_KEY_UNRESOLVED')
    await expectMicrocredError(() => resolver.resolveController('did:web:example.com'), 'ERR_KEY_UNRESOLVED')
  })

  it('a did:web document that is not found → ERR_KEY_UNRESOLVED naming the HTTP status', async () => {
    const error = await expectMicrocredError(
      () => createKeyResolver({ fetch: documentFetch({}) }).resolve('did:web:example.com#key-1'),
      'ERR_KEY_UNRESOLVED',
    )
    expect(error.message).toContain('404')
  })

  it.each([
    ['a slash', 'did:web:example.com%2Fevil'],
    ['user info', 'did:web:victim.example%40attacker.example'],
    ['a fragment', 'did:web:attacker.example%23victim.example'],
    ['a query', 'did:web:attacker.example%3Fvictim.example'],
  ])(
    'a did:web whose host part is not a host name (it contains %s) is refused before anything is fetched',
    async (_name, did) => {
      // did:web §3.1: the method-specific id is a domain name (with an optional %3A-encoded port), then ':'-separated path.
      const fetch = documentFetch({})
      await expectMicrocredError(() => createKeyResolver({ fetch }).resolve(`${did}#key-1`), 'ERR_KEY_UNRESOLVED')
      expect(fetch.calls).toEqual([])
    },
  )

  it('an empty path segment is not a valid did:web', async () => {
    const fetch = documentFetch({})
    await expectMicrocredError(
      () => createKeyResolver({ fetch }).resolve('did:web:example.com::alice#key-1'),
      'ERR_KEY_UNRESOLVED',
    )
    expect(fetch.calls).toEqual([])
  })
})

describe('https controller documents', () => {
  const ISSUER = 'https://issuer.example/issuers/565049'

  it("resolves a key whose document is at the key id's URL, with relative '#key-1' ids made absolute", async () => {
    const key = ed25519Key()
    const fetch = documentFetch({
      [ISSUER]: {
        '@context': ['https://www.w3.org/ns/cid/v1'],
        id: ISSUER,
        verificationMethod: [{ id: '#key-1', type: 'Multikey', controller: ISSUER, publicKeyMultibase: key.multibase }],
        assertionMethod: ['#key-1'],
        authentication: ['#key-1'],
      },
    })
    const resolver = createKeyResolver({ fetch })
    const resolved = await resolver.resolve(`${ISSUER}#key-1`)
    expect(fetch.calls).toEqual([ISSUER])
    expect(resolved.source).toBe('document')
    expect(resolved.verificationMethod).toMatchObject({
      id: `${ISSUER}#key-1`,
      type: 'Multikey',
      controller: ISSUER,
      publicKeyMultibase: key.multibase,
    })
    const controller = await resolver.resolveController(ISSUER)
    expect(controller.id).toBe(ISSUER)
    expect(controller.assertionMethod).toEqual([`${ISSUER}#key-1`])
    expect(controller.authentication).toEqual([`${ISSUER}#key-1`])
    expect(controller.verificationMethod.map((m) => m.id)).toEqual([`${ISSUER}#key-1`])
  })

  it('a method embedded in assertionMethod (not in verificationMethod) is resolved too', async () => {
    const key = ed25519Key()
    const fetch = documentFetch({
      [ISSUER]: {
        id: ISSUER,
        assertionMethod: [{ id: '#embedded', type: 'Multikey', controller: ISSUER, publicKeyMultibase: key.multibase }],
      },
    })
    const resolver = createKeyResolver({ fetch })
    const resolved = await resolver.resolve(`${ISSUER}#embedded`)
    expect(resolved.verificationMethod.publicKeyMultibase).toBe(key.multibase)
    expect((await resolver.resolveController(ISSUER)).assertionMethod).toEqual([`${ISSUER}#embedded`])
  })

  it.each([
    ['another URL', 'https://attacker.example/issuer'],
    ['the URL with a trailing slash', `${ISSUER}/`],
    ['the URL with a fragment', `${ISSUER}#key-1`],
    ['nothing', undefined],
  ])('a document whose id is %s → ERR_KEY_UNRESOLVED (a document only speaks for its own id)', async (_name, id) => {
    const key = ed25519Key()
    const fetch = documentFetch({ [ISSUER]: { ...documentWith(ISSUER, key.multibase), id } })
    const resolver = createKeyResolver({ fetch })
    await expectMicrocredError(() => resolver.resolve(`${ISSUER}#key-1`), 'ERR_KEY_UNRESOLVED')
    await expectMicrocredError(() => resolver.resolveController(ISSUER), 'ERR_KEY_UNRESOLVED')
  })

  it('an http: id is never fetched', async () => {
    const fetch = documentFetch({})
    await expectMicrocredError(
      () => createKeyResolver({ fetch }).resolve('http://issuer.example/issuer#key-1'),
      'ERR_KEY_UNRESOLVED',
    )
    await expectMicrocredError(
      () => createKeyResolver({ fetch }).resolveController('http://issuer.example/issuer'),
      'ERR_KEY_UNRESOLVED',
    )
    expect(fetch.calls).toEqual([])
  })

  it('an identifier that is neither a DID nor a URL is not resolved', async () => {
    const fetch = documentFetch({})
    await expectMicrocredError(
      () => createKeyResolver({ fetch }).resolve('urn:uuid:6a1c1a0e-0000-4000-8000-000000000000#key-1'),
      'ERR_KEY_UNRESOLVED',
    )
    await expectMicrocredError(
      () => createKeyResolver({ fetch }).resolve('did:example:123#key-1'),
      'ERR_KEY_UNRESOLVED',
    )
    expect(fetch.calls).toEqual([])
  })

  describe('verification method types are normalised', () => {
    it('Multikey (Ed25519) stays as it is', async () => {
      const key = ed25519Key()
      const method = await resolveOne({ type: 'Multikey', publicKeyMultibase: key.multibase })
      expect(method).toMatchObject({ type: 'Multikey', publicKeyMultibase: key.multibase, controller: ISSUER })
    })

    it('Multikey (P-256, zDn...) stays as it is', async () => {
      const key = p256Key()
      expect(key.multibase.startsWith('zDn')).toBe(true)
      const method = await resolveOne({ type: 'Multikey', publicKeyMultibase: key.multibase })
      expect(method).toMatchObject({ type: 'Multikey', publicKeyMultibase: key.multibase })
    })

    it('Ed25519VerificationKey2020 becomes a Multikey with the same publicKeyMultibase', async () => {
      const key = ed25519Key()
      const method = await resolveOne({ type: 'Ed25519VerificationKey2020', publicKeyMultibase: key.multibase })
      expect(method).toMatchObject({ type: 'Multikey', publicKeyMultibase: key.multibase })
    })

    it('Ed25519VerificationKey2018 (publicKeyBase58) becomes a Multikey of the same 32 bytes', async () => {
      const key = ed25519Key()
      const method = await resolveOne({ type: 'Ed25519VerificationKey2018', publicKeyBase58: base58btcEncode(key.raw) })
      expect(method).toMatchObject({ type: 'Multikey', publicKeyMultibase: key.multibase })
    })

    it('Ed25519VerificationKey2018 that is not 32 bytes → ERR_KEY_INVALID', async () => {
      const key = ed25519Key()
      await expectMicrocredError(
        () =>
          resolveOne({ type: 'Ed25519VerificationKey2018', publicKeyBase58: base58btcEncode(key.raw.subarray(0, 31)) }),
        'ERR_KEY_INVALID',
      )
    })

    it('EcdsaSecp256r1VerificationKey2019 (zDn...) becomes a Multikey', async () => {
      const key = p256Key()
      const method = await resolveOne({ type: 'EcdsaSecp256r1VerificationKey2019', publicKeyMultibase: key.multibase })
      expect(method).toMatchObject({ type: 'Multikey', publicKeyMultibase: key.multibase })
    })

    it('JsonWebKey2020 with an OKP Ed25519 JWK becomes a Multikey (z6Mk...)', async () => {
      const key = ed25519Key()
      const method = await resolveOne({ type: 'JsonWebKey2020', publicKeyJwk: key.publicJwk })
      expect(method).toMatchObject({ type: 'Multikey', publicKeyMultibase: key.multibase })
    })

    it('JsonWebKey2020 with an EC P-256 JWK becomes a Multikey (zDn...) of the same point', async () => {
      const key = p256Key()
      const method = await resolveOne({ type: 'JsonWebKey2020', publicKeyJwk: key.publicJwk })
      expect(method).toMatchObject({ type: 'Multikey', publicKeyMultibase: key.multibase })
    })

    it('JsonWebKey2020 with an RSA JWK becomes a JsonWebKey with the public members only', async () => {
      const key = rsaKey()
      const method = await resolveOne({
        type: 'JsonWebKey2020',
        publicKeyJwk: { ...key.publicJwk, kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      })
      expect(method.type).toBe('JsonWebKey')
      expect(method.publicKeyJwk).toEqual({ kty: 'RSA', n: key.publicJwk.n, e: key.publicJwk.e })
    })

    it.each([
      ['Ed25519', () => ed25519Key().privateJwk],
      ['P-256', () => p256Key().privateJwk],
      ['RSA', () => rsaKey().privateJwk],
    ])('a published %s JWK containing "d" → ERR_KEY_INVALID', async (_name, privateJwk) => {
      const jwk = privateJwk()
      expect(typeof jwk.d).toBe('string')
      const error = await expectMicrocredError(
        () => resolveOne({ type: 'JsonWebKey2020', publicKeyJwk: jwk }),
        'ERR_KEY_INVALID',
      )
      expect(error.message).not.toContain(jwk.d!)
    })

    it('a published JWK containing "d" makes the whole document unusable, also for its other keys', async () => {
      const good = ed25519Key()
      const leaked = p256Key()
      const fetch = documentFetch({
        [ISSUER]: {
          id: ISSUER,
          verificationMethod: [
            { id: '#good', type: 'Multikey', controller: ISSUER, publicKeyMultibase: good.multibase },
            { id: '#leaked', type: 'JsonWebKey2020', controller: ISSUER, publicKeyJwk: leaked.privateJwk },
          ],
          assertionMethod: ['#good', '#leaked'],
        },
      })
      await expectMicrocredError(() => createKeyResolver({ fetch }).resolveController(ISSUER), 'ERR_KEY_INVALID')
    })

    it('a key type microcred does not use is skipped; the document still resolves its other keys', async () => {
      const key = ed25519Key()
      const fetch = documentFetch({
        [ISSUER]: {
          id: ISSUER,
          verificationMethod: [
            {
              id: '#agreement',
              type: 'X25519KeyAgreementKey2020',
              controller: ISSUER,
              publicKeyMultibase: 'z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc',
            },
            { id: '#key-1', type: 'Multikey', controller: ISSUER, publicKeyMultibase: key.multibase },
          ],
          assertionMethod: ['#key-1'],
        },
      })
      const resolver = createKeyResolver({ fetch })
      expect((await resolver.resolve(`${ISSUER}#key-1`)).verificationMethod.publicKeyMultibase).toBe(key.multibase)
      await expectMicrocredError(() => resolver.resolve(`${ISSUER}#agreement`), 'ERR_KEY_UNRESOLVED')
    })

    /** Serves ISSUER's document with one method `#k` (the given members) and resolves it. */
    async function resolveOne(members: Record<string, unknown>) {
      const fetch = documentFetch({
        [ISSUER]: {
          id: ISSUER,
          verificationMethod: [{ id: '#k', controller: ISSUER, ...members }],
          assertionMethod: ['#k'],
        },
      })
      const resolved = await createKeyResolver({ fetch }).resolve(`${ISSUER}#k`)
      expect(resolved.verificationMethod.id).toBe(`${ISSUER}#k`)
      return resolved.verificationMethod
    }
  })
})

describe('https key documents (the kid URL dereferences to the key itself)', () => {
  const KID = 'https://keys.example/keys/2025-1'

  it('a bare public JWK (Ed25519) → a Multikey, source key-document, controlled by its URL', async () => {
    const key = ed25519Key()
    const fetch = documentFetch({ [KID]: { ...key.publicJwk, kid: KID } })
    const resolved = await createKeyResolver({ fetch }).resolve(KID)
    expect(fetch.calls).toEqual([KID])
    expect(resolved.source).toBe('key-document')
    expect(resolved.controller).toBeUndefined()
    expect(resolved.verificationMethod).toMatchObject({
      id: KID,
      type: 'Multikey',
      controller: KID,
      publicKeyMultibase: key.multibase,
    })
  })

  it('a bare public JWK (RSA) → a JsonWebKey', async () => {
    const key = rsaKey()
    const resolved = await createKeyResolver({ fetch: documentFetch({ [KID]: key.publicJwk }) }).resolve(KID)
    expect(resolved.source).toBe('key-document')
    expect(resolved.verificationMethod.type).toBe('JsonWebKey')
    expect(resolved.verificationMethod.publicKeyJwk).toEqual({ kty: 'RSA', n: key.publicJwk.n, e: key.publicJwk.e })
  })

  it('a bare JWK naming a controller keeps that controller', async () => {
    const key = p256Key()
    const resolved = await createKeyResolver({
      fetch: documentFetch({ [KID]: { ...key.publicJwk, controller: 'https://issuer.example/issuer' } }),
    }).resolve(KID)
    expect(resolved.verificationMethod).toMatchObject({
      controller: 'https://issuer.example/issuer',
      publicKeyMultibase: key.multibase,
    })
  })

  it('a bare JWK containing "d" → ERR_KEY_INVALID', async () => {
    const key = ed25519Key()
    await expectMicrocredError(
      () => createKeyResolver({ fetch: documentFetch({ [KID]: key.privateJwk }) }).resolve(KID),
      'ERR_KEY_INVALID',
    )
  })

  it('a verification method whose id is the kid → that key, with its controller', async () => {
    const key = ed25519Key()
    const fetch = documentFetch({
      [KID]: {
        '@context': 'https://w3id.org/security/multikey/v1',
        id: KID,
        type: 'Multikey',
        controller: 'https://issuer.example/issuer',
        publicKeyMultibase: key.multibase,
      },
    })
    const resolved = await createKeyResolver({ fetch }).resolve(KID)
    expect(resolved.source).toBe('key-document')
    expect(resolved.verificationMethod).toMatchObject({
      id: KID,
      type: 'Multikey',
      controller: 'https://issuer.example/issuer',
      publicKeyMultibase: key.multibase,
    })
  })

  it('a verification method served at a kid with a fragment (id = the whole kid)', async () => {
    const key = ed25519Key()
    const kid = `${KID}#primary`
    const fetch = documentFetch({
      [KID]: {
        id: kid,
        type: 'Ed25519VerificationKey2020',
        controller: 'https://issuer.example/issuer',
        publicKeyMultibase: key.multibase,
      },
    })
    const resolved = await createKeyResolver({ fetch }).resolve(kid)
    expect(fetch.calls).toEqual([KID])
    expect(resolved.verificationMethod).toMatchObject({ id: kid, type: 'Multikey', publicKeyMultibase: key.multibase })
  })

  it.each([
    [
      'a verification method with another id',
      () => ({ id: 'https://keys.example/keys/other', type: 'Multikey', publicKeyMultibase: ed25519Key().multibase }),
    ],
    ['a JSON object that is no key', () => ({ hello: 'world' })],
    ['a JSON array', () => [1, 2, 3]],
  ])('%s → ERR_KEY_UNRESOLVED', async (_name, make) => {
    await expectMicrocredError(
      () => createKeyResolver({ fetch: documentFetch({ [KID]: make() }) }).resolve(KID),
      'ERR_KEY_UNRESOLVED',
    )
  })
})

describe('did:jwk (offline: the DID is the key)', () => {
  /** A fetch that fails the test if it is ever called. */
  const noFetch = documentFetch({})

  it.each([
    ['Ed25519', () => ed25519Key()],
    ['P-256', () => p256Key()],
  ])('did:jwk:<base64url(JSON of a public %s JWK)> resolves with id #0, without fetching', async (_name, make) => {
    const key = make()
    const did = `did:jwk:${b64u(Buffer.from(JSON.stringify(key.publicJwk)))}`
    const resolver = createKeyResolver({ fetch: noFetch })
    const resolved = await resolver.resolve(`${did}#0`)
    expect(resolved.verificationMethod).toMatchObject({
      id: `${did}#0`,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: key.multibase,
    })
    expect(resolved.controller?.assertionMethod).toEqual([`${did}#0`])
    // the bare DID names its one key
    expect((await resolver.resolve(did)).verificationMethod.id).toBe(`${did}#0`)
    // no fetch is needed at all
    expect((await createKeyResolver().resolve(`${did}#0`)).verificationMethod.publicKeyMultibase).toBe(key.multibase)
    expect(noFetch.calls).toEqual([])
  })

  it('an RSA did:jwk resolves to a JsonWebKey', async () => {
    const key = rsaKey()
    const did = `did:jwk:${b64u(Buffer.from(JSON.stringify(key.publicJwk)))}`
    const resolved = await createKeyResolver().resolve(`${did}#0`)
    expect(resolved.verificationMethod).toMatchObject({ id: `${did}#0`, type: 'JsonWebKey', controller: did })
    expect(resolved.verificationMethod.publicKeyJwk).toEqual({ kty: 'RSA', n: key.publicJwk.n, e: key.publicJwk.e })
  })

  it('a did:jwk of a private JWK → ERR_KEY_INVALID', async () => {
    const did = `did:jwk:${b64u(Buffer.from(JSON.stringify(ed25519Key().privateJwk)))}`
    await expectMicrocredError(() => createKeyResolver().resolve(`${did}#0`), 'ERR_KEY_INVALID')
  })

  it('a did:jwk that is not base64url JSON of a JWK → ERR_KEY_UNRESOLVED', async () => {
    await expectMicrocredError(() => createKeyResolver().resolve('did:jwk:not-json#0'), 'ERR_KEY_UNRESOLVED')
    await expectMicrocredError(
      () => createKeyResolver().resolve(`did:jwk:${b64u(Buffer.from('{"no":"kty"}'))}#0`),
      'ERR_KEY_UNRESOLVED',
    )
  })

  it('a did:jwk has no key but #0', async () => {
    const did = `did:jwk:${b64u(Buffer.from(JSON.stringify(ed25519Key().publicJwk)))}`
    await expectMicrocredError(() => createKeyResolver().resolve(`${did}#1`), 'ERR_KEY_UNRESOLVED')
  })
})

describe('resolveJwks(): https://{issuer host}/.well-known/jwks.json', () => {
  it.each([
    ['https://issuer.example/issuers/565049', 'https://issuer.example/.well-known/jwks.json'],
    ['https://issuer.example', 'https://issuer.example/.well-known/jwks.json'],
    ['https://issuer.example:8443/profile', 'https://issuer.example:8443/.well-known/jwks.json'],
    ['did:web:issuer.example', 'https://issuer.example/.well-known/jwks.json'],
    ['did:web:issuer.example:dept:cs', 'https://issuer.example/.well-known/jwks.json'],
    ['did:web:issuer.example%3A8443', 'https://issuer.example:8443/.well-known/jwks.json'],
  ])('%s → %s', async (issuer, url) => {
    const key = ed25519Key()
    const fetch = documentFetch({ [url]: { keys: [{ ...key.publicJwk, kid: 'k1' }] } })
    const keys = await createKeyResolver({ fetch }).resolveJwks(issuer)
    expect(fetch.calls).toEqual([url])
    expect(keys).toEqual([{ ...key.publicJwk, kid: 'k1' }])
  })

  it.each([
    'urn:uuid:6a1c1a0e-0000-4000-8000-000000000000',
    'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    'http://issuer.example/issuer',
    'mailto:registrar@issuer.example',
  ])('an issuer %s has no JWKS → ERR_KEY_UNRESOLVED, nothing fetched', async (issuer) => {
    const fetch = documentFetch({})
    await expectMicrocredError(() => createKeyResolver({ fetch }).resolveJwks(issuer), 'ERR_KEY_UNRESOLVED')
    expect(fetch.calls).toEqual([])
  })

  it('keys with private members are dropped, and so is anything that is not a JWK', async () => {
    const ed = ed25519Key()
    const ec = p256Key()
    const rsa = rsaKey()
    const { d: _d, ...rsaWithPrimesOnly } = rsa.privateJwk
    const fetch = documentFetch({
      'https://issuer.example/.well-known/jwks.json': {
        keys: [
          ed.publicJwk,
          ed.privateJwk,
          ec.privateJwk,
          rsa.publicJwk,
          rsa.privateJwk,
          rsaWithPrimesOnly,
          { kty: 'oct', k: 'c2VjcmV0' },
          { kid: 'no-kty' },
          'not a key',
          null,
        ],
      },
    })
    const keys = await createKeyResolver({ fetch }).resolveJwks('https://issuer.example/issuer')
    expect(keys).toEqual([ed.publicJwk, rsa.publicJwk])
  })

  it.each([
    ['not a JWKS object', { key: [] }],
    ['keys not an array', { keys: 'none' }],
    ['a bare array', []],
  ])('%s → ERR_KEY_UNRESOLVED', async (_name, body) => {
    const fetch = documentFetch({ 'https://issuer.example/.well-known/jwks.json': body })
    await expectMicrocredError(
      () => createKeyResolver({ fetch }).resolveJwks('https://issuer.example/issuer'),
      'ERR_KEY_UNRESOLVED',
    )
  })

  it('a JWKS that is not there → ERR_KEY_UNRESOLVED', async () => {
    await expectMicrocredError(
      () => createKeyResolver({ fetch: documentFetch({}) }).resolveJwks('https://issuer.example/issuer'),
      'ERR_KEY_UNRESOLVED',
    )
  })

  it('without a fetch → ERR_KEY_UNRESOLVED saying so', async () => {
    const error = await expectMicrocredError(
      () => createKeyResolver().resolveJwks('https://issuer.example/issuer'),
      'ERR_KEY_UNRESOLVED',
    )
    expect(error.message).toMatch(/fetch/)
  })
})

describe('caching', () => {
  const ISSUER = 'https://issuer.example/issuer'

  it('two resolves of the same document → one fetch (also across resolve and resolveController)', async () => {
    const key = ed25519Key()
    const fetch = documentFetch({ [ISSUER]: documentWith(ISSUER, key.multibase) })
    const resolver = createKeyResolver({ fetch })
    await resolver.resolve(`${ISSUER}#key-1`)
    await resolver.resolve(`${ISSUER}#key-1`)
    await resolver.resolveController(ISSUER)
    expect(fetch.calls).toEqual([ISSUER])
  })

  it('concurrent resolves share one fetch', async () => {
    const key = ed25519Key()
    const fetch = documentFetch({ [ISSUER]: documentWith(ISSUER, key.multibase) })
    const resolver = createKeyResolver({ fetch })
    const results = await Promise.all([
      resolver.resolve(`${ISSUER}#key-1`),
      resolver.resolve(`${ISSUER}#key-1`),
      resolver.resolveController(ISSUER),
    ])
    expect(results).toHaveLength(3)
    expect(fetch.calls).toEqual([ISSUER])
  })

  it('the JWKS is cached too', async () => {
    const fetch = documentFetch({ 'https://issuer.example/.well-known/jwks.json': { keys: [ed25519Key().publicJwk] } })
    const resolver = createKeyResolver({ fetch })
    await resolver.resolveJwks('https://issuer.example/a')
    await resolver.resolveJwks('https://issuer.example/b')
    expect(fetch.calls).toHaveLength(1)
  })

  it('cacheTtlMs: 0 → every resolve fetches', async () => {
    const key = ed25519Key()
    const fetch = documentFetch({ [ISSUER]: documentWith(ISSUER, key.multibase) })
    const resolver = createKeyResolver({ fetch, cacheTtlMs: 0 })
    await resolver.resolve(`${ISSUER}#key-1`)
    await resolver.resolve(`${ISSUER}#key-1`)
    expect(fetch.calls).toEqual([ISSUER, ISSUER])
  })

  it('separate resolvers do not share a cache', async () => {
    const key = ed25519Key()
    const fetch = documentFetch({ [ISSUER]: documentWith(ISSUER, key.multibase) })
    await createKeyResolver({ fetch }).resolve(`${ISSUER}#key-1`)
    await createKeyResolver({ fetch }).resolve(`${ISSUER}#key-1`)
    expect(fetch.calls).toEqual([ISSUER, ISSUER])
  })

  it('a document is fetched again once cacheTtlMs has passed, not before', async () => {
    const key = ed25519Key()
    const fetch = documentFetch({ [ISSUER]: documentWith(ISSUER, key.multibase) })
    // The cache measures its TTL on the monotonic clock (a wall-clock jump neither extends nor ends it).
    let now = 1_000_000
    vi.spyOn(performance, 'now').mockImplementation(() => now)
    const resolver = createKeyResolver({ fetch, cacheTtlMs: 60_000 })
    await resolver.resolve(`${ISSUER}#key-1`)
    now += 59_000
    await resolver.resolve(`${ISSUER}#key-1`)
    expect(fetch.calls).toHaveLength(1)
    now += 2_000
    await resolver.resolve(`${ISSUER}#key-1`)
    expect(fetch.calls).toHaveLength(2)
  })

  it('a failed fetch is not cached: the next resolve fetches again and can succeed', async () => {
    const key = ed25519Key()
    let attempts = 0
    const fetch = documentFetch({
      [ISSUER]: () => {
        attempts++
        return attempts === 1
          ? new Response('busy', { status: 503 })
          : new Response(JSON.stringify(documentWith(ISSUER, key.multibase)))
      },
    })
    const resolver = createKeyResolver({ fetch })
    await expectMicrocredError(() => resolver.resolveController(ISSUER), 'ERR_KEY_UNRESOLVED')
    const controller = await resolver.resolveController(ISSUER)
    expect(controller.assertionMethod).toEqual([`${ISSUER}#key-1`])
    expect(fetch.calls).toEqual([ISSUER, ISSUER])
  })

  it('a wall-clock jump (Date.now) does not expire a cached document', async () => {
    const key = ed25519Key()
    const fetch = documentFetch({ [ISSUER]: documentWith(ISSUER, key.multibase) })
    let now = 1_750_000_000_000
    vi.spyOn(Date, 'now').mockImplementation(() => now)
    const resolver = createKeyResolver({ fetch, cacheTtlMs: 60_000 })
    await resolver.resolveController(ISSUER)
    now += 3_600_000
    await resolver.resolveController(ISSUER)
    expect(fetch.calls).toEqual([ISSUER])
  })

  it('a rejected fetch is not cached either', async () => {
    const key = ed25519Key()
    let attempts = 0
    const calls: string[] = []
    const fetch: FetchLike = async (url) => {
      calls.push(url)
      attempts++
      if (attempts === 1) throw new TypeError('fetch failed')
      return new Response(JSON.stringify(documentWith(ISSUER, key.multibase)))
    }
    const resolver = createKeyResolver({ fetch })
    await expectMicrocredError(() => resolver.resolveController(ISSUER), 'ERR_KEY_UNRESOLVED')
    expect((await resolver.resolve(`${ISSUER}#key-1`)).source).toBe('document')
    expect(calls).toHaveLength(2)
  })
})

describe('caching is bounded: cacheMaxEntries, least recently used out first', () => {
  const url = (n: number): string => `https://docs.example/${n}`
  /** Serves `{ n }` at every https://docs.example/<n>, counting calls per URL. */
  function countingFetch(): FetchLike & { calls: string[]; count(u: string): number } {
    const calls: string[] = []
    const fetch: FetchLike = async (input) => {
      calls.push(input)
      return Response.json({ n: Number(new URL(input).pathname.slice(1)) })
    }
    return Object.assign(fetch, { calls, count: (u: string) => calls.filter((c) => c === u).length })
  }

  it('past the cap the least recently used document is dropped and fetched again; the others stay', async () => {
    const fetch = countingFetch()
    const resolver = createKeyResolver({ fetch, cacheMaxEntries: 2 })
    expect(await resolver.fetchDocument(url(1))).toEqual({ n: 1 })
    await resolver.fetchDocument(url(2))
    await resolver.fetchDocument(url(1)) // cached; 1 is now the most recently used
    await resolver.fetchDocument(url(3)) // the third: 2 (least recently used) goes
    expect(fetch.calls).toEqual([url(1), url(2), url(3)])
    await resolver.fetchDocument(url(1))
    await resolver.fetchDocument(url(3))
    expect(fetch.calls).toEqual([url(1), url(2), url(3)])
    expect(await resolver.fetchDocument(url(2))).toEqual({ n: 2 })
    expect(fetch.calls).toEqual([url(1), url(2), url(3), url(2)])
  })

  it('the default cap is 1,000 documents', async () => {
    const fetch = countingFetch()
    const resolver = createKeyResolver({ fetch })
    for (let n = 1; n <= 1_000; n++) await resolver.fetchDocument(url(n))
    // all 1,000 kept
    for (let n = 1; n <= 1_000; n++) await resolver.fetchDocument(url(n))
    expect(fetch.calls).toHaveLength(1_000)
    // the 1,001st pushes out the least recently used, document 1, and only it
    await resolver.fetchDocument(url(1_001))
    await resolver.fetchDocument(url(2))
    expect(fetch.calls).toHaveLength(1_001)
    await resolver.fetchDocument(url(1))
    expect(fetch.calls).toHaveLength(1_002)
    expect(fetch.count(url(1))).toBe(2)
  })

  it('the cap covers controller documents, DID documents and JWKS alike (one cache)', async () => {
    const key = ed25519Key()
    const a = 'https://a.example/issuer'
    const fetch = documentFetch({
      [a]: documentWith(a, key.multibase),
      'https://b.example/.well-known/did.json': documentWith('did:web:b.example', key.multibase),
      'https://c.example/.well-known/jwks.json': { keys: [key.publicJwk] },
    })
    const resolver = createKeyResolver({ fetch, cacheMaxEntries: 2 })
    await resolver.resolveController(a)
    await resolver.resolveController('did:web:b.example')
    await resolver.resolveJwks('https://c.example')
    await resolver.resolveController('did:web:b.example')
    await resolver.resolveController(a)
    expect(fetch.calls).toEqual([
      a,
      'https://b.example/.well-known/did.json',
      'https://c.example/.well-known/jwks.json',
      a,
    ])
  })

  it('concurrent callers share one fetch, also with a cap of 1', async () => {
    const fetch = countingFetch()
    const resolver = createKeyResolver({ fetch, cacheMaxEntries: 1 })
    const results = await Promise.all([
      resolver.fetchDocument(url(7)),
      resolver.fetchDocument(url(7)),
      resolver.fetchDocument(url(7)),
    ])
    expect(results).toEqual([{ n: 7 }, { n: 7 }, { n: 7 }])
    expect(fetch.calls).toEqual([url(7)])
  })

  it('a failure is not cached and does not push anything out', async () => {
    let failing = true
    const calls: string[] = []
    const fetch: FetchLike = async (input) => {
      calls.push(input)
      if (input === url(9) && failing) return new Response('busy', { status: 503 })
      return Response.json({ n: Number(new URL(input).pathname.slice(1)) })
    }
    const resolver = createKeyResolver({ fetch, cacheMaxEntries: 2 })
    await resolver.fetchDocument(url(1))
    await resolver.fetchDocument(url(2))
    await expectMicrocredError(() => resolver.fetchDocument(url(9)), 'ERR_FETCH_FAILED')
    failing = false
    expect(await resolver.fetchDocument(url(9))).toEqual({ n: 9 })
    expect(calls.filter((c) => c === url(9))).toHaveLength(2)
  })

  it('cacheMaxEntries: 0 caches nothing', async () => {
    const fetch = countingFetch()
    const resolver = createKeyResolver({ fetch, cacheMaxEntries: 0 })
    await resolver.fetchDocument(url(1))
    await resolver.fetchDocument(url(1))
    expect(fetch.calls).toEqual([url(1), url(1)])
  })

  it('cacheTtlMs: Infinity keeps documents until the cap pushes them out', async () => {
    const fetch = countingFetch()
    let now = 1_000_000
    vi.spyOn(performance, 'now').mockImplementation(() => now)
    const resolver = createKeyResolver({ fetch, cacheTtlMs: Number.POSITIVE_INFINITY, cacheMaxEntries: 1 })
    await resolver.fetchDocument(url(1))
    now += 365 * 24 * 3_600_000
    await resolver.fetchDocument(url(1))
    expect(fetch.calls).toEqual([url(1)])
    await resolver.fetchDocument(url(2))
    await resolver.fetchDocument(url(1))
    expect(fetch.calls).toEqual([url(1), url(2), url(1)])
  })

  it.each([
    ['cacheMaxEntries', '-1', -1],
    ['cacheMaxEntries', '1.5', 1.5],
    ['cacheMaxEntries', 'Infinity (the cache must be bounded)', Number.POSITIVE_INFINITY],
    ['cacheMaxEntries', 'NaN', Number.NaN],
    ['cacheMaxEntries', 'the string "10"', '10'],
    ['cacheTtlMs', '-1', -1],
    ['cacheTtlMs', 'NaN', Number.NaN],
    ['cacheTtlMs', 'the string "60000"', '60000'],
  ])('options.%s = %s is a caller mistake (TypeError naming the option)', (option, _shown, value) => {
    expect(() => createKeyResolver({ [option]: value })).toThrow(new RegExp(`options\\.${option}`))
    expect(() => createKeyResolver({ [option]: value })).toThrow(TypeError)
  })
})

describe('the fragment rule: a key read from `<url>#<publicKeyMultibase>` only when no document could be obtained', () => {
  const ISSUER = 'https://issuer.example/issuer'

  it.each([
    ['HTTP 404', () => new Response('not found', { status: 404 })],
    ['HTTP 500', () => new Response('oops', { status: 500 })],
    ['not JSON', () => new Response('<html></html>')],
  ])('the document cannot be obtained (%s) → source fragment, marked as such', async (_name, answer) => {
    const key = ed25519Key()
    const fetch = documentFetch({ [ISSUER]: answer })
    const resolved = await createKeyResolver({ fetch }).resolve(`${ISSUER}#${key.multibase}`)
    expect(fetch.calls).toEqual([ISSUER])
    expect(resolved.source).toBe('fragment')
    expect(resolved.controller).toBeUndefined()
    expect(resolved.verificationMethod).toMatchObject({
      id: `${ISSUER}#${key.multibase}`,
      type: 'Multikey',
      controller: ISSUER,
      publicKeyMultibase: key.multibase,
    })
    expect(typeof resolved.note).toBe('string')
  })

  it('a P-256 fragment (zDn...) works the same way', async () => {
    const key = p256Key()
    const resolved = await createKeyResolver({ fetch: documentFetch({}) }).resolve(
      `did:web:issuer.example#${key.multibase}`,
    )
    expect(resolved.source).toBe('fragment')
    expect(resolved.verificationMethod.publicKeyMultibase).toBe(key.multibase)
  })

  it('a document that IS fetched but does not list the key → ERR_KEY_UNRESOLVED, no fragment fallback', async () => {
    const listed = ed25519Key()
    const other = ed25519Key()
    const fetch = documentFetch({ [ISSUER]: documentWith(ISSUER, listed.multibase) })
    const error = await expectMicrocredError(
      () => createKeyResolver({ fetch }).resolve(`${ISSUER}#${other.multibase}`),
      'ERR_KEY_UNRESOLVED',
    )
    expect(error.message).toMatch(/does not list/)
  })

  it('the same for did:web: its DID document is obtained and does not list the key → ERR_KEY_UNRESOLVED', async () => {
    const listed = ed25519Key()
    const other = ed25519Key()
    const fetch = documentFetch({
      'https://issuer.example/.well-known/did.json': documentWith('did:web:issuer.example', listed.multibase),
    })
    await expectMicrocredError(
      () => createKeyResolver({ fetch }).resolve(`did:web:issuer.example#${other.multibase}`),
      'ERR_KEY_UNRESOLVED',
    )
  })

  it('a document that is fetched but is for another id → ERR_KEY_UNRESOLVED, no fragment fallback', async () => {
    const key = ed25519Key()
    const fetch = documentFetch({ [ISSUER]: documentWith('https://attacker.example/issuer', key.multibase) })
    await expectMicrocredError(
      () => createKeyResolver({ fetch }).resolve(`${ISSUER}#${key.multibase}`),
      'ERR_KEY_UNRESOLVED',
    )
  })

  it('a document that is fetched but is neither a controller document nor a key → ERR_KEY_UNRESOLVED', async () => {
    const key = ed25519Key()
    const fetch = documentFetch({ [ISSUER]: { name: 'just a profile', url: 'https://issuer.example' } })
    await expectMicrocredError(
      () => createKeyResolver({ fetch }).resolve(`${ISSUER}#${key.multibase}`),
      'ERR_KEY_UNRESOLVED',
    )
  })

  it('a fragment that is not a Multikey gives nothing when the document cannot be obtained', async () => {
    const error = await expectMicrocredError(
      () => createKeyResolver({ fetch: documentFetch({}) }).resolve(`${ISSUER}#key-1`),
      'ERR_KEY_UNRESOLVED',
    )
    expect(error.message).toContain('404')
  })
})

describe('a fetch that refuses (ERR_FETCH_REFUSED) → ERR_KEY_UNRESOLVED with the reason', () => {
  const REASON = 'safeFetch refused: 10.0.0.1 is not a public address'
  const refusingFetch = (): FetchLike & { calls: string[] } => {
    const calls: string[] = []
    const fetch = async (url: string): Promise<Response> => {
      calls.push(url)
      throw new MicrocredError('ERR_FETCH_REFUSED', REASON)
    }
    return Object.assign(fetch, { calls })
  }

  it.each([
    ['an https key id', 'https://10.0.0.1/issuer#key-1'],
    ['a did:web key id', 'did:web:10.0.0.1#key-1'],
  ])('%s', async (_name, id) => {
    const fetch = refusingFetch()
    const error = await expectMicrocredError(() => createKeyResolver({ fetch }).resolve(id), 'ERR_KEY_UNRESOLVED')
    expect(error.message).toContain(REASON)
    expect(fetch.calls).toHaveLength(1)
  })

  it('resolveController and resolveJwks too', async () => {
    const resolver = createKeyResolver({ fetch: refusingFetch() })
    expect(
      (await expectMicrocredError(() => resolver.resolveController('did:web:10.0.0.1'), 'ERR_KEY_UNRESOLVED')).message,
    ).toContain(REASON)
    expect(
      (await expectMicrocredError(() => resolver.resolveJwks('https://10.0.0.1/issuer'), 'ERR_KEY_UNRESOLVED')).message,
    ).toContain(REASON)
  })

  it('with the real safeFetch(): a key id on a private or metadata address is refused and never connected to', async () => {
    const resolver = createKeyResolver({ fetch: safeFetch({ timeoutMs: 2_000 }) })
    for (const id of [
      'https://169.254.169.254/latest/meta-data#key-1',
      'did:web:127.0.0.1%3A8443#key-1',
      'https://[::1]/issuer#key-1',
    ]) {
      const error = await expectMicrocredError(() => resolver.resolve(id), 'ERR_KEY_UNRESOLVED')
      expect(error.message).toMatch(/refused/)
    }
  })
})

describe('resolver limits', () => {
  it('maxBytes applies to fetched documents', async () => {
    const ISSUER = 'https://issuer.example/issuer'
    const key = ed25519Key()
    const document = { ...documentWith(ISSUER, key.multibase), padding: 'x'.repeat(5_000) }
    const fetch = documentFetch({ [ISSUER]: document })
    const error = await expectMicrocredError(
      () => createKeyResolver({ fetch, maxBytes: 1_000 }).resolveController(ISSUER),
      'ERR_KEY_UNRESOLVED',
    )
    expect(error.message).toContain('1000')
    expect((await createKeyResolver({ fetch, maxBytes: 10_000 }).resolveController(ISSUER)).id).toBe(ISSUER)
  })

  it('timeoutMs applies to fetched documents', async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as fetch does: with the signal's abort reason, whatever it is
          reject(init.signal?.reason)
        }),
      )
    const error = await expectMicrocredError(
      () => createKeyResolver({ fetch, timeoutMs: 300 }).resolveController('did:web:slow.example'),
      'ERR_KEY_UNRESOLVED',
    )
    expect(error.message).toMatch(/300 ms/)
  })

  it('options.fetch must be a function', () => {
    expect(() => createKeyResolver({ fetch: 'https://example.com' as never })).toThrow(TypeError)
    expect(() => createKeyResolver('x' as never)).toThrow(TypeError)
  })
})

describe('createKeyResolver().fetchDocument(): which URLs are fetched', () => {
  it('https, and http only on a loopback host (a service tried on one machine); any other http is refused unfetched', async () => {
    const asked: string[] = []
    const resolver = createKeyResolver({ fetch: async (url) => (asked.push(url), Response.json({ id: url })) })
    for (const url of [
      'https://uni.example/status/1',
      'http://127.0.0.1:8080/status/revocation',
      'http://localhost:8080/status/1',
      'http://[::1]:8080/status/1',
    ]) {
      await expect(resolver.fetchDocument(url)).resolves.toMatchObject({ id: url })
    }
    for (const url of [
      'http://uni.example/status/1',
      'http://localhost.evil.example/status/1',
      'http://localhost@evil.example/status/1',
      'http://10.0.0.1/status/1',
      'ftp://127.0.0.1/x',
    ]) {
      await expect(resolver.fetchDocument(url)).rejects.toMatchObject({ code: 'ERR_FETCH_REFUSED' })
    }
    expect(asked).toEqual([
      'https://uni.example/status/1',
      'http://127.0.0.1:8080/status/revocation',
      'http://localhost:8080/status/1',
      'http://[::1]:8080/status/1',
    ])
  })
})
