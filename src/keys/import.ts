/** Importing key pairs: Ed25519 / P-256 / RSA JWKs, and Ed25519 / P-256 Multikeys. */
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { MicrocredError } from '../errors.js'
import { assertOptions, isJsonObject } from '../util/json.js'
import { ed25519Material, p256Material, rsaMaterial } from './algorithms.js'
import { assignIds } from './ids.js'
import { invalidKey } from './jwk.js'
import type {
  Ed25519Jwk,
  Ed25519KeyPair,
  KeyJwk,
  KeyPair,
  KeyPairInput,
  MultikeyDocument,
  MultikeyInput,
  P256KeyPair,
} from './key-types.js'
import { makeKeyPair } from './registry.js'

/** Options of {@link importKeyPair}, for formats that do not carry them (a JWK has no controller). */
export interface ImportKeyPairOptions {
  controller?: string
  id?: string
}

/** A key pair from a JWK of a supported kind; its `kid` is the id unless `options.id` is given. */
async function fromJwk(jwk: KeyJwk, options: ImportKeyPairOptions): Promise<KeyPair> {
  const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined
  const id = options.id ?? kid
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    const imported = await Ed25519Multikey.fromJwk({ jwk, secretKey: typeof jwk.d === 'string' })
    const keys = await ed25519Material(imported, imported.publicKeyMultibase)
    return makeKeyPair(
      'Ed25519',
      assignIds(keys.publicJwk, imported.publicKeyMultibase, options.controller, id),
      imported.publicKeyMultibase,
      keys,
    )
  }
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
    const { keys, multibase } = await p256Material(jwk)
    return makeKeyPair('ES256', assignIds(keys.publicJwk, multibase, options.controller, id), multibase, keys)
  }
  if (jwk.kty === 'RSA') {
    const keys = rsaMaterial(jwk)
    return makeKeyPair('RS256', assignIds(keys.publicJwk, undefined, options.controller, id), undefined, keys)
  }
  throw invalidKey(
    `unsupported JWK: kty ${JSON.stringify(jwk.kty)}${jwk.crv === undefined ? '' : ` crv ${JSON.stringify(jwk.crv)}`} (supported: OKP Ed25519, EC P-256, RSA)`,
  )
}

/** A key pair from a Multikey: P-256 for a `zDn...` key, Ed25519 otherwise; `options` override its id and controller. */
async function fromMultikey(doc: Partial<MultikeyDocument>, options: ImportKeyPairOptions): Promise<KeyPair> {
  // Checked as unknown: the input comes from files and requests, whatever its declared type.
  const type: unknown = doc.type
  if ((type !== undefined && type !== 'Multikey') || typeof doc.publicKeyMultibase !== 'string') {
    throw invalidKey('expected a Multikey ({ type: "Multikey", publicKeyMultibase, ... }) or a JWK')
  }
  const controller = options.controller ?? doc.controller
  const id = options.id ?? doc.id
  const secret = typeof doc.secretKeyMultibase === 'string' ? { secretKeyMultibase: doc.secretKeyMultibase } : {}
  if (doc.publicKeyMultibase.startsWith('zDn')) {
    const key = await EcdsaMultikey.from({ type: 'Multikey', publicKeyMultibase: doc.publicKeyMultibase, ...secret })
    const jwk = (await EcdsaMultikey.toJwk({
      keyPair: key,
      secretKey: typeof doc.secretKeyMultibase === 'string',
    })) as KeyJwk
    const { keys, multibase } = await p256Material(jwk)
    if (multibase !== doc.publicKeyMultibase)
      throw invalidKey(`${JSON.stringify(doc.publicKeyMultibase)} is not a P-256 public key`)
    return makeKeyPair('ES256', assignIds(keys.publicJwk, multibase, controller, id), multibase, keys)
  }
  const imported = await Ed25519Multikey.from({
    type: 'Multikey',
    publicKeyMultibase: doc.publicKeyMultibase,
    ...secret,
  })
  const keys = await ed25519Material(imported, doc.publicKeyMultibase)
  return makeKeyPair(
    'Ed25519',
    assignIds(keys.publicJwk, doc.publicKeyMultibase, controller, id),
    doc.publicKeyMultibase,
    keys,
  )
}

/**
 * Imports a key pair exported by `exportKeyPair()`, or any Ed25519 / P-256 Multikey or Ed25519 / P-256 /
 * RSA JWK. A public key alone gives a key pair that cannot sign.
 *
 * @throws MicrocredError `ERR_KEY_INVALID` when the key is malformed, of an unsupported kind, or its secret does
 *   not match its public key.
 * @example
 * ```ts
 * const keyPair = await importKeyPair(JSON.parse(await readFile('issuer-key.json', 'utf8')))
 * const fromJwk = await importKeyPair(jwk, { controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
 * ```
 */
export async function importKeyPair(exported: Ed25519Jwk, options?: ImportKeyPairOptions): Promise<Ed25519KeyPair>
export async function importKeyPair(
  exported: MultikeyInput,
  options?: ImportKeyPairOptions,
): Promise<Ed25519KeyPair | P256KeyPair>
export async function importKeyPair(exported: KeyPairInput, options?: ImportKeyPairOptions): Promise<KeyPair>
export async function importKeyPair(exported: KeyPairInput, options: ImportKeyPairOptions = {}): Promise<KeyPair> {
  if (!isJsonObject(exported)) throw new TypeError('importKeyPair(exported): exported must be a Multikey or JWK object')
  assertOptions(options, 'importKeyPair(exported, options)')
  try {
    return 'kty' in exported ? await fromJwk(exported, options) : await fromMultikey(exported, options)
  } catch (error) {
    if (error instanceof MicrocredError) throw error
    // The underlying message describes the key format, never the key material.
    throw invalidKey(`not a valid key: ${(error as Error).message}`, error)
  }
}
