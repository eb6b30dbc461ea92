/**
 * Independent helpers for the keys tests: base58btc, Multikey encoding and Ed25519 key derivation written here
 * from the specifications (multibase base58btc alphabet, multicodec 0xed01 / 0x8026 varint headers, RFC 8032
 * PKCS#8 wrapping for node:crypto), so expected values never come from the code under test.
 */
import { readFileSync } from 'node:fs'
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { expect } from 'vitest'
import { isMicrocredError, type MicrocredErrorCode } from '../../../src/index.js'

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** base58btc (Bitcoin alphabet), leading zero bytes as '1'. */
export function base58btcEncode(bytes: Uint8Array): string {
  let n = 0n
  for (const byte of bytes) n = (n << 8n) | BigInt(byte)
  let out = ''
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)]! + out
    n /= 58n
  }
  for (const byte of bytes) {
    if (byte !== 0) break
    out = '1' + out
  }
  return out
}

export function base58btcDecode(text: string): Uint8Array {
  let n = 0n
  for (const char of text) {
    const digit = ALPHABET.indexOf(char)
    if (digit < 0) throw new Error(`not base58btc: ${char}`)
    n = n * 58n + BigInt(digit)
  }
  const body: number[] = []
  while (n > 0n) {
    body.unshift(Number(n & 0xffn))
    n >>= 8n
  }
  let zeros = 0
  for (const char of text) {
    if (char !== '1') break
    zeros++
  }
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...body])
}

/** Multicodec varint headers: ed25519-pub (0xed) and ed25519-priv (0x1300). */
export const ED25519_PUB_HEADER = [0xed, 0x01] as const
export const ED25519_PRIV_HEADER = [0x80, 0x26] as const

/** 'z' + base58btc(0xed 0x01 ‖ 32-byte public key). */
export function publicKeyMultibaseOf(publicKey: Uint8Array): string {
  return 'z' + base58btcEncode(Uint8Array.from([...ED25519_PUB_HEADER, ...publicKey]))
}

/** 'z' + base58btc(0x80 0x26 ‖ secret bytes). */
export function secretKeyMultibaseOf(secret: Uint8Array): string {
  return 'z' + base58btcEncode(Uint8Array.from([...ED25519_PRIV_HEADER, ...secret]))
}

/** Decodes an Ed25519 publicKeyMultibase to its 32 raw bytes, checking the multibase and multicodec headers. */
export function decodePublicKeyMultibase(multibase: string): Uint8Array {
  expect(multibase.startsWith('z')).toBe(true)
  const bytes = base58btcDecode(multibase.slice(1))
  expect([...bytes.subarray(0, 2)]).toEqual([...ED25519_PUB_HEADER])
  expect(bytes.length).toBe(34)
  return bytes.subarray(2)
}

export const b64u = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')
export const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'))

/** node:crypto private key from a 32-byte seed (PKCS#8 DER: fixed RFC 8410 prefix ‖ seed). */
export function nodePrivateKeyFromSeed(seed: Uint8Array): KeyObject {
  const prefix = Buffer.from('302e020100300506032b657004220420', 'hex')
  return createPrivateKey({ key: Buffer.concat([prefix, seed]), format: 'der', type: 'pkcs8' })
}

/** The raw 32-byte public key node:crypto derives from a seed. */
export function nodePublicKeyFromSeed(seed: Uint8Array): Uint8Array {
  const jwk = createPublicKey(nodePrivateKeyFromSeed(seed)).export({ format: 'jwk' }) as { x: string }
  return Uint8Array.from(Buffer.from(jwk.x, 'base64url'))
}

/** node:crypto public KeyObject from a JWK `x`. */
export function nodePublicKeyFromX(x: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })
}

interface TestVector {
  keyPair: {
    publicKeyHex: string
    privateKeyHex: string
    multikey: { id: string; controller: string; publicKeyMultibase: string; secretKeyMultibase: string }
  }
  dataToSignHex: string
  signatureHex: string
  proofValue: string
}

/** The published 1EdTech OB 3.0 eddsa-rdfc-2022 test vector. */
export const VECTOR: TestVector = JSON.parse(
  readFileSync(new URL('../../vectors/test-vectors/ob-ldp-test-vector.json', import.meta.url), 'utf8'),
) as TestVector

/** The vector's 32-byte seed: the first half of privateKeyHex (seed ‖ public). */
export const VECTOR_SEED = hex(VECTOR.keyPair.privateKeyHex).subarray(0, 32)
export const VECTOR_PUBLIC_KEY = hex(VECTOR.keyPair.publicKeyHex)

/** Runs `action` and returns the error it throws (or the rejection of the promise it returns). */
export async function caught(action: () => unknown): Promise<unknown> {
  let result: unknown
  try {
    result = await action()
  } catch (error) {
    return error
  }
  let shown: string
  try {
    // JSON.stringify() gives undefined for undefined, a function or a symbol, whatever its type says.
    const json = JSON.stringify(result) as string | undefined
    shown = json ?? String(result)
  } catch {
    shown = String(result)
  }
  throw new Error(`expected an error, but nothing was thrown; got ${shown}`)
}

/** Asserts that `action` throws (or rejects with) a MicrocredError with `code`, and returns it. */
export async function expectMicrocredError(action: () => unknown, code: MicrocredErrorCode): Promise<Error> {
  const error = await caught(action)
  expect(isMicrocredError(error), `expected a MicrocredError, got ${String(error)}`).toBe(true)
  expect((error as { code: string }).code).toBe(code)
  return error as Error
}
