/**
 * Errors and issue codes.
 *
 * Builders and `issue()` throw {@link MicrocredError}; `verify()` and `validateCredential()` return
 * {@link Issue}s carrying the same codes. Codes are stable: they are part of the public contract and may be
 * matched on by callers. A caller's programming mistake (an argument of the wrong type) throws a plain
 * `TypeError` instead.
 *
 * @packageDocumentation
 */

/**
 * Every code microcred can emit, with what it means.
 *
 * | Code | Meaning |
 * | --- | --- |
 * | `ERR_EU_ELEMENT_MISSING` | A mandatory EU micro-credential element (Council Recommendation 2022/C 243/02, Annex I) is absent. |
 * | `ERR_LEARNER_NAME_MISSING` | A batch roster row names no learner (an empty `name` cell, or no `name` column): a warning in the batch manifest's `warnings`; the row is issued without a name (Open Badges 3.0 makes it optional). |
 * | `ERR_EU_VALUE_INVALID` | An EU element is present but not in the form the EU profile requires (e.g. not an EU vocabulary IRI). |
 * | `ERR_INVALID_INPUT` | A builder input value is present but invalid (EQF 9, negative ECTS, unknown country, bad date...). |
 * | `ERR_INPUT_REQUIRED` | A field the input needs is absent or `null` (a stack's `name`, a learning outcome's `text`, a status list's `id`...); `path` names it. Mandatory EU elements are `ERR_EU_ELEMENT_MISSING` instead. |
 * | `ERR_INPUT_UNKNOWN_MEMBER` | The input has a member its type does not have, usually a typo (`learningOutcome` for `learningOutcomes`); `path` names it and the message suggests the closest known name. |
 * | `ERR_INPUT_TOO_LARGE` | The input exceeds the size cap (default 1 MiB). |
 * | `ERR_SYNTAX` | Not JSON, not a JSON object, or not a credential at all. |
 * | `ERR_CONTEXT_UNKNOWN` | An `@context` URL that is neither bundled nor allowed by the caller; nothing is fetched. |
 * | `ERR_CONTEXT_INVALID` | The `@context` list is malformed (missing, wrong first entry, wrong value type). |
 * | `ERR_CONTEXT_INLINE` | An inline `@context` object other than microcred's own EU context. |
 * | `ERR_JSONLD_UNDEFINED_TERM` | A property that no context defines (JSON-LD safe mode drops it, so it would not be signed). |
 * | `ERR_JSONLD_UNDEFINED_TYPE` | A `type` value that no context defines. |
 * | `ERR_JSONLD_RELATIVE_IRI` | An `id` or IRI-typed value that is not an absolute IRI. |
 * | `ERR_JSONLD_PROTECTED_TERM` | A context tries to redefine a protected term. |
 * | `ERR_JSONLD_INVALID` | Any other JSON-LD processing error (invalid keyword value, malformed context...). |
 * | `ERR_CANONICALIZATION_LIMIT` | RDF canonicalization exceeded its work cap (a "poison graph"). |
 * | `ERR_SCHEMA_REQUIRED` | JSON Schema: a required property is missing. |
 * | `ERR_SCHEMA_TYPE` | JSON Schema: a value has the wrong JSON type (e.g. a string where an object is required). |
 * | `ERR_SCHEMA_VALUE` | JSON Schema: a value is of the right type but not allowed (enum, pattern, format, range, array content). |
 * | `ERR_SCHEMA_ADDITIONAL_PROPERTY` | JSON Schema: a property that the schema does not allow. |
 * | `ERR_PROOF_MISSING` | The credential has no proof. |
 * | `ERR_PROOF_UNSUPPORTED` | No proof is of a supported type / cryptosuite. |
 * | `ERR_PROOF_INVALID` | A proof of a supported type does not verify (tampered data, wrong key, malformed proof). |
 * | `ERR_KEY_UNRESOLVED` | The verification method could not be resolved (unknown DID method, no `fetch` given, not found). |
 * | `ERR_KEY_INVALID` | A key (to import, or resolved for verification) is malformed or of the wrong algorithm. |
 * | `ERR_ISSUER_KEY_MISMATCH` | The signing key is not controlled by the credential's issuer. |
 * | `ERR_SIGNING_FAILED` | The signer (for example a KMS) failed or returned an invalid signature. |
 * | `ERR_NOT_YET_VALID` | `validFrom` (VC 1.1: `issuanceDate`) is in the future. |
 * | `ERR_EXPIRED` | `validUntil` (VC 1.1: `expirationDate`) is in the past. |
 * | `ERR_NOT_VERIFIED` | `assertVerified()` on a report that has no issue but is not verified. |
 * | `ERR_FETCH_REFUSED` | `safeFetch()` refused a URL: not https, a non-public address (also after DNS or a redirect), too many redirects. |
 * | `ERR_FETCH_FAILED` | A fetch failed: network error, time-out, HTTP error status, oversize or non-JSON body. |
 * | `ERR_JWT_INVALID` | A VC-JWT is malformed or breaks the OB 3.0 header rules (extra header member, `alg: none`, no key, `typ` not `JWT`). |
 * | `ERR_JWT_CLAIM_MISMATCH` | A VC-JWT claim (`iss`, `jti`, `sub`, `nbf`, `exp`) does not equal the credential property it mirrors. |
 * | `ERR_ENDORSEMENT_INVALID` | An embedded endorsement (`endorsement` / `endorsementJwt`) does not verify. |
 * | `ERR_RECIPIENT_MISMATCH` | The credential is not about the expected recipient. |
 * | `ERR_HOLDER_MISMATCH` | A presentation's proof was not made with a key of its holder. |
 * | `ERR_CHALLENGE_MISMATCH` | A presentation's proof does not carry the expected `challenge`. |
 * | `ERR_DOMAIN_MISMATCH` | A presentation's proof does not carry the expected `domain`. |
 * | `ERR_CREDENTIAL_INVALID` | A credential inside a presentation or a CLR does not verify. |
 * | `ERR_STATUS_LIST_UNKNOWN` | The store has no status list with that id. |
 * | `ERR_STATUS_LIST_EXISTS` | The store already has a status list with that id: open it (`openStatusList`), or use `openOrCreateStatusList`; from `openOrCreateStatusList`, the list exists with another purpose or status size (`path`: `purpose` or `statusSize`). |
 * | `ERR_STATUS_LIST_FULL` | Every index of a status list has been handed out. |
 * | `ERR_STATUS_ENTRY_UNKNOWN` | A status list index that is not an entry of the list (out of its range), or one never handed out, so no credential carries it (`path`: `index`). |
 * | `ERR_STATUS_UNAVAILABLE` | A status list could not be obtained (unreachable, no fetch given, not found, expired): the check fails closed. |
 * | `ERR_STATUS_LIST_INVALID` | A status list credential is malformed, does not verify (tampered), or its list is not a valid encoded bitstring. |
 * | `ERR_STATUS_ISSUER_MISMATCH` | A status list credential was issued by someone other than the credential's issuer. |
 * | `ERR_STATUS_PURPOSE_MISMATCH` | The status list's purpose is not the one the credential's status entry names. |
 * | `ERR_REVOKED` | The credential is revoked. |
 * | `ERR_SUSPENDED` | The credential is suspended. |
 * | `ERR_STATUS_MESSAGE` | A message-purpose status list carries a status for the credential (reported as a warning). |
 * | `ERR_IMAGE_INVALID` | A PNG or SVG image is malformed or truncated (bad signature, chunk or checksum; XML that does not parse), or carries more than one baked credential. |
 * | `ERR_NOT_BAKED` | An image carries no baked credential. |
 * | `ERR_OB2_ASSERTION` | A baked image carries an Open Badges 2.0 assertion, not an OB 3.0 credential. |
 * | `ERR_ENDORSEMENT_SUBJECT` | An endorsement is about another entity than the one carrying it (a warning in reports: OB 3.0 allows it; the builder refuses it). |
 * | `ERR_LEARNER_MISMATCH` | Credentials that must be about one learner (bundled in a CLR, counted toward a stack) name someone else, or cannot be shown to name the learner. |
 * | `ERR_STACK_NOT_MET` | A stack's requirements are not met, so it cannot be issued. |
 * | `ERR_LOCKED` | A status list file or a batch output folder is locked by another live process (that kept it past the wait). |
 * | `ERR_DATA_MODEL` | A rule of the W3C VC Data Model (2.0, or 1.1 for VC 1.1 credentials) is broken: a missing `type`, an issuer that is not a URL, `validUntil` before `validFrom`, a `relatedResource` without a digest... The message names the rule. |
 * | `ERR_DIGEST_MISMATCH` | A `relatedResource` digest (`digestSRI` / `digestMultibase`) does not match the resource (VC Data Model 2.0 §5.3). |
 * | `ERR_RELATED_RESOURCE_UNVERIFIED` | A `relatedResource` digest could not be checked: the resource is not bundled and nothing is fetched (a warning unless the policy is strict). |
 * | `ERR_SCHEMA_UNAVAILABLE` | The credential names a `credentialSchema` of a kind microcred checks (`1EdTechJsonSchemaValidator2019`) that is not bundled, so its conformance could not be checked (a warning unless the policy is strict). |
 * | `ERR_STATUS_LIST_ID_MISMATCH` | The status list credential's `id` is not the URL it was fetched from (a warning: Bitstring Status List §2.2 makes the match optional). |
 * | `ERR_BUDGET_EXCEEDED` | A verification spent its budget (`maxFetches` fetches, `maxWorkMs` of work, or the credentials it may verify inside one): what remained was not checked, and the credential is not verified. |
 * | `ERR_UNAVAILABLE` | The service cannot answer now (HTTP 503, retry later): the request took longer than its time limit (its verification or issuing was stopped), or every service thread is busy. |
 * | `ERR_INTERNAL` | A check failed unexpectedly (a bug, or a library failing on odd input); the credential is not verified. From a signing pool: one of its threads failed or stopped. From the service: a request it failed to handle (HTTP 500). |
 * | `ERR_POOL_CLOSED` | A signing pool (`openIssuingPool()`) was closed: its `issueMany()` calls still waiting reject, and new ones are refused. |
 * | `ERR_DEPENDENCY_MISSING` | An optional package a feature needs is not installed: `microcred/server` needs Fastify and its plugins (optional peer dependencies). The message is the `npm install` line that adds them. |
 * | `ERR_UNAUTHORIZED` | The service: the issue or status endpoint was called without a valid access token (HTTP 401), or a service without authorization was called from off the machine. |
 * | `ERR_NOT_FOUND` | The service: no such endpoint or status list (HTTP 404). |
 * | `ERR_RATE_LIMITED` | The service: too many verify requests from one client in the rate limit's window (HTTP 429). |
 * | `ERR_UNSUPPORTED_MEDIA_TYPE` | The service: a request body of a type the endpoint does not take (HTTP 415). |
 */
