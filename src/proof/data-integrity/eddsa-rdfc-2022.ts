/**
 * `DataIntegrityProof` with cryptosuite `eddsa-rdfc-2022` (W3C VC-DI-EdDSA §3.3): RDFC-1.0 canonicalization,
 * SHA-256, Ed25519. The default proof of OB 3.0 credentials. Built on `@digitalbazaar/data-integrity` and
 * `@digitalbazaar/eddsa-rdfc-2022-cryptosuite`.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import type { ProofSuite } from '../suite.js'
import { librarySigner } from '../suite.js'

const suite: ProofSuite = {
  name: 'eddsa-rdfc-2022',
  matches: (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-rdfc-2022',
  signingSuite: (signer, created) => new DataIntegrityProof({ signer: librarySigner(signer), date: created, cryptosuite }),
  verifyingSuite: () => new DataIntegrityProof({ cryptosuite }),
}

export const eddsaRdfc2022: ProofSuite = Object.freeze(suite)
