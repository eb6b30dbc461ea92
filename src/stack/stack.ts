/**
 * Stack rules: what a learner's micro-credentials must add up to for a larger qualification (EU Council
 * Recommendation 2022/C 243/02, "stackability"), and their evaluation against verified credentials.
 */
import type { Issue } from '../errors.js'
import type { Achievement } from '../model/ob3.js'
import { isEuMicroCredential } from '../schema/validate.js'
import { readMicroCredential } from '../credential/read.js'
import { learnerMatch, type LearnerIdentity } from '../credential/learner.js'
import {
  invalid,
  isAbsent,
  optionalText,
  rejectUnknownMembers,
  requireIri,
  requireNumber,
  requireObject,
  requireText,
} from '../util/input-checks.js'
import { createKeyResolver } from '../keys/resolve.js'
import { verify } from '../verify/verify.js'
import { issuerIdOf } from '../verify/checks/issuer-binding.js'
import type { VerificationReport } from '../verify/report.js'
import type { VerifyOptions } from '../verify/options.js'
import { assertOptions, asArray, isJsonObject } from '../util/json.js'

/** What a stack requires; every rule given must hold. */
export interface StackRequirements {
  /** Achievement ids that must each be among the counted credentials. */
  achievements?: string[]
  /** The counted credentials' ECTS credits must add up to at least this. */
  minEcts?: number
  /** At least this many credentials must count. */
  minCount?: number
  /** Only credentials at this EQF level or above count (1 to 8). */
  eqfAtLeast?: number
  /**
   * Only credentials issued by one of these issuer ids count. Without it a credential from any issuer whose key
   * verifies counts, a learner's self-issued one included: set it whenever the result decides anything.
   */
  issuers?: string[]
}

/** What {@link defineStack} takes. */
export interface StackInput {
  /** The stack's id (an absolute URI): the id of the larger qualification, which micro-credentials name in `stackability.partOf`. */
  id: string
  name: string
  description?: string
  requires: StackRequirements
}

/** A validated, frozen stack definition (from {@link defineStack}). */
export interface StackDefinition {
  readonly id: string
  readonly name: string
  readonly description?: string
  readonly requires: Readonly<
    Omit<StackRequirements, 'achievements' | 'issuers'> & {
      achievements?: readonly string[]
      issuers?: readonly string[]
    }
  >
}

/** The rules of a stack. */
export type StackRule = keyof StackRequirements

/** How one rule fared. */
export interface StackRequirementResult {
  rule: StackRule
  met: boolean
  /** What the rule asks for: ids for `achievements`, a number for the others. */
  required: number | readonly string[]
  /** What the counted credentials give: the required ids present, or the number reached. */
  actual: number | string[]
  /** In words, e.g. `10 of 15 ECTS`. */
  detail: string
}

/** Why a credential does not count. */
export type ExclusionReason =
  | 'not-verified'
  | 'not-an-achievement-credential'
  | 'untrusted-issuer'
  | 'other-learner'
  | 'below-level'
  | 'duplicate-achievement'

/** A credential that does not count, and why. */
export interface ExcludedCredential {
  /** Its position in the list given to {@link evaluateStack}. */
  index: number
  /** Its id, when it could be read. */
  id?: string
  reason: ExclusionReason
  message: string
  /** The issues behind the reason (the report's errors for `not-verified`, e.g. `ERR_REVOKED`). */
  issues: Issue[]
}

/** A credential that counts toward the stack. */
export interface CountedCredential {
  index: number
  id: string
  achievementId: string
  /** ECTS credits, when the credential states them (EU micro-credentials do). */
  ects?: number
  /** EQF level, when the credential states it. */
  eqf?: number
  /** `ldp` (embedded proof) or `jwt` (a VC-JWT, which a CLR cannot bundle). */
  format: 'ldp' | 'jwt'
  /** The credential as verified (for a VC-JWT, the credential it carries). */
  credential: Record<string, unknown>
}

