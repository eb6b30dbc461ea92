import { describe, expect, it } from 'vitest'
import {
  createSigner,
  exportKeyPair,
  generateKeyPair,
  issueJwt,
  verify,
  type KeyAlgorithm,
  type KeyPair,
  type Signer,
} from '../../../src/index.js'
import { controllerDocument, didWebDocument } from '../../../src/entries/keys.js'
import {
  FIXTURE,
  NOW,
  algOf,
  credentialFor,
  decodeJwt,
  json,
  publicJwk,
  serve,
  signatureIsValid,
  statusOf,
} from './helpers.js'

const ALGORITHMS: [KeyAlgorithm, 'EdDSA' | 'ES256' | 'RS256'][] = [
  ['Ed25519', 'EdDSA'],
  ['ES256', 'ES256'],
  ['RS256', 'RS256'],
]

const ISSUER = 'https://uni.example/issuer'

/** The claims §8.2 requires for the fixture credential, written from the fixture values. */
const fixtureClaims = (issuerId: string) => ({
  iss: issuerId,
  jti: FIXTURE.id,
  sub: FIXTURE.learnerId,
  nbf: FIXTURE.nbf,
  exp: FIXTURE.exp,
})

/** Issues, then checks the token's shape, its signature (node:crypto) and a full verify() round trip. */
async function roundTrip(keyPair: KeyPair, options: { keyIn?: 'kid' | 'jwk'; fetch?: ReturnType<typeof serve> } = {}) {
  const credential = credentialFor(keyPair.controller)
  const token = await issueJwt(credential, {
    keyPair,
    ...(options.keyIn === undefined ? {} : { keyIn: options.keyIn }),
  })
  const { header, payload } = decodeJwt(token)
  if (options.keyIn === 'jwk') {
    expect(header).toEqual({ alg: algOf(keyPair), typ: 'JWT', jwk: publicJwk(keyPair) })
    expect(header['jwk']).not.toHaveProperty('d')
  } else {
    expect(header).toEqual({ alg: algOf(keyPair), typ: 'JWT', kid: keyPair.id })
  }
  expect(payload).toEqual({ ...json(credential), ...fixtureClaims(keyPair.controller) })
  expect(signatureIsValid(token, keyPair)).toBe(true)

  const report = await verify(token, { now: NOW, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) })
  expect(report.issues).toEqual([])
  expect(report.verified).toBe(true)
  expect(report.format).toBe('jwt')
  expect(report.credential).toEqual(json(credential))
  for (const claim of ['iss', 'sub', 'jti', 'nbf', 'exp']) expect(report.credential).not.toHaveProperty(claim)
  expect(statusOf(report)).toMatchObject({
    syntax: 'passed',
    context: 'passed',
    schema: 'passed',
    'eu-profile': 'passed',
    proof: 'passed',
    'issuer-binding': 'passed',
    validity: 'passed',
  })
  return { token, report }
}

describe('issueJwt() + verify(): self-describing DIDs (offline)', () => {
  it('EdDSA with a did:key issuer', async () => {
    const keyPair = await generateKeyPair()
    expect(keyPair.controller).toMatch(/^did:key:z6Mk/)
    await roundTrip(keyPair)
  })

  it('ES256 with a P-256 did:key issuer', async () => {
    const keyPair = await generateKeyPair({ algorithm: 'ES256' })
    expect(keyPair.controller).toMatch(/^did:key:zDn/)
    await roundTrip(keyPair)
  })

  it('RS256 with the default did:jwk issuer', async () => {
    const keyPair = await generateKeyPair({ algorithm: 'RS256' })
    expect(keyPair.controller).toMatch(/^did:jwk:/)
    expect(keyPair.id).toBe(`${keyPair.controller}#0`)
    // the did:jwk identifier is the base64url of the public JWK
    expect(JSON.parse(Buffer.from(keyPair.controller.slice('did:jwk:'.length), 'base64url').toString('utf8'))).toEqual(
      publicJwk(keyPair),
    )
    await roundTrip(keyPair)
  })
})

