/** Default caps on input, shared by `issue()` and `verify()`. All are overridable per call. */

/** Default cap on the size of a credential to sign or verify: 1 MiB of JSON. */
export const DEFAULT_MAX_BYTES = 1024 * 1024

/** Default maximum JSON nesting depth (the OB 3.0 complete example nests 9 levels deep). */
export const DEFAULT_MAX_DEPTH = 64

/**
 * Default cap on the size of a baked image (PNG or SVG) to read: 16 MiB. Badge images are usually well under
 * 1 MiB; the cap bounds the work of reading one (every PNG chunk's CRC is checked, an SVG is parsed in full).
 * The credential baked inside is capped separately, by {@link DEFAULT_MAX_BYTES}.
 */
export const DEFAULT_MAX_IMAGE_BYTES = 16 * 1024 * 1024

/**
 * Cap on the credentials a CLR may bundle for `verify()` to verify them: 200. Each is verified in full (JSON-LD,
 * proof, key, status), so without a cap a 1 MiB record of thousands of tiny entries would cost minutes.
 */
export const MAX_BUNDLED_CREDENTIALS = 200

/**
 * Cap on the credentials one `verify()` call verifies inside the credential given: endorsements, the credentials
 * a CLR bundles, their endorsements and the status lists of all of them, together: 500. A nested credential
 * beyond it is reported unverified (`ERR_INPUT_TOO_LARGE`), so a hostile credential cannot fan out without bound.
 */
export const MAX_NESTED_VERIFICATIONS = 500

/**
 * Cap on the chunks of a PNG image read for a baked credential: 10,000. A badge has a handful (an encoder splitting
 * 16 MiB of pixels into 8 KiB IDAT chunks needs ~2,000); a million empty chunks is an attack on the reader.
 */
export const MAX_PNG_CHUNKS = 10_000

/** Cap on the elements of an SVG image read for a baked credential: 50,000, counted before the XML is parsed. */
export const MAX_SVG_ELEMENTS = 50_000

/** Cap on the element nesting depth of an SVG image read for a baked credential: 256, counted before the XML is parsed. */
export const MAX_SVG_DEPTH = 256
