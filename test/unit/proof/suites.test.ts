/**
 * Proof suite selection: which embedded proofs `verify()` checks (by `type` and `cryptosuite`), which it ignores,
 * and the legacy `eddsa-2022` cryptosuite name of 1EdTech's validator fixture.
 */
import { describe, expect, it, vi } from 'vitest'
import { verify, type VerificationReport } from '../../../src/index.js'
import { VERIFYING_SUITES } from '../../../src/verify/checks/proof.js'
import type { Proof } from '../../../src/model/ob3.js'
import { copy, signedEuCredential } from '../../helpers/credentials.js'
import { readJson } from '../../helpers/files.js'

const now = new Date('2026-01-01T00:00:00Z')
const statusOf = (report: VerificationReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
const codes = (report: VerificationReport) => report.issues.map((i) => `${i.check}:${i.code}@${i.path ?? ''}`)

/** A proof of a type nobody implements (it must be ignored, VC Data Integrity §4.3). */
const futureProof = {
  type: 'FutureProof2031',
  created: '2025-06-30T10:00:00Z',
  proofPurpose: 'assertionMethod',
  verificationMethod: 'did:example:nobody#key-1',
  proofValue: 'zFuture',
}
/** A DataIntegrityProof whose cryptosuite is not implemented (the key cannot even be resolved: it must not be tried). */
const unknownCryptosuite = {
  type: 'DataIntegrityProof',
  cryptosuite: 'bbs-2031',
  created: '2025-06-30T10:00:00Z',
  proofPurpose: 'assertionMethod',
  verificationMethod: 'did:example:nobody#key-1',
  proofValue: 'zUnknown',
}

describe('the proof suites verify() knows', () => {
  const names = VERIFYING_SUITES.map((suite) => suite.name)

  it('are eddsa-rdfc-2022, ecdsa-sd-2023, ecdsa-rdfc-2019, Ed25519Signature2020, Ed25519Signature2018 and the legacy eddsa-2022', () => {
    expect([...names].sort()).toEqual(
      [
        'Ed25519Signature2018',
        'Ed25519Signature2020',
        'ecdsa-rdfc-2019',
        'ecdsa-sd-2023',
        'eddsa-2022',
        'eddsa-rdfc-2022',
      ].sort(),
    )
  })

  // The (type, cryptosuite) pairs of VC-DI-EdDSA, VC-DI-ECDSA, the CCG Ed25519 Signature 2020 and the early eddsa-2022 draft.
  it.each([
    ['DataIntegrityProof', 'eddsa-rdfc-2022', 'eddsa-rdfc-2022'],
    ['DataIntegrityProof', 'ecdsa-rdfc-2019', 'ecdsa-rdfc-2019'],
    ['DataIntegrityProof', 'ecdsa-sd-2023', 'ecdsa-sd-2023'],
    ['DataIntegrityProof', 'eddsa-2022', 'eddsa-2022'],
    ['Ed25519Signature2020', undefined, 'Ed25519Signature2020'],
    ['Ed25519Signature2018', undefined, 'Ed25519Signature2018'],
  ])('a %s proof with cryptosuite %s is matched by exactly the %s suite', (type, cryptosuite, expected) => {
    const proof = {
      type,
      ...(cryptosuite === undefined ? {} : { cryptosuite }),
      proofPurpose: 'assertionMethod',
    } as unknown as Proof
    expect(VERIFYING_SUITES.filter((suite) => suite.matches(proof)).map((suite) => suite.name)).toEqual([expected])
  })

  it.each([
    ['DataIntegrityProof', 'eddsa-rdf-2022'],
    ['DataIntegrityProof', 'bbs-2023'],
    ['DataIntegrityProof', undefined],
    ['JsonWebSignature2020', undefined],
    ['FutureProof2031', 'eddsa-rdfc-2022'],
  ])('a %s proof with cryptosuite %s is matched by no suite', (type, cryptosuite) => {
    const proof = { type, ...(cryptosuite === undefined ? {} : { cryptosuite }) } as unknown as Proof
    expect(VERIFYING_SUITES.filter((suite) => suite.matches(proof))).toEqual([])
  })
})

describe('verify(): proofs of unknown types', () => {
  it('passes a credential with an unknown proof type next to a valid proof, wherever the unknown one is', async () => {
    const { signed } = await signedEuCredential()
    for (const place of ['before', 'after'] as const) {
      const doc = copy(signed)
      if (place === 'before') doc.proof.unshift(futureProof)
      else doc.proof.push(futureProof)
      const report = await verify(doc, { now })
      expect(report.issues).toEqual([])
      expect(statusOf(report)['proof']).toBe('passed')
      expect(statusOf(report)['issuer-binding']).toBe('passed')
      expect(report.verified).toBe(true)
    }
  })

  it('fails with ERR_PROOF_UNSUPPORTED when only proofs of unknown types are left', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc.proof = [futureProof, { ...futureProof, type: 'OtherProof2040' }]
    const report = await verify(doc, { now })
    expect(codes(report)).toEqual(['proof:ERR_PROOF_UNSUPPORTED@proof'])
    expect(report.issues[0]!.message).toContain('FutureProof2031')
    expect(statusOf(report)['issuer-binding']).toBe('skipped')
    expect(report.verified).toBe(false)
  })

  it('ignores a DataIntegrityProof with an unknown cryptosuite next to a valid proof', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc.proof.unshift(unknownCryptosuite)
    const report = await verify(doc, { now })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('ignores a DataIntegrityProof with an unknown cryptosuite rather than failing it: alone, it is unsupported (not invalid, not unresolved)', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc.proof = [unknownCryptosuite]
    const report = await verify(doc, { now })
    expect(codes(report)).toEqual(['proof:ERR_PROOF_UNSUPPORTED@proof'])
    expect(report.issues[0]!.message).toContain('bbs-2031')
  })

  it('still fails a known proof that does not verify, even next to an unknown one', async () => {
    const { signed } = await signedEuCredential()
    const doc = copy(signed)
    doc.proof.unshift(futureProof)
    doc.name = 'Changed after signing'
    const report = await verify(doc, { now })
    expect(codes(report)).toEqual(['proof:ERR_PROOF_INVALID@proof[1]'])
  })
})

