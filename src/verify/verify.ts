import type { CredentialCheckId, Issue } from '../errors.js'
import { defaultDocumentLoader } from '../context/loader.js'
import { createKeyResolver, type KeyResolver } from '../keys/resolve.js'
import { assertOptions } from '../util/json.js'
import { MAX_NESTED_VERIFICATIONS } from '../limits.js'
import { checkContext } from './checks/context.js'
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
import { CHECK_IDS, type CheckResult, type VerificationReport } from './report.js'
import { skipped, type CheckOutcome, type VerificationState } from './state.js'

type Check = (state: VerificationState) => CheckOutcome | Promise<CheckOutcome>

/** The checks after `syntax`, in order. Each reads what earlier ones left in the state. */
const CHECKS: ReadonlyArray<[Exclude<CredentialCheckId, 'syntax'>, Check]> = [
  ['context', checkContext],
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

/** The issue code a check reports when it fails unexpectedly (a bug, or a library failing on odd input). */
const FALLBACK_CODES: Readonly<Record<CredentialCheckId, Issue['code']>> = {
  syntax: 'ERR_SYNTAX',
  context: 'ERR_JSONLD_INVALID',
  schema: 'ERR_SCHEMA_VALUE',
  'eu-profile': 'ERR_EU_VALUE_INVALID',
  proof: 'ERR_PROOF_INVALID',
  'issuer-binding': 'ERR_ISSUER_KEY_MISMATCH',
  validity: 'ERR_SCHEMA_VALUE',
  status: 'ERR_STATUS_UNAVAILABLE',
  endorsements: 'ERR_PROOF_INVALID',
  credentials: 'ERR_CREDENTIAL_INVALID',
  recipient: 'ERR_SCHEMA_VALUE',
}

/**
 * Verifies a credential and reports on every check. Never throws because of the credential: a bad credential
 * gives a report with `verified: false`, each check `passed`, `failed` or `skipped` (with a reason), and every
 * issue with a stable code and JSON path. Offline by default.
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
 * if (!report.verified) {
 *   for (const issue of report.issues) console.log(issue.check, issue.code, issue.path, issue.message)
 * }
 * ```
 */
export async function verify(input: unknown, options: VerifyOptions = {}): Promise<VerificationReport> {
  assertOptions(options, 'verify(input, options)')
  const resolver = options.resolver ?? (options.fetch === undefined ? offlineResolver() : createKeyResolver({ fetch: options.fetch }))
  return verifyAt(input, { ...options, resolver }, 0, { remaining: MAX_NESTED_VERIFICATIONS })
}

let offline: KeyResolver | undefined

/** The resolver of verifications without a fetch: did:key and did:jwk only, which nothing but the DID decides, so one is shared. */
function offlineResolver(): KeyResolver {
  offline ??= createKeyResolver()
  return offline
}

/** A report for a nested credential left unverified because the verification's budget is spent. */
function overBudget(): VerificationReport {
  const results = new Map<CredentialCheckId, CheckOutcome>([['syntax', { status: 'failed', issues: [{ code: 'ERR_INPUT_TOO_LARGE', check: 'syntax', message: `not verified: one verification checks at most ${MAX_NESTED_VERIFICATIONS} credentials inside a credential (endorsements, bundled credentials, status lists)` }] }]])
  for (const [id] of CHECKS) results.set(id, skipped('not verified (see the syntax check)'))
  return report('ldp', undefined, results)
}

async function verifyAt(input: unknown, options: VerifyOptions & { resolver: KeyResolver }, depth: number, budget: { remaining: number }): Promise<VerificationReport> {
  const results = new Map<CredentialCheckId, CheckOutcome>()
  const parsed = parseInput(input, options)
  results.set('syntax', parsed)

  if (parsed.credential === undefined) {
    for (const [id] of CHECKS) results.set(id, skipped('the input is not a readable credential (see the syntax check)'))
    return report(parsed.format, undefined, results, [], parsed.baked)
  }

  const state: VerificationState = {
    options,
    credential: parsed.credential,
    documentLoader: options.documentLoader ?? defaultDocumentLoader,
    resolver: options.resolver,
    now: options.now ?? new Date(),
    format: parsed.format,
    results,
    ...(parsed.jwt === undefined ? {} : { jwt: parsed.jwt }),
    nested: [],
    ...(depth < MAX_NESTING
      ? {
          // No recipient check inside: an endorsement is about the credential, not its learner, and the check
          // that verifies a CLR's credentials compares their learner with the CLR's itself.
          // Given `checks` replace the caller's: a status list is always verified in full, whatever the caller
          // turned off for the credential. Endorsements follow the caller's choice.
          verifyNested: async (nested: unknown, _path: string, checks?: VerifyOptions['checks']) => {
            if (budget.remaining <= 0) return overBudget()
            budget.remaining--
            const { expectedRecipient: _recipient, ...inner } = options
            return verifyAt(nested, { ...inner, checks: checks ?? inner.checks } as typeof options, depth + 1, budget)
          },
        }
      : {}),
  }
  for (const [id, check] of CHECKS) {
    if (options.checks?.[id] === false) {
      results.set(id, skipped('disabled by options.checks'))
      continue
    }
    let outcome: CheckOutcome
    try {
      outcome = await check(state)
    } catch (error) {
      outcome = { status: 'failed', issues: [{ code: FALLBACK_CODES[id], check: id, message: `the ${id} check could not complete: ${error instanceof Error ? error.message : String(error)}` }] }
    }
    results.set(id, outcome)
  }
  return report(parsed.format, parsed.credential, results, state.nested, parsed.baked)
}

function report(format: VerificationReport['format'], credential: Record<string, unknown> | undefined, results: Map<CredentialCheckId, CheckOutcome>, nested: VerificationReport['nested'] = [], baked?: VerificationReport['baked']): VerificationReport {
  const checks: CheckResult[] = CHECK_IDS.map((id) => {
    const outcome = results.get(id) ?? skipped('not run')
    return { id, status: outcome.status, ...(outcome.reason === undefined ? {} : { reason: outcome.reason }) }
  })
  const issues = CHECK_IDS.flatMap((id) => results.get(id)?.issues ?? [])
  return {
    verified: checks.every((check) => check.status !== 'failed'),
    format,
    ...(baked === undefined ? {} : { baked }),
    ...(credential === undefined ? {} : { credential }),
    checks,
    issues,
    ...(nested.length === 0 ? {} : { nested }),
  }
}
