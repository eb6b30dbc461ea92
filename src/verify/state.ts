/** What the checks of one `verify()` run share. */
import type { DocumentLoader } from '../context/loader.js'
import type { Issue } from '../errors.js'
import type { KeyResolver } from '../keys/resolve.js'
import type { ProofOutcome } from '../proof/verify.js'
import type { DecodedJwt } from '../proof/jwt/verify-jwt.js'
import type { CheckResult, VerificationReport } from './report.js'
import type { VerifyOptions } from './options.js'
import type { VerificationBudget } from './budget.js'

/** The outcome of a check: its status, why (for skips), and the issues it found. */
export interface CheckOutcome {
  status: CheckResult['status']
  reason?: string
  issues: Issue[]
}

/** Shared state of one verification. */
export interface VerificationState {
  options: VerifyOptions
  credential: Record<string, unknown>
  documentLoader: DocumentLoader
  resolver: KeyResolver
  /** What the verification (with everything verified through it) may still spend. */
  budget: VerificationBudget
  now: Date
  /** `ldp` (embedded proofs) or `jwt`. */
  format: 'ldp' | 'jwt'
  /** Results of the checks that already ran. */
  results: Map<CheckResult['id'], CheckOutcome>
  /** Set by the proof check: every proof's outcome. */
  proofs?: ProofOutcome[]
  /** Set by the issuer-binding check: for each verified proof checked, whether its key is the issuer's (by index). */
  bound?: Map<number, boolean>
  /** Set by the issuer-binding check: the index of the verified, bound proof the verdict rests on. */
  proofUsed?: number
  /** The decoded VC-JWT, for format `jwt`. */
  jwt?: DecodedJwt
  /**
   * For a self-asserted credential inside a presentation (VC Data Model 2.0 §4.13.4): the presentation's verified
   * proof, which secures a credential that has none of its own.
   */
  holderProof?: ProofOutcome
  /**
   * Verifies a credential found inside or through this one (an endorsement, a status list), one level deeper,
   * optionally with some checks turned off; absent at the depth limit.
   */
  verifyNested?: (input: unknown, path: string, checks?: VerifyOptions['checks']) => Promise<VerificationReport>
  /** Reports of the credentials found inside this one. */
  nested: { path: string; report: VerificationReport }[]
}

export const passed = (reason?: string): CheckOutcome => ({
  status: 'passed',
  issues: [],
  ...(reason === undefined ? {} : { reason }),
})
export const skipped = (reason: string): CheckOutcome => ({ status: 'skipped', reason, issues: [] })
/** True when the proof check passed and a verified proof's key is bound to the issuer: only then is anything the credential names fetched or verified. */
export const authenticated = (state: VerificationState): boolean =>
  state.results.get('proof')?.status === 'passed' &&
  state.results.get('issuer-binding')?.status === 'passed' &&
  state.proofUsed !== undefined

/** The skip of a check that would fetch or verify what an unauthenticated credential names. */
export const notAuthenticated = (what: string): CheckOutcome =>
  skipped(
    `${what} not checked: nothing a credential names is fetched or verified until one of its proofs verifies with a key of its issuer`,
  )

/** The issues as warnings: conformance findings that do not affect the verdict unless the policy is strict. */
export const asWarnings = (issues: readonly Issue[]): Issue[] =>
  issues.map((issue) => ({ ...issue, severity: 'warning' }))

/** The issues as errors: what the strict policy makes of every warning. */
export const asErrors = (issues: readonly Issue[]): Issue[] =>
  issues.map(({ severity: _severity, ...issue }): Issue => issue)

/** Fails when any issue is an error; warnings alone pass. */
export const fromIssues = (issues: Issue[], passReason?: string): CheckOutcome =>
  issues.some((issue) => issue.severity !== 'warning')
    ? { status: 'failed', issues }
    : { status: 'passed', issues, ...(passReason === undefined ? {} : { reason: passReason }) }
