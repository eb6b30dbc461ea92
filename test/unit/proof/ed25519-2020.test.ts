/**
 * Ed25519Signature2020 (W3C CCG Ed25519 Signature 2020): microcred signs it with `issue(..., { proof:
 * 'Ed25519Signature2020' })` and verifies it; the Digital Bazaar implementation (`@digitalbazaar/vc` with
 * `@digitalbazaar/ed25519-signature-2020`) verifies what microcred signs, and microcred verifies what it signs.
 */
import * as vc from '@digitalbazaar/vc'
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { createPublicKey, verify as verifySignature } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  createDocumentLoader,
  createMicroCredential,
  exportKeyPair,
  generateKeyPair,
  issue,
  verify,
  type DocumentLoader,
  type VerificationReport,
} from '../../../src/index.js'
import { fullInput } from '../../fixtures/inputs.js'
import { copy, euCredential } from '../../helpers/credentials.js'
import { didKeyDocuments } from '../../helpers/did-key.js'
import { readJson } from '../../helpers/files.js'
import { base58btcDecode } from '../keys/helpers.js'

const SUITE_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1'
const now = new Date('2026-01-01T00:00:00Z')
const created = '2025-06-30T10:00:00Z'
const contexts = createDocumentLoader()
const statusOf = (report: VerificationReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
const codesAt = (report: VerificationReport, check: string) =>
  report.issues.filter((i) => i.check === check).map((i) => i.code)

type Doc = Record<string, any>

/**
 * The Digital Bazaar verifier's document loader: bundled contexts plus did:key documents whose key is typed for
 * the suite, as `Ed25519Signature2020.assertVerificationMethod()` wants it: `Ed25519VerificationKey2020` with the
 * suite context.
 */
const theirLoader: DocumentLoader = async (url) => {
  if (url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#') as [string, string | undefined]
    const { verificationMethod, didDocument } = didKeyDocuments(did)
    const key = { ...verificationMethod, '@context': SUITE_CONTEXT, type: 'Ed25519VerificationKey2020' }
    const { '@context': _keyContext, ...embedded } = key
    const document = {
      ...didDocument,
      '@context': ['https://www.w3.org/ns/did/v1', SUITE_CONTEXT],
      verificationMethod: [embedded],
    }
    return { contextUrl: null, documentUrl: url, document: fragment === undefined ? document : key }
  }
  return contexts(url)
}

const contextsOf = (doc: Doc): unknown[] => doc['@context'] as unknown[]

describe("issue(credential, { proof: 'Ed25519Signature2020' })", () => {
  it('appends the suite context to @context once, and leaves the input unchanged', async () => {
    const keyPair = await generateKeyPair()
    const credential = euCredential(keyPair)
    const before = copy(credential)
    expect(contextsOf(before)).not.toContain(SUITE_CONTEXT)
    const signed = await issue(credential, { keyPair, proof: 'Ed25519Signature2020', created })
    expect(contextsOf(signed)).toEqual([...contextsOf(before), SUITE_CONTEXT])
    expect(credential).toEqual(before)
  })

  it('does not add the suite context a second time when it is already there', async () => {
    const keyPair = await generateKeyPair()
    const credential = copy(euCredential(keyPair))
    credential['@context'].push(SUITE_CONTEXT)
    const signed = await issue(credential, { keyPair, proof: 'Ed25519Signature2020', created })
    expect(contextsOf(signed)).toEqual(credential['@context'])
    expect(contextsOf(signed).filter((c) => c === SUITE_CONTEXT)).toHaveLength(1)
  })

  it('does not add it for the default eddsa-rdfc-2022 proof', async () => {
    const keyPair = await generateKeyPair()
    const credential = euCredential(keyPair)
    const signed = await issue(credential, { keyPair, created })
    expect(contextsOf(signed)).toEqual(contextsOf(credential))
  })

  it('produces one Ed25519Signature2020 proof: the key, the purpose, the time and a 64-byte base58btc signature', async () => {
    const keyPair = await generateKeyPair()
    const signed = await issue(euCredential(keyPair), { keyPair, proof: 'Ed25519Signature2020', created })
    expect(signed.proof).toHaveLength(1)
    const [proof] = signed.proof as unknown as Doc[]
    expect(proof).toMatchObject({
      type: 'Ed25519Signature2020',
      verificationMethod: keyPair.id,
      proofPurpose: 'assertionMethod',
      created,
    })
    expect(proof!['cryptosuite']).toBeUndefined()
    expect(proof!['proofValue']).toMatch(/^z[1-9A-HJ-NP-Za-km-z]+$/)
    expect(base58btcDecode(proof!['proofValue'].slice(1))).toHaveLength(64)
  })

  it('verifies with microcred: every check that applies passes', async () => {
    const keyPair = await generateKeyPair()
    const signed = await issue(euCredential(keyPair), { keyPair, proof: 'Ed25519Signature2020', created })
    const report = await verify(signed, { now })
    expect(report.issues).toEqual([])
    expect(statusOf(report)).toMatchObject({
      context: 'passed',
      schema: 'passed',
      'eu-profile': 'passed',
      proof: 'passed',
      'issuer-binding': 'passed',
      validity: 'passed',
    })
    expect(report.checks.find((c) => c.id === 'proof')?.reason).toContain('Ed25519Signature2020')
    expect(report.verified).toBe(true)
  })

  it('fails at proof in microcred once a signed value changes', async () => {
    const keyPair = await generateKeyPair()
    const signed = await issue(euCredential(keyPair), { keyPair, proof: 'Ed25519Signature2020', created })
    const doc = copy(signed)
    doc.credentialSubject.achievement.creditsAvailable = 50
    const report = await verify(doc, { now })
    expect(codesAt(report, 'proof')).toEqual(['ERR_PROOF_INVALID'])
    expect(report.issues.find((i) => i.check === 'proof')?.path).toBe('proof[0]')
  })

  it('fails at proof in microcred when the suite context is taken out after signing', async () => {
    const keyPair = await generateKeyPair()
    const signed = await issue(euCredential(keyPair), { keyPair, proof: 'Ed25519Signature2020', created })
    const doc = copy(signed)
    doc['@context'] = doc['@context'].filter((c: unknown) => c !== SUITE_CONTEXT)
    const report = await verify(doc, { now })
    expect(statusOf(report)['proof']).toBe('failed')
    expect(report.verified).toBe(false)
  })

  it('says why a proof that carries the suite context itself (not the credential) is not checked, instead of calling the signature wrong', async () => {
    const keyPair = await generateKeyPair()
    const doc = copy(await issue(euCredential(keyPair), { keyPair, proof: 'Ed25519Signature2020', created }))
    doc['@context'] = doc['@context'].filter((c: unknown) => c !== SUITE_CONTEXT)
    doc.proof[0]['@context'] = SUITE_CONTEXT
    const report = await verify(doc, { now })
    expect(report.verified).toBe(false)
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'proof',
        code: 'ERR_PROOF_INVALID',
        message: expect.stringContaining('its suite does not accept it as given'),
      }),
    ])
  })

  it('verifies with @digitalbazaar/vc (its Ed25519Signature2020 suite), and fails there once changed', async () => {
    const keyPair = await generateKeyPair()
    const signed = await issue(euCredential(keyPair), { keyPair, proof: 'Ed25519Signature2020', created })
    const result = await vc.verifyCredential({
      credential: signed,
      suite: new Ed25519Signature2020(),
      documentLoader: theirLoader,
      now,
    })
    expect(result.error).toBeUndefined()
    expect(result.verified).toBe(true)

    const changed = copy(signed)
    changed.name = 'Another name'
    const theirs = await vc.verifyCredential({
      credential: changed,
      suite: new Ed25519Signature2020(),
      documentLoader: theirLoader,
      now,
    })
    expect(theirs.verified).toBe(false)
  })

  it('signs the OB 3.0 basic example too, verified by both', async () => {
    const keyPair = await generateKeyPair()
    const credential = copy(readJson('test/vectors/spec/ob-basic-openbadgecredential.json'))
    credential.issuer.id = keyPair.controller
    const signed = await issue(credential, { keyPair, proof: 'Ed25519Signature2020', created })
    expect((await verify(signed, { now })).verified).toBe(true)
    expect(
      (
        await vc.verifyCredential({
          credential: signed,
          suite: new Ed25519Signature2020(),
          documentLoader: theirLoader,
          now,
        })
      ).verified,
    ).toBe(true)
  })

  it("makes an Ed25519 signature over the suite's data that node:crypto verifies with the issuer's public key (a wrong key does not)", async () => {
    // The verifier microcred hands to the suite is replaced by node:crypto, through the suite's documented `verifier`
    // option, so the signature is checked by code independent of microcred.
    const keyPair = await generateKeyPair()
    const other = await generateKeyPair()
    const signed = await issue(euCredential(keyPair), { keyPair, proof: 'Ed25519Signature2020', created })
    const nodeVerifier = (publicX: string) => ({
      id: keyPair.id,
      algorithm: 'Ed25519',
      verify: async ({ data, signature }: { data: Uint8Array; signature: Uint8Array }) =>
        verifySignature(
          null,
          data,
          createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicX }, format: 'jwk' }),
          signature,
        ),
    })
    const run = (x: string) =>
      vc.verifyCredential({
        credential: signed,
        suite: new Ed25519Signature2020({ verifier: nodeVerifier(x) } as object),
        documentLoader: theirLoader,
        now,
      })
    expect((await run(exportKeyPair(keyPair, { format: 'jwk' }).x)).verified).toBe(true)
    expect((await run(exportKeyPair(other, { format: 'jwk' }).x)).verified).toBe(false)
  })
})

