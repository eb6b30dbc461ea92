/**
 * VC-JWTs that must not verify (OB 3.0 §8.2). Tokens with a bad header or claim are signed with jose's
 * CompactSign and the issuer's own key, so the signature is valid and only the broken rule is wrong.
 */
import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  exportKeyPair,
  generateKeyPair,
  issueJwt,
  verify,
  type KeyPair,
  type MicroCredential,
  type VerificationReport,
} from '../../../src/index.js'
import { controllerDocument } from '../../../src/entries/keys.js'
import {
  FIXTURE,
  NOW,
  claimsFor,
  credentialFor,
  decodeJwt,
  handMade,
  json,
  publicJwk,
  serve,
  signCompact,
  statusOf,
  withPayload,
} from './helpers.js'

/** A did:key issuer, its credential, and the payload issueJwt would sign. */
async function issuer(
  algorithm: 'Ed25519' | 'ES256' | 'RS256' = 'Ed25519',
): Promise<{ keyPair: KeyPair; credential: MicroCredential; payload: Record<string, unknown> }> {
  const keyPair = await generateKeyPair({ algorithm } as { algorithm: 'Ed25519' })
  const credential = credentialFor(keyPair.controller)
  return { keyPair, credential, payload: { ...json(credential), ...claimsFor(credential) } }
}

/** The report's issues, in the form check:code@path. */
const codes = (report: VerificationReport) => report.issues.map((i) => `${i.check}:${i.code}@${i.path ?? ''}`)

/** A report failed at the proof check with `code` (and nothing verified the credential). */
function expectProofFailure(report: VerificationReport, code: string): void {
  expect(report.verified).toBe(false)
  expect(report.format).toBe('jwt')
  expect(statusOf(report)['proof']).toBe('failed')
  expect(statusOf(report)['issuer-binding']).toBe('skipped')
  expect(report.issues.length).toBeGreaterThan(0)
  for (const issue of report.issues) expect(issue).toMatchObject({ check: 'proof', code })
}

