/**
 * Verification methods (public keys in DID documents and controller documents), normalised to the two forms
 * every microcred proof suite reads: `Multikey` (Ed25519 `z6Mk...`, P-256 `zDn...`) and `JsonWebKey` (RSA).
 * Accepted on input: Multikey, Ed25519VerificationKey2020, Ed25519VerificationKey2018 (`publicKeyBase58`),
 * EcdsaSecp256r1VerificationKey2019, JsonWebKey and JsonWebKey2020.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import * as base58 from 'base58-universal'
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { MicrocredError } from '../errors.js'
import { MULTIKEY_V1_CONTEXT } from '../context/urls.js'
import { isJsonObject } from '../util/json.js'
import { boundedMemo, frozenMemo } from '../util/memo.js'
import { hasPrivateMembers, publicPartOf, thumbprintOf } from './jwk.js'
import type { KeyJwk } from './key-types.js'
import { withoutFragment } from '../util/iri.js'

/** A verification method (public key) as microcred hands it to the proof suites. */
export interface VerificationMethod {
  '@context'?: string | string[]
  id: string
  type: string
  controller: string
  publicKeyMultibase?: string
  publicKeyJwk?: KeyJwk
}

const invalid = (message: string): MicrocredError => new MicrocredError('ERR_KEY_INVALID', message)

/** Multicodec header of Ed25519 public keys (0xed, varint-encoded). */
const ED25519_HEADER = Uint8Array.from([0xed, 0x01])

/** Resolves `id` (possibly `#fragment`-relative) against the document it appears in. */
export function absoluteId(id: string, documentId: string): string {
  if (id.startsWith('#')) return `${withoutFragment(documentId)}${id}`
  return id
}

function multikey(id: string, controller: string, publicKeyMultibase: string): VerificationMethod {
  return { '@context': MULTIKEY_V1_CONTEXT, id, type: 'Multikey', controller, publicKeyMultibase }
}

/**
 * Normalises one verification method found in the document `documentId`. Returns `undefined` for key types
 * microcred does not use (for example X25519 key-agreement keys); throws `ERR_KEY_INVALID` for a malformed key
 * or a published JWK that contains private key material.
 */
export async function normalizeVerificationMethod(
  raw: unknown,
  documentId: string,
): Promise<VerificationMethod | undefined> {
  if (!isJsonObject(raw) || typeof raw['id'] !== 'string' || typeof raw['type'] !== 'string') return undefined
  const id = absoluteId(raw['id'], documentId)
  const controller = typeof raw['controller'] === 'string' ? raw['controller'] : withoutFragment(documentId)
  const type = raw['type']
  const multibase = typeof raw['publicKeyMultibase'] === 'string' ? raw['publicKeyMultibase'] : undefined
  const jwk = isJsonObject(raw['publicKeyJwk']) ? (raw['publicKeyJwk'] as KeyJwk) : undefined

  if (jwk !== undefined && hasPrivateMembers(jwk))
    throw invalid(`the key ${id} publishes private key material ("d"); it must never be used`)

  if (
    (type === 'Multikey' || type === 'Ed25519VerificationKey2020' || type === 'EcdsaSecp256r1VerificationKey2019') &&
    multibase !== undefined
  ) {
    if (!multibase.startsWith('z6Mk') && !multibase.startsWith('zDn')) return undefined
    return multikey(id, controller, multibase)
  }
  if (type === 'Ed25519VerificationKey2018' && typeof raw['publicKeyBase58'] === 'string') {
    let bytes: Uint8Array
    try {
      bytes = base58.decode(raw['publicKeyBase58'])
    } catch {
      throw invalid(`the key ${id} has an invalid publicKeyBase58`)
    }
    if (bytes.length !== 32) throw invalid(`the Ed25519 key ${id} is ${bytes.length} bytes, not 32`)
    return multikey(id, controller, `z${base58.encode(Uint8Array.from([...ED25519_HEADER, ...bytes]))}`)
  }
  if ((type === 'JsonWebKey2020' || type === 'JsonWebKey' || type === 'Multikey') && jwk !== undefined) {
    if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
      const key = await Ed25519Multikey.fromJwk({ jwk: publicPartOf(jwk) }).catch(() => undefined)
      if (key === undefined) throw invalid(`the key ${id} is not a valid Ed25519 JWK`)
      return multikey(id, controller, key.publicKeyMultibase)
    }
    if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
      const key = await EcdsaMultikey.fromJwk({ jwk: publicPartOf(jwk) }).catch(() => undefined)
      if (key === undefined) throw invalid(`the key ${id} is not a valid P-256 JWK`)
      return multikey(id, controller, key.publicKeyMultibase)
    }
    if (jwk.kty === 'RSA') return { id, type: 'JsonWebKey', controller, publicKeyJwk: publicPartOf(jwk) }
    return undefined
  }
  return undefined
}

