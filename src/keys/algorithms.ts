/**
 * Per-algorithm key material: Ed25519 (through `@digitalbazaar/ed25519-multikey`), P-256 (through
 * `@digitalbazaar/ecdsa-multikey`) and RSA (node:crypto alone), each checked as it is read.
 */
import { createPublicKey, type JsonWebKey } from 'node:crypto'
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey'
import type * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { invalidKey } from './jwk.js'
import type { KeyAlgorithm, KeyJwk } from './key-types.js'
import type { KeyMaterial } from './registry.js'

/** @internal The JOSE `alg` of each key algorithm. */
export const JOSE_ALG: Readonly<Record<KeyAlgorithm, string>> = { Ed25519: 'EdDSA', ES256: 'ES256', RS256: 'RS256' }

/** The JOSE `alg` of a key pair's algorithm (`EdDSA`, `ES256`, `RS256`). */
export function joseAlgorithm(algorithm: KeyAlgorithm): string {
  return JOSE_ALG[algorithm]
}

/** @internal Ed25519 material from the multikey library's key pair, checking the public key it decoded. */
export async function ed25519Material(
  key: Awaited<ReturnType<typeof Ed25519Multikey.from>>,
  expectedMultibase: string,
): Promise<KeyMaterial> {
  const raw = await key.export({ raw: true, canonicalize: true })
  const reencoded = (await key.export({ publicKey: true, includeContext: false })).publicKeyMultibase
  // The library decodes a multibase without checking its multicodec header or length.
  if (raw.publicKey.length !== 32 || reencoded !== expectedMultibase) {
    throw invalidKey(
      `${JSON.stringify(expectedMultibase)} is not an Ed25519 public key (multicodec 0xed01 with 32 key bytes, "z6Mk...")`,
    )
  }
  const x = Buffer.from(raw.publicKey).toString('base64url')
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })
  const publicJwk: KeyJwk = { kty: 'OKP', crv: 'Ed25519', x }
  if (raw.secretKey === undefined) return { publicJwk }
  const exported = await key.export({ publicKey: true, secretKey: true, includeContext: false, canonicalize: true })
  return {
    publicJwk,
    privateJwk: { ...publicJwk, d: Buffer.from(raw.secretKey).toString('base64url') },
    ...(exported.secretKeyMultibase === undefined ? {} : { secretKeyMultibase: exported.secretKeyMultibase }),
  }
}

/** @internal P-256 material from a JWK (public, or private with `d`). */
export async function p256Material(jwk: KeyJwk): Promise<{ keys: KeyMaterial; multibase: string }> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string')
    throw invalidKey('not a P-256 JWK')
  const publicJwk: KeyJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }
  createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' })
  const secret = typeof jwk.d === 'string' ? jwk.d : undefined
  const key = await EcdsaMultikey.fromJwk({
    jwk: { ...publicJwk, ...(secret === undefined ? {} : { d: secret }) },
    secretKey: secret !== undefined,
  })
  const exported = await key.export({ publicKey: true, secretKey: secret !== undefined, includeContext: false })
  return {
    multibase: exported.publicKeyMultibase,
    keys: {
      publicJwk,
      ...(secret === undefined
        ? {}
        : {
            privateJwk: { ...publicJwk, d: secret },
            ...(exported.secretKeyMultibase === undefined ? {} : { secretKeyMultibase: exported.secretKeyMultibase }),
          }),
    },
  }
}

/** @internal RSA material from a JWK (public, or private with its CRT members). */
export function rsaMaterial(jwk: KeyJwk): KeyMaterial {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw invalidKey('not an RSA JWK')
  const bits = Buffer.from(jwk.n, 'base64url').length * 8
  if (bits < 2048) throw invalidKey(`RSA keys must have at least 2048 bits, this one has ${bits}`)
  const publicJwk: KeyJwk = { kty: 'RSA', n: jwk.n, e: jwk.e }
  createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' })
  if (typeof jwk.d !== 'string') return { publicJwk }
  const privateJwk: KeyJwk = { ...publicJwk }
  for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const)
    if (typeof jwk[member] === 'string') privateJwk[member] = jwk[member]
  return { publicJwk, privateJwk }
}
