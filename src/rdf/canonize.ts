/**
 * RDF Dataset Canonicalization (RDFC-1.0) of a JSON-LD document through the fast conversion when it handles the
 * document, and through the proof library's own jsonld.js path otherwise. The canonical N-Quads are the same
 * either way (the differential test checks it), so proofs are byte-identical to the Digital Bazaar stack's.
 * Canonicalization itself is rdf-canonize's, with its default work cap, on both paths.
 */
import * as rdfCanonize from 'rdf-canonize'
import type { DocumentLoader } from '../context/loader.js'
import { fastToRdf } from './to-rdf.js'
import { MicrocredError } from '../errors.js'
import { prototypeNameIn } from '../util/json.js'

/**
 * The canonical N-Quads of `document` from the fast conversion, or `undefined` when the fast conversion does
 * not handle the document (the caller then canonicalizes with jsonld.js).
 *
 * @example
 * ```ts
 * const nquads = (await fastCanonize(unsignedCredential, defaultDocumentLoader)) ?? (await generalCanonize(unsignedCredential))
 * ```
 */
export async function fastCanonize(document: unknown, documentLoader: DocumentLoader): Promise<string | undefined> {
  const result = await fastToRdf(document, documentLoader)
  if (!('quads' in result)) return undefined
  return rdfCanonize.canonize(result.quads, { algorithm: 'RDFC-1.0', format: 'application/n-quads' })
}

/** The `canonize(input, options)` hook the Digital Bazaar suites call on documents and proof configurations. */
export type CanonizeHook = (
  input: object,
  options: { documentLoader?: DocumentLoader; skipExpansion?: boolean } & Record<string, unknown>,
) => Promise<string>

/**
 * A canonize hook that tries the fast conversion (with `documentLoader`, the caller's stable loader, so its
 * processed contexts are reused) and otherwise calls `general`, the suite's own implementation, unchanged.
 *
 * @example
 * ```ts
 * const suite = new DataIntegrityProof({ cryptosuite: { ...cryptosuite, canonize: withFastCanonize(cryptosuite.canonize, loader) } })
 * ```
 */
export function withFastCanonize(general: CanonizeHook, documentLoader: DocumentLoader): CanonizeHook {
  return async (input, options) => {
    if (options.skipExpansion !== true) {
      const nquads = await fastCanonize(input, documentLoader)
      if (nquads !== undefined) return nquads
    }
    // jsonld.js keeps node ids and types as keys of plain objects, even in safe mode ("constructor" reaches Object
    // itself), and drops a member named "__proto__" unsigned: such names never reach it.
    const prototypeName = prototypeNameIn(input, { values: true })
    if (prototypeName !== undefined)
      throw new MicrocredError(
        'ERR_JSONLD_INVALID',
        `"${prototypeName.name}" (at ${prototypeName.path}) is the name of a JavaScript Object.prototype member, refused before canonicalization by jsonld.js`,
      )
    return general(input, options)
  }
}
