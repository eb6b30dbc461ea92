/**
 * PNG baking (OB 3.0 §"Baked Badge" > PNG): the credential travels in one `iTXt` chunk with the keyword
 * `openbadgecredential`, uncompressed, its text the credential's JSON or a VC-JWT. Legacy images carry Open Badges
 * 2.0 data in an `iTXt` chunk `openbadges` or, before 2.0, the URL of a hosted assertion in a `tEXt` chunk
 * `openbadges`.
 *
 * Chunks are framed by hand (PNG §5.3) because no maintained npm library reads and writes `iTXt` chunks.
 */
import { constants as bufferConstants } from 'node:buffer'
import { crc32, inflateSync } from 'node:zlib'
import { MicrocredError } from '../errors.js'
import { MAX_PNG_CHUNKS } from '../limits.js'
import {
  OB2_PNG_KEYWORD,
  OB3_PNG_KEYWORD,
  bakePayload,
  checkCredentialSize,
  checkImageSize,
  extractCaps,
  formatCount,
  imageInvalid,
  readOb2Text,
  readOb3Text,
  type BakedCredential,
  type ExtractOptions,
} from './baked.js'

/** PNG §5.2: the eight bytes every PNG datastream starts with. */
export const PNG_SIGNATURE: readonly number[] = Object.freeze([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/**
 * The byte at `index`, for parsing code that has checked its bounds just before: an index past the end is a bug,
 * a `RangeError`, never an `undefined` read as a number.
 */
export function byteAt(bytes: Uint8Array, index: number): number {
  const byte = bytes[index]
  if (byte === undefined) throw new RangeError(`byte ${index} is outside the ${bytes.length} bytes read`)
  return byte
}

/** PNG §5.3: a chunk's length is at most 2^31 - 1. */
const MAX_CHUNK_LENGTH = 0x7fffffff

/** PNG §11.3.3.2: a keyword has 1 to 79 bytes, then a null separator. */
const MAX_KEYWORD_BYTES = 79

/** PNG §5.3: length (4 bytes), type (4), data, CRC (4). */
const CHUNK_OVERHEAD = 12

/** The type code of IEND, as bytes (PNG §11.2.5). */
const IEND = [0x49, 0x45, 0x4e, 0x44] as const

/** One chunk, located in the datastream. */
interface Chunk {
  type: string
  /** Offset of the chunk's length field. */
  offset: number
  /** Offset just past its CRC. */
  end: number
  data: Uint8Array
}

const latin1 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
const isLetter = (byte: number): boolean => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)

/** The `ERR_INPUT_TOO_LARGE` error for a PNG with more than {@link MAX_PNG_CHUNKS} chunks, after what was found. */
const tooManyChunks = (found: string): MicrocredError =>
  new MicrocredError(
    'ERR_INPUT_TOO_LARGE',
    `${found}: over the ${formatCount(MAX_PNG_CHUNKS)}-chunk cap (MAX_PNG_CHUNKS)`,
  )

/**
 * Counts the chunks by their length fields alone, before any CRC is computed or anything is allocated for them, and
 * throws `ERR_INPUT_TOO_LARGE` past {@link MAX_PNG_CHUNKS}: a 16 MiB image of empty chunks holds 1.4 million. The
 * count stops at IEND, as the reader does; framing it cannot follow (a truncated chunk, a length over the PNG limit)
 * is left to the reader to report.
 */
function checkChunkCount(png: Uint8Array, view: DataView): void {
  let count = 0
  for (let offset = PNG_SIGNATURE.length; png.length - offset >= CHUNK_OVERHEAD;) {
    if (++count > MAX_PNG_CHUNKS)
      throw tooManyChunks(
        `the PNG has more than ${formatCount(MAX_PNG_CHUNKS)} chunks (chunk ${formatCount(count)} starts at byte ${offset})`,
      )
    if (
      png[offset + 4] === IEND[0] &&
      png[offset + 5] === IEND[1] &&
      png[offset + 6] === IEND[2] &&
      png[offset + 7] === IEND[3]
    )
      return
    const length = view.getUint32(offset)
    if (length > MAX_CHUNK_LENGTH) return
    offset += CHUNK_OVERHEAD + length
  }
}

/**
 * Reads and checks every chunk: the signature, each chunk's length, type and CRC, IHDR first, IEND last with nothing
 * after it. A damaged or truncated image is `ERR_IMAGE_INVALID`, never half-read; one with more than
 * {@link MAX_PNG_CHUNKS} chunks is `ERR_INPUT_TOO_LARGE`, found before any chunk is checked.
 */
function readChunks(png: Uint8Array): Chunk[] {
  const signatureLength = Math.min(png.length, PNG_SIGNATURE.length)
  for (let i = 0; i < PNG_SIGNATURE.length; i++) {
    if (i >= signatureLength)
      throw imageInvalid(`the PNG is truncated: ${png.length} bytes, shorter than the 8-byte PNG signature`)
    if (png[i] !== PNG_SIGNATURE[i]) {
      const damaged = png[1] === 0x50 && png[2] === 0x4e && png[3] === 0x47
      throw imageInvalid(
        damaged
          ? `the PNG signature is damaged at byte ${i} (line endings converted by a text-mode transfer?)`
          : 'not a PNG image: it does not start with the 8-byte PNG signature',
      )
    }
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  checkChunkCount(png, view)
  const chunks: Chunk[] = []
  let offset = PNG_SIGNATURE.length
  while (offset < png.length) {
    if (png.length - offset < CHUNK_OVERHEAD)
      throw imageInvalid(
        `the PNG is truncated at byte ${offset}: a chunk needs at least 12 bytes, ${png.length - offset} remain`,
      )
    const length = view.getUint32(offset)
    const [t0, t1, t2, t3] = [
      byteAt(png, offset + 4),
      byteAt(png, offset + 5),
      byteAt(png, offset + 6),
      byteAt(png, offset + 7),
    ]
    // PNG §5.3: a chunk type is four ASCII letters.
    if (!isLetter(t0) || !isLetter(t1) || !isLetter(t2) || !isLetter(t3))
      throw imageInvalid(`the chunk at byte ${offset} of the PNG has an invalid type (bytes ${t0} ${t1} ${t2} ${t3})`)
    const type = String.fromCharCode(t0, t1, t2, t3)
    if (length > MAX_CHUNK_LENGTH)
      throw imageInvalid(
        `the ${type} chunk at byte ${offset} of the PNG declares ${length} bytes, over the PNG limit of 2^31 - 1`,
      )
    const end = offset + CHUNK_OVERHEAD + length
    if (end > png.length)
      throw imageInvalid(
        `the PNG is truncated: the ${type} chunk at byte ${offset} declares ${length} data bytes, only ${Math.max(0, png.length - offset - 12)} follow`,
      )
    const expected = view.getUint32(offset + 8 + length)
    if (crc32(png.subarray(offset + 4, offset + 8 + length)) !== expected)
      throw imageInvalid(`the ${type} chunk at byte ${offset} of the PNG fails its CRC check: the image is damaged`)
    if (chunks.length === 0 && type !== 'IHDR') throw imageInvalid(`the first chunk of the PNG is ${type}, not IHDR`)
    chunks.push({ type, offset, end, data: png.subarray(offset + 8, offset + 8 + length) })
    if (type === 'IEND') {
      if (end !== png.length) throw imageInvalid(`${png.length - end} bytes follow the IEND chunk that ends the PNG`)
      return chunks
    }
    offset = end
  }
  throw imageInvalid('the PNG is truncated: it ends without an IEND chunk')
}

/**
 * Whether a chunk is a text chunk (`iTXt`, `tEXt`) with this keyword: its data starts with the keyword's bytes and a
 * null separator (PNG §11.3.3.2). Compared byte by byte, so no string is made for the keyword of every text chunk.
 */
function hasKeyword(chunk: Chunk, keyword: string): boolean {
  const { data } = chunk
  if (keyword.length > MAX_KEYWORD_BYTES || data.length <= keyword.length || data[keyword.length] !== 0) return false
  for (let i = 0; i < keyword.length; i++) if (data[i] !== keyword.charCodeAt(i)) return false
  return true
}

/** The text chunks of one type and keyword; more than one is `ERR_IMAGE_INVALID` (OB 3.0 and OB 2.0: "MUST NOT appear in a PNG more than once"). */
function textChunks(chunks: Chunk[], type: 'iTXt' | 'tEXt', keyword: string): Chunk | undefined {
  const found = chunks.filter((chunk) => chunk.type === type && hasKeyword(chunk, keyword))
  if (found.length > 1) {
    const offsets =
      found
        .slice(0, 10)
        .map((c) => c.offset)
        .join(', ') + (found.length > 10 ? ', …' : '')
    throw imageInvalid(
      `the PNG has ${found.length} ${type} chunks with the keyword "${keyword}" (at bytes ${offsets}); an image carries at most one`,
    )
  }
  return found[0]
}

/** PNG §11.3.3.4: keyword, null, compression flag, compression method, language tag, null, translated keyword, null, text. */
function itxtText(chunk: Chunk, keyword: string, where: string, maxBytes: number): string {
  const { data } = chunk
  const malformed = (why: string) => imageInvalid(`${where} is malformed: ${why}`)
  const flags = keyword.length + 1
  if (data.length < flags + 2) throw malformed('it ends after its keyword')
  const [flag, method] = [byteAt(data, flags), byteAt(data, flags + 1)]
  const languageEnd = data.indexOf(0, flags + 2)
  if (languageEnd < 0) throw malformed('its language tag is not terminated')
  const translatedEnd = data.indexOf(0, languageEnd + 1)
  if (translatedEnd < 0) throw malformed('its translated keyword is not terminated')
  let text = data.subarray(translatedEnd + 1)
  if (flag === 1) {
    if (method !== 0) throw malformed(`compression method ${method} is not zlib (0)`)
    try {
      // Inflation stops once the output passes the credential cap, so a small "zip bomb" costs no more than the cap.
      // Node requires 1 <= maxOutputLength <= buffer.constants.MAX_LENGTH.
      text = inflateSync(text, { maxOutputLength: Math.max(1, Math.min(maxBytes, bufferConstants.MAX_LENGTH)) })
    } catch (error) {
      if (error instanceof RangeError || (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new MicrocredError(
          'ERR_INPUT_TOO_LARGE',
          `the credential in ${where} inflates to more than ${maxBytes} bytes (options.maxBytes)`,
        )
      }
      throw malformed(`its compressed text does not inflate: ${(error as Error).message}`)
    }
  } else if (flag !== 0) {
    throw malformed(`compression flag ${flag} is neither 0 nor 1`)
  }
  checkCredentialSize(text.length, maxBytes, where)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(text)
  } catch {
    throw malformed('its text is not UTF-8')
  }
}

/** A chunk (length, type, data, CRC) as bytes. */
function frameChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length)
  const view = new DataView(chunk.buffer)
  view.setUint32(0, data.length)
  chunk.set(Buffer.from(type, 'latin1'), 4)
  chunk.set(data, 8)
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)))
  return chunk
}

