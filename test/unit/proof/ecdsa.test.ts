/**
 * ECDSA Data Integrity proofs (W3C VC-DI-ECDSA) made with the Digital Bazaar stack and verified by microcred:
 * `ecdsa-rdfc-2019` (P-256) and the selective-disclosure cryptosuite `ecdsa-sd-2023` (base and derived proofs).
 */
import jsigs from 'jsonld-signatures'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey'
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite'
import { createDiscloseCryptosuite, createSignCryptosuite } from '@digitalbazaar/ecdsa-sd-2023-cryptosuite'
import { describe, expect, it } from 'vitest'
import { createDocumentLoader, createMicroCredential, verify, type VerificationReport } from '../../../src/index.js'
import { fullInput } from '../../fixtures/inputs.js'
import { copy } from '../../helpers/credentials.js'
import { readJson } from '../../helpers/files.js'

const now = new Date('2026-01-01T00:00:00Z')
const documentLoader = createDocumentLoader()
const statusOf = (report: VerificationReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
const codesAt = (report: VerificationReport, check: string) =>
  report.issues.filter((i) => i.check === check).map((i) => i.code)

type Doc = Record<string, any>
type Loader = Parameters<typeof jsigs.sign>[1]['documentLoader']
type Purpose = InstanceType<typeof jsigs.purposes.AssertionProofPurpose>
/** `jsigs.derive` (jsonld-signatures 11.2+), which microcred itself never calls, so its typings leave it out. */
const derive = (
  jsigs as unknown as {
    derive: (document: object, options: { suite: object; purpose: Purpose; documentLoader: Loader }) => Promise<Doc>
  }
).derive

/** A P-256 key whose id and controller are its own did:key (`did:key:<publicKeyMultibase>`). */
async function p256DidKey() {
  const generated = await EcdsaMultikey.generate({ curve: 'P-256' })
  const did = `did:key:${generated.publicKeyMultibase}`
  const key = await EcdsaMultikey.from({
    ...(await generated.export({ publicKey: true, secretKey: true })),
    id: `${did}#${generated.publicKeyMultibase}`,
    controller: did,
  })
  return { did, key }
}

/** An EU micro-credential issued by `did`. */
function euMicroCredential(did: string): Doc {
  const input = fullInput()
  return copy(createMicroCredential({ ...input, issuer: { ...input.issuer, id: did } }))
}

/** The OB 3.0 basic example (spec), issued by `did`. */
function specExample(did: string): Doc {
  const doc = copy(readJson('test/vectors/spec/ob-basic-openbadgecredential.json'))
  doc.issuer.id = did
  return doc
}

const sign = (document: Doc, suite: object): Promise<Doc> =>
  jsigs.sign(copy(document), {
    suite,
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader,
  })

describe.each([
  ['an EU micro-credential', euMicroCredential],
  ['the OB 3.0 basic example', specExample],
] as const)('ecdsa-rdfc-2019 (P-256, did:key issuer): %s signed with the Digital Bazaar stack', (_what, build) => {
  async function signed() {
    const { did, key } = await p256DidKey()
    const doc = await sign(build(did), new DataIntegrityProof({ signer: key.signer(), cryptosuite: ecdsaRdfc2019 }))
    return { did, key, doc }
  }

  it('is a DataIntegrityProof with the ecdsa-rdfc-2019 cryptosuite by the P-256 did:key', async () => {
    const { did, doc } = await signed()
    expect(did.startsWith('did:key:zDn')).toBe(true)
    const proofs = Array.isArray(doc['proof']) ? doc['proof'] : [doc['proof']]
    expect(proofs).toHaveLength(1)
    expect(proofs[0]).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'ecdsa-rdfc-2019',
      proofPurpose: 'assertionMethod',
      verificationMethod: `${did}#${did.slice('did:key:'.length)}`,
    })
  })

  it('verifies with microcred: proof and issuer-binding pass, and the report is verified', async () => {
    const { doc } = await signed()
    const report = await verify(doc, { now })
    expect(report.issues).toEqual([])
    expect(statusOf(report)['proof']).toBe('passed')
    expect(report.checks.find((c) => c.id === 'proof')?.reason).toContain('ecdsa-rdfc-2019')
    expect(statusOf(report)['issuer-binding']).toBe('passed')
    expect(report.verified).toBe(true)
  })

  it('fails at proof with ERR_PROOF_INVALID once a signed value changes', async () => {
    const { doc } = await signed()
    const changes: ((d: Doc) => void)[] = [
      (d) => {
        d.name = 'Another name'
      },
      (d) => {
        d.credentialSubject.achievement.name = 'Another achievement'
      },
      (d) => {
        d.issuer.name = 'Another issuer'
      },
      (d) => {
        d.validFrom = '2011-01-01T00:00:00Z'
      },
      (d) => {
        ;(Array.isArray(d.proof) ? d.proof[0] : d.proof).created = '2001-01-01T00:00:00Z'
      },
    ]
    for (const change of changes) {
      const changed = copy(doc)
      change(changed)
      const report = await verify(changed, { now })
      expect(statusOf(report)['proof']).toBe('failed')
      expect(codesAt(report, 'proof')).toEqual(['ERR_PROOF_INVALID'])
      expect(report.verified).toBe(false)
    }
  })

  it("binds nothing when the P-256 key is not the issuer's: the proof passes, issuer-binding fails", async () => {
    const other = await p256DidKey()
    const { key } = await p256DidKey()
    const doc = await sign(
      build(other.did),
      new DataIntegrityProof({ signer: key.signer(), cryptosuite: ecdsaRdfc2019 }),
    )
    const report = await verify(doc, { now })
    expect(statusOf(report)['proof']).toBe('passed')
    expect(codesAt(report, 'issuer-binding')).toEqual(['ERR_ISSUER_KEY_MISMATCH'])
    expect(report.verified).toBe(false)
  })
})

