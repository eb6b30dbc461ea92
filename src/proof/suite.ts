/**
 * One interface for every embedded proof format microcred signs or verifies. Each format is a plain object
 * (in its own folder) that builds the jsonld-signatures suite for signing and for verifying.
 */
import type { DocumentLoader } from '../context/loader.js'
import type { Proof } from '../model/ob3.js'
import type { Signer } from '../keys/signer.js'
import type { VerificationMethod } from '../keys/verification-method.js'

/**
 * The embedded proof formats `issue()` can produce; the first is the default.
 *
 * @example
 * ```ts
 * if (!PROOF_FORMATS.includes(choice as ProofFormat)) throw new Error(`choose one of ${PROOF_FORMATS.join(', ')}`)
 * ```
 */
export const PROOF_FORMATS = ['eddsa-rdfc-2022', 'Ed25519Signature2020'] as const

/** One of {@link PROOF_FORMATS}. */
export type ProofFormat = (typeof PROOF_FORMATS)[number]

/** A proof format. */
export interface ProofSuite {
  /** Name used in options and reports, e.g. `eddsa-rdfc-2022`. */
  readonly name: string
  /** True when this suite verifies `proof` (by `type` and `cryptosuite`). */
  matches(proof: Proof): boolean
  /**
   * A jsonld-signatures suite that signs with `signer`, stamping `created`. `documentLoader` is the caller's
   * (stable) loader: suites that canonicalize use it for the fast RDF path's processed contexts.
   */
  signingSuite?(signer: Signer, created: string, documentLoader: DocumentLoader): Promise<object>
  /** A jsonld-signatures suite that verifies; `documentLoader` as for {@link ProofSuite.signingSuite}. */
  verifyingSuite(documentLoader: DocumentLoader): Promise<object>
  /**
   * True when the suite hands the document to jsonld.js itself rather than through rdf/canonize.ts: verification then
   * refuses, before calling it, a document or proof with a value naming an `Object.prototype` member (see
   * `prototypeNameIn`), as rdf/canonize.ts does before jsonld.js.
   */
  readonly canonizesInside?: boolean
  /**
   * Signs the common case without jsonld-signatures: the proof for `unsecured` (a document without `proof`), or
   * `undefined` to have the library sign. Must produce the proof the library would.
   */
  signDirectly?(
    unsecured: Readonly<Record<string, unknown>>,
    signer: Signer,
    created: string,
    documentLoader: DocumentLoader,
  ): Promise<Proof | undefined>
  /**
   * Verifies the common case without jsonld-signatures: true only when `proof` verifies over `unsecured` with
   * `verificationMethod`; false hands the proof to the library, which decides and explains.
   */
  verifyDirectly?(
    unsecured: Readonly<Record<string, unknown>>,
    proof: Readonly<Record<string, unknown>>,
    verificationMethod: VerificationMethod,
    documentLoader: DocumentLoader,
  ): Promise<boolean>
}

/** Adapts a microcred {@link Signer} to the `{ id, algorithm, sign({ data }) }` signer the Digital Bazaar suites call. */
export function librarySigner(signer: Signer): {
  id: string
  algorithm: string
  sign(options: { data: Uint8Array }): Promise<Uint8Array>
} {
  return { id: signer.id, algorithm: signer.algorithm, sign: ({ data }) => signer.sign(data) }
}
