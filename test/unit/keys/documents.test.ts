/**
 * The documents an issuer publishes: `didWebDocument()` (the did.json of a did:web issuer and where to serve it)
 * and `controllerDocument()` (the controller document of an https issuer).
 */
import { describe, expect, it } from 'vitest'
import { exportKeyPair, generateKeyPair, issue, verify, type KeyPair } from '../../../src/index.js'
import { controllerDocument, didWebDocument, type ControllerDocumentJson } from '../../../src/entries/keys.js'
import { euCredential } from '../../helpers/credentials.js'
import { b64u, decodePublicKeyMultibase } from './helpers.js'

const now = new Date('2026-01-01T00:00:00Z')
const DID_V1 = 'https://www.w3.org/ns/did/v1'
const CID_V1 = 'https://www.w3.org/ns/cid/v1'
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1'
const JWK_V1 = 'https://w3id.org/security/jwk/v1'
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi']

/** One key of each algorithm, all controlled by `controller`. */
async function keysOf(controller: string): Promise<{ ed25519: KeyPair; p256: KeyPair; rsa: KeyPair }> {
  const [ed25519, p256, rsa] = await Promise.all([
    generateKeyPair({ controller, id: `${controller}#key-ed25519` }),
    generateKeyPair({ algorithm: 'ES256', controller, id: `${controller}#key-p256` }),
    generateKeyPair({ algorithm: 'RS256', controller }),
  ])
  return { ed25519, p256, rsa }
}

/** Every secret string of the key pairs (multibase secrets, private JWK members). */
function secretsOf(keyPairs: KeyPair[]): string[] {
  const secrets: string[] = []
  for (const keyPair of keyPairs) {
    const jwk = exportKeyPair(keyPair, { secret: true, format: 'jwk' }) as Record<string, unknown>
    for (const member of PRIVATE_JWK_MEMBERS) if (typeof jwk[member] === 'string') secrets.push(jwk[member])
    if (keyPair.algorithm !== 'RS256') {
      const multikey = exportKeyPair(keyPair, { secret: true })
      if (multikey.secretKeyMultibase !== undefined) secrets.push(multikey.secretKeyMultibase)
    }
  }
  return secrets
}

/** Checks that `document` lists exactly `keyPairs`, with their public keys, for assertion and authentication. */
function expectListsKeys(document: ControllerDocumentJson, id: string, keyPairs: KeyPair[]): void {
  const ids = keyPairs.map((k) => k.id)
  expect(document.id).toBe(id)
  expect(document.verificationMethod.map((m) => m.id)).toEqual(ids)
  expect(document.assertionMethod).toEqual(ids)
  expect(document.authentication).toEqual(ids)
  for (const keyPair of keyPairs) {
    const method = document.verificationMethod.find((m) => m.id === keyPair.id)!
    expect(method.controller).toBe(id)
    const publicJwk = exportKeyPair(keyPair, { format: 'jwk' }) as Record<string, unknown>
    if (keyPair.algorithm === 'RS256') {
      expect(method.type).toBe('JsonWebKey')
      const jwk = (method as { publicKeyJwk: Record<string, unknown> }).publicKeyJwk
      expect(jwk).toMatchObject({ kty: 'RSA', n: publicJwk['n'], e: publicJwk['e'] })
      for (const member of PRIVATE_JWK_MEMBERS) expect(jwk).not.toHaveProperty(member)
    } else {
      expect(method.type).toBe('Multikey')
      const multibase = (method as { publicKeyMultibase: string }).publicKeyMultibase
      expect(method).not.toHaveProperty('secretKeyMultibase')
      expect(method).not.toHaveProperty('publicKeyJwk')
      if (keyPair.algorithm === 'Ed25519') {
        // the raw key inside the multibase is the key pair's public JWK "x"
        expect(multibase.startsWith('z6Mk')).toBe(true)
        expect(b64u(decodePublicKeyMultibase(multibase))).toBe(publicJwk['x'])
      } else {
        expect(multibase.startsWith('zDn')).toBe(true)
        expect(multibase).toBe(keyPair.publicKeyMultibase)
      }
    }
  }
}

