/**
 * `Ed25519Signature2020` (W3C CCG Ed25519 Signature 2020): the linked-data signature many VC 1.1 wallets and
 * issuers use. Signs and verifies. The document must include the suite context
 * `https://w3id.org/security/suites/ed25519-2020/v1`; `issue()` adds it. Built on
 * `@digitalbazaar/ed25519-signature-2020`.
 */
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020'
import type { ProofSuite } from '../suite.js'
import { librarySigner } from '../suite.js'

const suite: ProofSuite = {
  name: 'Ed25519Signature2020',
  matches: (proof) => proof.type === 'Ed25519Signature2020',
  signingSuite: (signer, created) => new Ed25519Signature2020({ signer: librarySigner(signer), date: created }),
  verifyingSuite: () => new Ed25519Signature2020(),
}

export const ed25519Signature2020: ProofSuite = Object.freeze(suite)
