/**
 * Adds an embedded proof to a document: the suite's own signing for the common case (see `ProofSuite.signDirectly`),
 * jsonld-signatures `sign` with the assertion proof purpose otherwise.
 */
import { MicrocredError } from '../errors.js'
import type { DocumentLoader } from '../context/loader.js'
import type { Proof } from '../model/ob3.js'
import type { Signer } from '../keys/signer.js'
import { asArray, cloneJson, isJsonObject } from '../util/json.js'
import type { ProofSuite } from './suite.js'
import { toMicrocredError } from './errors.js'
import { jsonldSignatures } from './library.js'

/** Ed25519 signatures are 64 bytes (RFC 8032 §5.1.6). */
const ED25519_SIGNATURE_BYTES = 64

/** Wraps a caller's signer so that its failures and malformed output are reported as `ERR_SIGNING_FAILED`. */
function guardedSigner(signer: Signer): Signer {
  return {
    id: signer.id,
    algorithm: signer.algorithm,
    async sign(data: Uint8Array): Promise<Uint8Array> {
      let signature: unknown
      try {
        signature = await signer.sign(data)
      } catch (error) {
        throw new MicrocredError(
          'ERR_SIGNING_FAILED',
          `the signer ${signer.id} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        )
      }
      if (!(signature instanceof Uint8Array) || signature.length !== ED25519_SIGNATURE_BYTES) {
        throw new MicrocredError(
          'ERR_SIGNING_FAILED',
          `the signer ${signer.id} returned ${signature instanceof Uint8Array ? `${signature.length} bytes` : 'no Uint8Array'}; an Ed25519 signature is ${ED25519_SIGNATURE_BYTES} bytes`,
        )
      }
      return signature
    },
  }
}

/**
 * Returns a copy of `document` with a new proof appended to its `proof` array (existing proofs are kept, as a
 * proof set). Throws `MicrocredError`: `ERR_SIGNING_FAILED`, `ERR_CANONICALIZATION_LIMIT` or `ERR_JSONLD_INVALID`.
 * With `copy: false` (a document made for this call and held by nothing else), `document` itself is signed (and
 * may be changed: jsonld-signatures sets `proof` on it) instead of a copy of it.
 */
export async function addProof<T extends object>(
  document: T,
  options: { suite: ProofSuite; signer: Signer; created: string; documentLoader: DocumentLoader; copy?: boolean },
): Promise<T & { proof: Proof[] }> {
  const { suite, signer, created, documentLoader } = options
  if (suite.signingSuite === undefined) throw new TypeError(`the ${suite.name} proof format cannot sign`)
  let signed: Record<string, unknown>
  try {
    const working = (options.copy === false ? document : cloneJson(document)) as Record<string, unknown>
    const { proof: existing, ...unsecured } = working
    if (
      suite.signDirectly !== undefined &&
      (existing === undefined || Array.isArray(existing) || isJsonObject(existing))
    ) {
      const proof = await suite.signDirectly(unsecured, guardedSigner(signer), created, documentLoader)
      if (proof !== undefined) return { ...(unsecured as T), proof: [...asArray(existing as Proof | Proof[]), proof] }
    }
    const jsigs = await jsonldSignatures()
    signed = await jsigs.sign(working, {
      suite: await suite.signingSuite(guardedSigner(signer), created, documentLoader),
      purpose: new jsigs.purposes.AssertionProofPurpose(),
      documentLoader,
    })
  } catch (error) {
    throw toMicrocredError(error, 'ERR_SIGNING_FAILED', 'signing failed')
  }
  // OB 3.0's schema requires `proof` to be an array, even for one proof.
  return { ...(signed as T), proof: asArray(signed['proof'] as Proof | Proof[]) }
}
