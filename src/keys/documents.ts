/** The documents an issuer publishes so that verifiers can bind its keys to it. */
import { MULTIKEY_V1_CONTEXT } from '../context/urls.js'
import { exportKeyPair } from './export.js'
import type { KeyJwk, KeyPair, MultikeyDocument } from './key-types.js'
import { isKeyPair, publicJwkOf } from './registry.js'
import { didWebUrl } from './resolve.js'

/** A published verification method: a Multikey (Ed25519, P-256) or a JsonWebKey (RSA). */
export type PublishedVerificationMethod =
  MultikeyDocument | { id: string; type: 'JsonWebKey'; controller: string; publicKeyJwk: KeyJwk }

/** A DID document or controller document listing an issuer's keys. */
export interface ControllerDocumentJson {
  '@context': string[]
  id: string
  verificationMethod: PublishedVerificationMethod[]
  assertionMethod: string[]
  authentication: string[]
}

/** Options of {@link didWebDocument} and {@link controllerDocument}. */
export interface PublishedDocumentOptions {
  /** The keys to list (public parts only are written). Every key's controller must be the document's id. */
  keyPairs: KeyPair[]
}

const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1'
const CID_V1_CONTEXT = 'https://www.w3.org/ns/cid/v1'
const JWK_V1_CONTEXT = 'https://w3id.org/security/jwk/v1'

function build(
  id: string,
  baseContext: string,
  { keyPairs }: PublishedDocumentOptions,
  where: string,
): ControllerDocumentJson {
  if (!Array.isArray(keyPairs) || keyPairs.length === 0)
    throw new TypeError(`${where}: keyPairs must list at least one key pair`)
  const methods = keyPairs.map((keyPair): PublishedVerificationMethod => {
    if (!isKeyPair(keyPair))
      throw new TypeError(`${where}: keyPairs must be key pairs made by generateKeyPair() or importKeyPair()`)
    if (keyPair.controller !== id)
      throw new TypeError(`${where}: the key ${keyPair.id} is controlled by ${keyPair.controller}, not ${id}`)
    if (keyPair.algorithm === 'RS256')
      return { id: keyPair.id, type: 'JsonWebKey', controller: id, publicKeyJwk: publicJwkOf(keyPair) }
    const { '@context': _context, ...method } = exportKeyPair(keyPair)
    return method
  })
  const contexts = [
    baseContext,
    MULTIKEY_V1_CONTEXT,
    ...(methods.some((m) => m.type === 'JsonWebKey') ? [JWK_V1_CONTEXT] : []),
  ]
  const ids = methods.map((m) => m.id)
  return { '@context': contexts, id, verificationMethod: methods, assertionMethod: ids, authentication: ids }
}

/**
 * The `did.json` a did:web issuer hosts, listing its keys under `assertionMethod` (so credentials it signs bind
 * to it) and `authentication`. Serve it at `url`.
 *
 * @example
 * ```ts
 * const keyPair = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
 * const { url, document } = didWebDocument('did:web:uni.example', { keyPairs: [keyPair] })
 * // url: 'https://uni.example/.well-known/did.json'; write JSON.stringify(document) there
 * ```
 */
export function didWebDocument(
  did: string,
  options: PublishedDocumentOptions,
): { url: string; document: ControllerDocumentJson } {
  if (typeof did !== 'string' || !did.startsWith('did:web:'))
    throw new TypeError(`didWebDocument(did, options): ${JSON.stringify(did)} is not a did:web DID`)
  return { url: didWebUrl(did), document: build(did, DID_V1_CONTEXT, options, 'didWebDocument(did, options)') }
}

/**
 * The controller document an issuer identified by an https URL serves at that URL (W3C Controlled Identifiers),
 * listing its keys under `assertionMethod`.
 *
 * @example
 * ```ts
 * const keyPair = await generateKeyPair({ controller: 'https://uni.example/issuer' })
 * const document = controllerDocument('https://uni.example/issuer', { keyPairs: [keyPair] })
 * ```
 */
export function controllerDocument(id: string, options: PublishedDocumentOptions): ControllerDocumentJson {
  if (typeof id !== 'string' || !id.startsWith('https://') || !URL.canParse(id))
    throw new TypeError(`controllerDocument(id, options): ${JSON.stringify(id)} is not an https URL`)
  return build(id, CID_V1_CONTEXT, options, 'controllerDocument(id, options)')
}
