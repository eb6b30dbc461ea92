/**
 * One `proof` option for issue(), sign() and issueJwt(): `'vc-jwt'` gives the compact JWT (the return type follows
 * it), a Data Integrity proof otherwise; `jwtAlgorithm` and `keyIn` beside it; the same `status`, `created`,
 * `profile`, `maxBytes` and `documentLoader` for both. Old names (`format`, `alg`, proof `'jwt'`) are refused with
 * what replaced them.
 */
import { describe, expect, expectTypeOf, it, vi } from 'vitest'
import { issue, issueJwt, sign } from '../../../src/issue/issue.js'
import { publishStatusList } from '../../../src/issue/status-list.js'
import { generateKeyPair } from '../../../src/keys/keypair.js'
import type { Signed } from '../../../src/model/ob3.js'
import type { MicroCredential } from '../../../src/model/eu.js'
import { createStatusList } from '../../../src/status/list.js'
import { verify } from '../../../src/verify/verify.js'
import { euCredential } from '../../helpers/credentials.js'
import { serveDocuments } from '../../helpers/fetch.js'
import { decodeJwt } from './helpers.js'

const created = '2025-09-01T00:00:00Z'
const now = new Date('2026-01-01T00:00:00Z')
const LIST_URL = 'https://tu-example.de/status/revocation/3'

