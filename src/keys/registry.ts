/**
 * The secret registry: a key pair's secret is never a property of the key pair object. It lives in this
 * module-private map, keyed by the (frozen) key pair, so logging or serialising a key pair cannot leak it.
 */
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import { invalidKey, publicPartOf } from './jwk.js'
import type { KeyAlgorithm, KeyJwk, KeyPair } from './key-types.js'

/** @internal What the registry keeps for a key pair. */
export interface KeyMaterial {
  /** Public JWK (no private members). */
  publicJwk: KeyJwk
  /** Private JWK (public members plus `d`...), when the secret is held. */
  privateJwk?: KeyJwk
  /** Multikey secret (Ed25519, P-256), when the secret is held. */
  secretKeyMultibase?: string
  privateKeyObject?: KeyObject
}

const material = new WeakMap<KeyPair, KeyMaterial>()

/**
 * @internal The frozen key pair for `keys`, registered with them. Checks that a secret key is a valid key of
 * `algorithm` and belongs to the public key.
 */
export function makeKeyPair(
  algorithm: KeyAlgorithm,
  ids: { id: string; controller: string },
  multibase: string | undefined,
  keys: KeyMaterial,
): KeyPair {
  if (keys.privateJwk !== undefined) {
    try {
      keys.privateKeyObject = createPrivateKey({ key: keys.privateJwk as JsonWebKey, format: 'jwk' })
    } catch (error) {
      throw invalidKey(`the secret key is not a valid ${algorithm} key`, error)
    }
    // The secret must belong to the public key; a mismatched pair would sign unverifiable proofs.
    const derived = publicPartOf(createPublicKey(keys.privateKeyObject).export({ format: 'jwk' }) as KeyJwk)
    if (JSON.stringify(derived) !== JSON.stringify(publicPartOf(keys.publicJwk))) {
      throw invalidKey('the secret key does not belong to the public key')
    }
  }
  const common = { id: ids.id, controller: ids.controller, canSign: keys.privateJwk !== undefined }
  let keyPair: KeyPair
  if (algorithm === 'RS256') {
    keyPair = Object.freeze({ type: 'JsonWebKey' as const, algorithm, ...common })
  } else {
    if (multibase === undefined) throw new TypeError(`a ${algorithm} key pair needs its public key multibase`)
    keyPair = Object.freeze({ type: 'Multikey' as const, algorithm, ...common, publicKeyMultibase: multibase })
  }
  material.set(keyPair, keys)
  return keyPair
}

/** @internal The registered material of a key pair (secret included): for `exportKeyPair()` only. */
export function materialOf(keyPair: KeyPair): KeyMaterial | undefined {
  return material.get(keyPair)
}

/** @internal The private key object of a key pair, for signers. */
export function privateKeyObjectOf(keyPair: KeyPair): KeyObject | undefined {
  return material.get(keyPair)?.privateKeyObject
}

/** @internal The public JWK of a key pair (for JWT headers and key comparisons). */
export function publicJwkOf(keyPair: KeyPair): KeyJwk {
  const keys = material.get(keyPair)
  if (keys === undefined) throw new TypeError('not a key pair made by microcred (use generateKeyPair or importKeyPair)')
  return { ...keys.publicJwk }
}

/** @internal The raw 32-byte public key of an Ed25519 key pair. */
export function publicKeyOf(keyPair: KeyPair): Uint8Array {
  const jwk = publicJwkOf(keyPair)
  if (jwk.kty !== 'OKP' || typeof jwk.x !== 'string') throw new TypeError('not an Ed25519 key pair')
  return Buffer.from(jwk.x, 'base64url')
}

/** True for key pairs made by `generateKeyPair()` / `importKeyPair()`. */
export function isKeyPair(value: unknown): value is KeyPair {
  return typeof value === 'object' && value !== null && material.has(value as KeyPair)
}