/** What {@link evaluateStack} returns. JSON-serializable. */
export interface StackEvaluation {
  /** The stack's id. */
  stack: string
  /** True when every requirement is met. */
  met: boolean
  /** The learner the credentials were checked against, by id, when known. */
  learner?: string
  requirements: StackRequirementResult[]
  /** Ids of the credentials that count. */
  counted: string[]
  /** The credentials that count, with what each contributes. */
  countedCredentials: CountedCredential[]
  /** The credentials that do not count, and why. */
  excluded: ExcludedCredential[]
  /** What is missing, in words (`achievement urn:…`, `5 more ECTS`); empty when met. */
  missing: string[]
  /** The verification report of every credential given, in order. */
  reports: VerificationReport[]
}

/** Options of {@link evaluateStack}: everything `verify()` takes, plus who the learner is. */
export interface EvaluateStackOptions extends Omit<VerifyOptions, 'expectedRecipient'> {
  /**
   * Who the credentials must be about. Default: the subject id of the first credential that verifies, which
   * only says the credentials agree with each other; pass it to evaluate for a known learner, and whenever
   * credentials name the learner only by hashed identifiers (e-mail, student id).
   */
  learner?: LearnerIdentity
}

const definitions = new WeakSet<object>()
const evaluations = new WeakSet<object>()

/**
 * Defines a stack: the requirements a set of a learner's micro-credentials must meet together (required
 * achievements, total ECTS, number of credentials, minimum EQF level). Pure; the result is frozen.
 *
 * @throws MicrocredError `ERR_INVALID_INPUT` with the path of the bad field (`requires.eqfAtLeast`...), or when
 *   `requires` holds no rule.
 * @example
 * ```ts
 * const certificate = defineStack({
 *   id: 'https://uni.example/qualifications/data-science-certificate',
 *   name: 'Certificate in Data Science',
 *   requires: { minEcts: 15, eqfAtLeast: 6 },
 * })
 * ```
 */
export function defineStack(input: StackInput): StackDefinition {
  if (!isJsonObject(input)) throw new TypeError('defineStack(input): input must be an object')
  const raw = input as unknown as Record<string, unknown>
  rejectUnknownMembers(raw, ['id', 'name', 'description', 'requires'], [])
  const id = requireIri(raw['id'], ['id'])
  const name = requireText(raw['name'], ['name'])
  const description = optionalText(raw['description'], ['description'])
  const rules = requireObject(raw['requires'], ['requires'])
  rejectUnknownMembers(rules, ['achievements', 'minEcts', 'minCount', 'eqfAtLeast', 'issuers'], ['requires'])
  const requires: { -readonly [K in keyof StackDefinition['requires']]: StackDefinition['requires'][K] } = {}
  if (!isAbsent(rules['achievements'])) requires.achievements = idList(rules['achievements'], 'achievements')
  if (!isAbsent(rules['issuers'])) requires.issuers = idList(rules['issuers'], 'issuers')
  if (!isAbsent(rules['minEcts']))
    requires.minEcts = requireNumber(rules['minEcts'], ['requires', 'minEcts'], {
      min: 0,
      max: 10_000,
      minExclusive: true,
    })
  if (!isAbsent(rules['minCount']))
    requires.minCount = wholeNumber(rules['minCount'], ['requires', 'minCount'], 1, 10_000)
  if (!isAbsent(rules['eqfAtLeast']))
    requires.eqfAtLeast = wholeNumber(rules['eqfAtLeast'], ['requires', 'eqfAtLeast'], 1, 8)
  if (Object.keys(requires).filter((rule) => rule !== 'issuers').length === 0)
    invalid(['requires'], 'give at least one rule: achievements, minEcts, minCount or eqfAtLeast')
  const stack: StackDefinition = Object.freeze({
    id,
    name,
    ...(description === undefined ? {} : { description }),
    requires: Object.freeze(requires),
  })
  definitions.add(stack)
  return stack
}

function idList(value: unknown, rule: 'achievements' | 'issuers'): readonly string[] {
  if (!Array.isArray(value) || value.length === 0)
    invalid(['requires', rule], `must be a non-empty array of ${rule === 'issuers' ? 'issuer' : 'achievement'} ids`)
  const ids = value.map((entry, i) => requireIri(entry, ['requires', rule, i]))
  const repeated = ids.findIndex((entry, i) => ids.indexOf(entry) !== i)
  if (repeated >= 0) invalid(['requires', rule, repeated], `${ids[repeated]} is listed twice`)
  return Object.freeze(ids)
}

