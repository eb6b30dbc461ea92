/** Writing a baked SVG back in the encoding it came in. */

/**
 * The bytes of a baked SVG's text in the encoding of the original file: UTF-16 (little- or big-endian, with its
 * byte order mark) when the original started with a UTF-16 byte order mark, UTF-8 otherwise. `bakeSvg()` returns
 * text; an SVG whose XML declaration says UTF-16 must not be written back as UTF-8.
 *
 * @example
 * ```ts
 * const original = await readFile('badge.svg')
 * await writeFile('baked.svg', svgBytesLike(original, bakeSvg(original, signed)))
 * ```
 */
export function svgBytesLike(original: Uint8Array, text: string): Uint8Array {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (original[0] === 0xff && original[1] === 0xfe) return Buffer.from(`\uFEFF${body}`, 'utf16le')
  if (original[0] === 0xfe && original[1] === 0xff) return Buffer.from(`\uFEFF${body}`, 'utf16le').swap16()
  return Buffer.from(text, 'utf8')
}