describe('didWebDocument(did, { keyPairs })', () => {
  it.each([
    ['did:web:uni.example', 'https://uni.example/.well-known/did.json'],
    ['did:web:uni.example:dept:cs', 'https://uni.example/dept/cs/did.json'],
  ])('serves %s at %s', async (did, url) => {
    const keyPair = await generateKeyPair({ controller: did, id: `${did}#key-1` })
    expect(didWebDocument(did, { keyPairs: [keyPair] }).url).toBe(url)
  })

  it('lists every key (Multikey for Ed25519 and P-256, a public JsonWebKey for RSA) under verificationMethod, assertionMethod and authentication', async () => {
    const did = 'did:web:uni.example'
    const { ed25519, p256, rsa } = await keysOf(did)
    const { document } = didWebDocument(did, { keyPairs: [ed25519, p256, rsa] })
    expectListsKeys(document, did, [ed25519, p256, rsa])
  })

  it('uses the DID and Multikey contexts, plus the JWK context only when an RSA key is listed', async () => {
    const did = 'did:web:uni.example'
    const { ed25519, p256, rsa } = await keysOf(did)
    expect(didWebDocument(did, { keyPairs: [ed25519, p256] }).document['@context']).toEqual([DID_V1, MULTIKEY_V1])
    expect(didWebDocument(did, { keyPairs: [ed25519, rsa] }).document['@context']).toEqual([
      DID_V1,
      MULTIKEY_V1,
      JWK_V1,
    ])
  })

  it('writes no secret material anywhere', async () => {
    const did = 'did:web:uni.example'
    const keyPairs = Object.values(await keysOf(did))
    const text = JSON.stringify(didWebDocument(did, { keyPairs }))
    expect(text).not.toMatch(/secretKeyMultibase|privateKey/)
    for (const member of PRIVATE_JWK_MEMBERS) expect(text).not.toContain(`"${member}":`)
    const secrets = secretsOf(keyPairs)
    expect(secrets.length).toBeGreaterThanOrEqual(8)
    for (const secret of secrets) expect(text).not.toContain(secret)
  })

  it('refuses a key of another controller (TypeError)', async () => {
    const mine = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
    const theirs = await generateKeyPair({ controller: 'did:web:other.example', id: 'did:web:other.example#key-1' })
    const didKey = await generateKeyPair()
    expect(() => didWebDocument('did:web:uni.example', { keyPairs: [mine, theirs] })).toThrow(TypeError)
    expect(() => didWebDocument('did:web:uni.example', { keyPairs: [didKey] })).toThrow(TypeError)
    // a sub-path DID is another identifier
    expect(() => didWebDocument('did:web:uni.example:dept:cs', { keyPairs: [mine] })).toThrow(TypeError)
  })

  it('refuses a DID that is not a did:web (TypeError)', async () => {
    const didKey = await generateKeyPair()
    for (const did of [didKey.controller, 'did:jwk:eyJrdHkiOiJPS1AifQ', 'https://uni.example', 'uni.example', '']) {
      expect(() => didWebDocument(did, { keyPairs: [didKey] })).toThrow(TypeError)
    }
  })

  it('refuses no keys, and things that are not key pairs (TypeError)', async () => {
    const keyPair = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
    expect(() => didWebDocument('did:web:uni.example', { keyPairs: [] })).toThrow(TypeError)
    expect(() => didWebDocument('did:web:uni.example', { keyPairs: [{ ...keyPair }] })).toThrow(TypeError)
  })

  it.each(['did:web:uni.example', 'did:web:uni.example:dept:cs'])(
    'end to end: a credential issued by %s verifies through a fetch serving exactly the returned document at the returned url',
    async (did) => {
      const keyPair = await generateKeyPair({ controller: did, id: `${did}#key-1` })
      const { url, document } = didWebDocument(did, { keyPairs: [keyPair] })
      const signed = await issue(euCredential(keyPair), { keyPair })
      const requested: string[] = []
      const fetch = async (input: string): Promise<Response> => {
        requested.push(input)
        return input === url ? new Response(JSON.stringify(document)) : new Response('not found', { status: 404 })
      }
      const report = await verify(signed, { now, fetch })
      expect(report.issues).toEqual([])
      expect(report.checks.find((c) => c.id === 'proof')?.status).toBe('passed')
      expect(report.checks.find((c) => c.id === 'issuer-binding')?.status).toBe('passed')
      expect(report.verified).toBe(true)
      expect(new Set(requested)).toEqual(new Set([url]))
    },
  )

  it('end to end, control: the same credential does not verify when the document is not served, or lists another key', async () => {
    const did = 'did:web:uni.example'
    const keyPair = await generateKeyPair({ controller: did, id: `${did}#key-1` })
    const impostor = await generateKeyPair({ controller: did, id: `${did}#key-1` })
    const signed = await issue(euCredential(keyPair), { keyPair })
    const { url, document } = didWebDocument(did, { keyPairs: [impostor] })
    const nothing = async (): Promise<Response> => new Response('not found', { status: 404 })
    const wrong = async (input: string): Promise<Response> =>
      input === url ? new Response(JSON.stringify(document)) : new Response('not found', { status: 404 })
    expect((await verify(signed, { now, fetch: nothing })).verified).toBe(false)
    const report = await verify(signed, { now, fetch: wrong })
    expect(report.verified).toBe(false)
    expect(report.checks.find((c) => c.id === 'proof')?.status).toBe('failed')
  })
})

