/**
 * Check `credentials` (CLR 2.0 verification): every credential a `ClrCredential` bundles
 * (`credentialSubject.verifiableCredential`) is verified on its own, as any OB 3.0 credential is, with its key
 * bound to its own issuer, so a record compiled by one institution can carry credentials of several. Each report
 * is listed in `report.nested`, so a failure names the credential it is about.
 *
 * The bundled credentials must be shown to be about the CLR's learner, or anyone could bundle other people's
 * credentials into a record of their own: equal subject ids, or an identical identifier entry (same type and hash;
 * `createClr()` copies the one that matched), or, when the caller says who the learner is (`expectedRecipient`),
 * the credential names them. Anything else is `ERR_LEARNER_MISMATCH`.
 *
 * A CLR bundles AchievementCredentials: an entry that is a CLR itself is refused without being verified, and all
 * the verifications one `verify()` call makes inside a credential share one budget (see `verify()`).
 */
import type { Issue } from '../../errors.js'
import { sameLearner, subjectIdOf, subjectNames } from '../../credential/learner.js'
import { MAX_BUNDLED_CREDENTIALS } from '../../limits.js'
import { asArray, isJsonObject } from '../../util/json.js'
import type { VerificationReport } from '../report.js'
import {
  authenticated,
  fromIssues,
  notAuthenticated,
  passed,
  skipped,
  type CheckOutcome,
  type VerificationState,
} from '../state.js'

const ACHIEVEMENT_CREDENTIAL_TYPES = ['OpenBadgeCredential', 'AchievementCredential']

function typesOf(node: unknown): unknown[] {
  return isJsonObject(node) ? asArray(node['type']) : []
}

/** True when the credential is a CLR 2.0 `ClrCredential`. */
export function isClrCredential(credential: Record<string, unknown>): boolean {
  return typesOf(credential).includes('ClrCredential')
}

function describe(report: VerificationReport, index: number): string {
  const id = report.credential?.['id']
  return typeof id === 'string' ? `credential ${id}` : `credential #${index + 1}`
}

export async function checkBundledCredentials(state: VerificationState): Promise<CheckOutcome> {
  if (!isClrCredential(state.credential)) return skipped('the credential is not a CLR (ClrCredential)')
  const subject = state.credential['credentialSubject']
  const bundled = isJsonObject(subject) ? asArray(subject['verifiableCredential']) : []
  if (bundled.length === 0) {
    return fromIssues([
      {
        code: 'ERR_CREDENTIAL_INVALID',
        check: 'credentials',
        path: 'credentialSubject.verifiableCredential',
        message: 'the CLR bundles no credential',
      },
    ])
  }
  if (bundled.length > MAX_BUNDLED_CREDENTIALS) {
    return fromIssues([
      {
        code: 'ERR_INPUT_TOO_LARGE',
        check: 'credentials',
        path: 'credentialSubject.verifiableCredential',
        message: `the CLR bundles ${bundled.length} credentials; at most ${MAX_BUNDLED_CREDENTIALS} are verified in one record`,
      },
    ])
  }
  if (state.verifyNested === undefined)
    return skipped('the credentials of a CLR are not verified at this nesting depth')
  if (!authenticated(state)) return notAuthenticated('the bundled credentials')

  const expected = state.options.expectedRecipient
  const issues: Issue[] = []
  let verified = 0
  for (const [i, entry] of bundled.entries()) {
    const path = `credentialSubject.verifiableCredential[${i}]`
    const declared = typesOf(entry)
    if (
      declared.includes('ClrCredential') ||
      (isJsonObject(entry) && !declared.some((type) => ACHIEVEMENT_CREDENTIAL_TYPES.includes(type as string)))
    ) {
      issues.push({
        code: 'ERR_CREDENTIAL_INVALID',
        check: 'credentials',
        path,
        message: `entry ${i + 1} is not an OpenBadgeCredential / AchievementCredential, the only credentials a CLR bundles; it was not verified`,
      })
      continue
    }
    const report = await state.verifyNested(entry, path)
    state.nested.push({ path, report })
    const credential = report.credential
    const name = describe(report, i)
    if (
      credential !== undefined &&
      (typesOf(credential).includes('ClrCredential') ||
        !typesOf(credential).some((type) => ACHIEVEMENT_CREDENTIAL_TYPES.includes(type as string)))
    ) {
      issues.push({
        code: 'ERR_CREDENTIAL_INVALID',
        check: 'credentials',
        path,
        message: `${name} is not an OpenBadgeCredential / AchievementCredential, the only credentials a CLR bundles`,
      })
      continue
    }
    if (!report.verified) {
      const reasons = report.issues
        .filter((issue) => issue.severity !== 'warning')
        .slice(0, 3)
        .map((issue) => `${issue.code}${issue.path === undefined ? '' : ` at ${issue.path}`}`)
      issues.push({
        code: 'ERR_CREDENTIAL_INVALID',
        check: 'credentials',
        path,
        message: `${name} does not verify (${reasons.join('; ') || 'see its nested report'})`,
      })
      continue
    }
    const nestedSubject = credential?.['credentialSubject']
    const same = sameLearner(subject, nestedSubject)
    if (same === false) {
      issues.push({
        code: 'ERR_LEARNER_MISMATCH',
        check: 'credentials',
        path: `${path}.credentialSubject.id`,
        message: `${name} is about ${String(subjectIdOf(nestedSubject))}, not the CLR's learner ${String(subjectIdOf(subject))}`,
      })
      continue
    }
    const { value, identityType } =
      expected === undefined
        ? { value: undefined, identityType: undefined }
        : typeof expected === 'string'
          ? { value: expected, identityType: undefined }
          : expected
    if (value !== undefined && subjectNames(nestedSubject, value, identityType) === undefined) {
      issues.push({
        code: 'ERR_LEARNER_MISMATCH',
        check: 'credentials',
        path: `${path}.credentialSubject`,
        message: `${name} does not name the expected recipient`,
      })
      continue
    }
    if (same === undefined && value === undefined) {
      issues.push({
        code: 'ERR_LEARNER_MISMATCH',
        check: 'credentials',
        path: `${path}.credentialSubject`,
        message: `nothing shows that ${name} is about the CLR's learner: no common subject id or identifier (pass expectedRecipient to check both against the learner)`,
      })
      continue
    }
    verified++
  }
  return issues.length === 0
    ? passed(`${verified} bundled credential${verified === 1 ? '' : 's'} verified`)
    : fromIssues(issues)
}