export const ERROR_CODES = [
  'ERR_EU_ELEMENT_MISSING',
  'ERR_EU_VALUE_INVALID',
  'ERR_INVALID_INPUT',
  'ERR_INPUT_TOO_LARGE',
  'ERR_SYNTAX',
  'ERR_CONTEXT_UNKNOWN',
  'ERR_CONTEXT_INVALID',
  'ERR_CONTEXT_INLINE',
  'ERR_JSONLD_UNDEFINED_TERM',
  'ERR_JSONLD_UNDEFINED_TYPE',
  'ERR_JSONLD_RELATIVE_IRI',
  'ERR_JSONLD_PROTECTED_TERM',
  'ERR_JSONLD_INVALID',
  'ERR_CANONICALIZATION_LIMIT',
  'ERR_SCHEMA_REQUIRED',
  'ERR_SCHEMA_TYPE',
  'ERR_SCHEMA_VALUE',
  'ERR_SCHEMA_ADDITIONAL_PROPERTY',
  'ERR_PROOF_MISSING',
  'ERR_PROOF_UNSUPPORTED',
  'ERR_PROOF_INVALID',
  'ERR_KEY_UNRESOLVED',
  'ERR_KEY_INVALID',
  'ERR_ISSUER_KEY_MISMATCH',
  'ERR_SIGNING_FAILED',
  'ERR_NOT_YET_VALID',
  'ERR_EXPIRED',
  'ERR_NOT_VERIFIED',
  'ERR_FETCH_REFUSED',
  'ERR_FETCH_FAILED',
  'ERR_JWT_INVALID',
  'ERR_JWT_CLAIM_MISMATCH',
  'ERR_ENDORSEMENT_INVALID',
  'ERR_RECIPIENT_MISMATCH',
  'ERR_HOLDER_MISMATCH',
  'ERR_CHALLENGE_MISMATCH',
  'ERR_DOMAIN_MISMATCH',
  'ERR_CREDENTIAL_INVALID',
  'ERR_STATUS_LIST_UNKNOWN',
  'ERR_STATUS_LIST_EXISTS',
  'ERR_STATUS_LIST_FULL',
  'ERR_STATUS_UNAVAILABLE',
  'ERR_STATUS_LIST_INVALID',
  'ERR_STATUS_ISSUER_MISMATCH',
  'ERR_STATUS_PURPOSE_MISMATCH',
  'ERR_REVOKED',
  'ERR_SUSPENDED',
  'ERR_STATUS_MESSAGE',
  'ERR_IMAGE_INVALID',
  'ERR_NOT_BAKED',
  'ERR_OB2_ASSERTION',
  'ERR_LOCKED',
  'ERR_ENDORSEMENT_SUBJECT',
  'ERR_LEARNER_MISMATCH',
  'ERR_STACK_NOT_MET',
  'ERR_DATA_MODEL',
  'ERR_DIGEST_MISMATCH',
  'ERR_RELATED_RESOURCE_UNVERIFIED',
  'ERR_SCHEMA_UNAVAILABLE',
  'ERR_STATUS_LIST_ID_MISMATCH',
  'ERR_BUDGET_EXCEEDED',
  'ERR_UNAVAILABLE',
  'ERR_INTERNAL',
  'ERR_LEARNER_NAME_MISSING',
  'ERR_POOL_CLOSED',
  'ERR_UNAUTHORIZED',
  'ERR_NOT_FOUND',
  'ERR_RATE_LIMITED',
  'ERR_UNSUPPORTED_MEDIA_TYPE',
  'ERR_INPUT_REQUIRED',
  'ERR_INPUT_UNKNOWN_MEMBER',
  'ERR_STATUS_ENTRY_UNKNOWN',
  'ERR_DEPENDENCY_MISSING',
] as const

