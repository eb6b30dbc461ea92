/**
 * Proof chains (VC Data Integrity §2.1.2 `previousProof`, §4.5 "Verify Proof Sets and Chains"): a chained proof signs
 * the document together with the proofs it follows. The chained proofs here are made by hand, independently of
 * microcred: jsonld.js's RDFC-1.0 canonical form, SHA-256 and node:crypto Ed25519, as eddsa-rdfc-2022 specifies
 * (VC-DI-EdDSA §3.2: hash of the proof configuration, then hash of the document, signed together).
 */
import { createHash, generateKeyPairSync, sign as signBytes, type KeyObject } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verify } from '../../../src/index.js'
import { defaultDocumentLoader } from '../../../src/context/loader.js'
import { canonize } from '../../helpers/canonize.js'
import { base58btcEncode, publicKeyMultibaseOf } from '../keys/helpers.js'

const now = new Date('2026-01-01T00:00:00Z')

interface TestKey {
  privateKey: KeyObject
  did: string
  id: string
}

function newKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const multibase = publicKeyMultibaseOf(
    Uint8Array.from(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')),
  )
  return { privateKey, did: `did:key:${multibase}`, id: `did:key:${multibase}#${multibase}` }
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()

/** An eddsa-rdfc-2022 proof over `document` (its `proof` member included, as a chained proof signs it). */
async function proofOver(
  document: Record<string, unknown>,
  key: TestKey,
  extra: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const options = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-rdfc-2022',
    created: '2025-06-30T10:00:00Z',
    verificationMethod: key.id,
    proofPurpose: 'assertionMethod',
    ...extra,
  }
  const configHash = sha256(await canonize({ ...options, '@context': document['@context'] }, defaultDocumentLoader))
  const documentHash = sha256(await canonize(document, defaultDocumentLoader))
  const signature = signBytes(null, Buffer.concat([configHash, documentHash]), key.privateKey)
  return { ...options, proofValue: `z${base58btcEncode(signature)}` }
}

/** A credential of `issuer` with a first proof by `first` (id urn:uuid:first) and a second, chained to it, by `second`. */
async function chained(
  issuer: TestKey,
  first: TestKey,
  second: TestKey,
  previousProof: unknown = 'urn:uuid:first',
): Promise<Record<string, unknown>> {
  const unsigned = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
    id: 'urn:uuid:2f6c7a4e-9d1b-4c3e-8a5f-0b1c2d3e4f50',
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuer: issuer.did,
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'The School of Examples' },
  }
  const p1 = await proofOver(unsigned, first, { id: 'urn:uuid:first' })
  const p2 = await proofOver({ ...unsigned, proof: [p1] }, second, { previousProof })
  return { ...unsigned, proof: [p1, p2] }
}

