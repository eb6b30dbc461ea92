/**
 * The `Signer` interface: how microcred asks for a signature. A key pair gives one with `createSigner()`; a
 * KMS or HSM provides its own object of the same shape, so the secret key never enters the process.
 */
import { sign as signWithKeyObject } from 'node:crypto'
import { MicrocredError } from '../errors.js'
import type { KeyAlgorithm, KeyPair } from './key-types.js'
import { isKeyPair, privateKeyObjectOf } from './registry.js'

/** Signature algorithms of a {@link Signer}: `Ed25519`, `ES256` (P-256, IEEE P1363 r‖s signatures) or `RS256`. */
export type SignerAlgorithm = KeyAlgorithm

/**
 * Signs bytes with one key. Implement it to sign with a KMS or HSM: `id` is the verification method id that
 * goes into the proof or JWT `kid` (its part before `#` must be the credential's issuer), `sign` returns the raw
 * signature of `data`: 64 bytes for Ed25519, the 64-byte r‖s (IEEE P1363) form for ES256, PKCS #1 v1.5 for
 * RS256.
 *
 * @example
 * ```ts
 * const kmsSigner: Signer = {
 *   id: 'did:web:uni.example#key-1',
 *   algorithm: 'Ed25519',
 *   sign: async (data) => new Uint8Array(await kms.sign({ keyId: 'issuer-key', message: data })),
 * }
 * const signed = await issue(credential, { signer: kmsSigner })
 * ```
 */
export interface Signer {
  /** Verification method id written into the proof, e.g. `did:web:uni.example#key-1`. */
  readonly id: string
  readonly algorithm: SignerAlgorithm
  /** Returns the signature of `data`. */
  sign(data: Uint8Array): Promise<Uint8Array>
}

/**
 * Creates a {@link Signer} from a key pair that holds its secret key.
 *
 * @throws MicrocredError `ERR_KEY_INVALID` when the key pair has no secret key.
 * @example
 * ```ts
 * const signer = createSigner(await generateKeyPair())
 * const signature = await signer.sign(new TextEncoder().encode('hello'))
 * ```
 */
export function createSigner(keyPair: KeyPair): Signer {
  if (!isKeyPair(keyPair))
    throw new TypeError('createSigner(keyPair): not a key pair made by generateKeyPair() or importKeyPair()')
  const privateKey = privateKeyObjectOf(keyPair)
  if (privateKey === undefined) {
    throw new MicrocredError(
      'ERR_KEY_INVALID',
      `key ${keyPair.id} has no secret key, so it cannot sign (it was imported from a public key)`,
    )
  }
  const { algorithm } = keyPair
  const sign =
    algorithm === 'Ed25519'
      ? (data: Uint8Array) => signWithKeyObject(null, data, privateKey)
      : algorithm === 'ES256'
        ? (data: Uint8Array) => signWithKeyObject('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })
        : (data: Uint8Array) => signWithKeyObject('sha256', data, privateKey)
  return Object.freeze({
    id: keyPair.id,
    algorithm,
    // eslint-disable-next-line @typescript-eslint/require-await -- async so that a throw from signing is a rejection, as the Signer interface promises
    sign: async (data: Uint8Array): Promise<Uint8Array> => new Uint8Array(sign(data)),
  })
}

/** Checks a caller-supplied signer's shape (a programming mistake is a `TypeError`). */
export function assertSigner(signer: unknown, where: string): asserts signer is Signer {
  const candidate = signer as Partial<Signer> | null
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.sign !== 'function' ||
    typeof candidate.id !== 'string'
  ) {
    throw new TypeError(`${where}: signer must be { id: string, algorithm, sign(data): Promise<Uint8Array> }`)
  }
  if (candidate.algorithm !== 'Ed25519' && candidate.algorithm !== 'ES256' && candidate.algorithm !== 'RS256') {
    throw new TypeError(
      `${where}: signer.algorithm must be 'Ed25519', 'ES256' or 'RS256', not ${JSON.stringify(candidate.algorithm)}`,
    )
  }
}
