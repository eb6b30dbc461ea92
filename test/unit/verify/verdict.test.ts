/**
 * The verdict: `verified` rests on authenticity (read, a proof verified with a key bound to the issuer, valid now,
 * not revoked), conformance findings are warnings unless the policy is strict, and every proof is reported.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createKeyResolver,
  formatReport,
  generateKeyPair,
  issue,
  MicrocredError,
  validateCredential,
  verify,
  type VerificationReport,
} from '../../../src/index.js'
import { copy, euCredential, signBypassingChecks, signedEuCredential } from '../../helpers/credentials.js'
import { readJson, ROOT } from '../../helpers/files.js'

const now = new Date('2026-01-01T00:00:00Z')
const created = '2025-06-30T10:00:00Z'
const statusOf = (report: VerificationReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
const errors = (report: VerificationReport) => report.issues.filter((i) => i.severity !== 'warning')

/** A plain W3C VC Data Model 2.0 credential: no Open Badges type, context or rules. */
function plainCredential(issuer: string): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
    id: 'urn:uuid:9b3f4c2e-1d2a-4e5f-8a6b-7c8d9e0f1a2b',
    type: ['VerifiableCredential', 'ExampleDegreeCredential'],
    issuer,
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: {
      id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      degree: { type: 'ExampleBachelorDegree', name: 'Bachelor of Science and Arts' },
    },
  }
}

describe('verified is never true without a verified, bound proof', () => {
  it.each([['proof'], ['issuer-binding'], ['context'], ['data-model']] as const)(
    'turning off %s leaves a genuine credential unverified',
    async (check) => {
      const { signed } = await signedEuCredential()
      const report = await verify(signed, { now, checks: { [check]: false } })
      expect(statusOf(report)[check]).toBe('skipped')
      expect(report.checks.every((c) => c.status !== 'failed')).toBe(true)
      expect(report.verified).toBe(false)
    },
  )

  it("turning off validity or status is the caller's choice: still verified", async () => {
    const { signed } = await signedEuCredential()
    expect((await verify(signed, { now, checks: { validity: false, status: false } })).verified).toBe(true)
  })

  it("a valid signature by a key that is not the issuer's verifies nothing", async () => {
    const keyPair = await generateKeyPair()
    const impostor = await generateKeyPair()
    const signed = await signBypassingChecks(euCredential(keyPair), impostor)
    const report = await verify(signed, { now })
    expect(statusOf(report)).toMatchObject({ proof: 'passed', 'issuer-binding': 'failed' })
    expect(report.proofs).toEqual([expect.objectContaining({ index: 0, status: 'verified', bound: false })])
    expect(report.proofUsed).toBeUndefined()
    expect(report.verified).toBe(false)
  })
})