/**
 * Bakes a signed credential into a PNG: one `iTXt` chunk `openbadgecredential` (uncompressed, no language tag,
 * no translated keyword) holding the credential's JSON or the VC-JWT, inserted before `IEND`. Every other chunk is
 * kept byte for byte; a credential baked before is replaced, so the image carries exactly one. Legacy Open Badges
 * 2.0 chunks (`openbadges`) are kept; `extractFromPng()` prefers the OB 3.0 credential.
 *
 * @param png The bytes of a PNG file.
 * @param credential A signed credential (object or JSON text) or a VC-JWT (compact JWS).
 * @returns The bytes of the baked PNG.
 * @throws TypeError when `png` is not a `Uint8Array` or `credential` neither an object nor a string.
 * @throws MicrocredError `ERR_PROOF_MISSING` for an unsigned credential; `ERR_INVALID_INPUT` for something that is
 *   not a credential; `ERR_JWT_INVALID` for a compact JWS that is not a VC-JWT; `ERR_IMAGE_INVALID` for a damaged
 *   PNG or one that already carries two credentials; `ERR_INPUT_TOO_LARGE` when the baked PNG would have more than
 *   `MAX_PNG_CHUNKS` (10,000) chunks, which `extractFromPng()` refuses.
 * @example
 * ```ts
 * import { readFile, writeFile } from 'node:fs/promises'
 * import { bakePng } from 'microcred/bake'
 *
 * const signed = await issue(credential, { keyPair })
 * await writeFile('badge-baked.png', bakePng(await readFile('badge.png'), signed))
 * ```
 */
