/**
 * The legacy cryptosuite name `eddsa-2022` (an early draft of VC-DI-EdDSA, used with the Data Integrity v1
 * context). Read for old credentials; never produced. The draft's algorithm is the one eddsa-rdfc-2022 kept (URDNA2015
 * is RDFC-1.0, the same SHA-256 hashes and Ed25519 signature); only the name differs. So the suite is
 * `@digitalbazaar/eddsa-rdfc-2022-cryptosuite` under the old name, rather than `@digitalbazaar/eddsa-2022-cryptosuite`,
 * which brought a second jsonld.js (8.x) and its fetch polyfills. Canonicalization goes through rdf/canonize.ts.
 */
import type { DocumentLoader } from '../../context/loader.js'
import { withFastCanonize } from '../../rdf/canonize.js'
import { weakMemo } from '../../util/memo.js'
import type { ProofSuite } from '../suite.js'
import { dataIntegrityProof, eddsaLibraries } from '../library.js'

/** The cryptosuite under its old name, its `canonize` hook routed through rdf/canonize.ts, per loader. */
const guardedCryptosuite = weakMemo(async (documentLoader: DocumentLoader): Promise<object> => {
  const { cryptosuite: rdfc2022 } = await eddsaLibraries()
  const cryptosuite = { ...rdfc2022, name: 'eddsa-2022' }
  return { ...cryptosuite, canonize: withFastCanonize(cryptosuite.canonize.bind(cryptosuite), documentLoader) }
})

const suite: ProofSuite = {
  name: 'eddsa-2022',
  matches: (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-2022',
  verifyingSuite: async (documentLoader) =>
    new (await dataIntegrityProof())({ cryptosuite: await guardedCryptosuite(documentLoader), legacyContext: true }),
}

export const eddsa2022: ProofSuite = Object.freeze(suite)