function wholeNumber(value: unknown, path: (string | number)[], min: number, max: number): number {
  const number = requireNumber(value, path, { min, max })
  if (!Number.isInteger(number)) invalid(path, `must be a whole number from ${min} to ${max}`)
  return number
}

function assertStack(stack: unknown, where: string): asserts stack is StackDefinition {
  if (!isJsonObject(stack) || !definitions.has(stack))
    throw new TypeError(`${where}: the stack must come from defineStack()`)
}

/** The stack's requirements in words, e.g. `at least 15 ECTS; each credential at EQF level 6 or above`. */
export function describeStack(stack: StackDefinition): string {
  assertStack(stack, 'describeStack(stack)')
  const { achievements, minEcts, minCount, eqfAtLeast, issuers } = stack.requires
  const parts: string[] = []
  if (achievements !== undefined)
    parts.push(`the achievement${achievements.length === 1 ? '' : 's'} ${achievements.join(', ')}`)
  if (minEcts !== undefined) parts.push(`at least ${minEcts} ECTS`)
  if (minCount !== undefined) parts.push(`at least ${minCount} credential${minCount === 1 ? '' : 's'}`)
  if (eqfAtLeast !== undefined) parts.push(`each credential at EQF level ${eqfAtLeast} or above`)
  if (issuers !== undefined)
    parts.push(`each credential issued by ${issuers.length === 1 ? issuers[0] : `one of ${issuers.join(', ')}`}`)
  return parts.join('; ')
}

/**
 * The stack as an OB 3.0 `Achievement` (its id is the stack's id), to issue its completion: `createClr()` with
 * `stack` puts it in the record and links the counted achievements to it with `isPartOf` associations.
 *
 * @example
 * ```ts
 * stackAchievement(certificate).criteria.narrative // 'Earned with verified micro-credentials: at least 15 ECTS; ...'
 * ```
 */
export function stackAchievement(stack: StackDefinition): Achievement {
  assertStack(stack, 'stackAchievement(stack)')
  const rules = describeStack(stack)
  return {
    id: stack.id,
    type: ['Achievement'],
    name: stack.name,
    description: stack.description ?? `${stack.name}: ${rules}.`,
    criteria: { narrative: `Earned with verified micro-credentials of one learner: ${rules}.` },
    ...(stack.requires.minEcts === undefined ? {} : { creditsAvailable: stack.requires.minEcts }),
  }
}

/** ECTS and EQF level as the credential states them (the EU elements; other credentials state neither). */
function measures(credential: Record<string, unknown>): { ects?: number; eqf?: number } {
  if (!isEuMicroCredential(credential)) return {}
  try {
    const record = readMicroCredential(credential)
    return {
      ...(record.workload.ects === undefined ? {} : { ects: record.workload.ects }),
      ...(record.level?.eqf === undefined ? {} : { eqf: record.level.eqf }),
    }
  } catch {
    return {}
  }
}

/** The id of a credential's achievement (`credentialSubject.achievement.id`). */
export function achievementIdOf(credential: Record<string, unknown>): string | undefined {
  const subject = credential['credentialSubject']
  const achievement = isJsonObject(subject) ? subject['achievement'] : undefined
  const id = isJsonObject(achievement) ? achievement['id'] : undefined
  return typeof id === 'string' ? id : undefined
}

/** Throws `TypeError` unless `learner` gives at least one of id, email, studentId, nationalId, each a non-empty string. */
function checkLearnerOption(learner: LearnerIdentity | undefined): void {
  if (learner === undefined) return
  const given = isJsonObject(learner)
    ? (['id', 'email', 'studentId', 'nationalId'] as const)
        .map((key) => learner[key])
        .filter((value) => value !== undefined)
    : []
  if (given.length === 0 || given.some((value) => typeof value !== 'string' || value.trim() === '')) {
    throw new TypeError(
      'evaluateStack(stack, credentials, options): options.learner must give at least one of id, email, studentId, nationalId, each a non-empty string',
    )
  }
}

/** Verifies every credential as `verify()` does, in order, through one key resolver: issuers' documents and status lists are fetched once. */
async function verifyCredentials(
  credentials: readonly unknown[],
  verifyOptions: Omit<EvaluateStackOptions, 'learner'>,
): Promise<VerificationReport[]> {
  const resolver =
    verifyOptions.resolver ?? createKeyResolver(verifyOptions.fetch === undefined ? {} : { fetch: verifyOptions.fetch })
  const reports: VerificationReport[] = []
  for (const credential of credentials) reports.push(await verify(credential, { ...verifyOptions, resolver }))
  return reports
}

