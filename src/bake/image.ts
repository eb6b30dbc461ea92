/** Telling a PNG from an SVG from anything else, and extracting from whichever it is. */
import { imageInvalid, type BakedCredential, type ExtractOptions, type ImageFormat } from './baked.js'
import { PNG_SIGNATURE, byteAt, extractFromPng } from './png.js'
import { extractFromSvg } from './svg.js'

const isXmlSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d

/**
 * Which image `input` looks like, from its first bytes: `'png'` for bytes that start like the PNG signature
 * (`\x89PNG`; a shorter input that is a prefix of it counts, so a truncated PNG is still reported as a PNG),
 * `'svg'` for XML: text or bytes whose first character after a byte order mark and whitespace is `<`. Anything else
 * (JSON, a JWT, an object) is `undefined`. Nothing is parsed: the extract functions check the image.
 *
 * @example
 * ```ts
 * const bytes = await readFile(file)
 * const format = imageFormat(bytes) // 'png' | 'svg' | undefined
 * if (format !== undefined) console.log(extractBaked(bytes))
 * ```
 */
export function imageFormat(input: unknown): ImageFormat | undefined {
  if (typeof input === 'string') {
    let i = input.charCodeAt(0) === 0xfeff ? 1 : 0
    while (isXmlSpace(input.charCodeAt(i))) i++
    return input[i] === '<' ? 'svg' : undefined
  }
  if (!(input instanceof Uint8Array) || input.length === 0) return undefined
  const head = Math.min(input.length, 4)
  if (input.subarray(0, head).every((byte, i) => byte === PNG_SIGNATURE[i])) return 'png'
  if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
    // UTF-16 with a byte order mark: the code units after it, little- or big-endian.
    const little = input[0] === 0xff
    for (let i = 2; i + 1 < input.length; i += 2) {
      const [first, second] = [byteAt(input, i), byteAt(input, i + 1)]
      const unit = little ? first | (second << 8) : (first << 8) | second
      if (!isXmlSpace(unit)) return unit === 0x3c ? 'svg' : undefined
    }
    return undefined
  }
  let i = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0
  while (isXmlSpace(input[i])) i++
  return input[i] === 0x3c ? 'svg' : undefined
}

/**
 * Extracts what is baked in a PNG or an SVG, whichever `image` is (see {@link imageFormat}).
 *
 * @throws TypeError when `image` is neither a `Uint8Array` nor a string.
 * @throws MicrocredError `ERR_IMAGE_INVALID` when it is neither a PNG nor an SVG, and as `extractFromPng()` /
 *   `extractFromSvg()` do.
 * @example
 * ```ts
 * const baked = extractBaked(await readFile('badge'))
 * console.log(baked.image, baked.version)
 * ```
 */
export function extractBaked(image: Uint8Array | string, options?: ExtractOptions): BakedCredential {
  if (typeof image !== 'string' && !(image instanceof Uint8Array)) {
    throw new TypeError(
      "extractBaked(image, options): image must be the bytes of a PNG or SVG file (a Uint8Array) or an SVG's text",
    )
  }
  const format = imageFormat(image)
  if (format === 'png') return extractFromPng(image as Uint8Array, options)
  if (format === 'svg') return extractFromSvg(image, options)
  throw imageInvalid('neither a PNG nor an SVG image: it starts with neither the PNG signature nor "<"')
}
