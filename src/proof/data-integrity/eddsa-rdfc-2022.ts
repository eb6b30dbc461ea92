/**
 * `DataIntegrityProof` with cryptosuite `eddsa-rdfc-2022` (W3C VC-DI-EdDSA §3.3): RDFC-1.0 canonicalization,
 * SHA-256, Ed25519. The default proof of OB 3.0 credentials. Built on `@digitalbazaar/data-integrity` and
 * `@digitalbazaar/eddsa-rdfc-2022-cryptosuite`, with the cryptosuite's canonicalization going through the fast RDF
 * path (rdf/canonize.ts) whenever it handles the document.
 */
import { verify as verifyEd25519 } from 'node:crypto'
import type { DocumentLoader } from '../../context/loader.js'
import { withFastCanonize } from '../../rdf/canonize.js'
import { publicKeyObject } from '../../keys/verification-method.js'
import { weakMemo } from '../../util/memo.js'
import type { ProofSuite } from '../suite.js'
import { librarySigner } from '../suite.js'
import { dataIntegrityProof, eddsaLibraries } from '../library.js'
import { signEddsaRdfc2022Directly, verifyEddsaRdfc2022Directly } from './eddsa-rdfc-2022-direct.js'

/** The cryptosuite's `createVerifier`: the library reads the verification method, the key object is reused (the library imports the key again for every signature it checks). */
async function createVerifier({ verificationMethod }: { verificationMethod: object }): Promise<object> {
  const { Ed25519Multikey } = await eddsaLibraries()
  const key = await Ed25519Multikey.from(verificationMethod as Record<string, unknown>)
  const { publicKey } = await key.export({ raw: true })
  const keyObject = publicKeyObject({ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') })
  return {
    id: key.id,
    algorithm: 'Ed25519',
    // The library awaits the answer (inside its own async verifySignature(), so a throw is a rejection there too).
    verify: ({ data, signature }: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> =>
      Promise.resolve(verifyEd25519(null, data, keyObject, signature)),
  }
}

/** The cryptosuite with its `canonize` hook routed through the fast path, per loader (the hook keeps the loader's processed contexts), and the reusing verifier. */
const fastCryptosuite = weakMemo(async (documentLoader: DocumentLoader): Promise<object> => {
  const { cryptosuite } = await eddsaLibraries()
  return {
    ...cryptosuite,
    canonize: withFastCanonize(cryptosuite.canonize.bind(cryptosuite), documentLoader),
    createVerifier,
  }
})

const suite: ProofSuite = {
  name: 'eddsa-rdfc-2022',
  matches: (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-rdfc-2022',
  signingSuite: async (signer, created, documentLoader) =>
    new (await dataIntegrityProof())({
      signer: librarySigner(signer),
      date: created,
      cryptosuite: await fastCryptosuite(documentLoader),
    }),
  verifyingSuite: async (documentLoader) =>
    new (await dataIntegrityProof())({ cryptosuite: await fastCryptosuite(documentLoader) }),
  signDirectly: signEddsaRdfc2022Directly,
  verifyDirectly: verifyEddsaRdfc2022Directly,
}

export const eddsaRdfc2022: ProofSuite = Object.freeze(suite)