describe('controllerDocument(id, { keyPairs })', () => {
  const id = 'https://uni.example/issuer'

  it('lists every key under verificationMethod, assertionMethod and authentication, with the controlled-identifier context', async () => {
    const { ed25519, p256, rsa } = await keysOf(id)
    const document = controllerDocument(id, { keyPairs: [ed25519, p256, rsa] })
    expectListsKeys(document, id, [ed25519, p256, rsa])
    expect(document['@context']).toEqual([CID_V1, MULTIKEY_V1, JWK_V1])
    expect(controllerDocument(id, { keyPairs: [ed25519] })['@context']).toEqual([CID_V1, MULTIKEY_V1])
  })

  it('writes no secret material anywhere', async () => {
    const keyPairs = Object.values(await keysOf(id))
    const text = JSON.stringify(controllerDocument(id, { keyPairs }))
    for (const member of PRIVATE_JWK_MEMBERS) expect(text).not.toContain(`"${member}":`)
    for (const secret of secretsOf(keyPairs)) expect(text).not.toContain(secret)
  })

  it('refuses a key of another controller, and an id that is not an https URL (TypeError)', async () => {
    const keyPair = await generateKeyPair({ controller: id })
    const other = await generateKeyPair({ controller: 'https://other.example/issuer' })
    expect(() => controllerDocument(id, { keyPairs: [keyPair, other] })).toThrow(TypeError)
    for (const bad of ['http://uni.example/issuer', 'did:web:uni.example', 'uni.example/issuer']) {
      expect(() => controllerDocument(bad, { keyPairs: [keyPair] })).toThrow(TypeError)
    }
  })

  it('end to end: a credential issued by an https issuer verifies through a fetch serving the document at its id', async () => {
    const keyPair = await generateKeyPair({ controller: id })
    const document = controllerDocument(id, { keyPairs: [keyPair] })
    const signed = await issue(euCredential(keyPair), { keyPair })
    const fetch = async (input: string): Promise<Response> =>
      input === id ? new Response(JSON.stringify(document)) : new Response('not found', { status: 404 })
    const report = await verify(signed, { now, fetch })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })
})
