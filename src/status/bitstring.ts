/**
 * The W3C Bitstring Status List encoding (§2.1): a bitstring, GZIP-compressed, base64url-encoded with the
 * multibase prefix `u`. Entries of `statusSize` bits are read most significant bit first. Bit handling and
 * compression of the lists microcred keeps are `@digitalbazaar/bitstring`'s; decompression is Node's zlib with an
 * output cap, so a small `encodedList` cannot expand into gigabytes, and a verifier reads the decoded bytes directly
 * (`readEntryBytes()`), so that reading an entry of a decoded list costs the same whatever its length.
 */
import { gunzipSync } from 'node:zlib'
import { Bitstring } from '@digitalbazaar/bitstring'
import { MicrocredError } from '../errors.js'

/** The W3C minimum list size for herd privacy: 131,072 entries (16 KiB of bits). */
export const MIN_STATUS_LIST_LENGTH = 131_072

/** The largest decompressed list microcred reads: 16 MiB (134 million single-bit entries). */
export const MAX_DECODED_LIST_BYTES = 16 * 1024 * 1024

/** A bitstring of `length × statusSize` bits. */
export function createBits(entries: number, statusSize: number): Bitstring {
  return new Bitstring({ length: entries * statusSize })
}

/** Reads entry `index` (`statusSize` bits, most significant first). */
export function readEntry(bits: Bitstring, index: number, statusSize: number): number {
  let value = 0
  for (let bit = 0; bit < statusSize; bit++) value = (value << 1) | (bits.get(index * statusSize + bit) ? 1 : 0)
  return value
}

/** Writes entry `index`. */
export function writeEntry(bits: Bitstring, index: number, statusSize: number, value: number): void {
  for (let bit = 0; bit < statusSize; bit++)
    bits.set(index * statusSize + bit, ((value >> (statusSize - 1 - bit)) & 1) === 1)
}

/** The `encodedList` of a bitstring's bytes. */
export async function encodeList(bytes: Uint8Array): Promise<string> {
  return `u${await new Bitstring({ buffer: bytes }).encodeBits()}`
}

/**
 * The bytes an `encodedList` stands for (W3C Bitstring Status List §3.2 steps 8-9: multibase base64url, then GZIP),
 * refusing anything that is not multibase-base64url GZIP or expands past {@link MAX_DECODED_LIST_BYTES}; read
 * them with {@link readEntryBytes}.
 *
 * @example
 * ```ts
 * const bytes = decodeListBytes('uH4sIAAAAAAAAA...')
 * readEntryBytes(bytes, 42, 1) // 1 when entry 42 is set
 * ```
 */
export function decodeListBytes(encodedList: unknown): Uint8Array {
  if (typeof encodedList !== 'string' || !encodedList.startsWith('u') || !/^u[A-Za-z0-9_-]+$/.test(encodedList)) {
    throw new MicrocredError(
      'ERR_STATUS_LIST_INVALID',
      'encodedList must be multibase base64url ("u...") of a GZIP-compressed bitstring',
    )
  }
  let bytes: Buffer
  try {
    bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'), { maxOutputLength: MAX_DECODED_LIST_BYTES })
  } catch (error) {
    const tooBig = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
    throw new MicrocredError(
      'ERR_STATUS_LIST_INVALID',
      tooBig ? `the encodedList expands past ${MAX_DECODED_LIST_BYTES} bytes` : 'the encodedList is not GZIP data',
      { cause: error },
    )
  }
  if (bytes.length === 0) throw new MicrocredError('ERR_STATUS_LIST_INVALID', 'the encodedList is empty')
  return bytes
}

/**
 * How many entries of `statusSize` bits decoded list bytes hold.
 *
 * @example
 * ```ts
 * entryCountOf(new Uint8Array(16_384), 1) // 131072
 * ```
 */
export function entryCountOf(bytes: Uint8Array, statusSize: number): number {
  return Math.floor((bytes.length * 8) / statusSize)
}

/**
 * Reads entry `index` of decoded list bytes (`statusSize` bits from bit `index × statusSize`, bits numbered from the
 * most significant of the first byte, §2.1), in time independent of the list's length. The entry must be inside the
 * list (`index < entryCountOf(bytes, statusSize)`).
 *
 * @example
 * ```ts
 * readEntryBytes(Uint8Array.of(0b0100_0000), 1, 1) // 1
 * readEntryBytes(Uint8Array.of(0b0010_0000), 1, 2) // 2 (bits 2-3: "10")
 * ```
 */
export function readEntryBytes(bytes: Uint8Array, index: number, statusSize: number): number {
  let value = 0
  for (let bit = index * statusSize, end = bit + statusSize; bit < end; bit++)
    value = (value << 1) | (((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1)
  return value
}