describe('several proofs: any one verified and bound proof suffices (OB 3.0 §8), every one is reported', () => {
  it("a proof by another key first, the issuer's second: verified, resting on the second", async () => {
    const keyPair = await generateKeyPair()
    const other = await generateKeyPair()
    const first = await signBypassingChecks(euCredential(keyPair), other)
    const both = await issue(first, { keyPair, created })
    expect(both.proof).toHaveLength(2)
    const report = await verify(both, { now })
    expect(report.verified).toBe(true)
    expect(report.proofs.map((p) => [p.index, p.status, p.bound])).toEqual([
      [0, 'verified', false],
      [1, 'verified', true],
    ])
    expect(report.proofUsed).toBe(1)
    expect(report.checks.find((c) => c.id === 'issuer-binding')?.reason).toContain('proof 2 of 2')
    expect(formatReport(report)).toContain('(the verdict rests on this one)')
  })

  it('a broken proof beside a good one: verified, with the broken one as a warning; strict fails it', async () => {
    const keyPair = await generateKeyPair()
    const once = await issue(euCredential(keyPair), { keyPair, created })
    const twice = copy(await issue(once, { keyPair, created: '2025-07-01T00:00:00Z' }))
    twice.proof[0].proofValue = twice.proof[1].proofValue
    const report = await verify(twice, { now })
    expect(report.verified).toBe(true)
    expect(report.proofs.map((p) => p.status)).toEqual(['failed', 'verified'])
    expect(report.proofUsed).toBe(1)
    expect(report.issues).toEqual([
      expect.objectContaining({ check: 'proof', code: 'ERR_PROOF_INVALID', path: 'proof[0]', severity: 'warning' }),
    ])
    const strict = await verify(twice, { now, policy: 'strict' })
    expect(strict.verified).toBe(false)
    expect(statusOf(strict)['proof']).toBe('failed')
  })

  it("altered after the issuer signed and re-signed by someone else: the issuer's broken proof is an error again, not a warning", async () => {
    const { keyPair, signed } = await signedEuCredential()
    const altered = copy(signed)
    altered.name = 'Forged Fundamentals'
    const withForgersProof = await signBypassingChecks(altered, await generateKeyPair())
    expect(withForgersProof.proof).toHaveLength(2)
    const report = await verify(withForgersProof, { now })
    expect(report.verified).toBe(false)
    expect(report.proofs.map((p) => [p.status, p.bound])).toEqual([
      ['failed', undefined],
      ['verified', false],
    ])
    expect(statusOf(report)).toMatchObject({ proof: 'failed', 'issuer-binding': 'failed' })
    expect(errors(report)[0]).toMatchObject({ check: 'proof', code: 'ERR_PROOF_INVALID', path: 'proof[0]' })
    expect((signed.issuer as { id: string }).id).toBe(keyPair.controller)
  })

  it('unsupported proofs are listed as such', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc.proof.push({ type: 'FutureProof2031', proofPurpose: 'assertionMethod', proofValue: 'x' })
    const report = await verify(doc, { now })
    expect(report.verified).toBe(true)
    expect(report.proofs.map((p) => [p.type, p.status])).toEqual([
      ['DataIntegrityProof', 'verified'],
      ['FutureProof2031', 'unsupported'],
    ])
  })
})

describe('the policy', () => {
  it('is reported, and only default and strict are accepted (TypeError)', async () => {
    const { signed } = await signedEuCredential()
    expect((await verify(signed, { now })).policy).toBe('default')
    expect((await verify(signed, { now, policy: 'strict' })).policy).toBe('strict')
    await expect(verify(signed, { policy: 'lenient' as never })).rejects.toThrow(TypeError)
    await expect(verify(signed, { profile: 'ob2' as never })).rejects.toThrow(TypeError)
  })

  it('strict turns every warning into a failure: an OB 3.0 schema finding of a genuine badge', async () => {
    const keyPair = await generateKeyPair()
    const badge = readJson<Record<string, any>>('test/vectors/spec/ob-basic-openbadgecredential.json')
    // An issuer image given as a URL string (common in VC 1.1-era badges): the JSON-LD means the same, the schema wants an object.
    const withImage = {
      ...badge,
      issuer: { ...badge['issuer'], id: keyPair.controller, image: 'https://example.edu/logo.png' },
    }
    const signed = await signBypassingChecks(withImage, keyPair)
    const report = await verify(signed, { now })
    expect(report.verified).toBe(true)
    expect(report.issues).toEqual([
      expect.objectContaining({ check: 'schema', code: 'ERR_SCHEMA_TYPE', path: 'issuer.image', severity: 'warning' }),
    ])
    expect(formatReport(report)).toMatch(/^✔ VERIFIED \(1 warning\)/)
    expect(formatReport(report)).toContain('⚠ schema')
    const strict = await verify(signed, { now, policy: 'strict' })
    expect(strict.verified).toBe(false)
    expect(strict.issues).toEqual([
      expect.objectContaining({ check: 'schema', code: 'ERR_SCHEMA_TYPE', path: 'issuer.image' }),
    ])
    expect(strict.issues[0]!.severity).toBeUndefined()
    expect(formatReport(strict)).toMatch(/^✘ NOT VERIFIED \(strict policy\)/)
    // issue() and validateCredential() stay strict.
    await expect(issue(withImage as never, { keyPair })).rejects.toMatchObject({
      code: 'ERR_SCHEMA_TYPE',
      path: 'issuer.image',
    })
    expect(await validateCredential(withImage)).toContainEqual(
      expect.objectContaining({ code: 'ERR_SCHEMA_TYPE', path: 'issuer.image' }),
    )
  })

  it('an achievementType outside the enumeration (without ext:) is a warning', async () => {
    const keyPair = await generateKeyPair()
    const credential = copy(euCredential(keyPair))
    credential.credentialSubject.achievement.achievementType = 'Program'
    const report = await verify(await signBypassingChecks(credential, keyPair), { now })
    expect(report.verified).toBe(true)
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        check: 'schema',
        code: 'ERR_SCHEMA_VALUE',
        path: 'credentialSubject.achievement.achievementType',
        severity: 'warning',
      }),
    )
  })
})

