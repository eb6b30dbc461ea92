/** Credentials for tests: built from the fixtures, signed with fresh did:key issuers. */
import jsigs from 'jsonld-signatures'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import {
  createDocumentLoader,
  createMicroCredential,
  exportKeyPair,
  generateKeyPair,
  issue,
  type Ed25519KeyPair,
  type KeyPair,
  type MicroCredential,
  type MicroCredentialInput,
  type SignedMicroCredential,
} from '../../src/index.js'
import { fullInput } from '../fixtures/inputs.js'

/** An unsigned EU micro-credential whose issuer is `keyPair`'s controller. */
export function euCredential(
  keyPair: Pick<KeyPair, 'controller'>,
  overrides: Partial<MicroCredentialInput> = {},
): MicroCredential {
  const input = fullInput(overrides)
  return createMicroCredential({ ...input, issuer: { ...input.issuer, id: keyPair.controller } })
}

/** A key pair and an EU micro-credential signed with it. */
export async function signedEuCredential(
  overrides: Partial<MicroCredentialInput> = {},
): Promise<{ keyPair: Ed25519KeyPair; signed: SignedMicroCredential }> {
  const keyPair = await generateKeyPair()
  const signed = await issue(euCredential(keyPair, overrides), { keyPair, created: '2025-06-30T10:00:00Z' })
  return { keyPair, signed }
}

/** A deep copy for mutation tests (typed loosely on purpose: tests break credentials). */
export function copy(value: unknown): any {
  return structuredClone(value)
}

/**
 * Signs with the Digital Bazaar stack directly (eddsa-rdfc-2022), skipping everything issue() checks first
 * (validation, issuer binding): for tests that need a validly signed credential issue() would refuse.
 */
export async function signBypassingChecks(document: object, keyPair: Ed25519KeyPair): Promise<any> {
  const key = await Ed25519Multikey.from({ ...exportKeyPair(keyPair, { secret: true }) })
  return jsigs.sign(copy(document), {
    suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite }),
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader: createDocumentLoader(),
  })
}
