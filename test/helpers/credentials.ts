/** Credentials for tests: built from the fixtures, signed with fresh did:key issuers. */
import { createMicroCredential, generateKeyPair, issue, type Ed25519KeyPair, type MicroCredential, type MicroCredentialInput, type SignedMicroCredential } from '../../src/index.js'
import { fullInput } from '../fixtures/inputs.js'

/** An unsigned EU micro-credential whose issuer is `keyPair`'s controller. */
export function euCredential(keyPair: Ed25519KeyPair, overrides: Partial<MicroCredentialInput> = {}): MicroCredential {
  const input = fullInput(overrides)
  return createMicroCredential({ ...input, issuer: { ...input.issuer, id: keyPair.controller } })
}

/** A key pair and an EU micro-credential signed with it. */
export async function signedEuCredential(overrides: Partial<MicroCredentialInput> = {}): Promise<{ keyPair: Ed25519KeyPair; signed: SignedMicroCredential }> {
  const keyPair = await generateKeyPair()
  const signed = await issue(euCredential(keyPair, overrides), { keyPair, created: '2025-06-30T10:00:00Z' })
  return { keyPair, signed }
}

/** A deep copy for mutation tests (typed loosely on purpose: tests break credentials). */
export function copy(value: unknown): any {
  return structuredClone(value)
}
