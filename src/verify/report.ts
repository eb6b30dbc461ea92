/** The verification report: what `verify()` returns. JSON-serializable. */
import { type CredentialCheckId, type Issue, MicrocredError } from '../errors.js'

/** Every check, in the order `verify()` runs and reports them. */
export const CHECK_IDS: readonly CredentialCheckId[] = Object.freeze([
  'syntax',
  'context',
  'data-model',
  'schema',
  'eu-profile',
  'proof',
  'issuer-binding',
  'validity',
  'status',
  'endorsements',
  'credentials',
  'recipient',
])

/** The outcome of one check. */
export interface CheckResult {
  id: CredentialCheckId
  status: 'passed' | 'failed' | 'skipped'
  /** Why the check was skipped (or, for a pass, what it established). */
  reason?: string
}

/**
 * The checks `verified` cannot do without: the input was read (`syntax`, `context`, `data-model`), a proof verified
 * (`proof`) and its key is the issuer's (`issuer-binding`). Turning one off leaves the credential unverified.
 */
export const REQUIRED_CHECKS: readonly CredentialCheckId[] = Object.freeze([
  'syntax',
  'context',
  'data-model',
  'proof',
  'issuer-binding',
])

/** What happened to one proof of the credential (every embedded proof is listed; a VC-JWT has one). */
export interface ProofResult {
  /** Position in the `proof` array (0 for a single proof object or a VC-JWT). */
  index: number
  /** The proof's `type` (`DataIntegrityProof`, `Ed25519Signature2020`...), or `JWT` for a VC-JWT. */
  type: string
  /** The Data Integrity cryptosuite, when there is one. */
  cryptosuite?: string
  /** The verification method the proof names (for a VC-JWT, the key it was checked with). */
  verificationMethod?: string
  /** `verified`: the signature checks out; `failed`: a supported proof that does not; `unsupported`: of a type microcred does not check (ignored). */
  status: 'verified' | 'failed' | 'unsupported'
  /** For a verified proof whose key was checked against the issuer: whether the key is the issuer's. */
  bound?: boolean
}

/**
 * What `verify()` returns. `verified` is true when the input was read, a proof verified with a key bound to the
 * issuer (`proofUsed` says which), and no check failed: the credential is inside its validity window, no status entry
 * says revoked or suspended, and (under the `'strict'` policy) no conformance finding was made. Every check is listed,
 * skipped ones too; `issues` holds every problem found, each with a stable code, a JSON path and the check that found
 * it. Issues with `severity: 'warning'` are conformance findings that do not affect the verdict under the default
 * policy.
 */
export interface VerificationReport {
  verified: boolean
  /** The policy the verdict was reached under. */
  policy: 'default' | 'strict'
  /** `ldp`: a JSON credential with an embedded proof; `jwt`: a VC-JWT. */
  format: 'ldp' | 'jwt'
  /**
   * Present when the input was a baked badge image: `'png'` or `'svg'`, the image the credential was extracted
   * from (or, when the syntax check failed, could not be).
   */
  baked?: 'png' | 'svg'
  /** The credential, once it could be parsed. */
  credential?: Record<string, unknown>
  checks: CheckResult[]
  issues: Issue[]
  /** Every proof's result, in the credential's order (empty when no proof was checked). */
  proofs: ProofResult[]
  /** The index (in `proofs`) of the proof the verdict rests on: verified, with its key bound to the issuer. */
  proofUsed?: number
  /**
   * Reports of credentials verified inside this one, with where they sit: embedded endorsements, the credentials
   * a CLR bundles, status list credentials.
   */
  nested?: { path: string; report: VerificationReport }[]
}

/**
 * Throws unless the report says verified. The error carries the first issue's code and path, and all issues.
 *
 * @example
 * ```ts
 * const report = await verify(credential)
 * assertVerified(report) // throws MicrocredError, e.g. code 'ERR_PROOF_INVALID'
 * ```
 */
export function assertVerified(
  report: VerificationReport,
): asserts report is VerificationReport & { verified: true; credential: Record<string, unknown> } {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the report comes from callers: JavaScript may pass anything
  if (report === null || typeof report !== 'object' || !Array.isArray(report.issues)) {
    throw new TypeError('assertVerified(report): not a verification report')
  }
  if (report.verified) return
  const errors = report.issues.filter((issue) => issue.severity !== 'warning')
  if (errors.length > 0) throw MicrocredError.fromIssues(errors)
  const failed = report.checks.filter((check) => check.status === 'failed').map((check) => check.id)
  throw new MicrocredError(
    'ERR_NOT_VERIFIED',
    `the credential is not verified (failed checks: ${failed.join(', ') || 'none'})`,
  )
}
