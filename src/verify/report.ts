/** The verification report: what `verify()` returns. JSON-serializable. */
import { type CredentialCheckId, type Issue, MicrocredError } from '../errors.js'

/** Every check, in the order `verify()` runs and reports them. */
export const CHECK_IDS: readonly CredentialCheckId[] = Object.freeze([
  'syntax', 'context', 'schema', 'eu-profile', 'proof', 'issuer-binding', 'validity', 'status', 'endorsements', 'credentials', 'recipient',
])

/** The outcome of one check. */
export interface CheckResult {
  id: CredentialCheckId
  status: 'passed' | 'failed' | 'skipped'
  /** Why the check was skipped (or, for a pass, what it established). */
  reason?: string
}

/**
 * What `verify()` returns. `verified` is true when no check failed. Every check is listed, skipped ones
 * too; `issues` holds every problem found, each with a stable code, a JSON path and the check that found it.
 */
export interface VerificationReport {
  verified: boolean
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
  /**
   * Reports of credentials verified inside this one, with where they sit: embedded endorsements, the credentials
   * a CLR bundles, status list credentials.
   */
  nested?: Array<{ path: string; report: VerificationReport }>
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
export function assertVerified(report: VerificationReport): asserts report is VerificationReport & { verified: true; credential: Record<string, unknown> } {
  if (report === null || typeof report !== 'object' || !Array.isArray(report.issues)) {
    throw new TypeError('assertVerified(report): not a verification report')
  }
  if (report.verified) return
  const errors = report.issues.filter((issue) => issue.severity !== 'warning')
  if (errors.length > 0) throw MicrocredError.fromIssues(errors)
  const failed = report.checks.filter((check) => check.status === 'failed').map((check) => check.id)
  throw new MicrocredError('ERR_NOT_VERIFIED', `the credential is not verified (failed checks: ${failed.join(', ') || 'none'})`)
}
