/**
 * `microcred/keys`: publishing an issuer's keys. The `did.json` of a did:web issuer and the controller document
 * of an https issuer, from its key pairs, and the URL each must be served at.
 *
 * @example
 * ```ts
 * import { didWebDocument } from 'microcred/keys'
 *
 * const { url, document } = didWebDocument('did:web:uni.example', { keyPairs: [keyPair] })
 * // url: 'https://uni.example/.well-known/did.json'; serve JSON.stringify(document) there
 * ```
 *
 * @packageDocumentation
 * @module microcred/keys
 */
export { didWebUrl } from '../keys/resolve.js'
export {
  controllerDocument,
  didWebDocument,
  type ControllerDocumentJson,
  type PublishedDocumentOptions,
  type PublishedVerificationMethod,
} from '../keys/documents.js'
