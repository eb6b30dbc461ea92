import type { CredentialCheckId } from '../errors.js'
import { defaultDocumentLoader } from '../context/loader.js'
import { createKeyResolver, type KeyResolver } from '../keys/resolve.js'
import { assertOptions } from '../util/json.js'
import { DEFAULT_MAX_FETCHES, DEFAULT_MAX_WORK_MS, MAX_NESTED_VERIFICATIONS } from '../limits.js'
import { isMicrocredError } from '../errors.js'
import { VerificationBudget } from './budget.js'
import { VALIDATION_PROFILES } from '../schema/validate.js'
import { checkContext } from './checks/context.js'
import { checkDataModel } from './checks/data-model.js'
import { checkEuProfile } from './checks/eu-profile.js'
import { checkIssuerBinding } from './checks/issuer-binding.js'
import { checkProof } from './checks/proof.js'
import { checkSchema } from './checks/schema.js'
import { parseInput } from './checks/syntax.js'
import { checkValidity } from './checks/validity.js'
import { checkEndorsements } from './checks/endorsements.js'
import { checkRecipient } from './checks/recipient.js'
import { checkBundledCredentials } from './checks/credentials.js'
import { checkStatus } from './checks/status.js'
import type { VerifyOptions } from './options.js'
import type { ProofOutcome } from '../proof/verify.js'
import { CHECK_IDS, REQUIRED_CHECKS, type CheckResult, type ProofResult, type VerificationReport } from './report.js'
import { asErrors, fromIssues, skipped, type CheckOutcome, type VerificationState } from './state.js'

type Check = (state: VerificationState) => CheckOutcome | Promise<CheckOutcome>

/** The checks after `syntax`, in order. Each reads what earlier ones left in the state. */
const CHECKS: readonly [Exclude<CredentialCheckId, 'syntax'>, Check][] = [
  ['context', checkContext],
  ['data-model', checkDataModel],
  ['schema', checkSchema],
  ['eu-profile', checkEuProfile],
  ['proof', checkProof],
  ['issuer-binding', checkIssuerBinding],
  ['validity', checkValidity],
  ['status', checkStatus],
  ['endorsements', checkEndorsements],
  ['credentials', checkBundledCredentials],
  ['recipient', checkRecipient],
]

/**
 * How deep credentials inside credentials are verified: a CLR (0) bundles a credential (1), which carries an
 * endorsement (2), whose status list (3) is still checked.
 */
const MAX_NESTING = 3

/**
 * Verifies a credential and reports on every check. Never throws because of the credential: a bad credential
 * gives a report with `verified: false`, each check `passed`, `failed` or `skipped` (with a reason), and every
 * issue with a stable code and JSON path. Offline by default.
 *
 * `verified` means authentic: the input was read (syntax, contexts in JSON-LD safe mode, the VC Data Model's rules),
 * a proof verified with a key bound to the issuer (`report.proofUsed`; every proof is in `report.proofs`), the
 * credential is inside its validity window and no status entry says revoked or suspended. Conformance findings no
 * standard makes a verifier's MUST (the OB 3.0 schema of a credential that does not declare it, the EU profile, a
 * status list hosted elsewhere, an endorsement that does not verify...) are issues with `severity: 'warning'`;
 * `policy: 'strict'` makes every one a failure. Any W3C VC Data Model 2.0 or 1.1 credential is verified; `profile`
 * says which rules apply beyond the data model's (default `'auto'`: the OB 3.0 rules for Open Badges).
 *
 * Accepts a credential object, its JSON text or UTF-8 bytes of it, a VC-JWT, or a baked badge image: PNG bytes,
 * SVG bytes or SVG text (OB 3.0 §"Baked Badge"). An image is opened first (capped by `maxImageBytes`, default
 * 16 MiB) and the credential inside is verified as if it had been given; `report.baked` says which image it came
 * from. A damaged image fails the `syntax` check with `ERR_IMAGE_INVALID`, one with nothing baked with
 * `ERR_NOT_BAKED`, one carrying an Open Badges 2.0 assertion with `ERR_OB2_ASSERTION`.
 *
 * @example
 * ```ts
 * import { verify } from 'microcred'
 *
 * const report = await verify(signedCredential) // or verify(await readFile('badge.png'))
 * const warnings = report.issues.filter((issue) => issue.severity === 'warning')
 * const strict = await verify(signedCredential, { policy: 'strict' }) // for a conformance check in CI
 * if (!report.verified) {
 *   for (const issue of report.issues) console.log(issue.check, issue.code, issue.path, issue.message)
 * }
 * ```
 */