/** One of {@link ERROR_CODES}. */
export type MicrocredErrorCode = (typeof ERROR_CODES)[number]

/** The checks of a credential's verification report, in the order they run. */
export type CredentialCheckId =
  | 'syntax'
  | 'context'
  | 'data-model'
  | 'schema'
  | 'eu-profile'
  | 'proof'
  | 'issuer-binding'
  | 'validity'
  | 'status'
  | 'endorsements'
  | 'credentials'
  | 'recipient'

/** The checks of a presentation's verification report. */
export type PresentationCheckId = 'syntax' | 'context' | 'data-model' | 'proof' | 'holder-binding' | 'credentials'

/** The check that found an issue: a credential check or a presentation check. */
export type CheckId = CredentialCheckId | PresentationCheckId

/**
 * One problem found in a credential: what (a stable `code`), where (`path`, a JSON path from the credential
 * root such as `credentialSubject.achievement.image`) and by which check.
 *
 * @example
 * ```ts
 * const issues = await validateCredential(credential)
 * for (const { code, path, message } of issues) console.log(`${code} at ${path ?? '(root)'}: ${message}`)
 * ```
 */
export interface Issue {
  /** Stable machine-readable code. */
  code: MicrocredErrorCode
  /** Human-readable explanation of what is wrong and, where possible, what to do. */
  message: string
  /** JSON path of the offending value from the credential root; absent for the credential as a whole. */
  path?: string
  /** The verification check that found the issue. */
  check: CheckId
  /** `'warning'` for an issue that does not make the check fail; absent for errors. */
  severity?: 'warning'
}

