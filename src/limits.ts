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
