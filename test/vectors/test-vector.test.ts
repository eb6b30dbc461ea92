/**
 * The eddsa-rdfc-2022 test vector of the OB 3.0 Implementation Guide (test/vectors/test-vectors, see
 * SOURCES.md): signing its unsigned credential with its published key at its `created` time must reproduce
 * the published canonical N-Quads, hashes, signature and proofValue byte for byte.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDocumentLoader, importKeyPair, issue, type OpenBadgeCredential } from '../../src/index.js'
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

const vector = readJson<TestVector>('test/vectors/test-vectors/ob-ldp-test-vector.json')
const unsigned = readJson<OpenBadgeCredential>('test/vectors/test-vectors/ob-ldp-credential-unsigned.json')
const publishedProof = readJson<Record<string, unknown>>('test/vectors/test-vectors/ob-ldp-proof.json')
const documentLoader = createDocumentLoader()
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

describe('OB 3.0 eddsa-rdfc-2022 test vector', () => {
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
})