/** The public key of a normalised verification method as a JWK. */
export async function publicJwkOfMethod(method: VerificationMethod): Promise<KeyJwk> {
  if (method.publicKeyJwk !== undefined) return publicPartOf(method.publicKeyJwk)
  const multibase = method.publicKeyMultibase ?? ''
  if (!multibase.startsWith('z6Mk') && !multibase.startsWith('zDn'))
    throw invalid(`the key ${method.id} has no usable public key`)
  try {
    return await jwkOfMultibase(multibase)
  } catch {
    throw invalid(`the key ${method.id} has an invalid publicKeyMultibase`)
  }
}

/** A Multikey's public JWK, decoded once per key (a pure function of the multibase value; the result is frozen). */
const jwkOfMultibase = boundedMemo(1024, async (multibase: string): Promise<KeyJwk> => {
  if (multibase.startsWith('z6Mk')) {
    const key = await Ed25519Multikey.from({ type: 'Multikey', publicKeyMultibase: multibase })
    const raw = await key.export({ raw: true })
    if (raw.publicKey.length !== 32) throw new Error('not 32 bytes')
    return Object.freeze({ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw.publicKey).toString('base64url') })
  }
  const key = await EcdsaMultikey.from({ type: 'Multikey', publicKeyMultibase: multibase })
  return Object.freeze(publicPartOf((await EcdsaMultikey.toJwk({ keyPair: key })) as KeyJwk))
})

/** The RFC 7638 thumbprint of a verification method's or a JWK's public key. */
export async function keyThumbprint(key: VerificationMethod | KeyJwk): Promise<string> {
  return thumbprintOfJwk(
    'kty' in key && typeof key.kty === 'string'
      ? publicPartOf(key)
      : await publicJwkOfMethod(key as VerificationMethod),
  )
}

/** Thumbprints, computed once for each frozen (so unchanging) JWK, such as those {@link jwkOfMultibase} shares. */
const thumbprintOfJwk = frozenMemo(thumbprintOf)

/** Node key objects of public JWKs (by their JSON text), imported once: importing costs more than a signature check. */
const publicKeyObjects = boundedMemo(1024, (jwkJson: string): KeyObject =>
  createPublicKey({ key: JSON.parse(jwkJson) as JsonWebKey, format: 'jwk' }),
)

/**
 * The node:crypto key object of a public JWK, imported once per key (bounded): for signature checks on hot paths.
 * Throws (node:crypto's error) for a JWK node cannot import.
 *
 * @example
 * ```ts
 * verify(null, data, publicKeyObject({ kty: 'OKP', crv: 'Ed25519', x }), signature)
 * ```
 */
export function publicKeyObject(jwk: KeyJwk): KeyObject {
  return publicKeyObjects(JSON.stringify(jwk))
}

/** The JOSE `alg` values a key can verify: EdDSA (Ed25519), ES256 (P-256), RS256 (RSA). */
export function algorithmsForJwk(jwk: KeyJwk): string[] {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return ['EdDSA']
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return ['ES256']
  if (jwk.kty === 'RSA') return ['RS256']
  return []
}