describe('a credential signed with Ed25519Signature2020 by @digitalbazaar/vc (did:key issuer)', () => {
  async function theirSigned(): Promise<Doc> {
    const key = await Ed25519Multikey.generate()
    const did = `did:key:${key.publicKeyMultibase}`
    const signerKey = await Ed25519Multikey.from({
      ...(await key.export({ publicKey: true, secretKey: true })),
      id: `${did}#${key.publicKeyMultibase}`,
      controller: did,
    })
    const input = fullInput()
    const credential = copy(createMicroCredential({ ...input, issuer: { ...input.issuer, id: did } }))
    credential['@context'].push(SUITE_CONTEXT)
    const suite = new Ed25519Signature2020({ signer: signerKey.signer() })
    return vc.issue({ credential, suite, documentLoader: theirLoader })
  }

  it('carries an Ed25519Signature2020 proof by its did:key', async () => {
    const signed = await theirSigned()
    const proof = Array.isArray(signed['proof']) ? signed['proof'][0] : signed['proof']
    expect(proof).toMatchObject({ type: 'Ed25519Signature2020', proofPurpose: 'assertionMethod' })
    expect(String(proof.verificationMethod).startsWith(`${signed['issuer'].id}#`)).toBe(true)
  })

  it('verifies with microcred', async () => {
    const signed = await theirSigned()
    const report = await verify(signed, { now })
    expect(report.issues).toEqual([])
    expect(statusOf(report)['proof']).toBe('passed')
    expect(statusOf(report)['issuer-binding']).toBe('passed')
    expect(report.verified).toBe(true)
  })

  it('fails at proof in microcred once any signed value changes', async () => {
    const signed = await theirSigned()
    const proofOf = (doc: Doc): Doc => (Array.isArray(doc['proof']) ? doc['proof'][0] : doc['proof'])
    const changes: ((doc: Doc) => void)[] = [
      (doc) => {
        doc.name = 'Other'
      },
      (doc) => {
        doc.validFrom = '2025-06-30T10:00:01Z'
      },
      (doc) => {
        doc.credentialSubject.achievement.creditsAvailable = 6
      },
      (doc) => {
        doc.credentialSubject.achievement.name = 'Something else'
      },
      (doc) => {
        doc.issuer.name = 'Other University'
      },
      (doc) => {
        proofOf(doc).created = '2025-01-01T00:00:00Z'
      },
    ]
    for (const change of changes) {
      const doc = copy(signed)
      change(doc)
      expect(doc).not.toEqual(signed)
      const report = await verify(doc, { now })
      expect(statusOf(report)['proof']).toBe('failed')
      expect(codesAt(report, 'proof')).toEqual(['ERR_PROOF_INVALID'])
      expect(report.verified).toBe(false)
    }
  })
})
