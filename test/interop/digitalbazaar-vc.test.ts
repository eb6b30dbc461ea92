/**
 * Interoperability with the Digital Bazaar VC stack (`@digitalbazaar/vc`), installed from npm as a
 * devDependency: what microcred signs, it verifies; what it signs, microcred verifies.
 */
import * as vc from '@digitalbazaar/vc'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { describe, expect, it } from 'vitest'
import {
  createDocumentLoader,
  createMicroCredential,
  generateKeyPair,
  issue,
  readMicroCredential,
  validateCredential,
  verify,
  type DocumentLoader,
} from '../../src/index.js'
import { createClr, createEndorsement, embedEndorsements } from '../../src/entries/stack.js'
import { fullInput, minimalInput } from '../fixtures/inputs.js'
import { copy } from '../helpers/credentials.js'
import { didKeyDocuments } from '../helpers/did-key.js'

const now = new Date('2026-01-01T00:00:00Z')
const contexts = createDocumentLoader()

/** The Digital Bazaar verifier's document loader: bundled contexts plus did:key documents. */
const theirLoader: DocumentLoader = async (url) => {
  if (url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#') as [string, string | undefined]
    const { verificationMethod, didDocument } = didKeyDocuments(did)
    return { contextUrl: null, documentUrl: url, document: fragment === undefined ? didDocument : verificationMethod }
  }
  return contexts(url)
}

describe.each(['embedded', 'url'] as const)(
  'an EU micro-credential issued by microcred (contextMode %s)',
  (contextMode) => {
    it('verifies with @digitalbazaar/vc, and fails there once changed', async () => {
      const keyPair = await generateKeyPair()
      const input = fullInput({ contextMode })
      const signed = await issue(
        createMicroCredential({ ...input, issuer: { ...input.issuer, id: keyPair.controller } }),
        { keyPair },
      )
      const result = await vc.verifyCredential({
        credential: signed,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader: theirLoader,
        now,
      })
      expect(result.error).toBeUndefined()
      expect(result.verified).toBe(true)

      const changed = copy(signed)
      changed.credentialSubject.achievement.learningOutcome[0].name = 'Something else'
      const theirs = await vc.verifyCredential({
        credential: changed,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader: theirLoader,
        now,
      })
      expect(theirs.verified).toBe(false)
    })

    it('validates against the official OB 3.0 schema and the EU profile, and reads back', async () => {
      const keyPair = await generateKeyPair()
      const input = minimalInput({ contextMode })
      const signed = await issue(
        createMicroCredential({ ...input, issuer: { ...input.issuer, id: keyPair.controller } }),
        { keyPair },
      )
      expect(await validateCredential(signed, { profile: 'ob3' })).toEqual([])
      expect(await validateCredential(signed, { profile: 'eu' })).toEqual([])
      const record = readMicroCredential(signed)
      expect(record.title).toBe(input.title)
      expect(record.workload).toEqual(input.workload)
      expect(record.participation.map((p) => p.name)).toEqual(input.participation)
      expect(record.issuer.country).toEqual([input.issuer.country])
    })
  },
)

describe('a credential signed by @digitalbazaar/vc (eddsa-rdfc-2022, did:key issuer)', () => {
  async function theirSigned() {
    const key = await Ed25519Multikey.generate()
    const did = `did:key:${key.publicKeyMultibase}`
    const signerKey = await Ed25519Multikey.from({
      ...(await key.export({ publicKey: true, secretKey: true })),
      id: `${did}#${key.publicKeyMultibase}`,
      controller: did,
    })
    const input = fullInput()
    const credential = createMicroCredential({ ...input, issuer: { ...input.issuer, id: did } })
    const suite = new DataIntegrityProof({ signer: signerKey.signer(), cryptosuite })
    return vc.issue({ credential, suite, documentLoader: theirLoader }) as Promise<Record<string, any>>
  }

  it('verifies with microcred', async () => {
    const signed = await theirSigned()
    const report = await verify(signed, { now })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('fails at proof in microcred once any signed value changes', async () => {
    const signed = await theirSigned()
    const changes: ((doc: Record<string, any>) => void)[] = [
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
        doc.issuer.name = 'Other University'
      },
      (doc) => {
        doc.proof.created = '2025-01-01T00:00:00Z'
      },
    ]
    for (const change of changes) {
      const doc = copy(signed)
      change(doc)
      const report = await verify(doc, { now })
      expect(report.checks.find((c) => c.id === 'proof')?.status).toBe('failed')
      expect(report.issues.map((i) => i.code)).toContain('ERR_PROOF_INVALID')
    }
  })
})

describe('stacking: a CLR and an endorsement, across both stacks', () => {
  async function theirKey() {
    const key = await Ed25519Multikey.generate()
    const did = `did:key:${key.publicKeyMultibase}`
    return {
      did,
      key: await Ed25519Multikey.from({
        ...(await key.export({ publicKey: true, secretKey: true })),
        id: `${did}#${key.publicKeyMultibase}`,
        controller: did,
      }),
    }
  }

  it('a CLR signed by microcred, bundling a credential signed by @digitalbazaar/vc, verifies in both', async () => {
    const theirs = await theirKey()
    const input = fullInput()
    const bundled = (await vc.issue({
      credential: createMicroCredential({ ...input, issuer: { ...input.issuer, id: theirs.did } }),
      suite: new DataIntegrityProof({ signer: theirs.key.signer(), cryptosuite }),
      documentLoader: theirLoader,
    })) as Record<string, unknown>
    const registrar = await generateKeyPair()
    const clr = await issue(
      createClr({
        issuer: { id: registrar.controller, name: 'Registrar' },
        learner: { id: input.learner.id! },
        credentials: [bundled],
        validFrom: '2025-07-01T00:00:00Z',
      }),
      { keyPair: registrar },
    )
    const report = await verify(clr, { now })
    expect(report.issues).toEqual([])
    expect(report.nested?.map((n) => n.report.verified)).toEqual([true])
    const result = await vc.verifyCredential({
      credential: clr,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: theirLoader,
      now,
    })
    expect(result.error).toBeUndefined()
    expect(result.verified).toBe(true)
  })

  it('an endorsement signed by @digitalbazaar/vc verifies inside a microcred credential', async () => {
    const theirs = await theirKey()
    const university = await generateKeyPair()
    const input = fullInput()
    const unsigned = createMicroCredential({ ...input, issuer: { ...input.issuer, id: university.controller } })
    const endorsement = (await vc.issue({
      credential: createEndorsement({
        issuer: { id: theirs.did, name: 'QA Agency' },
        subjectId: unsigned.credentialSubject.achievement.id,
        comment: 'Accredited.',
        validFrom: '2025-01-01T00:00:00Z',
      }),
      suite: new DataIntegrityProof({ signer: theirs.key.signer(), cryptosuite }),
      documentLoader: theirLoader,
    })) as Record<string, unknown>
    const signed = await issue(embedEndorsements(unsigned, [endorsement], { at: 'achievement' }), {
      keyPair: university,
    })
    const report = await verify(signed, { now })
    expect(report.issues).toEqual([])
    expect(report.checks.find((c) => c.id === 'endorsements')?.status).toBe('passed')
  })
})
