/**
 * `DataIntegrityProof` with cryptosuite `ecdsa-rdfc-2019` (W3C VC-DI-ECDSA §3.2): RDFC-1.0, SHA-256 (P-256)
 * or SHA-384 (P-384), ECDSA. Verified only. Built on `@digitalbazaar/ecdsa-rdfc-2019-cryptosuite`.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite'
import type { ProofSuite } from '../suite.js'

const suite: ProofSuite = {
  name: 'ecdsa-rdfc-2019',
  matches: (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'ecdsa-rdfc-2019',
  verifyingSuite: () => new DataIntegrityProof({ cryptosuite }),
}

export const ecdsaRdfc2019: ProofSuite = Object.freeze(suite)
