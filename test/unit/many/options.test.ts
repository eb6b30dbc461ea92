/**
 * issueMany() and openIssuingPool() take the issuing options issue() takes, and do with them what issue() does:
 * `proof` ('vc-jwt' gives VC-JWTs), `status` (one index per credential, allocated on the calling thread before any
 * is signed), `profile` and `maxBytes` (crossing to the workers), `documentLoader` (a function: the calling thread
 * alone signs with it). Old option names are refused with what replaced them.
 */
import { describe, expect, it, vi } from 'vitest'
import { createDocumentLoader } from '../../../src/context/loader.js'
import { issue } from '../../../src/issue/issue.js'
import { generateKeyPair } from '../../../src/keys/keypair.js'
import { issueMany, openIssuingPool } from '../../../src/many/issue-many.js'
import type { MicroCredential } from '../../../src/model/eu.js'
import { publishStatusList } from '../../../src/issue/status-list.js'
import { createStatusList } from '../../../src/status/list.js'
import { verify } from '../../../src/verify/verify.js'
import { euCredential } from '../../helpers/credentials.js'
import { serveDocuments } from '../../helpers/fetch.js'

const created = '2025-09-01T00:00:00Z'
const now = new Date('2026-01-01T00:00:00Z')
const LIST_URL = 'https://tu-example.de/status/revocation/7'
const EXTRA_CONTEXT = 'https://example.edu/ctx/v1'
const asText = (value: unknown): string => JSON.stringify(value)