export function bakePng(png: Uint8Array, credential: object | string): Uint8Array {
  if (!(png instanceof Uint8Array))
    throw new TypeError('bakePng(png, credential): png must be a Uint8Array (the bytes of a PNG file)')
  const payload = bakePayload(credential, 'bakePng(png, credential)')
  const chunks = readChunks(png)
  const previous = textChunks(chunks, 'iTXt', OB3_PNG_KEYWORD)
  const text = Buffer.from(payload.format === 'jwt' ? payload.jwt : payload.text, 'utf8')
  // Keyword, null, compression flag 0 and method 0 ("Compression MUST NOT be used"), empty language tag and
  // translated keyword (each null-terminated), then the text.
  const header = Buffer.from(`${OB3_PNG_KEYWORD}\0\0\0\0\0`, 'latin1')
  const baked = frameChunk('iTXt', Buffer.concat([header, text]))
  const kept = chunks.filter((chunk) => chunk !== previous)
  // The baked image must stay readable: with its new chunk it may not pass the cap extractFromPng() enforces.
  if (kept.length + 1 > MAX_PNG_CHUNKS) {
    throw tooManyChunks(
      `the baked PNG would have ${formatCount(kept.length + 1)} chunks (the image's ${formatCount(kept.length)} and the credential's), so extractFromPng() would refuse it`,
    )
  }
  const size = PNG_SIGNATURE.length + kept.reduce((sum, chunk) => sum + chunk.end - chunk.offset, 0) + baked.length
  const out = new Uint8Array(size)
  out.set(PNG_SIGNATURE)
  let at = PNG_SIGNATURE.length
  for (const chunk of kept) {
    if (chunk.type === 'IEND') {
      out.set(baked, at)
      at += baked.length
    }
    out.set(png.subarray(chunk.offset, chunk.end), at)
    at += chunk.end - chunk.offset
  }
  return out
}

