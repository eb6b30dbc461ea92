/**
 * `DataIntegrityProof` with cryptosuite `ecdsa-rdfc-2019` (W3C VC-DI-ECDSA §3.2): RDFC-1.0, SHA-256 (P-256)
 * or SHA-384 (P-384), ECDSA. Verified only. Built on `@digitalbazaar/ecdsa-rdfc-2019-cryptosuite`, its
 * canonicalization going through rdf/canonize.ts (the fast path, and the guard before jsonld.js).
 */
import type { DocumentLoader } from '../../context/loader.js'
import { withFastCanonize } from '../../rdf/canonize.js'
import { lazy, weakMemo } from '../../util/memo.js'
import type { ProofSuite } from '../suite.js'
import { dataIntegrityProof } from '../library.js'

const ecdsaCryptosuite = lazy(async () => (await import('@digitalbazaar/ecdsa-rdfc-2019-cryptosuite')).cryptosuite)

/** The cryptosuite with its `canonize` hook routed through rdf/canonize.ts, per loader. */
const guardedCryptosuite = weakMemo(async (documentLoader: DocumentLoader): Promise<object> => {
  const cryptosuite = await ecdsaCryptosuite()
  return { ...cryptosuite, canonize: withFastCanonize(cryptosuite.canonize.bind(cryptosuite), documentLoader) }
})

const suite: ProofSuite = {
  name: 'ecdsa-rdfc-2019',
  matches: (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'ecdsa-rdfc-2019',
  verifyingSuite: async (documentLoader) =>
    new (await dataIntegrityProof())({ cryptosuite: await guardedCryptosuite(documentLoader) }),
}

export const ecdsaRdfc2019: ProofSuite = Object.freeze(suite)