/** Options of the {@link MicrocredError} constructor. */
export interface MicrocredErrorOptions {
  /** JSON path of the offending field. */
  path?: string | undefined
  /** Every issue found, when the error summarises a failed validation. */
  issues?: readonly Issue[] | undefined
  /** The underlying error, kept for debugging (never shown in `message`). */
  cause?: unknown
}

/**
 * The error microcred throws for bad input: a stable {@link MicrocredErrorCode}, the JSON `path` of the
 * offending field and, when a whole credential was validated, every issue found.
 *
 * @example
 * ```ts
 * try {
 *   createMicroCredential({ ...input, level: { eqf: 9 } })
 * } catch (error) {
 *   if (error instanceof MicrocredError && error.code === 'ERR_INVALID_INPUT') {
 *     console.error(error.path) // 'level.eqf'
 *   }
 * }
 * ```
 */
export class MicrocredError extends Error {
  /** Always `'MicrocredError'`. */
  override readonly name = 'MicrocredError'
  /** Stable machine-readable code. */
  readonly code: MicrocredErrorCode
  /** JSON path of the offending field, when there is one. */
  readonly path: string | undefined
  /** Every issue found, when this error summarises a validation (the first one gives `code` and `path`). */
  readonly issues: readonly Issue[]

  constructor(code: MicrocredErrorCode, message: string, options: MicrocredErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.path = options.path
    this.issues = options.issues ?? []
  }

  /**
   * Builds the error that summarises a list of issues: its code, path and message are the first issue's.
   *
   * @example
   * ```ts
   * const issues = await validateCredential(credential)
   * if (issues.length > 0) throw MicrocredError.fromIssues(issues)
   * ```
   */
  static fromIssues(issues: readonly Issue[]): MicrocredError {
    const [first] = issues
    if (first === undefined) throw new TypeError('MicrocredError.fromIssues() needs at least one issue')
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : ''
    const where = first.path === undefined || first.path === '' ? '' : ` at ${first.path}`
    return new MicrocredError(first.code, `${first.message}${where}${more}`, { path: first.path, issues })
  }
}

/**
 * Type guard for {@link MicrocredError}, also across module copies (ESM and CommonJS builds loaded together).
 *
 * @example
 * ```ts
 * if (isMicrocredError(error)) console.error(error.code, error.path)
 * ```
 */
export function isMicrocredError(value: unknown): value is MicrocredError {
  return (
    value instanceof MicrocredError ||
    (value instanceof Error &&
      value.name === 'MicrocredError' &&
      typeof (value as { code?: unknown }).code === 'string')
  )
}