describe('verify(): a control token built the same way verifies', () => {
  it('a hand-built header { alg, typ, kid } and payload, signed with jose, verifies', async () => {
    const { keyPair, payload } = await issuer()
    const token = await signCompact({ typ: 'JWT', kid: keyPair.id }, payload, keyPair)
    const report = await verify(token, { now: NOW })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('typ may be absent ("JWT" only if present)', async () => {
    const { keyPair, payload } = await issuer()
    const token = await signCompact({ kid: keyPair.id }, payload, keyPair)
    expect(decodeJwt(token).header).toEqual({ alg: 'EdDSA', kid: keyPair.id })
    expect((await verify(token, { now: NOW })).verified).toBe(true)
  })
})

describe('verify(): JOSE header rules → ERR_JWT_INVALID at proof', () => {
  it.each([
    ['cty', { cty: 'JSON' }],
    ['x5u', { x5u: 'https://evil.example/cert.pem' }],
    ['jku', { jku: 'https://evil.example/jwks.json' }],
    ['x5c', { x5c: ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'] }],
  ])('an extra header member (%s)', async (member, extra) => {
    const { keyPair, payload } = await issuer()
    const token = await signCompact({ typ: 'JWT', kid: keyPair.id, ...extra }, payload, keyPair)
    expect(decodeJwt(token).header).toHaveProperty(member)
    const report = await verify(token, { now: NOW })
    expectProofFailure(report, 'ERR_JWT_INVALID')
    expect(report.issues.some((i) => i.message.includes(`"${member}"`))).toBe(true)
  })

  // An unsecured JWT (RFC 7519 §6.1) is `<header>.<payload>.` with an empty signature part: it must still be read
  // as a VC-JWT and rejected for its alg, not taken for (invalid) JSON text.
  it.each([
    ['an empty signature', ''],
    ['a junk signature', Buffer.from('junk').toString('base64url')],
  ])('alg "none" with %s', async (_what, signature) => {
    const { payload } = await issuer()
    const token = handMade({ alg: 'none', typ: 'JWT' }, payload, signature)
    const report = await verify(token, { now: NOW })
    expect(report.verified).toBe(false)
    expect(report.format).toBe('jwt')
    expect(report.issues.length).toBeGreaterThan(0)
    for (const issue of report.issues) expect(issue.code).toBe('ERR_JWT_INVALID')
    expect(statusOf(report)['proof']).not.toBe('passed')
  })

  it('alg "none" naming the issuer\'s real kid, with a junk signature', async () => {
    const { keyPair, payload } = await issuer()
    const report = await verify(handMade({ alg: 'none', typ: 'JWT', kid: keyPair.id }, payload, 'c2ln'), { now: NOW })
    expectProofFailure(report, 'ERR_JWT_INVALID')
  })

  it('typ "vc+jwt"', async () => {
    const { keyPair, payload } = await issuer()
    const report = await verify(await signCompact({ typ: 'vc+jwt', kid: keyPair.id }, payload, keyPair), { now: NOW })
    expectProofFailure(report, 'ERR_JWT_INVALID')
  })

  it('no kid and no jwk', async () => {
    const { keyPair, payload } = await issuer()
    const report = await verify(await signCompact({ typ: 'JWT' }, payload, keyPair), { now: NOW })
    expectProofFailure(report, 'ERR_JWT_INVALID')
  })

  it.each(['Ed25519', 'ES256', 'RS256'] as const)('a header jwk with the private "d" (%s)', async (algorithm) => {
    const { keyPair, payload } = await issuer(algorithm)
    const { kid: _kid, alg: _alg, ...secretJwk } = exportKeyPair(keyPair, { secret: true, format: 'jwk' })
    expect(secretJwk).toHaveProperty('d')
    const report = await verify(await signCompact({ typ: 'JWT', jwk: secretJwk }, payload, keyPair), { now: NOW })
    expectProofFailure(report, 'ERR_JWT_INVALID')
  })

  it('kid and jwk naming different keys', async () => {
    const { keyPair, payload } = await issuer()
    const other = await generateKeyPair()
    const report = await verify(
      await signCompact({ typ: 'JWT', kid: keyPair.id, jwk: publicJwk(other) }, payload, keyPair),
      { now: NOW },
    )
    expectProofFailure(report, 'ERR_JWT_INVALID')
  })

  it('kid and jwk naming the same key are accepted', async () => {
    const { keyPair, payload } = await issuer()
    const report = await verify(
      await signCompact({ typ: 'JWT', kid: keyPair.id, jwk: publicJwk(keyPair) }, payload, keyPair),
      { now: NOW },
    )
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('alg RS256 with an Ed25519 kid (signed with an RSA key)', async () => {
    const { keyPair, payload } = await issuer()
    const rsa = await generateKeyPair({ algorithm: 'RS256' })
    const header = { alg: 'RS256', typ: 'JWT', kid: keyPair.id }
    const unsigned = handMade(header, payload)
    const { kid: _kid, alg: _alg, ...secretJwk } = exportKeyPair(rsa, { secret: true, format: 'jwk' })
    const signature = cryptoSign('sha256', Buffer.from(unsigned.slice(0, -1), 'ascii'), {
      key: secretJwk as import('node:crypto').JsonWebKey,
      format: 'jwk',
    })
    const report = await verify(`${unsigned}${signature.toString('base64url')}`, { now: NOW })
    expectProofFailure(report, 'ERR_JWT_INVALID')
  })

  it('alg EdDSA with an RS256 (did:jwk) kid, signed with an Ed25519 key', async () => {
    const { keyPair: rsaIssuer, payload } = await issuer('RS256')
    const ed = await generateKeyPair()
    // jose signs with the Ed25519 key; the header names the RSA issuer's key
    const token = await signCompact({ typ: 'JWT', kid: rsaIssuer.id }, payload, ed)
    expect(decodeJwt(token).header['alg']).toBe('EdDSA')
    expectProofFailure(await verify(token, { now: NOW }), 'ERR_JWT_INVALID')
  })
})

describe('verify(): registered claims must mirror the credential → ERR_JWT_CLAIM_MISMATCH', () => {
  it.each([
    ['iss', 'issuer.id', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'],
    ['sub', 'credentialSubject.id', 'did:example:someone-else'],
    ['jti', 'id', 'urn:uuid:00000000-0000-4000-8000-000000000000'],
    ['nbf', 'validFrom', FIXTURE.nbf - 86_400],
    ['exp', 'validUntil', FIXTURE.exp + 86_400],
  ])('a wrong %s (validly signed by the issuer) fails at %s', async (claim, path, value) => {
    const { keyPair, payload } = await issuer()
    const token = await signCompact({ typ: 'JWT', kid: keyPair.id }, { ...payload, [claim]: value }, keyPair)
    const report = await verify(token, { now: NOW })
    expectProofFailure(report, 'ERR_JWT_CLAIM_MISMATCH')
    expect(codes(report)).toEqual([`proof:ERR_JWT_CLAIM_MISMATCH@${path}`])
  })

  it.each(['ES256', 'RS256'] as const)('a wrong claim is caught with %s keys too', async (algorithm) => {
    const { keyPair, payload } = await issuer(algorithm)
    const token = await signCompact({ typ: 'JWT', kid: keyPair.id }, { ...payload, jti: 'urn:uuid:other' }, keyPair)
    expect(codes(await verify(token, { now: NOW }))).toEqual(['proof:ERR_JWT_CLAIM_MISMATCH@id'])
  })

  it('nbf in milliseconds instead of seconds is a mismatch', async () => {
    const { keyPair, payload } = await issuer()
    const token = await signCompact({ typ: 'JWT', kid: keyPair.id }, { ...payload, nbf: FIXTURE.nbf * 1000 }, keyPair)
    expect(codes(await verify(token, { now: NOW }))).toEqual(['proof:ERR_JWT_CLAIM_MISMATCH@validFrom'])
  })

  it('a missing exp when the credential has validUntil', async () => {
    const { keyPair, payload } = await issuer()
    const { exp: _exp, ...withoutExp } = payload
    const report = await verify(await signCompact({ typ: 'JWT', kid: keyPair.id }, withoutExp, keyPair), { now: NOW })
    expectProofFailure(report, 'ERR_JWT_CLAIM_MISMATCH')
    expect(codes(report)).toEqual(['proof:ERR_JWT_CLAIM_MISMATCH@validUntil'])
  })

  it.each([
    ['iss', 'issuer.id'],
    ['jti', 'id'],
    ['nbf', 'validFrom'],
    ['sub', 'credentialSubject.id'],
  ])('a missing %s (required: the credential has the property) fails at %s', async (claim, path) => {
    const { keyPair, payload } = await issuer()
    const { [claim]: _dropped, ...rest } = payload
    const report = await verify(await signCompact({ typ: 'JWT', kid: keyPair.id }, rest, keyPair), { now: NOW })
    expect(codes(report)).toEqual([`proof:ERR_JWT_CLAIM_MISMATCH@${path}`])
  })

  it('an exp the credential does not have (no validUntil) is a mismatch', async () => {
    const keyPair = await generateKeyPair()
    const credential = credentialFor(keyPair.controller, { validUntil: undefined })
    const payload = { ...json(credential), ...claimsFor(credential), exp: FIXTURE.exp }
    const report = await verify(await signCompact({ typ: 'JWT', kid: keyPair.id }, payload, keyPair), { now: NOW })
    expect(codes(report)).toEqual(['proof:ERR_JWT_CLAIM_MISMATCH@validUntil'])
  })
})

describe('verify(): signature', () => {
  it('a changed payload with the old signature → ERR_PROOF_INVALID', async () => {
    const { keyPair, credential } = await issuer()
    const token = await issueJwt(credential, { keyPair })
    const { payload } = decodeJwt(token)
    const report = await verify(withPayload(token, { ...payload, name: 'Forged name' }), { now: NOW })
    expectProofFailure(report, 'ERR_PROOF_INVALID')
    // the unchanged token verifies
    expect((await verify(token, { now: NOW })).verified).toBe(true)
  })

  it('a changed grade (nested) with the old signature → ERR_PROOF_INVALID', async () => {
    const { keyPair, credential } = await issuer('ES256')
    const token = await issueJwt(credential, { keyPair })
    const payload = decodeJwt(token).payload as any
    expect(Array.isArray(payload.credentialSubject.result)).toBe(true)
    payload.credentialSubject.result[0].value = 'A'
    expectProofFailure(await verify(withPayload(token, payload), { now: NOW }), 'ERR_PROOF_INVALID')
  })

  it('RS256 with an RSA key under 2048 bits → ERR_PROOF_INVALID (RFC 7518 §3.3); the same token with a 2048-bit key verifies', async () => {
    const tokenFor = (bits: number): string => {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits })
      const { n, e } = publicKey.export({ format: 'jwk' })
      const did = `did:jwk:${Buffer.from(JSON.stringify({ kty: 'RSA', n, e })).toString('base64url')}`
      const credential = credentialFor(did)
      const unsigned = handMade(
        { alg: 'RS256', typ: 'JWT', kid: `${did}#0` },
        { ...json(credential), ...claimsFor(credential) },
      )
      const signingInput = unsigned.slice(0, unsigned.lastIndexOf('.'))
      return `${signingInput}.${cryptoSign('sha256', Buffer.from(signingInput), privateKey).toString('base64url')}`
    }
    expectProofFailure(await verify(tokenFor(1024), { now: NOW }), 'ERR_PROOF_INVALID')
    expect((await verify(tokenFor(2048), { now: NOW })).verified).toBe(true)
  })

  it('a signature made by another key over a kid of the issuer → ERR_PROOF_INVALID', async () => {
    const { keyPair, payload } = await issuer()
    const attacker = await generateKeyPair()
    const token = await signCompact({ typ: 'JWT', kid: keyPair.id }, payload, attacker)
    expectProofFailure(await verify(token, { now: NOW }), 'ERR_PROOF_INVALID')
  })
})

describe("verify(): the key must be the issuer's (issuer-binding)", () => {
  const ISSUER = 'https://uni.example/issuer'
  const JWKS = 'https://uni.example/.well-known/jwks.json'

  /** The real issuer's key, and a credential naming the issuer. */
  async function wellKnownIssuer() {
    const real = await generateKeyPair({ controller: ISSUER })
    const credential = credentialFor(ISSUER)
    return { real, credential, payload: { ...json(credential), ...claimsFor(credential) } }
  }

  it("an attacker's own key in a jwk header: ERR_ISSUER_KEY_MISMATCH when the issuer's documents do not list it", async () => {
    const { real, payload } = await wellKnownIssuer()
    const attacker = await generateKeyPair()
    const token = await signCompact({ typ: 'JWT', jwk: publicJwk(attacker) }, payload, attacker)
    expect(decodeJwt(token).payload['iss']).toBe(ISSUER)

    for (const documents of [
      { [ISSUER]: controllerDocument(ISSUER, { keyPairs: [real] }) },
      {
        [ISSUER]: controllerDocument(ISSUER, { keyPairs: [real] }),
        [JWKS]: { keys: [exportKeyPair(real, { format: 'jwk' })] },
      },
    ]) {
      const report = await verify(token, { now: NOW, fetch: serve(documents) })
      expect(report.verified).toBe(false)
      // the signature itself is fine: it is the binding that fails
      expect(statusOf(report)['proof']).toBe('passed')
      expect(statusOf(report)['issuer-binding']).toBe('failed')
      expect(codes(report)).toEqual(['issuer-binding:ERR_ISSUER_KEY_MISMATCH@issuer.id'])
    }
  })

  it("an attacker's own key in a jwk header is not bound when only the issuer's JWKS (listing the real key) can be fetched", async () => {
    const { real, payload } = await wellKnownIssuer()
    const attacker = await generateKeyPair()
    const token = await signCompact({ typ: 'JWT', jwk: publicJwk(attacker) }, payload, attacker)
    const fetch = serve({ [JWKS]: { keys: [exportKeyPair(real, { format: 'jwk' })] } })
    const report = await verify(token, { now: NOW, fetch })
    // A host's JWKS speaks for the host-level issuer only: for this path issuer it is not even fetched.
    expect(fetch.requested).not.toContain(JWKS)
    expect(report.verified).toBe(false)
    expect(statusOf(report)['issuer-binding']).toBe('failed')
    expect(report.issues).toHaveLength(1)
    expect(report.issues[0]).toMatchObject({ check: 'issuer-binding', path: 'issuer.id' })
    expect(['ERR_ISSUER_KEY_MISMATCH', 'ERR_KEY_UNRESOLVED']).toContain(report.issues[0]!.code)
  })

  it("an attacker's own key in a jwk header: ERR_KEY_UNRESOLVED without a fetch", async () => {
    const { payload } = await wellKnownIssuer()
    const attacker = await generateKeyPair()
    const report = await verify(await signCompact({ typ: 'JWT', jwk: publicJwk(attacker) }, payload, attacker), {
      now: NOW,
    })
    expect(report.verified).toBe(false)
    expect(statusOf(report)['issuer-binding']).toBe('failed')
    expect(codes(report)).toEqual(['issuer-binding:ERR_KEY_UNRESOLVED@issuer.id'])
  })

  it('an attacker who claims the issuer as controller of their key (issueJwt with keyIn jwk) is not verified either', async () => {
    const { real, credential } = await wellKnownIssuer()
    const attacker = await generateKeyPair({ algorithm: 'RS256', controller: ISSUER })
    const token = await issueJwt(credential, { keyPair: attacker, keyIn: 'jwk' })
    const report = await verify(token, {
      now: NOW,
      fetch: serve({ [ISSUER]: controllerDocument(ISSUER, { keyPairs: [real] }) }),
    })
    expect(report.verified).toBe(false)
    expect(codes(report)).toEqual(['issuer-binding:ERR_ISSUER_KEY_MISMATCH@issuer.id'])
  })

  it("a jwk header naming the issuer's real key but signed by the attacker → ERR_PROOF_INVALID", async () => {
    const { real, payload } = await wellKnownIssuer()
    const attacker = await generateKeyPair()
    const token = await signCompact({ typ: 'JWT', jwk: publicJwk(real) }, payload, attacker)
    const report = await verify(token, {
      now: NOW,
      fetch: serve({ [ISSUER]: controllerDocument(ISSUER, { keyPairs: [real] }) }),
    })
    expectProofFailure(report, 'ERR_PROOF_INVALID')
  })

  it('a kid pointing to a key document on another host that names the issuer as controller binds nothing', async () => {
    const { real, credential } = await wellKnownIssuer()
    const kid = 'https://evil.example/keys/1'
    const attacker = await generateKeyPair({ controller: ISSUER, id: kid })
    const token = await issueJwt(credential, { keyPair: attacker })
    expect(decodeJwt(token).header).toEqual({ alg: 'EdDSA', typ: 'JWT', kid })
    const { '@context': _context, ...keyDocument } = exportKeyPair(attacker)
    expect(keyDocument).toMatchObject({ id: kid, controller: ISSUER })
    const fetch = serve({ [kid]: keyDocument, [ISSUER]: controllerDocument(ISSUER, { keyPairs: [real] }) })
    const report = await verify(token, { now: NOW, fetch })
    expect(fetch.requested).toContain(kid)
    expect(report.verified).toBe(false)
    expect(statusOf(report)['proof']).toBe('passed')
    expect(codes(report)).toEqual(['issuer-binding:ERR_ISSUER_KEY_MISMATCH@issuer.id'])
  })

  it('a key the issuer lists only under authentication (not assertionMethod) does not bind a credential', async () => {
    const { credential } = await wellKnownIssuer()
    const loginKey = await generateKeyPair({ algorithm: 'ES256', controller: ISSUER })
    const document = { ...controllerDocument(ISSUER, { keyPairs: [loginKey] }), assertionMethod: [] }
    expect(document.authentication).toEqual([loginKey.id])
    const report = await verify(await issueJwt(credential, { keyPair: loginKey }), {
      now: NOW,
      fetch: serve({ [ISSUER]: document }),
    })
    expect(report.verified).toBe(false)
    expect(statusOf(report)['proof']).toBe('passed')
    expect(codes(report)).toEqual(['issuer-binding:ERR_ISSUER_KEY_MISMATCH@issuer.id'])
  })

  it("a key document at another path of the issuer's origin claiming the issuer as controller does not bind unless the issuer's own document lists it", async () => {
    const { real, credential } = await wellKnownIssuer()
    const kid = 'https://uni.example/keys/1'
    const own = await generateKeyPair({ controller: ISSUER, id: kid })
    const { '@context': _context, ...keyDocument } = exportKeyPair(own)
    const token = await issueJwt(credential, { keyPair: own })
    // W3C Controlled Identifiers §3.3: the controller's document must list the key; the key document's say-so is not enough.
    const unlisted = await verify(token, {
      now: NOW,
      fetch: serve({ [kid]: keyDocument, [ISSUER]: controllerDocument(ISSUER, { keyPairs: [real] }) }),
    })
    expect(unlisted.verified).toBe(false)
    expect(codes(unlisted)).toEqual(['issuer-binding:ERR_ISSUER_KEY_MISMATCH@issuer.id'])
    // Control: the same key, listed by the issuer's own document (by id), binds.
    const listing = { ...controllerDocument(ISSUER, { keyPairs: [real] }), assertionMethod: [real.id, kid] }
    const listed = await verify(token, { now: NOW, fetch: serve({ [kid]: keyDocument, [ISSUER]: listing }) })
    expect(listed.issues).toEqual([])
    expect(listed.verified).toBe(true)
  })

  it('a did:key kid of another key, with the payload naming the https issuer, is not bound', async () => {
    const { real, payload } = await wellKnownIssuer()
    const attacker = await generateKeyPair()
    const token = await signCompact({ typ: 'JWT', kid: attacker.id }, payload, attacker)
    const report = await verify(token, {
      now: NOW,
      fetch: serve({ [ISSUER]: controllerDocument(ISSUER, { keyPairs: [real] }) }),
    })
    expect(report.verified).toBe(false)
    expect(statusOf(report)['proof']).toBe('passed')
    expect(codes(report)).toEqual(['issuer-binding:ERR_ISSUER_KEY_MISMATCH@issuer.id'])
  })
})

describe('verify(): JWT syntax', () => {
  it('a token whose payload is not a credential → ERR_JWT_INVALID at syntax', async () => {
    const { keyPair } = await issuer()
    const token = await signCompact({ typ: 'JWT', kid: keyPair.id }, { iss: keyPair.controller, sub: 'x' }, keyPair)
    const report = await verify(token)
    expect(report.format).toBe('jwt')
    expect(codes(report)).toEqual(['syntax:ERR_JWT_INVALID@'])
  })
})
