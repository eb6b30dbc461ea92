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
 * Cap on the credentials a CLR may bundle for `verify()` to verify them: 100. Each is verified in full (JSON-LD,
 * proof, key, status), so without a cap a 1 MiB record of thousands of tiny entries would cost minutes.
 */
export const MAX_BUNDLED_CREDENTIALS = 100

/**
 * Cap on the credentials one `verify()` call verifies inside the credential given: endorsements, the credentials
 * a CLR bundles, their endorsements and the status lists of all of them, together: 250. A nested credential
 * beyond it is reported unverified (`ERR_INPUT_TOO_LARGE`), so a hostile credential cannot fan out without bound.
 */
export const MAX_NESTED_VERIFICATIONS = 250

/**
 * Cap on the chunks of a PNG image read for a baked credential: 10,000. A badge has a handful (an encoder splitting
 * 16 MiB of pixels into 8 KiB IDAT chunks needs ~2,000); a million empty chunks is an attack on the reader.
 */
export const MAX_PNG_CHUNKS = 10_000

/** Cap on the elements of an SVG image read for a baked credential: 50,000, counted before the XML is parsed. */
export const MAX_SVG_ELEMENTS = 50_000

/** Cap on the element nesting depth of an SVG image read for a baked credential: 256, counted before the XML is parsed. */
export const MAX_SVG_DEPTH = 256

/**
 * Caps on the arrays of a credential whose entries JSON-LD processing, proof checking or fetching multiplies, checked
 * before any of that work (`ERR_INPUT_TOO_LARGE` at the array's path, naming the cap). Genuine credentials stay far
 * below them: a `type` lists a few classes, a credential carries one or two proofs and status entries.
 */
export const MAX_ARRAY_ENTRIES = Object.freeze({
  /** Entries of any `type` (or `@type`) array: each may apply a type-scoped context. */
  type: 32,
  /** Proofs of one credential or presentation: each canonicalizes the whole document and may resolve a key. */
  proof: 8,
  /** `credentialStatus` entries of one credential: each may fetch and verify a status list. */
  credentialStatus: 8,
  /** `result` entries of one subject (and `resultDescription` entries of one achievement). */
  result: 1_000,
  /** Embedded endorsements of one entity (`endorsement` plus `endorsementJwt`): each is a credential to verify. */
  endorsement: 50,
  /** Credentials in one presentation or bundled in one CLR subject (`verifiableCredential`). */
  verifiableCredential: MAX_BUNDLED_CREDENTIALS,
} as const)

/**
 * Default cap on the fetches one `verify()` call makes, through `options.fetch`, for the credential and everything
 * verified through it (keys, DID and controller documents, status lists, endorsers' keys): 32. Past it, what needs a
 * fetch fails with `ERR_BUDGET_EXCEEDED`.
 */
export const DEFAULT_MAX_FETCHES = 32

/**
 * Default cap on the time one `verify()` call works, in milliseconds: 10,000. It is checked between steps (checks,
 * proofs, nested credentials, fetches); a step that would start after it fails with `ERR_BUDGET_EXCEEDED`. Each step
 * is itself bounded by the size and array caps, so the overrun is bounded too.
 */
export const DEFAULT_MAX_WORK_MS = 10_000
