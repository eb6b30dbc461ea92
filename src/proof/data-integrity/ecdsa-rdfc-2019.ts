/**
 * `DataIntegrityProof` with cryptosuite `ecdsa-rdfc-2019` (W3C VC-DI-ECDSA §3.2): RDFC-1.0, SHA-256 (P-256)
 * or SHA-384 (P-384), ECDSA. Verified only. Built on `@digitalbazaar/ecdsa-rdfc-2019-cryptosuite`, its
 * canonicalization going through rdf/canonize.ts (the fast path, and the guard before jsonld.js).
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite'
import type { DocumentLoader } from '../../context/loader.js'
import { withFastCanonize } from '../../rdf/canonize.js'
import { weakMemo } from '../../util/memo.js'
import type { ProofSuite } from '../suite.js'

/** The cryptosuite with its `canonize` hook routed through rdf/canonize.ts, per loader. */
const guardedCryptosuite = weakMemo((documentLoader: DocumentLoader): typeof cryptosuite => ({
  ...cryptosuite,
  canonize: withFastCanonize(cryptosuite.canonize.bind(cryptosuite), documentLoader),
}))

const suite: ProofSuite = {
  name: 'ecdsa-rdfc-2019',
  matches: (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'ecdsa-rdfc-2019',
  verifyingSuite: (documentLoader) => new DataIntegrityProof({ cryptosuite: guardedCryptosuite(documentLoader) }),
}

export const ecdsaRdfc2019: ProofSuite = Object.freeze(suite)