describe.each(ALGORITHMS)('issueJwt() + verify(): %s keys of an https issuer', (algorithm, alg) => {
  it(`${alg}: kid resolved through the issuer's controller document (injected fetch)`, async () => {
    const keyPair = await generateKeyPair({ algorithm, controller: ISSUER })
    const fetch = serve({ [ISSUER]: controllerDocument(ISSUER, { keyPairs: [keyPair] }) })
    await roundTrip(keyPair, { fetch })
    expect(fetch.requested).toContain(ISSUER)

    // without a fetch the issuer's key cannot be confirmed
    const credential = credentialFor(ISSUER)
    const offline = await verify(await issueJwt(credential, { keyPair }), { now: NOW })
    expect(offline.verified).toBe(false)
  })

  it(`${alg}: keyIn 'jwk', bound through the issuer's controller document`, async () => {
    const keyPair = await generateKeyPair({ algorithm, controller: ISSUER })
    const fetch = serve({ [ISSUER]: controllerDocument(ISSUER, { keyPairs: [keyPair] }) })
    await roundTrip(keyPair, { keyIn: 'jwk', fetch })
  })

  it(`${alg}: keyIn 'jwk', bound through the JWKS at https://host/.well-known/jwks.json (for the host-level issuer)`, async () => {
    // A host's JWKS speaks for https://host only, not for every path issuer on it.
    const keyPair = await generateKeyPair({ algorithm, controller: 'https://uni.example' })
    // no controller document at the issuer URL (404): only the JWKS lists the key
    const fetch = serve({
      'https://uni.example/.well-known/jwks.json': { keys: [exportKeyPair(keyPair, { format: 'jwk' })] },
    })
    await roundTrip(keyPair, { keyIn: 'jwk', fetch })
    expect(fetch.requested).toContain('https://uni.example/.well-known/jwks.json')
  })

  it(`${alg}: keyIn 'jwk' is not bound when neither the document nor the JWKS lists the key`, async () => {
    const keyPair = await generateKeyPair({ algorithm, controller: ISSUER })
    const other = await generateKeyPair({ algorithm, controller: ISSUER })
    const fetch = serve({
      [ISSUER]: controllerDocument(ISSUER, { keyPairs: [other] }),
      'https://uni.example/.well-known/jwks.json': { keys: [exportKeyPair(other, { format: 'jwk' })] },
    })
    const report = await verify(await issueJwt(credentialFor(ISSUER), { keyPair, keyIn: 'jwk' }), { now: NOW, fetch })
    expect(report.verified).toBe(false)
    expect(statusOf(report)['proof']).toBe('passed')
    expect(report.issues).toEqual([
      expect.objectContaining({ code: 'ERR_ISSUER_KEY_MISMATCH', check: 'issuer-binding', path: 'issuer.id' }),
    ])
  })

  it(`${alg}: a KMS-style signer gives a token that verifies, like the key pair's`, async () => {
    const keyPair = await generateKeyPair({ algorithm, controller: ISSUER })
    const fetch = serve({ [ISSUER]: controllerDocument(ISSUER, { keyPairs: [keyPair] }) })
    const inner = createSigner(keyPair)
    const signed: Uint8Array[] = []
    const kms: Signer = {
      id: keyPair.id,
      algorithm,
      async sign(data) {
        signed.push(data)
        return inner.sign(data)
      },
    }
    const credential = credentialFor(ISSUER)
    const fromSigner = await issueJwt(credential, { signer: kms })
    const fromKeyPair = await issueJwt(credential, { keyPair })

    // the signer signed exactly the JWS signing input (RFC 7515 §5.1: BASE64URL(header) '.' BASE64URL(payload))
    expect(signed).toHaveLength(1)
    expect(new TextDecoder().decode(signed[0])).toBe(decodeJwt(fromSigner).signingInput)

    for (const token of [fromSigner, fromKeyPair]) {
      const { header, payload } = decodeJwt(token)
      expect(header).toEqual({ alg, typ: 'JWT', kid: keyPair.id })
      expect(payload).toEqual({ ...json(credential), ...fixtureClaims(ISSUER) })
      expect(signatureIsValid(token, keyPair)).toBe(true)
      const report = await verify(token, { now: NOW, fetch })
      expect(report.issues).toEqual([])
      expect(report.verified).toBe(true)
      expect(report.format).toBe('jwt')
      expect(report.credential).toEqual(json(credential))
    }
    // EdDSA and RSASSA-PKCS1-v1_5 signatures are deterministic: both paths give the very same token
    if (algorithm !== 'ES256') expect(fromSigner).toBe(fromKeyPair)
  })
})

