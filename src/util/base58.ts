/**
 * base58btc (the Bitcoin alphabet, multibase prefix `z`) for signatures and keys. Hand-written on BigInt because the
 * byte-by-byte long division of `base58-universal` took about as long as the Ed25519 signature it encodes (~30 µs for
 * 64 bytes): here nine digits are produced per native BigInt division. Tested against `base58-universal`.
 */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
/** 58^9, the largest power of 58 below 2^53, so a chunk of nine digits is exact as a Number. */
const CHUNK = 58n ** 9n
const CHUNK_DIGITS = 9
/** Each character code's digit value, -1 outside the alphabet. */
const DIGIT_VALUES = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) DIGIT_VALUES[ALPHABET.charCodeAt(i)] = i

/**
 * The base58btc text of `bytes` (without the multibase `z`).
 *
 * @example
 * ```ts
 * encodeBase58btc(new Uint8Array([0, 1, 2])) // '15T'
 * ```
 */
export function encodeBase58btc(bytes: Uint8Array): string {
  let zeros = 0
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++
  let value =
    zeros === bytes.length
      ? 0n
      : BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`)
  let digits = ''
  while (value > 0n) {
    let chunk = Number(value % CHUNK)
    value /= CHUNK
    // The last chunk stops at its highest non-zero digit; the others are written in full.
    for (let i = 0; i < CHUNK_DIGITS && (value > 0n || chunk > 0); i++) {
      digits = ALPHABET.charAt(chunk % 58) + digits
      chunk = Math.floor(chunk / 58)
    }
  }
  return '1'.repeat(zeros) + digits
}

/**
 * The bytes of base58btc `text` (without the multibase `z`), or `undefined` for a character outside the alphabet.
 *
 * @example
 * ```ts
 * decodeBase58btc('15T') // Uint8Array [0, 1, 2]
 * ```
 */
export function decodeBase58btc(text: string): Uint8Array | undefined {
  let zeros = 0
  while (zeros < text.length && text[zeros] === '1') zeros++
  let value = 0n
  for (let at = zeros; at < text.length; at += CHUNK_DIGITS) {
    const end = Math.min(at + CHUNK_DIGITS, text.length)
    let chunk = 0
    for (let i = at; i < end; i++) {
      const code = text.charCodeAt(i)
      const digit = code < 128 ? (DIGIT_VALUES[code] ?? -1) : -1
      if (digit < 0) return undefined
      chunk = chunk * 58 + digit
    }
    value = value * (end - at === CHUNK_DIGITS ? CHUNK : 58n ** BigInt(end - at)) + BigInt(chunk)
  }
  const hex = value === 0n ? '' : value.toString(16)
  const body = Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex')
  const bytes = new Uint8Array(zeros + body.length)
  bytes.set(body, zeros)
  return bytes
}