describe('verify(): the legacy eddsa-2022 cryptosuite (1EdTech validator fixture simple-eddsa-2022.json)', () => {
  const issuerId = 'https://example.com/issuers/876543'
  const multibase = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi'
  const keyId = `${issuerId}#${multibase}`
  const fixture = () => readJson('test/vectors/validator-fixtures/ob30/simple-eddsa-2022.json')
  const controllerDocument = (relationships: { assertionMethod: string[] }) => ({
    '@context': ['https://www.w3.org/ns/cid/v1', 'https://w3id.org/security/multikey/v1'],
    id: issuerId,
    verificationMethod: [{ id: keyId, type: 'Multikey', controller: issuerId, publicKeyMultibase: multibase }],
    ...relationships,
  })
  /** A fetch that serves `document` at the issuer id only (404 elsewhere), recording what was asked for. */
  const serving = (document: object) => {
    const requested: string[] = []
    const fetch = async (url: string): Promise<Response> => {
      requested.push(url)
      return url === issuerId ? new Response(JSON.stringify(document)) : new Response('not found', { status: 404 })
    }
    return { fetch, requested }
  }

  it('uses the eddsa-2022 cryptosuite name', () => {
    const proofs = fixture()['proof'] as Record<string, unknown>[]
    expect(proofs.map((p) => [p['type'], p['cryptosuite'], p['verificationMethod']])).toEqual([
      ['DataIntegrityProof', 'eddsa-2022', keyId],
    ])
  })

  it("passes proof and issuer-binding when the issuer's controller document is served through the injected fetch", async () => {
    const { fetch, requested } = serving(controllerDocument({ assertionMethod: [keyId] }))
    const report = await verify(fixture(), { now, fetch })
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'passed' })
    expect(report.checks.find((c) => c.id === 'proof')?.reason).toContain('eddsa-2022')
    expect(report.checks.find((c) => c.id === 'issuer-binding')).toMatchObject({ status: 'passed' })
    expect(report.issues.filter((i) => i.check === 'proof' || i.check === 'issuer-binding')).toEqual([])
    expect(new Set(requested)).toEqual(new Set([issuerId]))
  })

  it('verifies as a whole when its controller document is served (it is a valid 1EdTech fixture), also on the first VC 1.1 verification of a process', async () => {
    // A fresh copy of microcred (new module instances, so a new schema validator): this is the first VC 1.1
    // credential it sees. Its report must not depend on what was verified before.
    vi.resetModules()
    const fresh = await import('../../../src/index.js')
    const { fetch } = serving(controllerDocument({ assertionMethod: [keyId] }))
    const first = await fresh.verify(fixture(), { now, fetch })
    const second = await fresh.verify(fixture(), { now, fetch })
    expect(second.issues).toEqual([])
    expect(second.verified).toBe(true)
    expect(first.issues).toEqual([])
    expect(first.verified).toBe(true)
  })

  it('fails at proof once a signed value changes', async () => {
    const { fetch } = serving(controllerDocument({ assertionMethod: [keyId] }))
    const doc = copy(fixture())
    doc.credentialSubject.achievement.name = 'another name'
    const report = await verify(doc, { now, fetch })
    expect(codes(report).filter((c) => c.startsWith('proof:'))).toEqual(['proof:ERR_PROOF_INVALID@proof[0]'])
  })

  it('does not bind the key when the served document does not list it under assertionMethod', async () => {
    const { fetch } = serving(controllerDocument({ assertionMethod: [] }))
    const report = await verify(fixture(), { now, fetch })
    expect(statusOf(report)['proof']).toBe('passed')
    expect(codes(report).filter((c) => c.startsWith('issuer-binding:'))).toEqual([
      'issuer-binding:ERR_ISSUER_KEY_MISMATCH@issuer.id',
    ])
  })

  it('cannot bind the key without a fetch (the document is never obtained)', async () => {
    const report = await verify(fixture(), { now })
    expect(statusOf(report)['proof']).toBe('passed')
    expect(codes(report).filter((c) => c.startsWith('issuer-binding:'))).toEqual([
      'issuer-binding:ERR_KEY_UNRESOLVED@issuer.id',
    ])
  })
})
