/**
 * The legacy cryptosuite name `eddsa-2022` (an early draft of VC-DI-EdDSA, used with the Data Integrity v1
 * context). Read for old credentials; never produced. Built on `@digitalbazaar/eddsa-2022-cryptosuite`.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-2022-cryptosuite'
import type { ProofSuite } from '../suite.js'

const suite: ProofSuite = {
  name: 'eddsa-2022',
  matches: (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-2022',
  verifyingSuite: () => new DataIntegrityProof({ cryptosuite, legacyContext: true }),
}

export const eddsa2022: ProofSuite = Object.freeze(suite)