describe('OB 3.0 JSON Schema: a MUST only when the credential declares it (OB 3.0 §9.1)', () => {
  const declaring = (
    keyPair: { controller: string },
    id = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
  ) => {
    const badge = readJson<Record<string, any>>('test/vectors/spec/ob-basic-openbadgecredential.json')
    return {
      ...badge,
      // 1EdTechJsonSchemaValidator2019 is defined by the OB 3.0 extensions context.
      '@context': [...badge['@context'], 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'],
      issuer: { ...badge['issuer'], id: keyPair.controller, image: 'https://example.edu/logo.png' },
      credentialSchema: [{ id, type: '1EdTechJsonSchemaValidator2019' }],
    }
  }

  it('a credential that declares the official schema and breaks it fails, under the default policy too', async () => {
    const keyPair = await generateKeyPair()
    const report = await verify(await signBypassingChecks(declaring(keyPair), keyPair), { now })
    expect(report.verified).toBe(false)
    expect(statusOf(report)['schema']).toBe('failed')
    expect(errors(report)).toEqual([
      expect.objectContaining({ check: 'schema', code: 'ERR_SCHEMA_TYPE', path: 'issuer.image' }),
    ])
    expect(report.checks.find((c) => c.id === 'schema')?.reason).toBeUndefined()
  })

  it('a declared schema microcred does not bundle: ERR_SCHEMA_UNAVAILABLE (a warning), and the official schema applied as warnings', async () => {
    const keyPair = await generateKeyPair()
    const report = await verify(
      await signBypassingChecks(declaring(keyPair, 'https://schemas.example/badge.json'), keyPair),
      { now },
    )
    expect(report.verified).toBe(true)
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        check: 'schema',
        code: 'ERR_SCHEMA_UNAVAILABLE',
        path: 'credentialSchema[0]',
        severity: 'warning',
      }),
    )
    expect(report.issues).toContainEqual(
      expect.objectContaining({ check: 'schema', code: 'ERR_SCHEMA_TYPE', path: 'issuer.image', severity: 'warning' }),
    )
  })
})

describe('OB 3.0: the subject is identified by an id or an identifier', () => {
  it('issue() refuses a subject with neither (ERR_SCHEMA_REQUIRED at credentialSubject); verify() warns (strict fails it)', async () => {
    const keyPair = await generateKeyPair()
    const credential = copy(euCredential(keyPair))
    delete credential.credentialSubject.id
    delete credential.credentialSubject.identifier
    let thrown: unknown
    try {
      await issue(credential, { keyPair })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(MicrocredError)
    expect(thrown).toMatchObject({ code: 'ERR_SCHEMA_REQUIRED', path: 'credentialSubject' })
    const signed = await signBypassingChecks(credential, keyPair)
    const report = await verify(signed, { now })
    expect(report.verified).toBe(true)
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        check: 'schema',
        code: 'ERR_SCHEMA_REQUIRED',
        path: 'credentialSubject',
        severity: 'warning',
      }),
    )
    const strict = await verify(signed, { now, policy: 'strict' })
    expect(strict.verified).toBe(false)
    expect(errors(strict)).toContainEqual(
      expect.objectContaining({ check: 'schema', code: 'ERR_SCHEMA_REQUIRED', path: 'credentialSubject' }),
    )
  })

  it('either one suffices', async () => {
    const keyPair = await generateKeyPair()
    const byIdentifier = copy(euCredential(keyPair, { learner: { email: 'ada@example.org' } }))
    delete byIdentifier.credentialSubject.id
    expect(byIdentifier.credentialSubject.identifier).toHaveLength(1)
    await expect(issue(byIdentifier, { keyPair })).resolves.toBeDefined()
  })
})

