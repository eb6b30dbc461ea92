/**
 * The legacy cryptosuite name `eddsa-2022` (an early draft of VC-DI-EdDSA, used with the Data Integrity v1
 * context). Read for old credentials; never produced. Built on `@digitalbazaar/eddsa-2022-cryptosuite`, its
 * canonicalization going through rdf/canonize.ts (the fast path, and the guard before jsonld.js).
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-2022-cryptosuite'
import type { DocumentLoader } from '../../context/loader.js'
import { withFastCanonize } from '../../rdf/canonize.js'
import { weakMemo } from '../../util/memo.js'
import type { ProofSuite } from '../suite.js'

/** The cryptosuite with its `canonize` hook routed through rdf/canonize.ts, per loader. */
const guardedCryptosuite = weakMemo((documentLoader: DocumentLoader): typeof cryptosuite => ({ ...cryptosuite, canonize: withFastCanonize(cryptosuite.canonize, documentLoader) }))

const suite: ProofSuite = {
  name: 'eddsa-2022',
  matches: (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-2022',
  verifyingSuite: (documentLoader) => new DataIntegrityProof({ cryptosuite: guardedCryptosuite(documentLoader), legacyContext: true }),
}

export const eddsa2022: ProofSuite = Object.freeze(suite)
