import type { CredentialCheckId } from '../errors.js'
import type { DocumentLoader } from '../context/loader.js'
import type { KeyResolver } from '../keys/resolve.js'
import type { FetchLike } from '../net/fetch-json.js'

/** Who the credential is expected to be about: an id, an e-mail address, or any identifier with its type. */
export type ExpectedRecipient = string | { value: string; identityType?: string }
/**
 * How conformance findings count. `'default'`: a finding that no standard makes a verifier's MUST (the OB 3.0 JSON
 * Schema of a credential that does not declare it, OB 3.0 value rules, the EU profile, a status list hosted under
 * another id or signed by another issuer, an embedded endorsement that does not verify...) is a warning, and the
 * verdict rests on authenticity. `'strict'`: every warning is a failure, as a conformance check in CI wants.
 */
export type VerificationPolicy = 'default' | 'strict'

/**
 * Which rules a credential is held to. `'auto'` (default): the OB 3.0 rules for Open Badges, endorsement and CLR
 * credentials (and the EU profile for EU micro-credentials), the VC Data Model rules alone for any other
 * credential. `'vc'`: the VC Data Model rules alone. `'ob3'`: the OB 3.0 rules whatever the type. `'eu'`: the OB 3.0
 * rules and the EU micro-credential profile. The VC Data Model rules apply under every profile.
 */
export type VerificationProfile = 'auto' | 'vc' | 'ob3' | 'eu'

/** Options of `verify()`. All optional; the defaults verify offline. */
export interface VerifyOptions {
  /** How conformance findings count: warnings (`'default'`) or failures (`'strict'`). See {@link VerificationPolicy}. */
  policy?: VerificationPolicy
  /** Which rules the credential is held to; default `'auto'`. See {@link VerificationProfile}. */
  profile?: VerificationProfile
  /**
   * Loader for contexts not bundled (listed in `allowedContexts`) and their documents; default: bundled only.
   * Nothing is ever fetched unless this (or `fetch`) says so.
   */
  documentLoader?: DocumentLoader
  /** Context URLs accepted besides the bundled ones (they must be loadable through `documentLoader`). */
  allowedContexts?: string[]
  /**
   * The only way anything is fetched: DID documents (did:web), https key and controller documents, the issuer's
   * JWKS. Without it only did:key and did:jwk keys resolve. On servers that verify credentials from strangers,
   * pass `safeFetch()`.
   */
  fetch?: FetchLike
  /** Resolves keys and issuers' documents; default `createKeyResolver({ fetch })`. */
  resolver?: KeyResolver
  /** The time to check validity against; default now. */
  now?: Date
  /** Tolerated clock difference in seconds for `validFrom` / `validUntil`; default 0. */
  clockSkewSeconds?: number
  /** Size cap of the credential in bytes (as given, or as baked in an image); default 1 MiB. */
  maxBytes?: number
  /**
   * Size cap of a baked badge image (PNG or SVG) given as input, in bytes; default 16 MiB
   * (`DEFAULT_MAX_IMAGE_BYTES`). The credential inside is capped by `maxBytes`.
   */
  maxImageBytes?: number
  /** Maximum nesting depth of the JSON; default 64. */
  maxDepth?: number
  /**
   * Cap on the fetches this verification makes through `fetch`, for the credential and everything verified through it
   * (keys, DID and controller documents, status lists, endorsers' keys); default 32 (`DEFAULT_MAX_FETCHES`). What
   * would need one more fails with `ERR_BUDGET_EXCEEDED`. A `resolver` you pass fetches on its own terms.
   */
  maxFetches?: number
  /**
   * Cap on the time this verification works, in milliseconds; default 10,000 (`DEFAULT_MAX_WORK_MS`). Checked before
   * each step (check, proof, nested credential, fetch) and cutting off fetches in flight: a step that cannot start in
   * time fails with `ERR_BUDGET_EXCEEDED`, so a credential too costly to verify is reported unverified, never late.
   */
  maxWorkMs?: number
  /**
   * Stops the verification when aborted, as a spent time budget does: steps not yet started fail with
   * `ERR_BUDGET_EXCEEDED` and fetches in flight are cut off. For a caller's own deadline (a request that went away).
   */
  signal?: AbortSignal
  /**
   * Who the credential should be about: its `credentialSubject.id`, or a plain value matched against its
   * `identifier` entries (hashed ones are hashed with their salt), optionally of one identity type
   * (`{ value: 'ada@example.org', identityType: 'email' }`).
   */
  expectedRecipient?: ExpectedRecipient
  /**
   * What an unobtainable status list means: `'fail'` (default: fail closed, `ERR_STATUS_UNAVAILABLE`) or
   * `'warn'` (the issue becomes a warning and the status check passes with it).
   */
  statusUnavailable?: 'fail' | 'warn'
  /**
   * Turn checks off (`{ status: false }`); a disabled check is reported as skipped. `syntax` always runs. Turning
   * off `context`, `data-model`, `proof` or `issuer-binding` leaves the credential unverified: `verified` is never
   * true unless its input was read and a proof verified with a key bound to the issuer.
   */
  checks?: Partial<Record<CredentialCheckId, boolean>>
}
