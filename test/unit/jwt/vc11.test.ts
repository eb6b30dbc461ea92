/**
 * VC 1.1 credentials as VC-JWTs (OB 3.0 §8.2: the credential goes in a `vc` claim; nbf/exp come from
 * issuanceDate/expirationDate). Each test imports microcred afresh (vi.resetModules), so no test depends on
 * what an earlier one left in module state (compiled schemas, caches).
 */
import { describe, expect, it, vi } from 'vitest'
import { readJson } from '../../helpers/files.js'
import { decodeJwt, signCompact, signatureIsValid, statusOf } from './helpers.js'

type Microcred = typeof import('../../../src/index.js')

async function freshMicrocred(): Promise<Microcred> {
  vi.resetModules()
  return import('../../../src/index.js')
}

/** simple_v1.json (1EdTech validator fixture) without its proof, issued by `issuerId`. */
function simpleV1(issuerId: string, extra: Record<string, unknown> = {}): Record<string, any> {
  const { proof: _proof, ...credential } = readJson<Record<string, any>>(
    'test/vectors/validator-fixtures/ob30/simple_v1.json',
  )
  return { ...credential, issuer: { ...credential['issuer'], id: issuerId }, ...extra }
}

/** issuanceDate 2010-01-01T00:00:00Z of the fixture, in seconds. */
const ISSUANCE = Date.UTC(2010, 0, 1) / 1000

describe('issueJwt(): VC 1.1 credentials', () => {
  it('signs a VC 1.1 credential into a vc claim with nbf = issuanceDate, and it verifies', async () => {
    const { generateKeyPair, exportKeyPair, issueJwt, verify } = await freshMicrocred()
    const keyPair = await generateKeyPair()
    const credential = simpleV1(keyPair.controller)
    const token = await issueJwt(credential as never, { keyPair })
    const { header, payload } = decodeJwt(token)
    expect(header).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: keyPair.id })
    expect(payload).toEqual({
      iss: keyPair.controller,
      jti: 'http://example.com/credentials/3527',
      sub: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      nbf: ISSUANCE,
      vc: credential,
    })
    expect(payload).not.toHaveProperty('exp')
    expect(payload).not.toHaveProperty('@context')
    expect(signatureIsValid(token, keyPair, exportKeyPair)).toBe(true)

    const report = await verify(token, { now: new Date('2026-01-01T00:00:00Z') })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    expect(report.format).toBe('jwt')
    expect(report.credential).toEqual(credential)
  })

  it('takes exp from expirationDate', async () => {
    const { generateKeyPair, issueJwt, verify } = await freshMicrocred()
    const keyPair = await generateKeyPair({ algorithm: 'ES256' })
    const credential = simpleV1(keyPair.controller, { expirationDate: '2030-01-01T00:00:00Z' })
    const token = await issueJwt(credential as never, { keyPair })
    const { payload } = decodeJwt(token)
    expect(payload['nbf']).toBe(ISSUANCE)
    expect(payload['exp']).toBe(Date.UTC(2030, 0, 1) / 1000)
    expect((await verify(token, { now: new Date('2026-01-01T00:00:00Z') })).verified).toBe(true)
    const late = await verify(token, { now: new Date('2031-01-01T00:00:00Z') })
    expect(late.issues).toEqual([
      expect.objectContaining({ code: 'ERR_EXPIRED', check: 'validity', path: 'expirationDate' }),
    ])
  })

  it('verify() checks the schema of a hand-signed VC 1.1 VC-JWT (the first VC 1.1 credential it sees)', async () => {
    const { generateKeyPair, exportKeyPair, verify } = await freshMicrocred()
    const keyPair = await generateKeyPair()
    const credential = simpleV1(keyPair.controller)
    const token = await signCompact(
      { typ: 'JWT', kid: keyPair.id },
      {
        iss: keyPair.controller,
        jti: credential['id'],
        sub: credential['credentialSubject'].id,
        nbf: ISSUANCE,
        vc: credential,
      },
      keyPair,
      exportKeyPair,
    )
    const report = await verify(token, { now: new Date('2026-01-01T00:00:00Z') })
    expect(statusOf(report)['schema']).toBe('passed')
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('a wrong nbf is checked against issuanceDate (path issuanceDate)', async () => {
    const { generateKeyPair, exportKeyPair, verify } = await freshMicrocred()
    const keyPair = await generateKeyPair()
    const credential = simpleV1(keyPair.controller)
    const token = await signCompact(
      { typ: 'JWT', kid: keyPair.id },
      {
        iss: keyPair.controller,
        jti: credential['id'],
        sub: credential['credentialSubject'].id,
        nbf: ISSUANCE + 3600,
        vc: credential,
      },
      keyPair,
      exportKeyPair,
    )
    // schema off: this test is about the claim check only (the schema check of VC 1.1 has its own test above)
    const report = await verify(token, { now: new Date('2026-01-01T00:00:00Z'), checks: { schema: false } })
    expect(report.verified).toBe(false)
    expect(report.issues).toEqual([
      expect.objectContaining({ code: 'ERR_JWT_CLAIM_MISMATCH', check: 'proof', path: 'issuanceDate' }),
    ])
  })
})

describe('verify(): a VC 1.1 JWT whose vc claim leaves out what the claims carry (VC Data Model 1.1 §6.3.1)', () => {
  it('rebuilds issuer, id, issuanceDate, expirationDate and the subject id from iss, jti, nbf, exp and sub, and verifies', async () => {
    const { generateKeyPair, exportKeyPair, verify } = await freshMicrocred()
    const keyPair = await generateKeyPair()
    const vc = {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/2018/credentials/examples/v1'],
      type: ['VerifiableCredential', 'UniversityDegreeCredential'],
      credentialSubject: { degree: { type: 'BachelorDegree', name: 'Bachelor of Science and Arts' } },
    }
    const claims = {
      iss: keyPair.controller,
      jti: 'http://example.edu/credentials/3732',
      sub: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      nbf: ISSUANCE,
      exp: ISSUANCE + 20 * 365 * 86_400,
      vc,
    }
    const token = await signCompact({ alg: 'EdDSA', typ: 'JWT', kid: keyPair.id }, claims, keyPair, exportKeyPair)
    const report = await verify(token, { now: new Date('2020-01-01T00:00:00Z') })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    expect(report.credential).toMatchObject({
      issuer: keyPair.controller,
      id: claims.jti,
      issuanceDate: '2010-01-01T00:00:00Z',
      credentialSubject: { id: claims.sub },
    })
    expect(report.credential?.['expirationDate']).toBe(new Date(claims.exp * 1000).toISOString().replace('.000Z', 'Z'))
    // A property the vc claim does state must still equal its claim.
    const lying = await signCompact(
      { alg: 'EdDSA', typ: 'JWT', kid: keyPair.id },
      { ...claims, vc: { ...vc, id: 'http://example.edu/credentials/other' } },
      keyPair,
      exportKeyPair,
    )
    expect((await verify(lying, { now: new Date('2020-01-01T00:00:00Z') })).issues).toContainEqual(
      expect.objectContaining({ code: 'ERR_JWT_CLAIM_MISMATCH', path: 'id' }),
    )
  })
})