/**
 * Extracts what is baked in a PNG. Every chunk is checked first (signature, lengths, types, CRCs), so a damaged or
 * truncated image is reported as such rather than half-read. The OB 3.0 `iTXt` chunk `openbadgecredential` gives
 * the credential (a compressed one is read too, within the cap); without one, legacy Open Badges data (`iTXt` or
 * `tEXt` chunk `openbadges`) is returned as `version: 'ob2'`, saying what it is.
 *
 * @param png The bytes of a PNG file, at most `options.maxImageBytes` (default 16 MiB).
 * @throws TypeError when `png` is not a `Uint8Array`.
 * @throws MicrocredError `ERR_IMAGE_INVALID` for a damaged, truncated or malformed PNG or one with two credential
 *   chunks; `ERR_NOT_BAKED` when nothing is baked; `ERR_INPUT_TOO_LARGE` over a cap (the image's size, its
 *   `MAX_PNG_CHUNKS` chunks, the credential's size).
 * @example
 * ```ts
 * const baked = extractFromPng(await readFile('badge-baked.png'))
 * if (baked.version === 'ob2') console.log(baked.description)
 * else console.log(baked.format === 'jwt' ? baked.jwt : baked.credential.id)
 * // verify() reads images itself: await verify(await readFile('badge-baked.png'))
 * ```
 */
export function extractFromPng(png: Uint8Array, options?: ExtractOptions): BakedCredential {
  if (!(png instanceof Uint8Array))
    throw new TypeError('extractFromPng(png, options): png must be a Uint8Array (the bytes of a PNG file)')
  const { maxImageBytes, maxBytes } = extractCaps(options, 'extractFromPng(png, options)')
  checkImageSize(png.byteLength, maxImageBytes, 'PNG')
  const chunks = readChunks(png)
  const ob3 = textChunks(chunks, 'iTXt', OB3_PNG_KEYWORD)
  if (ob3 !== undefined) {
    const where = `the PNG's iTXt chunk "${OB3_PNG_KEYWORD}" (at byte ${ob3.offset})`
    return readOb3Text(itxtText(ob3, OB3_PNG_KEYWORD, where, maxBytes), 'png', where, maxBytes)
  }
  const ob2 = textChunks(chunks, 'iTXt', OB2_PNG_KEYWORD)
  if (ob2 !== undefined) {
    const where = `the PNG's iTXt chunk "${OB2_PNG_KEYWORD}" (Open Badges 2.0 baking)`
    return readOb2Text(itxtText(ob2, OB2_PNG_KEYWORD, where, maxBytes), 'png', where, maxBytes)
  }
  const ob1 = textChunks(chunks, 'tEXt', OB2_PNG_KEYWORD)
  if (ob1 !== undefined) {
    const where = `the PNG's tEXt chunk "${OB2_PNG_KEYWORD}" (the baking format before Open Badges 2.0)`
    // PNG §11.3.3.3: tEXt is keyword, null, Latin-1 text.
    return readOb2Text(latin1(ob1.data.subarray(OB2_PNG_KEYWORD.length + 1)), 'png', where, maxBytes)
  }
  throw new MicrocredError(
    'ERR_NOT_BAKED',
    `the PNG carries no baked credential: it has no iTXt chunk with the keyword "${OB3_PNG_KEYWORD}"`,
  )
}