/** Why a credential does not count, before it is given its place in the list. */
type Exclusion = Omit<ExcludedCredential, 'index' | 'id'>

/** The credentials sorted so far: the learner they are checked against, those that count and those that do not. */
interface Tally {
  learner: LearnerIdentity | undefined
  counted: CountedCredential[]
  excluded: ExcludedCredential[]
}

/** Decides whether a credential that verified is of a kind that counts: an achievement credential, from an issuer the stack accepts. */
function kindExclusion(stack: StackDefinition, credential: Record<string, unknown>): Exclusion | undefined {
  const types = asArray(credential['type'])
  if (
    achievementIdOf(credential) === undefined ||
    !(types.includes('OpenBadgeCredential') || types.includes('AchievementCredential'))
  ) {
    return {
      reason: 'not-an-achievement-credential',
      message: 'only OpenBadgeCredential / AchievementCredential credentials count toward a stack',
      issues: [],
    }
  }
  const issuerId = issuerIdOf(credential)
  if (stack.requires.issuers !== undefined && (issuerId === undefined || !stack.requires.issuers.includes(issuerId))) {
    return {
      reason: 'untrusted-issuer',
      message: `the credential's issuer ${String(issuerId)} is not one the stack accepts`,
      issues: [],
    }
  }
  return undefined
}

/**
 * Decides whether a credential is about the learner. Without a learner given, the first credential to get here
 * names it by its subject id (and one that names its learner only by identifiers cannot).
 */
function learnerExclusion(tally: Tally, credential: Record<string, unknown>): Exclusion | undefined {
  const mismatch = (message: string): Exclusion => ({
    reason: 'other-learner',
    message,
    issues: [{ code: 'ERR_LEARNER_MISMATCH', check: 'recipient', path: 'credentialSubject', message }],
  })
  const subject = credential['credentialSubject']
  if (tally.learner === undefined) {
    const subjectId = isJsonObject(subject) ? subject['id'] : undefined
    if (typeof subjectId !== 'string')
      return mismatch(
        'the credential names its learner only by identifiers; pass options.learner to say who the learner is',
      )
    tally.learner = { id: subjectId }
  }
  const match = learnerMatch(subject, tally.learner)
  return match.match ? undefined : mismatch(`the credential is not about the learner: ${match.reason}`)
}

/** Decides whether a credential's EQF level reaches the stack's (a credential stating none does not). */
function levelExclusion(eqfAtLeast: number | undefined, eqf: number | undefined): Exclusion | undefined {
  if (eqfAtLeast === undefined || (eqf !== undefined && eqf >= eqfAtLeast)) return undefined
  return {
    reason: 'below-level',
    message:
      eqf === undefined
        ? `the credential states no EQF level; the stack counts EQF ${eqfAtLeast} or above`
        : `EQF ${eqf} is below the stack's EQF ${eqfAtLeast}`,
    issues: [],
  }
}

/** The exclusion of a credential whose verification failed, naming its first errors. */
function notVerified(report: VerificationReport): Exclusion {
  const errors = report.issues.filter((issue) => issue.severity !== 'warning')
  const codes =
    errors
      .slice(0, 3)
      .map((issue) => issue.code)
      .join(', ') || 'see its report'
  return { reason: 'not-verified', message: `the credential does not verify (${codes})`, issues: errors }
}

/**
 * Decides whether the credential of one report counts: it must verify, be an achievement credential from an
 * accepted issuer, be about the learner, reach the EQF level, and not be a second credential for an achievement
 * that already counts.
 */