export async function verify(input: unknown, options: VerifyOptions = {}): Promise<VerificationReport> {
  return verifyWith(input, options, false)
}

/**
 * Verifies a self-asserted credential inside a presentation (VC Data Model 2.0 §4.13.4): one with no proof of its own
 * whose issuer is the presentation's holder, secured by the presentation's proof. `holderProof` is that proof's
 * outcome: its key must then bind to the credential's issuer as any proof's key would. Internal.
 */
export async function verifySelfAsserted(
  input: unknown,
  options: VerifyOptions,
  holderProof: ProofOutcome,
  budget: VerificationBudget,
): Promise<VerificationReport> {
  return verifyWith(input, options, holderProof, budget)
}

/**
 * Verifies a credential inside a presentation within the presentation's budget (one budget for the presentation and
 * every credential in it). `options.resolver` must already fetch within that budget. Internal.
 */
export async function verifyWithin(
  input: unknown,
  options: VerifyOptions,
  budget: VerificationBudget,
): Promise<VerificationReport> {
  return verifyWith(input, options, false, budget)
}

/**
 * The budget of a verification with these options (see `maxFetches`, `maxWorkMs`), starting now.
 *
 * @throws TypeError for a `maxFetches` or `maxWorkMs` that is not a non-negative number.
 */
export function budgetOf(
  options: Pick<VerifyOptions, 'maxFetches' | 'maxWorkMs' | 'signal'>,
  where: string,
): VerificationBudget {
  for (const name of ['maxFetches', 'maxWorkMs'] as const) {
    const value = options[name]
    if (value !== undefined && (typeof value !== 'number' || Number.isNaN(value) || value < 0)) {
      throw new TypeError(`${where}: options.${name} must be a non-negative number, not ${JSON.stringify(value)}`)
    }
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal))
    throw new TypeError(`${where}: options.signal must be an AbortSignal`)
  return new VerificationBudget(
    {
      maxFetches: options.maxFetches ?? DEFAULT_MAX_FETCHES,
      maxWorkMs: options.maxWorkMs ?? DEFAULT_MAX_WORK_MS,
      maxNested: MAX_NESTED_VERIFICATIONS,
    },
    options.signal,
  )
}

/** A report for a credential left unverified because the budget is spent (`error` says which part). */
export function overBudgetReport(message: string): VerificationReport {
  const results = new Map<CredentialCheckId, CheckOutcome>([
    ['syntax', { status: 'failed', issues: [{ code: 'ERR_BUDGET_EXCEEDED', check: 'syntax', message }] }],
  ])
  for (const [id] of CHECKS) results.set(id, skipped('not verified (see the syntax check)'))
  return report('ldp', undefined, results)
}

async function verifyWith(
  input: unknown,
  options: VerifyOptions,
  holderProof: ProofOutcome | false,
  given?: VerificationBudget,
): Promise<VerificationReport> {
  assertOptions(options, 'verify(input, options)')
  const budget = given ?? budgetOf(options, 'verify(input, options)')
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- options come from callers: JavaScript may pass any policy
  if (options.policy !== undefined && options.policy !== 'default' && options.policy !== 'strict') {
    throw new TypeError(
      `verify(input, options): options.policy must be 'default' or 'strict', not ${JSON.stringify(options.policy)}`,
    )
  }
  if (options.profile !== undefined && !VALIDATION_PROFILES.includes(options.profile)) {
    throw new TypeError(
      `verify(input, options): options.profile must be one of ${VALIDATION_PROFILES.join(', ')}, not ${JSON.stringify(options.profile)}`,
    )
  }
  const resolver =
    options.resolver ??
    (options.fetch === undefined ? offlineResolver() : createKeyResolver({ fetch: budget.limitFetch(options.fetch) }))
  // The holder's proof stands in for a credential's own only when verifySelfAsserted() says so, never because a
  // caller's options object happens to carry one.
  const { holderProof: _fromCaller, ...callerOptions } = options as InternalOptions
  return verifyAt(input, { ...callerOptions, resolver, ...(holderProof === false ? {} : { holderProof }) }, 0, budget)
}