describe('plain W3C credentials (profile auto and vc)', () => {
  it('issues and verifies a VC Data Model 2.0 credential that is not an Open Badge: the OB 3.0 rules do not apply', async () => {
    const keyPair = await generateKeyPair()
    const signed = await issue(plainCredential(keyPair.controller) as never, { keyPair, created })
    const report = await verify(signed, { now })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    expect(statusOf(report)).toMatchObject({ 'data-model': 'passed', schema: 'skipped', 'eu-profile': 'skipped' })
    expect(report.checks.find((c) => c.id === 'schema')?.reason).toContain('not an Open Badges or CLR credential')
    // profile ob3 holds it to the OB 3.0 schema anyway: warnings.
    const asOb = await verify(signed, { now, profile: 'ob3' })
    expect(asOb.verified).toBe(true)
    expect(asOb.issues.length).toBeGreaterThan(0)
    expect(asOb.issues.every((i) => i.check === 'schema' && i.severity === 'warning')).toBe(true)
    await expect(
      issue(plainCredential(keyPair.controller) as never, { keyPair, profile: 'ob3' }),
    ).rejects.toBeInstanceOf(MicrocredError)
  })

  it('issues and verifies a VC Data Model 1.1 credential (issuanceDate)', async () => {
    const keyPair = await generateKeyPair()
    const v1 = {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/2018/credentials/examples/v1'],
      id: 'http://example.edu/credentials/1872',
      type: ['VerifiableCredential', 'UniversityDegreeCredential'],
      issuer: keyPair.controller,
      issuanceDate: '2010-01-01T19:23:24Z',
      credentialSubject: {
        id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
        degree: { type: 'BachelorDegree', name: 'Bachelor of Science and Arts' },
      },
    }
    const report = await verify(await issue(v1 as never, { keyPair, created }), { now })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    const { issuanceDate: _date, ...undated } = v1
    await expect(issue(undated as never, { keyPair })).rejects.toMatchObject({
      code: 'ERR_DATA_MODEL',
      path: 'issuanceDate',
    })
  })

  it('profile vc skips the OB 3.0 rules of an Open Badge', async () => {
    const keyPair = await generateKeyPair()
    const badge = readJson<Record<string, any>>('test/vectors/spec/ob-basic-openbadgecredential.json')
    const signed = await signBypassingChecks(
      { ...badge, issuer: { ...badge['issuer'], id: keyPair.controller, image: 'https://example.edu/logo.png' } },
      keyPair,
    )
    const report = await verify(signed, { now, profile: 'vc' })
    expect(report.issues).toEqual([])
    expect(statusOf(report)['schema']).toBe('skipped')
  })

  it('a credential without validFrom is valid from the start (VC Data Model 2.0 §4.9)', async () => {
    const keyPair = await generateKeyPair()
    const { validFrom: _from, ...undated } = plainCredential(keyPair.controller)
    const report = await verify(await issue(undated as never, { keyPair, created }), { now })
    expect(report.verified).toBe(true)
    expect(report.checks.find((c) => c.id === 'validity')).toMatchObject({ status: 'passed' })
  })
})