function assessCredential(
  stack: StackDefinition,
  tally: Tally,
  report: VerificationReport,
  index: number,
  id: string | undefined,
): Exclusion | CountedCredential {
  const credential = report.credential
  if (!report.verified || credential === undefined) return notVerified(report)
  const exclusion = kindExclusion(stack, credential) ?? learnerExclusion(tally, credential)
  if (exclusion !== undefined) return exclusion
  const { ects, eqf } = measures(credential)
  const belowLevel = levelExclusion(stack.requires.eqfAtLeast, eqf)
  if (belowLevel !== undefined) return belowLevel
  // kindExclusion() has checked that the credential names its achievement.
  const achievementId = achievementIdOf(credential) ?? ''
  const earlier = tally.counted.find((entry) => entry.achievementId === achievementId)
  if (earlier !== undefined) {
    return {
      reason: 'duplicate-achievement',
      message: `the achievement ${achievementId} already counts through credential ${earlier.id}`,
      issues: [],
    }
  }
  return {
    index,
    id: id ?? `#${index + 1}`,
    achievementId,
    ...(ects === undefined ? {} : { ects }),
    ...(eqf === undefined ? {} : { eqf }),
    format: report.format,
    credential,
  }
}

/** Adds the credential of one report to `tally.counted` or `tally.excluded` (see assessCredential()). */
function tallyCredential(stack: StackDefinition, tally: Tally, report: VerificationReport, index: number): void {
  const id = typeof report.credential?.['id'] === 'string' ? report.credential['id'] : undefined
  const outcome = assessCredential(stack, tally, report, index, id)
  if ('reason' in outcome) tally.excluded.push({ index, ...(id === undefined ? {} : { id }), ...outcome })
  else tally.counted.push(outcome)
}

/** How one rule fared, and what is missing in words when it is not met. */
interface RuleOutcome {
  result: StackRequirementResult
  missing: string[]
}

/** Decides `achievements`: each required achievement is among the counted credentials. */
function achievementsRule(achievements: readonly string[], counted: readonly CountedCredential[]): RuleOutcome {
  const present = achievements.filter((id) => counted.some((entry) => entry.achievementId === id))
  const absent = achievements.filter((id) => !present.includes(id))
  return {
    result: {
      rule: 'achievements',
      met: absent.length === 0,
      required: achievements,
      actual: present,
      detail: `${present.length} of ${achievements.length} required achievements`,
    },
    missing: absent.map((id) => `achievement ${id}`),
  }
}

/** Decides `minEcts`: the counted credentials' ECTS add up to the minimum. */
function minEctsRule(minEcts: number, counted: readonly CountedCredential[]): RuleOutcome {
  // Sum in hundredths: 2.5 + 2.5 + 10 must be exactly 15.
  const total = counted.reduce((sum, entry) => sum + Math.round((entry.ects ?? 0) * 100), 0) / 100
  const met = total >= minEcts
  return {
    result: { rule: 'minEcts', met, required: minEcts, actual: total, detail: `${total} of ${minEcts} ECTS` },
    missing: met ? [] : [`${Math.round((minEcts - total) * 100) / 100} more ECTS (${total} of ${minEcts})`],
  }
}

/** Decides `minCount`: enough credentials count. */
function minCountRule(minCount: number, counted: readonly CountedCredential[]): RuleOutcome {
  const met = counted.length >= minCount
  const short = minCount - counted.length
  return {
    result: {
      rule: 'minCount',
      met,
      required: minCount,
      actual: counted.length,
      detail: `${counted.length} of ${minCount} credentials`,
    },
    missing: met ? [] : [`${short} more credential${short === 1 ? '' : 's'}`],
  }
}

/** Decides `eqfAtLeast`: a credential at the level counts (those below it were excluded). */
function eqfRule(
  eqfAtLeast: number,
  counted: readonly CountedCredential[],
  excluded: readonly ExcludedCredential[],
): RuleOutcome {
  const below = excluded.filter((entry) => entry.reason === 'below-level').length
  const met = counted.length > 0
  return {
    result: {
      rule: 'eqfAtLeast',
      met,
      required: eqfAtLeast,
      actual: counted.length,
      detail: `${counted.length} credential${counted.length === 1 ? '' : 's'} at EQF ${eqfAtLeast} or above${below === 0 ? '' : `, ${below} below`}`,
    },
    missing: met ? [] : [`a credential at EQF ${eqfAtLeast} or above`],
  }
}