describe('proof chains (previousProof)', () => {
  it("a witness first, the issuer chained to it: both proofs verify, and the verdict rests on the issuer's", async () => {
    const issuer = newKey()
    const witness = newKey()
    const report = await verify(await chained(issuer, witness, issuer), { now })
    expect(report.verified).toBe(true)
    expect(report.proofs.map((p) => [p.status, p.bound])).toEqual([
      ['verified', false],
      ['verified', true],
    ])
    expect(report.proofUsed).toBe(1)
  })

  it('previousProof as a list of ids works the same', async () => {
    const issuer = newKey()
    const report = await verify(await chained(issuer, newKey(), issuer, ['urn:uuid:first']), { now })
    expect(report.proofs.map((p) => p.status)).toEqual(['verified', 'verified'])
    expect(report.verified).toBe(true)
  })

  it('a chained proof verified as if it were a plain proof of a set would not verify: the proofs it follows are signed with it', async () => {
    const issuer = newKey()
    const document = await chained(issuer, newKey(), issuer)
    const [first, second] = document['proof'] as Record<string, unknown>[]
    const { previousProof: _previous, ...unchained } = second!
    const report = await verify({ ...document, proof: [first, unchained] }, { now })
    expect(report.proofs[1]!.status).toBe('failed')
  })

  it('a previousProof naming no proof of the credential fails that proof (ERR_PROOF_INVALID)', async () => {
    const issuer = newKey()
    const report = await verify(await chained(issuer, issuer, issuer, 'urn:uuid:missing'), { now })
    expect(report.proofs.map((p) => p.status)).toEqual(['verified', 'failed'])
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        check: 'proof',
        code: 'ERR_PROOF_INVALID',
        path: 'proof[1]',
        message: expect.stringContaining('urn:uuid:missing'),
      }),
    )
  })

  it('a chained proof counts only when the proof it follows verifies', async () => {
    const issuer = newKey()
    const document = await chained(issuer, newKey(), issuer)
    const { proof: _proofs, ...unsigned } = document
    const [first] = document['proof'] as Record<string, unknown>[]
    // The first proof's signature is wrong from the start, and the issuer's chained proof signs over it as it is.
    const bogus = { ...first, proofValue: `z${base58btcEncode(new Uint8Array(64))}` }
    const second = await proofOver({ ...unsigned, proof: [bogus] }, issuer, { previousProof: 'urn:uuid:first' })
    const report = await verify({ ...unsigned, proof: [bogus, second] }, { now })
    expect(report.proofs.map((p) => p.status)).toEqual(['failed', 'failed'])
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        path: 'proof[1]',
        message: expect.stringContaining('urn:uuid:first (previousProof), which does not verify'),
      }),
    )
    expect(report.verified).toBe(false)
  })

  it('changing the document breaks the chained proof as any other', async () => {
    const issuer = newKey()
    const document = await chained(issuer, newKey(), issuer)
    const report = await verify(
      { ...document, credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'Another School' } },
      { now },
    )
    expect(report.proofs.map((p) => p.status)).toEqual(['failed', 'failed'])
    expect(report.verified).toBe(false)
  })

  it('a chained proof signed over the document alone (as some implementations do) is verified as a proof-set member, with a warning; strict fails it', async () => {
    const issuer = newKey()
    const witness = newKey()
    const unsigned = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: issuer.did,
      credentialSubject: { id: 'did:example:abcdefgh' },
    }
    const p1 = await proofOver(unsigned, witness, { id: 'urn:uuid:first' })
    const p2 = await proofOver(unsigned, issuer, { previousProof: 'urn:uuid:first' })
    const report = await verify({ ...unsigned, proof: [p1, p2] }, { now })
    expect(report.verified).toBe(true)
    expect(report.proofUsed).toBe(1)
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'proof',
        code: 'ERR_PROOF_INVALID',
        path: 'proof[1]',
        severity: 'warning',
        message: expect.stringContaining('without the proofs it follows'),
      }),
    ])
    expect((await verify({ ...unsigned, proof: [p1, p2] }, { now, policy: 'strict' })).verified).toBe(false)
  })

  it('the chain rule holds through the whole chain: a proof following one that follows a broken one fails too', async () => {
    const issuer = newKey()
    const unsigned = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: issuer.did,
      credentialSubject: { id: 'did:example:abcdefgh' },
    }
    const a = {
      ...(await proofOver(unsigned, newKey(), { id: 'urn:uuid:a' })),
      proofValue: `z${base58btcEncode(new Uint8Array(64))}`,
    }
    const b = await proofOver({ ...unsigned, proof: [a] }, newKey(), { id: 'urn:uuid:b', previousProof: 'urn:uuid:a' })
    const c = await proofOver({ ...unsigned, proof: [b] }, issuer, { previousProof: 'urn:uuid:b' })
    const report = await verify({ ...unsigned, proof: [a, b, c] }, { now })
    expect(report.proofs.map((p) => p.status)).toEqual(['failed', 'failed', 'failed'])
    expect(report.verified).toBe(false)
  })

  it('a previousProof id that several proofs carry (or the proof itself) names no proof: the chained proof fails', async () => {
    const issuer = newKey()
    const unsigned = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: issuer.did,
      credentialSubject: { id: 'did:example:abcdefgh' },
    }
    const good = await proofOver(unsigned, newKey(), { id: 'urn:x' })
    const bad = { ...good, proofValue: `z${base58btcEncode(new Uint8Array(64))}` }
    const chainedToX = await proofOver({ ...unsigned, proof: [good] }, issuer, { id: 'urn:x', previousProof: 'urn:x' })
    const report = await verify({ ...unsigned, proof: [bad, good, chainedToX] }, { now })
    expect(report.proofs[2]!.status).toBe('failed')
    expect(report.verified).toBe(false)
  })
})
