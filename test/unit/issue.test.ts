import { createPublicKey, verify as verifySignature } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import {
  createSigner,
  exportKeyPair,
  generateKeyPair,
  importKeyPair,
  issue,
  isMicrocredError,
  sign,
  verify,
  type Signer,
} from '../../src/index.js'
import { createStatusList } from '../../src/entries/status.js'
import { copy, euCredential } from '../helpers/credentials.js'
import { readJson } from '../helpers/files.js'
import { blankNodeCycle } from '../helpers/poison.js'
import { addProof } from '../../src/proof/sign.js'
import { eddsaRdfc2022 } from '../../src/proof/data-integrity/eddsa-rdfc-2022.js'
import { defaultDocumentLoader } from '../../src/context/loader.js'

const at = '2025-06-30T10:00:00Z'

describe('sign()', () => {
  it('is issue() under the name signing services look for: the same function, giving a credential that verifies', async () => {
    expect(sign).toBe(issue)
    const keyPair = await generateKeyPair()
    const signed = await sign(euCredential(keyPair), { keyPair, created: at })
    expect((await verify(signed)).verified).toBe(true)
  })
})

describe('issue()', () => {
  it('adds one eddsa-rdfc-2022 DataIntegrityProof, as an array, with the key and created time', async () => {
    const keyPair = await generateKeyPair()
    const signed = await issue(euCredential(keyPair), { keyPair, created: at })
    expect(Array.isArray(signed.proof)).toBe(true)
    expect(signed.proof).toHaveLength(1)
    expect(signed.proof[0]).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: keyPair.id,
      created: at,
    })
    expect(signed.proof[0]!.proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/)
    expect((await verify(signed)).verified).toBe(true)
  })

  it('is deterministic for the same key, credential and created time (Ed25519 is)', async () => {
    const keyPair = await generateKeyPair()
    const credential = euCredential(keyPair)
    const a = await issue(credential, { keyPair, created: at })
    const b = await issue(credential, { keyPair, created: new Date(at) })
    expect(a.proof[0]!.proofValue).toBe(b.proof[0]!.proofValue)
  })

  it('defaults created to now, to the second', async () => {
    const keyPair = await generateKeyPair()
    const before = Math.floor(Date.now() / 1000) * 1000
    const signed = await issue(euCredential(keyPair), { keyPair })
    const created = Date.parse(signed.proof[0]!.created!)
    expect(created).toBeGreaterThanOrEqual(before)
    expect(created).toBeLessThanOrEqual(Date.now())
    expect(signed.proof[0]!.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  it('validates first: an invalid credential is rejected with its located error and nothing is signed', async () => {
    const keyPair = await generateKeyPair()
    const credential = copy(euCredential(keyPair))
    credential.credentialSubject.achievement.image = 'https://example.com/badge.png'
    credential.gpa = '3.9'
    const base = createSigner(keyPair)
    const sign = vi.fn((data: Uint8Array) => base.sign(data))
    const signer: Signer = { id: keyPair.id, algorithm: 'Ed25519', sign }
    const error = await issue(credential, { signer }).catch((e: unknown) => e)
    expect(isMicrocredError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'ERR_JSONLD_UNDEFINED_TERM', path: 'gpa' })
    expect((error as { issues: unknown[] }).issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'ERR_SCHEMA_TYPE', path: 'credentialSubject.achievement.image' }),
      ]),
    )
    expect(sign).not.toHaveBeenCalled()
  })

  it('refuses a key that is not controlled by the issuer (ERR_ISSUER_KEY_MISMATCH)', async () => {
    const issuerKey = await generateKeyPair()
    const otherKey = await generateKeyPair()
    const error = await issue(euCredential(issuerKey), { keyPair: otherKey }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ERR_ISSUER_KEY_MISMATCH', path: 'issuer.id' })
    expect((error as Error).message).toContain(otherKey.controller)
  })

  it('signs with a KMS-style signer: only the signer sees the data', async () => {
    const keyPair = await generateKeyPair()
    const local = createSigner(keyPair)
    const seen: Uint8Array[] = []
    const kms: Signer = {
      id: keyPair.id,
      algorithm: 'Ed25519',
      sign: async (data) => {
        seen.push(data)
        return local.sign(data)
      },
    }
    const signed = await issue(euCredential(keyPair), { signer: kms, created: at })
    expect(seen).toHaveLength(1)
    // eddsa-rdfc-2022 signs SHA-256(proof options) ‖ SHA-256(document): 64 bytes.
    expect(seen[0]).toHaveLength(64)
    const publicKey = createPublicKey({
      key: exportKeyPair(keyPair, { format: 'jwk' }) as unknown as import('node:crypto').JsonWebKey,
      format: 'jwk',
    })
    const signature = Buffer.from(await local.sign(seen[0]!))
    expect(verifySignature(null, seen[0]!, publicKey, signature)).toBe(true)
    expect((await verify(signed)).verified).toBe(true)
  })

  it('reports a failing signer as ERR_SIGNING_FAILED', async () => {
    const keyPair = await generateKeyPair()
    const broken: Signer = {
      id: keyPair.id,
      algorithm: 'Ed25519',
      sign: async () => {
        throw new Error('HSM offline')
      },
    }
    await expect(issue(euCredential(keyPair), { signer: broken })).rejects.toMatchObject({
      code: 'ERR_SIGNING_FAILED',
      message: expect.stringContaining('HSM offline'),
    })
    const short: Signer = { id: keyPair.id, algorithm: 'Ed25519', sign: async () => new Uint8Array(10) }
    await expect(issue(euCredential(keyPair), { signer: short })).rejects.toMatchObject({
      code: 'ERR_SIGNING_FAILED',
      message: expect.stringContaining('10 bytes'),
    })
  })

  it('rejects input over the size cap (ERR_INPUT_TOO_LARGE) before doing any work', async () => {
    const keyPair = await generateKeyPair()
    const credential = euCredential(keyPair, { description: 'x'.repeat(2 * 1024 * 1024) })
    await expect(issue(credential, { keyPair })).rejects.toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' })
    const small = euCredential(keyPair)
    await expect(issue(small, { keyPair, maxBytes: 1000 })).rejects.toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' })
  })

  it('refuses a blank-node poison graph before canonicalizing it: blank node ids are not URLs (VC Data Model 2.0 §4.4)', async () => {
    const keyPair = await generateKeyPair()
    const badge = readJson('test/vectors/spec/ob-basic-openbadgecredential.json')
    const poisoned = {
      ...badge,
      issuer: { id: keyPair.controller, type: ['Profile'], name: 'Issuer', parentOrg: blankNodeCycle(12) },
    }
    await expect(issue(poisoned as never, { keyPair })).rejects.toMatchObject({
      code: 'ERR_DATA_MODEL',
      path: 'issuer.parentOrg.id',
    })
  })

  it('stops canonicalizing a poison graph at the work cap when signing (ERR_CANONICALIZATION_LIMIT)', async () => {
    const keyPair = await generateKeyPair()
    const badge = readJson('test/vectors/spec/ob-basic-openbadgecredential.json')
    const poisoned = {
      ...badge,
      issuer: { id: keyPair.controller, type: ['Profile'], name: 'Issuer', parentOrg: blankNodeCycle(12) },
    }
    // Below issue()'s validation, which refuses this document first: the signing step's own cap.
    const signing = addProof(poisoned, {
      suite: eddsaRdfc2022,
      signer: createSigner(keyPair),
      created: '2025-01-01T00:00:00Z',
      documentLoader: defaultDocumentLoader,
    })
    await expect(signing).rejects.toMatchObject({ code: 'ERR_CANONICALIZATION_LIMIT' })
  })

  it('keeps an existing proof and adds the new one (a proof set)', async () => {
    const keyPair = await generateKeyPair()
    const once = await issue(euCredential(keyPair), { keyPair, created: at })
    const twice = await issue(once, { keyPair, created: '2025-07-01T00:00:00Z' })
    expect(twice.proof).toHaveLength(2)
    expect(twice.proof[0]).toEqual(once.proof[0])
    expect((await verify(twice)).verified).toBe(true)
  })

  it('gives a VC 1.1 credential a status entry with the Bitstring Status List context its own contexts lack', async () => {
    const keyPair = await generateKeyPair()
    const v1 = {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      id: 'urn:uuid:3f6b1d2e-4c5a-4b7e-9d8f-0a1b2c3d4e5f',
      type: ['VerifiableCredential'],
      issuer: keyPair.controller,
      issuanceDate: '2025-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' },
    }
    const list = await createStatusList({ id: 'https://tu-example.de/status/1', purpose: 'revocation' })
    const signed: Record<string, any> = await issue(v1 as never, { keyPair, status: list, created: at })
    // (the Data Integrity suite adds its own context after these, for a VC 1.1 credential)
    expect(signed['@context'].slice(0, 2)).toEqual([
      'https://www.w3.org/2018/credentials/v1',
      'https://www.w3.org/ns/credentials/status/v1',
    ])
    expect(signed.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusListCredential: 'https://tu-example.de/status/1',
    })
    expect((await verify(signed, { checks: { status: false } })).verified).toBe(true)
  })

  it('refuses a status list for a credential already signed (TypeError): the entry would break its proofs', async () => {
    const keyPair = await generateKeyPair()
    const once = await issue(euCredential(keyPair), { keyPair, created: at })
    const list = await createStatusList({ id: 'https://tu-example.de/status/1', purpose: 'revocation' })
    await expect(issue(once, { keyPair, status: list })).rejects.toThrow(TypeError)
  })

  it('refuses to add an Ed25519Signature2020 proof to a signed credential without its suite context (ERR_CONTEXT_INVALID): adding the context would change what was signed', async () => {
    const keyPair = await generateKeyPair()
    const once = await issue(euCredential(keyPair), { keyPair, created: at })
    await expect(issue(once, { keyPair, proof: 'Ed25519Signature2020' })).rejects.toMatchObject({
      code: 'ERR_CONTEXT_INVALID',
      path: '@context',
    })
    // With the context there from the start, both proofs live side by side.
    const credential = euCredential(keyPair)
    const prepared = await issue(
      { ...credential, '@context': [...credential['@context'], 'https://w3id.org/security/suites/ed25519-2020/v1'] },
      { keyPair, created: at },
    )
    const both = await issue(prepared, { keyPair, proof: 'Ed25519Signature2020', created: at })
    expect(both.proof.map((p) => p.type)).toEqual(['DataIntegrityProof', 'Ed25519Signature2020'])
    expect((await verify(both)).verified).toBe(true)
  })

  it('does not modify its input', async () => {
    const keyPair = await generateKeyPair()
    const credential = euCredential(keyPair)
    const before = JSON.stringify(credential)
    await issue(credential, { keyPair, created: at })
    expect(JSON.stringify(credential)).toBe(before)
  })

  it('treats wrong arguments as programming mistakes (TypeError)', async () => {
    const keyPair = await generateKeyPair()
    const credential = euCredential(keyPair)
    const signer = createSigner(keyPair)
    await expect(issue(credential, {})).rejects.toThrow(TypeError)
    await expect(issue(credential, { keyPair, signer })).rejects.toThrow(TypeError)
    await expect(issue(credential, undefined as never)).rejects.toThrow(TypeError)
    await expect(issue('credential' as never, { keyPair })).rejects.toThrow(TypeError)
    await expect(issue(credential, { keyPair, created: 'tomorrow' })).rejects.toThrow(TypeError)
    await expect(issue(credential, { keyPair, created: new Date('nope') })).rejects.toThrow(TypeError)
    await expect(issue(credential, { keyPair, proof: 'rsa-2000' as never })).rejects.toThrow(TypeError)
    await expect(issue(credential, { keyPair: exportKeyPair(keyPair) as never })).rejects.toThrow(TypeError)
    await expect(
      issue(credential, {
        signer: { id: keyPair.id, algorithm: 'RS256', sign: (data: Uint8Array) => signer.sign(data) } as never,
      }),
    ).rejects.toThrow(TypeError)
  })

  it('cannot sign with a public key only (ERR_KEY_INVALID)', async () => {
    const keyPair = await generateKeyPair()
    const publicOnly = await importKeyPair(exportKeyPair(keyPair))
    await expect(issue(euCredential(keyPair), { keyPair: publicOnly })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
    })
  })
})
