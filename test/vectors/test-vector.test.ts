/**
 * The eddsa-rdfc-2022 test vectors of the OB 3.0 Implementation Guide (test/vectors/test-vectors, see
 * SOURCES.md), one for an OpenBadgeCredential and one for a CLR 2.0 ClrCredential bundling a signed
 * AchievementCredential: signing each unsigned credential with the published key at its `created` time must
 * reproduce the published canonical N-Quads, hashes, signature and proofValue byte for byte, and the signed
 * credentials must verify (the CLR's bundled credential too) once the issuer's controller document is served.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDocumentLoader, importKeyPair, issue, verify, type OpenBadgeCredential } from '../../src/index.js'
import { serveDocuments } from '../helpers/fetch.js'
import { canonize } from '../helpers/canonize.js'
import { readJson } from '../helpers/files.js'

interface TestVector {
  keyPair: { multikey: { id: string; controller: string; publicKeyMultibase: string; secretKeyMultibase: string } }
  documentCanonicalNQuads: string
  proofCanonicalNQuads: string
  documentHashHex: string
  proofHashHex: string
  signatureHex: string
  proofValue: string
}

const documentLoader = createDocumentLoader()
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

describe.each(['ob', 'clr'])('%s eddsa-rdfc-2022 test vector', (name) => {
  const vector = readJson<TestVector>(`test/vectors/test-vectors/${name}-ldp-test-vector.json`)
  const unsigned = readJson<OpenBadgeCredential>(`test/vectors/test-vectors/${name}-ldp-credential-unsigned.json`)
  const publishedProof = readJson(`test/vectors/test-vectors/${name}-ldp-proof.json`)
  const publishedSigned = readJson(`test/vectors/test-vectors/${name}-ldp-credential-signed.json`)
  const { id: keyId, controller, publicKeyMultibase } = vector.keyPair.multikey
  // The issuer's controller document, as the issuer would host it at its id, lists the published key.
  const fetch = serveDocuments({ [controller]: { '@context': ['https://www.w3.org/ns/cid/v1'], id: controller, verificationMethod: [{ id: keyId, type: 'Multikey', controller, publicKeyMultibase }], assertionMethod: [keyId] } })

  it('canonicalizes the credential to the published N-Quads (RDFC-1.0, offline contexts)', async () => {
    const nquads = await canonize(unsigned, documentLoader)
    expect(nquads).toBe(vector.documentCanonicalNQuads)
    expect(sha256(nquads)).toBe(vector.documentHashHex)
  })

  it('reproduces the published proofValue with the published key and created time', async () => {
    const keyPair = await importKeyPair(vector.keyPair.multikey)
    const signed = await issue(unsigned, { keyPair, created: '2010-01-01T19:23:24Z' })
    expect(signed.proof).toHaveLength(1)
    expect(signed.proof[0]).toEqual(publishedProof)
    expect(signed.proof[0]?.proofValue).toBe(vector.proofValue)
  })

  it('signs exactly the published proof options (proof canonical form and hash)', async () => {
    const { proofValue: _omit, ...options } = publishedProof
    const nquads = await canonize({ '@context': unsigned['@context'], ...options }, documentLoader)
    expect(nquads).toBe(vector.proofCanonicalNQuads)
    expect(sha256(nquads)).toBe(vector.proofHashHex)
  })

  it('does not modify the credential it signs', async () => {
    const keyPair = await importKeyPair(vector.keyPair.multikey)
    const before = JSON.stringify(unsigned)
    await issue(unsigned, { keyPair, created: '2010-01-01T19:23:24Z' })
    expect(JSON.stringify(unsigned)).toBe(before)
  })

  it('gives a different proofValue for any other created time', async () => {
    const keyPair = await importKeyPair(vector.keyPair.multikey)
    const signed = await issue(unsigned, { keyPair, created: '2010-01-01T19:23:25Z' })
    expect(signed.proof[0]?.proofValue).not.toBe(vector.proofValue)
  })

  it('the published signed credential verifies, every bundled credential included', async () => {
    const report = await verify(publishedSigned, { fetch, now: new Date('2025-01-01T00:00:00Z') })
    // The CLR vector declares the official CLR 2.0 JSON Schema, which is not bundled: said, as a warning.
    expect(report.issues).toEqual(name === 'clr' ? [expect.objectContaining({ check: 'schema', code: 'ERR_SCHEMA_UNAVAILABLE', severity: 'warning' })] : [])
    expect(report.verified).toBe(true)
    expect(JSON.stringify(report.credential?.['proof'])).toContain(vector.proofValue)
    const bundled = report.checks.find((check) => check.id === 'credentials')
    if (name === 'clr') {
      expect(bundled?.status).toBe('passed')
      expect(report.nested?.map((n) => [n.path, n.report.verified])).toEqual([['credentialSubject.verifiableCredential[0]', true]])
    } else {
      expect(bundled?.status).toBe('skipped')
    }
  })

  it('a signature by the published key binds to nothing without the issuer\'s document', async () => {
    const report = await verify(publishedSigned, { now: new Date('2025-01-01T00:00:00Z') })
    expect(report.checks.find((check) => check.id === 'proof')?.status).toBe('passed')
    expect(report.issues).toContainEqual(expect.objectContaining({ check: 'issuer-binding', code: 'ERR_KEY_UNRESOLVED' }))
  })
})
