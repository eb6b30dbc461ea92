/**
 * `Ed25519Signature2020` (W3C CCG Ed25519 Signature 2020): the linked-data signature many VC 1.1 wallets and
 * issuers use. Signs and verifies. The document must include the suite context
 * `https://w3id.org/security/suites/ed25519-2020/v1`; `issue()` adds it. Built on
 * `@digitalbazaar/ed25519-signature-2020`, with its canonicalization going through the fast RDF path
 * (rdf/canonize.ts) whenever it handles the document.
 */
import type { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020'
import type { DocumentLoader } from '../../context/loader.js'
import { withFastCanonize } from '../../rdf/canonize.js'
import { lazy } from '../../util/memo.js'
import type { ProofSuite } from '../suite.js'
import { librarySigner } from '../suite.js'

const suiteClass = lazy(async () => (await import('@digitalbazaar/ed25519-signature-2020')).Ed25519Signature2020)

/** The library suite, its `canonize` method (RDFC-1.0 of documents and proof options) routed through the fast path. */
function withFastPath(instance: Ed25519Signature2020, documentLoader: DocumentLoader): Ed25519Signature2020 {
  instance.canonize = withFastCanonize(instance.canonize.bind(instance), documentLoader)
  return instance
}

const suite: ProofSuite = {
  name: 'Ed25519Signature2020',
  matches: (proof) => proof.type === 'Ed25519Signature2020',
  signingSuite: async (signer, created, documentLoader) =>
    withFastPath(new (await suiteClass())({ signer: librarySigner(signer), date: created }), documentLoader),
  verifyingSuite: async (documentLoader) => withFastPath(new (await suiteClass())(), documentLoader),
}

export const ed25519Signature2020: ProofSuite = Object.freeze(suite)