describe('ecdsa-sd-2023 (selective disclosure, P-256, did:key issuer)', () => {
  const mandatoryPointers = [
    '/issuer',
    '/validFrom',
    '/name',
    '/credentialSubject/achievement/name',
    '/credentialSubject/achievement/description',
    '/credentialSubject/achievement/criteria',
  ]
  const omitted = 'An optional description the holder does not disclose.'

  /** The basic example with an extra optional `description`, base-signed, then derived disclosing `credentialSubject.id`. */
  async function baseAndDerived(selectivePointers: string[] = ['/credentialSubject/id']) {
    const { did, key } = await p256DidKey()
    const unsigned: Doc = { ...specExample(did), description: omitted }
    const base = await sign(
      unsigned,
      new DataIntegrityProof({ signer: key.signer(), cryptosuite: createSignCryptosuite({ mandatoryPointers }) }),
    )
    const derived = await derive(copy(base), {
      suite: new DataIntegrityProof({ cryptosuite: createDiscloseCryptosuite({ selectivePointers }) }),
      purpose: new jsigs.purposes.AssertionProofPurpose(),
      documentLoader,
    })
    return { did, unsigned, base, derived }
  }

  it('derives a credential that reveals the mandatory and selected statements only', async () => {
    const { unsigned, derived } = await baseAndDerived()
    expect(derived['proof']).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'ecdsa-sd-2023' })
    expect(derived['description']).toBeUndefined()
    expect(derived['issuer']).toEqual(unsigned['issuer'])
    expect(derived['validFrom']).toBe(unsigned['validFrom'])
    expect(derived['credentialSubject'].id).toBe(unsigned['credentialSubject'].id)
    expect(derived['credentialSubject'].achievement.name).toBe(unsigned['credentialSubject'].achievement.name)
  })

  it('verifies the DERIVED credential with microcred', async () => {
    const { derived } = await baseAndDerived()
    const report = await verify(derived, { now })
    expect(report.issues).toEqual([])
    expect(statusOf(report)['proof']).toBe('passed')
    expect(report.checks.find((c) => c.id === 'proof')?.reason).toContain('ecdsa-sd-2023')
    expect(statusOf(report)['issuer-binding']).toBe('passed')
    expect(report.verified).toBe(true)
  })

  it('verifies a derived credential that also discloses the optional statement, which it then shows', async () => {
    const { derived } = await baseAndDerived(['/description'])
    expect(derived['description']).toBe(omitted)
    const report = await verify(derived, { now })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('fails at proof (ERR_PROOF_INVALID) when a disclosed value of the derived credential is changed', async () => {
    const { derived } = await baseAndDerived()
    const changes: ((d: Doc) => void)[] = [
      (d) => {
        d.credentialSubject.achievement.name = 'Leadership'
      },
      (d) => {
        d.credentialSubject.id = 'did:example:someone-else'
      },
      (d) => {
        d.issuer.name = 'Another issuer'
      },
      (d) => {
        d.validFrom = '2011-01-01T00:00:00Z'
      },
    ]
    for (const change of changes) {
      const changed = copy(derived)
      change(changed)
      const report = await verify(changed, { now })
      expect(statusOf(report)['proof']).toBe('failed')
      expect(codesAt(report, 'proof')).toEqual(['ERR_PROOF_INVALID'])
      expect(report.verified).toBe(false)
    }
  })

  it('fails at proof when the derived credential is given back a statement the holder did not disclose', async () => {
    const { derived } = await baseAndDerived()
    const changed = { ...copy(derived), description: omitted }
    const report = await verify(changed, { now })
    expect(statusOf(report)['proof']).toBe('failed')
    expect(codesAt(report, 'proof')).toEqual(['ERR_PROOF_INVALID'])
  })

  it('does not verify the BASE proof (it is for the holder, not for verifiers): fails at proof', async () => {
    const { base } = await baseAndDerived()
    expect(base['proof']).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'ecdsa-sd-2023' })
    const report = await verify(base, { now })
    expect(statusOf(report)['proof']).toBe('failed')
    expect(codesAt(report, 'proof')).toEqual(['ERR_PROOF_INVALID'])
    expect(report.issues.find((i) => i.check === 'proof')!.message).toContain('base proof')
    expect(statusOf(report)['issuer-binding']).toBe('skipped')
    expect(report.verified).toBe(false)
  })
})