describe('issue(), sign(), issueJwt(): the proof option', async () => {
  const keyPair = await generateKeyPair()
  const credential = euCredential(keyPair)

  it("proof 'vc-jwt' gives a VC-JWT that verify() accepts; the default a Data Integrity proof", async () => {
    const jwt = await issue(credential, { keyPair, proof: 'vc-jwt' })
    expect(typeof jwt).toBe('string')
    expect(decodeJwt(jwt).header).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: keyPair.id })
    expect((await verify(jwt, { now })).verified).toBe(true)
    // issueJwt() is the shorthand: the same token.
    expect(await issueJwt(credential, { keyPair })).toBe(jwt)
    expect(await sign(credential, { keyPair, proof: 'vc-jwt' })).toBe(jwt)
    const signed = await sign(credential, { keyPair, created })
    expect(signed.proof).toMatchObject([{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created }])
    expect((await verify(signed, { now })).verified).toBe(true)
  })

  it('the return type follows proof, for issue() and for sign() (the type checker checks; nothing runs)', () => {
    const proof = 'vc-jwt' as 'vc-jwt' | 'eddsa-rdfc-2022'
    expectTypeOf(() => issue(credential, { keyPair, proof: 'vc-jwt' })).returns.resolves.toBeString()
    expectTypeOf(() => issue(credential, { keyPair })).returns.resolves.toEqualTypeOf<Signed<MicroCredential>>()
    expectTypeOf(() => issue(credential, { keyPair, proof: 'Ed25519Signature2020' })).returns.resolves.toEqualTypeOf<
      Signed<MicroCredential>
    >()
    expectTypeOf(() => issue(credential, { keyPair, proof })).returns.resolves.toEqualTypeOf<
      Signed<MicroCredential> | string
    >()
    expectTypeOf(() => sign(credential, { keyPair, proof: 'vc-jwt' })).returns.resolves.toBeString()
    expectTypeOf(() => sign(credential, { keyPair })).returns.resolves.toEqualTypeOf<Signed<MicroCredential>>()
    expectTypeOf(sign).toEqualTypeOf(issue)
  })

  it("a P-256 key: the default (a Data Integrity proof) is refused, naming 'vc-jwt'; with it, an ES256 VC-JWT", async () => {
    const p256 = await generateKeyPair({ algorithm: 'ES256' })
    const ecCredential = euCredential(p256)
    await expect(issue(ecCredential, { keyPair: p256 })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: expect.stringContaining("options.proof 'vc-jwt'") as string,
    })
    const jwt = await issue(ecCredential, { keyPair: p256, proof: 'vc-jwt', jwtAlgorithm: 'ES256', keyIn: 'kid' })
    expect(decodeJwt(jwt).header).toMatchObject({ alg: 'ES256' })
    expect((await verify(jwt, { now })).verified).toBe(true)
  })

  it('status: issueJwt() and issue() with a VC-JWT allocate an entry, and the token verifies with its status', async () => {
    const list = await createStatusList({ id: LIST_URL, purpose: 'revocation' })
    const viaIssueJwt = await issueJwt(credential, { keyPair, status: list, created })
    const viaIssue = await issue(credential, { keyPair, status: list, proof: 'vc-jwt' })
    const entries = [viaIssueJwt, viaIssue].map(
      (jwt) => decodeJwt(jwt).payload['credentialStatus'] as { statusListIndex: string; statusListCredential: string },
    )
    expect(entries.map((entry) => entry.statusListCredential)).toEqual([LIST_URL, LIST_URL])
    expect(entries[0]!.statusListIndex).not.toBe(entries[1]!.statusListIndex)
    const fetch = serveDocuments({ [LIST_URL]: await publishStatusList(list, { keyPair, validFrom: created }) })
    for (const jwt of [viaIssueJwt, viaIssue]) {
      const report = await verify(jwt, { now, fetch })
      expect(report.verified).toBe(true)
      expect(report.checks.find((check) => check.id === 'status')?.status).toBe('passed')
    }
  })

  it('profile, maxBytes and created are taken for a VC-JWT as for a Data Integrity proof', async () => {
    const noCriteria = structuredClone(credential) as unknown as Record<string, any>
    delete noCriteria['credentialSubject'].achievement.criteria
    await expect(issueJwt(noCriteria as never, { keyPair })).rejects.toMatchObject({ code: 'ERR_SCHEMA_REQUIRED' })
    expect(typeof (await issueJwt(noCriteria as never, { keyPair, profile: 'vc' }))).toBe('string')
    await expect(issueJwt(credential, { keyPair, maxBytes: 100 })).rejects.toMatchObject({
      code: 'ERR_INPUT_TOO_LARGE',
    })
    await expect(issueJwt(credential, { keyPair, created: 'tomorrow' })).rejects.toThrow(TypeError)
    await expect(issueJwt(credential, { keyPair, maxBytes: -1 })).rejects.toThrow(
      'issueJwt(credential, options): options.maxBytes must be a positive number of bytes, not -1',
    )
  })

  it('old names and misplaced options are TypeErrors saying what to write instead', async () => {
    await expect(issue(credential, { keyPair, format: 'jwt' } as never)).rejects.toThrow(
      "issue(credential, options): options.format was replaced by options.proof ('vc-jwt' for a VC-JWT",
    )
    await expect(issue(credential, { keyPair, proof: 'vc-jwt', alg: 'EdDSA' } as never)).rejects.toThrow(
      'issue(credential, options): options.alg was replaced by options.jwtAlgorithm',
    )
    await expect(issueJwt(credential, { keyPair, alg: 'EdDSA' } as never)).rejects.toThrow(
      'issueJwt(credential, options): options.alg was replaced by options.jwtAlgorithm',
    )
    await expect(issue(credential, { keyPair, proof: 'jwt' } as never)).rejects.toThrow(
      "issue(credential, options): options.proof 'jwt' was replaced by 'vc-jwt'",
    )
    await expect(issueJwt(credential, { keyPair, proof: 'vc-jwt' } as never)).rejects.toThrow(
      'issueJwt(credential, options): issueJwt() always signs a VC-JWT; leave out options.proof',
    )
    await expect(issue(credential, { keyPair, jwtAlgorithm: 'EdDSA' })).rejects.toThrow(
      "issue(credential, options): options.jwtAlgorithm applies to options.proof 'vc-jwt' only, not 'eddsa-rdfc-2022'",
    )
    await expect(issue(credential, { keyPair, keyIn: 'jwk' })).rejects.toThrow(
      "options.keyIn applies to options.proof 'vc-jwt' only",
    )
    await expect(issue(credential, { keyPair, proof: 'vc-jwt', jwtAlgorithm: 'RS256' })).rejects.toThrow(
      'the key signs EdDSA, not RS256 (options.jwtAlgorithm)',
    )
    await expect(issue(credential, { keyPair, createdAt: created } as never)).rejects.toThrow(
      'issue(credential, options): unknown option "createdAt" (the options are keyPair, signer, proof',
    )
  })

  it("a key that is not the issuer's is refused before a status entry is spent, for either proof", async () => {
    const list = await createStatusList({ id: LIST_URL, purpose: 'revocation' })
    const allocate = vi.spyOn(list.store, 'allocate')
    const otherIssuer = await generateKeyPair()
    for (const sign of [
      () => issue(credential, { keyPair: otherIssuer, status: list }),
      () => issue(credential, { keyPair: otherIssuer, proof: 'vc-jwt', status: list }),
      () => issueJwt(credential, { keyPair: otherIssuer, status: list }),
    ]) {
      await expect(sign()).rejects.toMatchObject({ code: 'ERR_ISSUER_KEY_MISMATCH', path: 'issuer.id' })
    }
    expect(allocate).not.toHaveBeenCalled()
  })
})