/** What the checks of one verification are given: the caller's options, the resolver, and (inside a presentation) the holder's proof. */
type InternalOptions = VerifyOptions & { resolver: KeyResolver; holderProof?: ProofOutcome }

let offline: KeyResolver | undefined

/** The resolver of verifications without a fetch: did:key and did:jwk only, which nothing but the DID decides, so one is shared. */
function offlineResolver(): KeyResolver {
  offline ??= createKeyResolver()
  return offline
}

async function verifyAt(
  input: unknown,
  options: InternalOptions,
  depth: number,
  budget: VerificationBudget,
): Promise<VerificationReport> {
  const results = new Map<CredentialCheckId, CheckOutcome>()
  let parsed: ReturnType<typeof parseInput>
  try {
    parsed = parseInput(input, options)
  } catch (error) {
    // Only a value no JSON could be (a Proxy whose traps throw, a throwing getter) gets here: still a report.
    parsed = {
      format: 'ldp',
      status: 'failed',
      issues: [
        {
          code: 'ERR_SYNTAX',
          check: 'syntax',
          message: `the input could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    }
  }
  results.set('syntax', parsed)

  if (parsed.credential === undefined) {
    for (const [id] of CHECKS) results.set(id, skipped('the input is not a readable credential (see the syntax check)'))
    return report(parsed.format, undefined, results, [], parsed.baked, options.policy)
  }

  const state: VerificationState = {
    options,
    credential: parsed.credential,
    documentLoader: options.documentLoader ?? defaultDocumentLoader,
    resolver: options.resolver,
    budget,
    now: options.now ?? new Date(),
    format: parsed.format,
    results,
    ...(parsed.jwt === undefined ? {} : { jwt: parsed.jwt }),
    ...(options.holderProof === undefined ? {} : { holderProof: options.holderProof }),
    nested: [],
    ...(depth < MAX_NESTING
      ? {
          // No recipient check inside: an endorsement is about the credential, not its learner, and the check
          // that verifies a CLR's credentials compares their learner with the CLR's itself.
          // Given `checks` replace the caller's: a status list is always verified in full, whatever the caller
          // turned off for the credential. Endorsements follow the caller's choice.
          verifyNested: async (nested: unknown, _path: string, checks?: VerifyOptions['checks']) => {
            if (budget.timeSpent) return overBudgetReport(budget.timeError('not verified').message)
            if (!budget.takeNested())
              return overBudgetReport(
                `not verified: one verification checks at most ${MAX_NESTED_VERIFICATIONS} credentials inside a credential (endorsements, bundled credentials, status lists)`,
              )
            const { expectedRecipient: _recipient, holderProof: _holderProof, ...inner } = options
            return verifyAt(nested, { ...inner, checks: checks ?? inner.checks }, depth + 1, budget)
          },
        }
      : {}),
  }
  const strict = options.policy === 'strict'
  for (const [id, check] of CHECKS) {
    if (options.checks?.[id] === false) {
      results.set(id, skipped('disabled by options.checks'))
      continue
    }
    let outcome: CheckOutcome
    if (budget.timeSpent) {
      outcome = {
        status: 'failed',
        issues: [
          { code: 'ERR_BUDGET_EXCEEDED', check: id, message: budget.timeError(`the ${id} check was not run`).message },
        ],
      }
    } else {
      try {
        outcome = await check(state)
      } catch (error) {
        outcome =
          isMicrocredError(error) && error.code === 'ERR_BUDGET_EXCEEDED'
            ? { status: 'failed', issues: [{ code: error.code, check: id, message: error.message }] }
            : {
                status: 'failed',
                issues: [
                  {
                    code: 'ERR_INTERNAL',
                    check: id,
                    message: `the ${id} check could not complete: ${error instanceof Error ? error.message : String(error)}`,
                  },
                ],
              }
      }
    }
    results.set(id, strict ? withWarningsAsErrors(outcome) : outcome)
  }
  const proofOutcome = results.get('proof')
  if (state.proofUsed === undefined && proofOutcome?.status === 'passed')
    results.set('proof', withFailedProofsAsErrors(proofOutcome, state))
  return report(
    parsed.format,
    parsed.credential,
    results,
    state.nested,
    parsed.baked,
    options.policy,
    proofResults(state),
    state.proofUsed,
  )
}

/**
 * A proof that failed beside a verified one is a warning only while another proof carries the verdict. When none of the
 * verified proofs is bound to the issuer, nothing does: the failures are the credential's problem again (a credential
 * changed after the issuer signed it and re-signed by someone else fails for its broken proof, not only its binding).
 */
function withFailedProofsAsErrors(outcome: CheckOutcome, state: VerificationState): CheckOutcome {
  const failures = (state.proofs ?? []).flatMap((o) =>
    o.status === 'failed' && o.issue !== undefined ? [o.issue] : [],
  )
  if (failures.length === 0) return outcome
  const failedPaths = new Set(failures.map((issue) => issue.path))
  const rest = outcome.issues.filter(
    (issue) =>
      !(
        issue.severity === 'warning' &&
        issue.code === failures.find((f) => f.path === issue.path)?.code &&
        failedPaths.has(issue.path)
      ),
  )
  return fromIssues([...failures, ...rest])
}

/** The strict policy: every warning is an error, and a check with one fails. */
function withWarningsAsErrors(outcome: CheckOutcome): CheckOutcome {
  if (!outcome.issues.some((issue) => issue.severity === 'warning')) return outcome
  return fromIssues(asErrors(outcome.issues))
}

function bindingOf(state: VerificationState, index: number): { bound?: boolean } {
  const bound = state.bound?.get(index)
  return bound === undefined ? {} : { bound }
}

function proofResults(state: VerificationState): ProofResult[] {
  return (state.proofs ?? []).map((outcome) => ({
    index: outcome.index,
    type: outcome.type,
    ...(outcome.cryptosuite === undefined ? {} : { cryptosuite: outcome.cryptosuite }),
    ...(outcome.verificationMethod === undefined ? {} : { verificationMethod: outcome.verificationMethod }),
    status: outcome.status,
    ...bindingOf(state, outcome.index),
  }))
}

function report(
  format: VerificationReport['format'],
  credential: Record<string, unknown> | undefined,
  results: Map<CredentialCheckId, CheckOutcome>,
  nested: VerificationReport['nested'] = [],
  baked?: VerificationReport['baked'],
  policy: VerifyOptions['policy'] = 'default',
  proofs: ProofResult[] = [],
  proofUsed?: number,
): VerificationReport {
  const checks: CheckResult[] = CHECK_IDS.map((id) => {
    const outcome = results.get(id) ?? skipped('not run')
    return { id, status: outcome.status, ...(outcome.reason === undefined ? {} : { reason: outcome.reason }) }
  })
  const issues = CHECK_IDS.flatMap((id) => results.get(id)?.issues ?? [])
  const status = (id: CredentialCheckId) => checks.find((check) => check.id === id)?.status
  return {
    // One honest verdict: read, a proof verified with a key bound to the issuer, and nothing failed.
    verified:
      proofUsed !== undefined &&
      REQUIRED_CHECKS.every((id) => status(id) === 'passed') &&
      checks.every((check) => check.status !== 'failed'),
    policy,
    format,
    ...(baked === undefined ? {} : { baked }),
    ...(credential === undefined ? {} : { credential }),
    checks,
    issues,
    proofs,
    ...(proofUsed === undefined ? {} : { proofUsed }),
    ...(nested.length === 0 ? {} : { nested }),
  }
}
