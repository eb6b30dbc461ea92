/** RDFC-1.0 canonical N-Quads of a JSON-LD document, with jsonld.js in safe mode (the reference path). */
import jsonld from 'jsonld'
import type { DocumentLoader } from '../../src/index.js'

export async function canonize(document: object, documentLoader: DocumentLoader): Promise<string> {
  // @types/jsonld predates RDFC-1.0 and safe mode; jsonld.js 9 supports both.
  const options = {
    algorithm: 'RDFC-1.0',
    format: 'application/n-quads',
    safe: true,
    documentLoader,
  } as unknown as jsonld.Options.Normalize
  return jsonld.canonize(document, options)
}
