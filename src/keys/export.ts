/** Exporting key pairs: a Multikey document (Ed25519, P-256) or a JWK, with the secret only when asked for. */
import { MULTIKEY_V1_CONTEXT } from '../context/urls.js'
import { assertOptions } from '../util/json.js'
import { JOSE_ALG } from './algorithms.js'
import { invalidKey } from './jwk.js'
import type {
  Ed25519Jwk,
  Ed25519KeyPair,
  ExportedKeyPair,
  KeyJwk,
  KeyPair,
  MultikeyDocument,
  P256KeyPair,
} from './key-types.js'
import { materialOf } from './registry.js'

/** Options of {@link exportKeyPair}. */
export interface ExportKeyPairOptions {
  /** Include the secret key. Default `false`. Treat the result as a secret. */
  secret?: boolean
  /** `'multikey'` (default for Ed25519 and P-256) or `'jwk'` (default, and the only form, for RSA). */
  format?: 'multikey' | 'jwk'
}

/**
 * Exports a key pair as a Multikey document (default for Ed25519 and P-256) or a JWK (RSA, or on request). The
 * secret key is included only with `{ secret: true }`; store that output like a password.
 *
 * @example
 * ```ts
 * const publicDoc = exportKeyPair(keyPair)                  // safe to publish in a DID document
 * const backup = exportKeyPair(keyPair, { secret: true })   // keep secret; importKeyPair(backup) restores it
 * const jwk = exportKeyPair(keyPair, { format: 'jwk' })
 * ```
 */
export function exportKeyPair(keyPair: Ed25519KeyPair, options: { secret?: boolean; format: 'jwk' }): Ed25519Jwk
export function exportKeyPair(keyPair: KeyPair, options: { secret?: boolean; format: 'jwk' }): KeyJwk
export function exportKeyPair(
  keyPair: Ed25519KeyPair | P256KeyPair,
  options?: { secret?: boolean; format?: 'multikey' },
): MultikeyDocument
export function exportKeyPair(keyPair: KeyPair, options?: ExportKeyPairOptions): ExportedKeyPair
export function exportKeyPair(keyPair: KeyPair, options: ExportKeyPairOptions = {}): ExportedKeyPair {
  const keys = materialOf(keyPair)
  if (keys === undefined)
    throw new TypeError('exportKeyPair(keyPair): not a key pair made by generateKeyPair() or importKeyPair()')
  assertOptions(options, 'exportKeyPair(keyPair, options)')
  const { secret = false } = options
  const format = options.format ?? (keyPair.algorithm === 'RS256' ? 'jwk' : 'multikey')
  const privateJwk = keys.privateJwk
  if (secret && privateJwk === undefined) {
    throw invalidKey('this key pair has no secret key to export (it was imported from a public key)')
  }
  if (format === 'jwk') {
    return {
      ...(secret && privateJwk !== undefined ? privateJwk : keys.publicJwk),
      kid: keyPair.id,
      alg: JOSE_ALG[keyPair.algorithm],
    }
  }
  // The type says 'multikey' | 'jwk', but callers from JavaScript can pass anything.
  if ((format as string) !== 'multikey')
    throw new TypeError(`exportKeyPair(keyPair, options): unknown format ${JSON.stringify(format)}`)
  if (keyPair.algorithm === 'RS256')
    throw new TypeError('exportKeyPair(keyPair, options): RSA keys have no Multikey form; use format: "jwk"')
  const doc: MultikeyDocument = {
    '@context': MULTIKEY_V1_CONTEXT,
    type: 'Multikey',
    id: keyPair.id,
    controller: keyPair.controller,
    publicKeyMultibase: keyPair.publicKeyMultibase,
  }
  if (secret && keys.secretKeyMultibase !== undefined) doc.secretKeyMultibase = keys.secretKeyMultibase
  return doc
}