/** Decides `issuers`: a credential from an accepted issuer counts (those from others were excluded). */
function issuersRule(
  issuers: readonly string[],
  counted: readonly CountedCredential[],
  excluded: readonly ExcludedCredential[],
): RuleOutcome {
  const others = excluded.filter((entry) => entry.reason === 'untrusted-issuer').length
  const met = counted.length > 0
  return {
    result: {
      rule: 'issuers',
      met,
      required: issuers,
      actual: [...new Set(counted.map((entry) => issuerIdOf(entry.credential) ?? ''))],
      detail: `${counted.length} credential${counted.length === 1 ? '' : 's'} from accepted issuers${others === 0 ? '' : `, ${others} from others`}`,
    },
    missing: met ? [] : ['a credential from an accepted issuer'],
  }
}

/** Decides each rule the stack gives, in a fixed order (achievements, minEcts, minCount, eqfAtLeast, issuers). */
function checkRequirements(
  stack: StackDefinition,
  counted: readonly CountedCredential[],
  excluded: readonly ExcludedCredential[],
): { requirements: StackRequirementResult[]; missing: string[] } {
  const { achievements, minEcts, minCount, eqfAtLeast, issuers } = stack.requires
  const outcomes = [
    achievements === undefined ? undefined : achievementsRule(achievements, counted),
    minEcts === undefined ? undefined : minEctsRule(minEcts, counted),
    minCount === undefined ? undefined : minCountRule(minCount, counted),
    eqfAtLeast === undefined ? undefined : eqfRule(eqfAtLeast, counted, excluded),
    issuers === undefined ? undefined : issuersRule(issuers, counted, excluded),
  ].filter((outcome) => outcome !== undefined)
  return {
    requirements: outcomes.map((outcome) => outcome.result),
    missing: outcomes.flatMap((outcome) => outcome.missing),
  }
}

/**
 * Evaluates a stack against a learner's credentials: verifies every credential (as `verify()` does, with the
 * options given), keeps those that verify, are about the learner, reach the EQF level and are not a second
 * credential for the same achievement, then checks each requirement. Never throws because of a credential:
 * one that does not count is listed in `excluded` with the reason and its issues (`ERR_REVOKED`,
 * `ERR_LEARNER_MISMATCH`...).
 *
 * Issuer trust is the stack's: set `requires.issuers` to the issuers whose credentials count; without it any
 * verifying credential counts, a self-issued one too.
 *
 * @example
 * ```ts
 * const result = await evaluateStack(certificate, [credentialA, credentialB, credentialC], { fetch: safeFetch() })
 * if (!result.met) console.log(result.missing)          // [ '5 more ECTS (10 of 15)' ]
 * for (const e of result.excluded) console.log(e.index, e.reason, e.issues.map((i) => i.code)) // 2 not-verified [ 'ERR_REVOKED' ]
 * ```
 */
export async function evaluateStack(
  stack: StackDefinition,
  credentials: readonly unknown[],
  options: EvaluateStackOptions = {},
): Promise<StackEvaluation> {
  assertStack(stack, 'evaluateStack(stack, credentials)')
  if (!Array.isArray(credentials))
    throw new TypeError('evaluateStack(stack, credentials): credentials must be an array')
  assertOptions(options, 'evaluateStack(stack, credentials, options)')
  const { learner, ...verifyOptions } = options
  checkLearnerOption(learner)
  const reports = await verifyCredentials(credentials, verifyOptions)
  const tally: Tally = { learner, counted: [], excluded: [] }
  reports.forEach((report, index) => {
    tallyCredential(stack, tally, report, index)
  })
  const { requirements, missing } = checkRequirements(stack, tally.counted, tally.excluded)
  const evaluation: StackEvaluation = {
    stack: stack.id,
    met: requirements.every((requirement) => requirement.met),
    ...(tally.learner?.id === undefined ? {} : { learner: tally.learner.id }),
    requirements,
    counted: tally.counted.map((entry) => entry.id),
    countedCredentials: tally.counted,
    excluded: tally.excluded,
    missing,
    reports,
  }
  evaluations.add(evaluation)
  return evaluation
}

/** True for an evaluation returned by {@link evaluateStack} in this process (not a copy, not a hand-made one). */
export function isStackEvaluation(value: unknown): value is StackEvaluation {
  return isJsonObject(value) && evaluations.has(value)
}

/** True for a stack definition made by {@link defineStack}. */
export function isStackDefinition(value: unknown): value is StackDefinition {
  return isJsonObject(value) && definitions.has(value)
}