describe('relatedResource (VC Data Model 2.0 §5.3): digests checked against the bundled resources', () => {
  // The bundled copy of the base context is the W3C's served bytes: its digests are computed from the file.
  const bytes = readFileSync(join(ROOT, 'src/context/files/w3c-credentials-v2.json'))
  const sri = `sha384-${createHash('sha384').update(bytes).digest('base64')}`
  const multibase = `u${createHash('sha256').update(bytes).digest('base64url')}`

  it('issues and verifies a credential pinning the base context by its digests', async () => {
    const keyPair = await generateKeyPair()
    const pinned = {
      ...plainCredential(keyPair.controller),
      relatedResource: [{ id: 'https://www.w3.org/ns/credentials/v2', digestSRI: sri, digestMultibase: multibase }],
    }
    const report = await verify(await issue(pinned as never, { keyPair, created }), { now })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('refuses a wrong digest at issue (ERR_DIGEST_MISMATCH) and fails it at verify, whatever the policy', async () => {
    const keyPair = await generateKeyPair()
    const wrong = `sha384-${createHash('sha384').update('another document').digest('base64')}`
    const pinned = {
      ...plainCredential(keyPair.controller),
      relatedResource: [{ id: 'https://www.w3.org/ns/credentials/v2', digestSRI: wrong }],
    }
    await expect(issue(pinned as never, { keyPair })).rejects.toMatchObject({
      code: 'ERR_DIGEST_MISMATCH',
      path: 'relatedResource[0].digestSRI',
    })
    const report = await verify(await signBypassingChecks(pinned, keyPair), { now })
    expect(report.verified).toBe(false)
    expect(statusOf(report)['data-model']).toBe('failed')
    expect(errors(report)).toEqual([expect.objectContaining({ check: 'data-model', code: 'ERR_DIGEST_MISMATCH' })])
  })

  it('a resource microcred does not hold: ERR_RELATED_RESOURCE_UNVERIFIED, a warning (issue() signs it; strict fails it)', async () => {
    const keyPair = await generateKeyPair()
    const pinned = {
      ...plainCredential(keyPair.controller),
      relatedResource: [{ id: 'https://example.edu/logo.png', digestMultibase: multibase }],
    }
    const signed = await issue(pinned as never, { keyPair, created })
    const report = await verify(signed, { now })
    expect(report.verified).toBe(true)
    expect(report.issues).toEqual([
      expect.objectContaining({ check: 'data-model', code: 'ERR_RELATED_RESOURCE_UNVERIFIED', severity: 'warning' }),
    ])
    expect((await verify(signed, { now, policy: 'strict' })).verified).toBe(false)
  })

  it('refuses relatedResource entries that are strings, lack an id or a digest, or repeat an id (ERR_DATA_MODEL)', async () => {
    const keyPair = await generateKeyPair()
    const base = plainCredential(keyPair.controller)
    for (const relatedResource of [
      ['https://www.w3.org/ns/credentials/v2'],
      [{ digestSRI: sri }],
      [{ id: 'https://www.w3.org/ns/credentials/v2' }],
      [
        { id: 'https://www.w3.org/ns/credentials/v2', digestSRI: sri },
        { id: 'https://www.w3.org/ns/credentials/v2', digestMultibase: multibase },
      ],
    ]) {
      await expect(issue({ ...base, relatedResource } as never, { keyPair })).rejects.toMatchObject({
        code: 'ERR_DATA_MODEL',
      })
    }
  })
})

describe('a check that crashes', () => {
  it('reports ERR_INTERNAL and the credential is not verified', async () => {
    const { signed } = await signedEuCredential()
    const real = createKeyResolver()
    // A resolver breaking its contract (a controller document without its lists) makes the binding check throw.
    const broken = { ...real, resolve: real.resolve.bind(real), resolveController: async () => ({}) as never }
    const report = await verify(signed, { now, resolver: broken })
    expect(report.verified).toBe(false)
    expect(report.issues).toEqual([expect.objectContaining({ check: 'issuer-binding', code: 'ERR_INTERNAL' })])
  })
})

describe('validity: every bound the credential states', () => {
  it('a VC 1.1 credential cannot escape its expirationDate with a later validUntil (ERR_EXPIRED at expirationDate)', async () => {
    const keyPair = await generateKeyPair()
    const v1 = {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/2018/credentials/examples/v1'],
      id: 'http://example.edu/credentials/1873',
      type: ['VerifiableCredential', 'UniversityDegreeCredential'],
      issuer: keyPair.controller,
      issuanceDate: '2010-01-01T19:23:24Z',
      expirationDate: '2020-01-01T00:00:00Z',
      validUntil: '2099-01-01T00:00:00Z',
      credentialSubject: {
        id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
        degree: { type: 'BachelorDegree', name: 'Bachelor of Science and Arts' },
      },
    }
    const report = await verify(await signBypassingChecks(v1, keyPair), { now })
    expect(report.verified).toBe(false)
    expect(errors(report)).toEqual([
      expect.objectContaining({ check: 'validity', code: 'ERR_EXPIRED', path: 'expirationDate' }),
    ])
  })
})

describe('options cannot stand in for a proof', () => {
  it("a holderProof smuggled into verify()'s options is ignored: an unsigned credential is not verified", async () => {
    const keyPair = await generateKeyPair()
    const unsigned = euCredential(keyPair)
    const key = await createKeyResolver().resolve(
      `${keyPair.controller}#${keyPair.controller.slice('did:key:'.length)}`,
    )
    const smuggled = { now, holderProof: { index: 0, type: 'DataIntegrityProof', status: 'verified', key } }
    const report = await verify(unsigned, smuggled)
    expect(report.verified).toBe(false)
    expect(errors(report)).toEqual([expect.objectContaining({ check: 'proof', code: 'ERR_PROOF_MISSING' })])
  })
})