describe('issueMany() and pools: the issuing options', async () => {
  const keyPair = await generateKeyPair()
  const credentials: MicroCredential[] = Array.from({ length: 5 }, (_, i) =>
    euCredential(keyPair, { id: `urn:uuid:7a1b2c3d-0000-4000-8000-00000000000${i}` }),
  )

  it("proof 'vc-jwt' gives VC-JWTs that verify(), and the default a Data Integrity proof, on workers too", async () => {
    const jwts = await issueMany(credentials.slice(0, 2), {
      keyPair,
      proof: 'vc-jwt',
      workers: 2,
      callingThread: false,
    })
    for (const result of jwts) {
      expect(result.ok && typeof result.credential).toBe('string')
      if (result.ok) expect((await verify(result.credential, { now })).verified).toBe(true)
    }
    const [signed] = await issueMany(credentials.slice(0, 1), { keyPair, created })
    expect(signed?.ok && typeof signed.credential === 'object' && signed.credential.proof).toMatchObject([
      { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created },
    ])
  })

  for (const [name, threads] of [
    ['on workers', { workers: 2, callingThread: false }],
    ['on the calling thread', { workers: 1 }],
  ] as const) {
    it(`status (${name}): one distinct index per credential, and each verifies with its status`, async () => {
      const list = await createStatusList({ id: LIST_URL, purpose: 'revocation' })
      const results = await issueMany(credentials, { keyPair, created, status: list, ...threads })
      const signed = results.map((result) => {
        if (!result.ok || typeof result.credential === 'string') throw new Error('not signed')
        return result.credential
      })
      const indexes = signed.map((credential) => credential.credentialStatus?.statusListIndex)
      expect(new Set(indexes).size).toBe(credentials.length)
      expect(indexes.every((index) => typeof index === 'string')).toBe(true)
      const fetch = serveDocuments({ [LIST_URL]: await publishStatusList(list, { keyPair, validFrom: created }) })
      for (const credential of signed) {
        const report = await verify(credential, { now, fetch })
        expect(report.verified).toBe(true)
        expect(report.checks.find((check) => check.id === 'status')?.status).toBe('passed')
      }
      // The input credentials are left as they were.
      expect(credentials.every((credential) => credential.credentialStatus === undefined)).toBe(true)
    })
  }

  it('status on a pool call, and a credential that already has an entry refused before any index is spent', async () => {
    const list = await createStatusList({ id: LIST_URL, purpose: 'revocation' })
    const pool = openIssuingPool({ keyPair, workers: 2 })
    try {
      const first = await pool.issueMany(credentials.slice(0, 2), { created, status: list })
      const second = await pool.issueMany(credentials.slice(2, 4), { created, status: list, output: 'text' })
      const indexes = [
        ...first.map(
          (result) => result.ok && typeof result.credential === 'object' && result.credential.credentialStatus,
        ),
        ...second.map((result) => result.ok && JSON.parse(result.text).credentialStatus),
      ].map((entry) => (entry as { statusListIndex: string }).statusListIndex)
      expect(new Set(indexes).size).toBe(4)
      const entered = {
        ...credentials[4]!,
        credentialStatus: { id: `${LIST_URL}#9`, type: 'BitstringStatusListEntry' },
      }
      await expect(pool.issueMany([credentials[0]!, entered as MicroCredential], { status: list })).rejects.toThrow(
        'pool.issueMany(credentials, options): credentials[1] already has a credentialStatus',
      )
      // Nothing was allocated for the refused call.
      const allocate = vi.spyOn(list.store, 'allocate')
      await expect(pool.issueMany([entered as MicroCredential], { status: list })).rejects.toThrow(TypeError)
      expect(allocate).not.toHaveBeenCalled()
      const [next] = await pool.issueMany([credentials[4]!], { created, status: list })
      expect(allocate).toHaveBeenCalledTimes(1)
      const nextIndex =
        next?.ok && typeof next.credential === 'object' ? next.credential.credentialStatus?.statusListIndex : undefined
      expect(indexes).not.toContain(nextIndex)
    } finally {
      await pool.close()
    }
  })

  it('profile and maxBytes cross to the workers: each credential gets what issue() gives it', async () => {
    const withoutCriteria = structuredClone(credentials[0]!) as unknown as Record<string, any>
    delete withoutCriteria['credentialSubject'].achievement.criteria
    const broken = withoutCriteria as unknown as MicroCredential
    const refused = await issue(broken, { keyPair, created }).catch((error: unknown) => error)
    expect(refused).toMatchObject({ code: 'ERR_SCHEMA_REQUIRED' })
    for (const threads of [{ workers: 2, callingThread: false }, { workers: 1 }]) {
      const [auto] = await issueMany([broken], { keyPair, created, ...threads })
      expect(auto).toMatchObject({
        ok: false,
        error: { code: 'ERR_SCHEMA_REQUIRED', path: (refused as { path: string }).path },
      })
      const [vc] = await issueMany([broken], { keyPair, created, profile: 'vc', ...threads })
      expect(asText(vc?.ok && vc.credential)).toBe(asText(await issue(broken, { keyPair, created, profile: 'vc' })))
      const [tooLarge] = await issueMany([credentials[1]!], { keyPair, created, maxBytes: 100, ...threads })
      expect(tooLarge).toMatchObject({ ok: false, error: { code: 'ERR_INPUT_TOO_LARGE' } })
    }
  })

  it('documentLoader: signed on the calling thread alone, as issue() signs with it; refused without the calling thread', async () => {
    const documentLoader = createDocumentLoader({
      contexts: { [EXTRA_CONTEXT]: { '@context': { gpa: 'https://example.edu/vocab#gpa' } } },
    })
    const extended = credentials.map((credential) => ({
      ...credential,
      '@context': [...credential['@context'], EXTRA_CONTEXT],
      credentialSubject: { ...credential.credentialSubject, gpa: '3.8' },
    })) as unknown as MicroCredential[]
    // Without the loader the context is unknown, as for issue().
    const [unknown] = await issueMany(extended.slice(0, 1), { keyPair, created })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'ERR_CONTEXT_UNKNOWN' } })
    const expected = await Promise.all(
      extended.map((credential) => issue(credential, { keyPair, created, documentLoader })),
    )
    const results = await issueMany(extended, { keyPair, created, documentLoader, workers: 4 })
    expect(results.map((result) => asText(result.ok && result.credential))).toEqual(expected.map(asText))
    await expect(issueMany(extended, { keyPair, documentLoader, workers: 2, callingThread: false })).rejects.toThrow(
      /options\.documentLoader is a function, which cannot cross to a worker thread/,
    )

    // A pool's workers wait while the calling thread signs a call with a loader, and take the calls after it.
    const pool = openIssuingPool({ keyPair, workers: 2 })
    try {
      const [withLoader, plain] = await Promise.all([
        pool.issueMany(extended, { created, documentLoader }),
        pool.issueMany(credentials, { created }),
      ])
      expect(withLoader.map((result) => asText(result.ok && result.credential))).toEqual(expected.map(asText))
      expect(plain.every((result) => result.ok)).toBe(true)
    } finally {
      await pool.close()
    }
    const strict = openIssuingPool({ keyPair, workers: 1, callingThread: false })
    try {
      await expect(strict.issueMany(extended, { documentLoader })).rejects.toThrow(TypeError)
    } finally {
      await strict.close()
    }
  })

  it('refuses the old option names with what replaced them, and options issueMany() cannot take', async () => {
    await expect(issueMany(credentials, { keyPair, format: 'jwt' } as never)).rejects.toThrow(
      "issueMany(credentials, options): options.format was replaced by options.proof ('vc-jwt' for a VC-JWT",
    )
    await expect(issueMany(credentials, { keyPair, proof: 'vc-jwt', alg: 'EdDSA' } as never)).rejects.toThrow(
      'issueMany(credentials, options): options.alg was replaced by options.jwtAlgorithm',
    )
    await expect(issueMany(credentials, { keyPair, proof: 'jwt' } as never)).rejects.toThrow(
      "options.proof 'jwt' was replaced by 'vc-jwt'",
    )
    expect(() => openIssuingPool({ keyPair, format: 'jwt' } as never)).toThrow(
      'openIssuingPool(options): options.format was replaced by options.proof',
    )
    expect(() => openIssuingPool({ keyPair, created } as never)).toThrow(
      'openIssuingPool(options): unknown option "created" (the other options are given per call, to pool.issueMany())',
    )
    await expect(issueMany(credentials, { keyPair, jwtAlgorithm: 'EdDSA' })).rejects.toThrow(
      "options.jwtAlgorithm applies to options.proof 'vc-jwt' only, not 'eddsa-rdfc-2022'",
    )
    // A JWT algorithm the key does not sign fails the call once, not each credential.
    await expect(issueMany(credentials, { keyPair, proof: 'vc-jwt', jwtAlgorithm: 'ES256' })).rejects.toThrow(
      'issueMany(credentials, options): the key signs EdDSA, not ES256 (options.jwtAlgorithm)',
    )
    await expect(issueMany(credentials, { keyPair, signer: {} } as never)).rejects.toThrow(
      'a Signer cannot cross to worker threads',
    )
    await expect(issueMany(credentials, { keyPair, profile: 'strict' } as never)).rejects.toThrow(
      "options.profile must be 'auto', 'vc', 'ob3', 'eu', not \"strict\"",
    )
  })

  it('a key that cannot make the proof, and a closed pool, are refused before any status entry is spent', async () => {
    const list = await createStatusList({ id: LIST_URL, purpose: 'revocation' })
    const allocate = vi.spyOn(list.store, 'allocate')
    // An Ed25519 key asked for ES256: refused once, as issue() refuses it, not after an entry per credential.
    await expect(
      issueMany(credentials.slice(0, 2), { keyPair, proof: 'vc-jwt', jwtAlgorithm: 'ES256', status: list }),
    ).rejects.toThrow(TypeError)
    // A P-256 key cannot sign a Data Integrity proof (the default).
    const p256 = await generateKeyPair({ algorithm: 'ES256' })
    await expect(issueMany(credentials.slice(0, 2), { keyPair: p256, status: list })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
    })
    expect(() => openIssuingPool({ keyPair: p256 })).toThrow(/Data Integrity proofs are signed with Ed25519 keys/)
    const pool = openIssuingPool({ keyPair, workers: 1 })
    await pool.close()
    await expect(pool.issueMany(credentials.slice(0, 2), { status: list })).rejects.toMatchObject({
      code: 'ERR_POOL_CLOSED',
    })
    expect(allocate).not.toHaveBeenCalled()
  })
})
