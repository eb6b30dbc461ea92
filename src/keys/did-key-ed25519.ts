/**
 * The DID document of an Ed25519 did:key (`did:key:z6Mk…`), as `key-did-resolver` builds it: the key as an
 * `Ed25519VerificationKey2018` for authentication, assertion and capabilities, and its X25519 form for key agreement.
 * Hand-written so that the first verification of a did:key credential does not load `key-did-resolver` and its curve
 * libraries (about a sixth of a cold start); every other did:key goes to `key-did-resolver` as before.
 *
 * The point is decoded as RFC 8032 §5.1.3 decodes it (an encoding that is not a point of the curve is refused, as
 * key-did-resolver refuses it), and mapped to Curve25519 with the birational map of RFC 7748 §4.1 (u = (1 + y)/(1 − y)).
 */
import { decodeBase58btc, encodeBase58btc } from '../util/base58.js'

/** p = 2^255 − 19. */
const P = 2n ** 255n - 19n
/** d = −121665/121666 mod p (RFC 8032 §5.1). */
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n
/** A square root of −1 mod p: 2^((p−1)/4). */
const SQRT_M1 = 19681161376707505956807079304988542015446066515923890162744021073123829784752n

const mod = (value: bigint): bigint => {
  const r = value % P
  return r < 0n ? r + P : r
}

function power(base: bigint, exponent: bigint): bigint {
  let result = 1n
  let b = mod(base)
  let e = exponent
  while (e > 0n) {
    if ((e & 1n) === 1n) result = (result * b) % P
    b = (b * b) % P
    e >>= 1n
  }
  return result
}

const inverse = (value: bigint): bigint => power(value, P - 2n)

/** The little-endian integer of `bytes`. */
function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0)
  return value
}

function toLittleEndian(value: bigint, length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let rest = value
  for (let i = 0; i < length; i++) {
    bytes[i] = Number(rest & 0xffn)
    rest >>= 8n
  }
  return bytes
}

/** y of an encoded Edwards point, or undefined when the 32 bytes are not a point of edwards25519 (RFC 8032 §5.1.3). */
function pointY(encoded: Uint8Array): bigint | undefined {
  if (encoded.length !== 32) return undefined
  const sign = (encoded[31] ?? 0) >> 7
  const y = littleEndian(encoded) & ((1n << 255n) - 1n)
  if (y >= P) return undefined
  const y2 = (y * y) % P
  const u = mod(y2 - 1n)
  const v = mod(D * y2 + 1n)
  // x = u v^3 (u v^7)^((p−5)/8)
  const v3 = (v * v * v) % P
  const v7 = (v3 * v3 * v) % P
  let x = (u * v3 * power(u * v7, (P - 5n) / 8n)) % P
  const vx2 = (v * x * x) % P
  if (vx2 === mod(-u)) x = (x * SQRT_M1) % P
  else if (vx2 !== u) return undefined
  if (x === 0n && sign === 1) return undefined
  return y
}

/** The X25519 public key of an Ed25519 public key (RFC 7748 §4.1), or undefined for bytes that are not a point. */
export function x25519FromEd25519(publicKey: Uint8Array): Uint8Array | undefined {
  const y = pointY(publicKey)
  // y = 1 (the neutral point) has no Curve25519 image: 1 − y has no inverse, and key-did-resolver refuses it.
  if (y === undefined || y === 1n) return undefined
  return toLittleEndian(mod((1n + y) * inverse(mod(1n - y))), 32)
}

/**
 * The document of an Ed25519 did:key, or `undefined` for any other did:key (another key type, a malformed
 * fingerprint, bytes that are not a point): the caller then asks `key-did-resolver`.
 *
 * @example
 * ```ts
 * ed25519DidKeyDocument('did:key:z6MksYN6ij66UbfsHfTs4XV2oMrTWyZWLo2TiB94RGpky4Ch')?.assertionMethod // ['did:key:z6Mks…#z6Mks…']
 * ```
 */
export function ed25519DidKeyDocument(did: string): Record<string, unknown> | undefined {
  const fingerprint = did.slice('did:key:'.length)
  if (!did.startsWith('did:key:z6Mk') || fingerprint.length > 60) return undefined
  const bytes = decodeBase58btc(fingerprint.slice(1))
  if (bytes?.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) return undefined
  const publicKey = bytes.subarray(2)
  const x25519 = x25519FromEd25519(publicKey)
  if (x25519 === undefined) return undefined
  const keyId = `${did}#${fingerprint}`
  const agreementFingerprint = new Uint8Array(34)
  agreementFingerprint.set([0xec, 0x01])
  agreementFingerprint.set(x25519, 2)
  return {
    id: did,
    verificationMethod: [
      { id: keyId, type: 'Ed25519VerificationKey2018', controller: did, publicKeyBase58: encodeBase58btc(publicKey) },
    ],
    authentication: [keyId],
    assertionMethod: [keyId],
    capabilityDelegation: [keyId],
    capabilityInvocation: [keyId],
    keyAgreement: [
      {
        id: `${did}#z${encodeBase58btc(agreementFingerprint)}`,
        type: 'X25519KeyAgreementKey2019',
        controller: did,
        publicKeyBase58: encodeBase58btc(x25519),
      },
    ],
  }
}