describe('issueJwt() + verify(): did:web issuer', () => {
  it('ES256 key listed in the did.json served at the did:web URL', async () => {
    const did = 'did:web:uni.example'
    const keyPair = await generateKeyPair({ algorithm: 'ES256', controller: did, id: `${did}#key-1` })
    const { url, document } = didWebDocument(did, { keyPairs: [keyPair] })
    expect(url).toBe('https://uni.example/.well-known/did.json')
    const fetch = serve({ [url]: document })
    await roundTrip(keyPair, { fetch })
    expect(fetch.requested).toContain(url)
  })
})

describe('issueJwt(): header', () => {
  it('has exactly alg, typ and kid (no other member) with keyIn kid', async () => {
    const keyPair = await generateKeyPair()
    const { header } = decodeJwt(await issueJwt(credentialFor(keyPair.controller), { keyPair, keyIn: 'kid' }))
    expect(Object.keys(header).sort()).toEqual(['alg', 'kid', 'typ'])
  })

  it('has exactly alg, typ and jwk with keyIn jwk, and the jwk holds no private member', async () => {
    for (const algorithm of ['Ed25519', 'ES256', 'RS256'] as const) {
      const keyPair = await generateKeyPair({ algorithm })
      const { header } = decodeJwt(await issueJwt(credentialFor(keyPair.controller), { keyPair, keyIn: 'jwk' }))
      expect(Object.keys(header).sort()).toEqual(['alg', 'jwk', 'typ'])
      const jwk = header['jwk'] as Record<string, unknown>
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwk).not.toHaveProperty(member)
      expect(jwk).toEqual(publicJwk(keyPair))
    }
  })

  it('accepts the explicit jwtAlgorithm that matches the key', async () => {
    const keyPair = await generateKeyPair({ algorithm: 'ES256' })
    const { header } = decodeJwt(await issueJwt(credentialFor(keyPair.controller), { keyPair, jwtAlgorithm: 'ES256' }))
    expect(header['alg']).toBe('ES256')
  })
})

describe('issueJwt(): payload claims', () => {
  it('omits exp when the credential has no validUntil, and still verifies', async () => {
    const keyPair = await generateKeyPair()
    const credential = credentialFor(keyPair.controller, { validUntil: undefined })
    expect(credential).not.toHaveProperty('validUntil')
    const token = await issueJwt(credential, { keyPair })
    const { payload } = decodeJwt(token)
    expect(payload).not.toHaveProperty('exp')
    expect(payload).toEqual({
      ...json(credential),
      iss: keyPair.controller,
      jti: FIXTURE.id,
      sub: FIXTURE.learnerId,
      nbf: FIXTURE.nbf,
    })
    expect((await verify(token, { now: NOW })).verified).toBe(true)
  })

  it('omits sub when the learner has no id', async () => {
    const keyPair = await generateKeyPair()
    const credential = credentialFor(keyPair.controller, {
      learner: { name: 'Ada Lovelace', email: 'ada@example.org', salt: 'c0ffee' },
    })
    const token = await issueJwt(credential, { keyPair })
    const { payload } = decodeJwt(token)
    expect(payload).not.toHaveProperty('sub')
    expect(payload).toMatchObject({ iss: keyPair.controller, jti: FIXTURE.id, nbf: FIXTURE.nbf, exp: FIXTURE.exp })
    expect((await verify(token, { now: NOW })).verified).toBe(true)
  })

  it('the validity check applies to a JWT: expired after validUntil', async () => {
    const keyPair = await generateKeyPair({ algorithm: 'RS256' })
    const token = await issueJwt(credentialFor(keyPair.controller), { keyPair })
    const report = await verify(token, { now: new Date('2031-01-01T00:00:00Z') })
    expect(report.verified).toBe(false)
    expect(report.issues).toEqual([expect.objectContaining({ code: 'ERR_EXPIRED', check: 'validity' })])
  })
})

describe('issueJwt(): a plain VC Data Model 2.0 credential without id or validFrom', () => {
  it('writes no jti or nbf (nothing to mirror), and verifies; a claim without its property is a mismatch', async () => {
    const keyPair = await generateKeyPair()
    const plain = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
      type: ['VerifiableCredential', 'ExampleAlumniCredential'],
      issuer: keyPair.controller,
      credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', alumniOf: 'The School of Examples' },
    }
    const token = await issueJwt(plain as never, { keyPair })
    const { payload } = decodeJwt(token)
    expect(payload).not.toHaveProperty('jti')
    expect(payload).not.toHaveProperty('nbf')
    const report = await verify(token, { now: NOW })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })
})
