/**
 * `DataIntegrityProof` with cryptosuite `ecdsa-sd-2023` (W3C VC-DI-ECDSA §3.4): selective disclosure. A holder
 * derives a proof that reveals only some statements; verifiers check derived proofs (a base proof is for the
 * holder only and is reported as such). OB 3.0 displayers must verify it. Built on
 * `@digitalbazaar/ecdsa-sd-2023-cryptosuite`.
 */
import type { ProofSuite } from '../suite.js'
import { dataIntegrityProof } from '../library.js'

const suite: ProofSuite = {
  name: 'ecdsa-sd-2023',
  matches: (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'ecdsa-sd-2023',
  verifyingSuite: async () => {
    const { createVerifyCryptosuite } = await import('@digitalbazaar/ecdsa-sd-2023-cryptosuite')
    return new (await dataIntegrityProof())({ cryptosuite: createVerifyCryptosuite() })
  },
  // Selective disclosure canonicalizes inside the cryptosuite (blank node labelling), past rdf/canonize.ts.
  canonizesInside: true,
}

export const ecdsaSd2023: ProofSuite = Object.freeze(suite)
