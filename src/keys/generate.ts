/** Generating key pairs: Ed25519 (optionally from a seed), P-256 and RSA 2048. */
import { generateKeyPairSync } from 'node:crypto'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { assertOptions } from '../util/json.js'
import { ed25519Material, JOSE_ALG, p256Material, rsaMaterial } from './algorithms.js'
import { assignIds } from './ids.js'
import type { Ed25519KeyPair, KeyAlgorithm, KeyJwk, KeyPair, P256KeyPair, RsaKeyPair } from './key-types.js'
import { makeKeyPair } from './registry.js'

/** Options of {@link generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /** `'Ed25519'` (default), `'ES256'` (P-256) or `'RS256'` (RSA 2048). */
  algorithm?: KeyAlgorithm
  /**
   * The issuer that controls the key, e.g. `did:web:uni.example` or `https://uni.example/issuer`. Default: a
   * self-describing DID made from the key itself (`did:key` for Ed25519 and P-256, `did:jwk` for RSA), so
   * credentials verify offline.
   */
  controller?: string
  /** Verification method id. Default `<controller>#<publicKeyMultibase>` (`#0` for did:jwk, the JWK thumbprint for other RSA controllers). */
  id?: string
  /** 32-byte seed, for reproducible Ed25519 keys in tests. Default: random. */
  seed?: Uint8Array
}

/** The algorithm asked for, after checking it and the seed (`TypeError` for a caller's mistake). */
function checkedAlgorithm(options: GenerateKeyPairOptions): KeyAlgorithm {
  const algorithm = options.algorithm ?? 'Ed25519'
  if (!(algorithm in JOSE_ALG))
    throw new TypeError(
      `generateKeyPair(options): algorithm must be 'Ed25519', 'ES256' or 'RS256', not ${JSON.stringify(algorithm)}`,
    )
  if (options.seed !== undefined) {
    if (algorithm !== 'Ed25519')
      throw new TypeError('generateKeyPair(options): a seed is only supported for Ed25519 keys')
    if (!(options.seed instanceof Uint8Array) || options.seed.length !== 32)
      throw new TypeError('generateKeyPair(options): seed must be a 32-byte Uint8Array')
  }
  return algorithm
}

/**
 * Generates a key pair. Without options: Ed25519, controlled by its own `did:key`, so credentials signed with
 * it verify offline. Pass `controller` to bind it to an issuer you host (`did:web:...` or an https URL) and
 * publish the matching document (`didWebDocument()`); pass `algorithm: 'ES256' | 'RS256'` for VC-JWTs.
 *
 * @example
 * ```ts
 * const keyPair = await generateKeyPair()
 * keyPair.controller // 'did:key:z6Mk...' — use it as the credential's issuer id
 *
 * const hosted = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
 * const rsa = await generateKeyPair({ algorithm: 'RS256', controller: 'https://uni.example/issuer' })
 * ```
 */
export async function generateKeyPair(
  options?: GenerateKeyPairOptions & { algorithm?: 'Ed25519' },
): Promise<Ed25519KeyPair>
export async function generateKeyPair(options: GenerateKeyPairOptions & { algorithm: 'ES256' }): Promise<P256KeyPair>
export async function generateKeyPair(options: GenerateKeyPairOptions & { algorithm: 'RS256' }): Promise<RsaKeyPair>
export async function generateKeyPair(options?: GenerateKeyPairOptions): Promise<KeyPair>
export async function generateKeyPair(options: GenerateKeyPairOptions = {}): Promise<KeyPair> {
  assertOptions(options, 'generateKeyPair(options)')
  const algorithm = checkedAlgorithm(options)
  if (algorithm === 'Ed25519') {
    const generated = await Ed25519Multikey.generate(options.seed === undefined ? {} : { seed: options.seed })
    const keys = await ed25519Material(generated, generated.publicKeyMultibase)
    return makeKeyPair(
      algorithm,
      assignIds(keys.publicJwk, generated.publicKeyMultibase, options.controller, options.id),
      generated.publicKeyMultibase,
      keys,
    )
  }
  if (algorithm === 'ES256') {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const { keys, multibase } = await p256Material(privateKey.export({ format: 'jwk' }) as KeyJwk)
    return makeKeyPair(algorithm, assignIds(keys.publicJwk, multibase, options.controller, options.id), multibase, keys)
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const keys = rsaMaterial(privateKey.export({ format: 'jwk' }) as KeyJwk)
  return makeKeyPair(algorithm, assignIds(keys.publicJwk, undefined, options.controller, options.id), undefined, keys)
}
