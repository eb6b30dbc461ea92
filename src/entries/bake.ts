/**
 * `microcred/bake`: Open Badges baking. Put a credential into a PNG (`iTXt` chunk) or an SVG
 * (`<openbadges:credential>`), and take it out again, within size and structure caps.
 *
 * @example
 * ```ts
 * import { bakePng, extractBaked } from 'microcred/bake'
 *
 * const badge = bakePng(await readFile('artwork.png'), signed)
 * const baked = extractBaked(badge) // the image format and the credential, as it was baked
 * console.log(baked.image, baked.version)
 * ```
 *
 * @packageDocumentation
 * @module microcred/bake
 */
export { bakePng, extractFromPng } from '../bake/png.js'
export { bakeSvg, extractFromSvg } from '../bake/svg.js'
export { extractBaked, imageFormat } from '../bake/image.js'
export { svgBytesLike } from '../bake/encoding.js'
export type {
  BakedCredential,
  BakedJwtCredential,
  BakedLdpCredential,
  BakedOb2Assertion,
  ExtractOptions,
  ImageFormat,
} from '../bake/baked.js'
export { DEFAULT_MAX_IMAGE_BYTES, MAX_PNG_CHUNKS, MAX_SVG_DEPTH, MAX_SVG_ELEMENTS } from '../limits.js'
