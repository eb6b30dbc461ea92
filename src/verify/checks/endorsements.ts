/**
 * Check `endorsements`: every EndorsementCredential embedded in the credential (`endorsement`) or carried as a
 * VC-JWT (`endorsementJwt`) on the credential, its issuer, its achievement or the achievement's creator is
 * verified as OB 3.0 "EndorsementCredential Verification" steps 1-4 say: schema, proof (with its key bound to
 * the endorser), status and validity. Each endorsement's own report is listed in `report.nested`. One that does not
 * verify does not count: it is reported with an `ERR_ENDORSEMENT_INVALID` warning (a failure under the strict policy).
 *
 * An endorsement whose subject is not the entity carrying it (an endorsement of the issuer placed on the
 * achievement, say) gets an `ERR_ENDORSEMENT_SUBJECT` warning: OB 3.0 does not forbid it, but a reader would
 * take it as vouching for what it sits on.
 */
import type { Issue } from '../../errors.js'
import { asArray, isJsonObject } from '../../util/json.js'
import { formatPath } from '../../util/path.js'
import type { VerificationReport } from '../report.js'
import {
  authenticated,
  fromIssues,
  notAuthenticated,
  skipped,
  type CheckOutcome,
  type VerificationState,
} from '../state.js'

/** Where OB 3.0 lets endorsements appear, as paths from the credential root. */
const OWNERS: readonly string[][] = [
  [],
  ['issuer'],
  ['credentialSubject', 'achievement'],
  ['credentialSubject', 'achievement', 'creator'],
]

/** Every embedded endorsement, with its path. */
export function endorsementsIn(
  credential: Record<string, unknown>,
): { path: string; endorsement: unknown; ownerId?: string }[] {
  const found: { path: string; endorsement: unknown; ownerId?: string }[] = []
  for (const owner of OWNERS) {
    let node: unknown = credential
    for (const key of owner) node = isJsonObject(node) ? node[key] : undefined
    if (!isJsonObject(node)) continue
    const ownerId = typeof node['id'] === 'string' ? { ownerId: node['id'] } : {}
    for (const member of ['endorsement', 'endorsementJwt'] as const) {
      asArray(node[member]).forEach((endorsement, i) =>
        found.push({ path: formatPath([...owner, member, i]), endorsement, ...ownerId }),
      )
    }
  }
  return found
}

function isEndorsementCredential(report: VerificationReport): boolean {
  const type = report.credential?.['type']
  return (Array.isArray(type) ? type : [type]).includes('EndorsementCredential')
}

export async function checkEndorsements(state: VerificationState): Promise<CheckOutcome> {
  const found = endorsementsIn(state.credential)
  if (found.length === 0) return skipped('the credential carries no endorsements')
  if (state.verifyNested === undefined) return skipped('endorsements are not verified inside an endorsement')
  if (!authenticated(state)) return notAuthenticated('endorsements')
  const issues: Issue[] = []
  let counted = 0
  for (const { path, endorsement, ownerId } of found) {
    const report = await state.verifyNested(endorsement, path)
    state.nested.push({ path, report })
    if (report.verified && isEndorsementCredential(report)) {
      const subject = report.credential?.['credentialSubject']
      const subjectId = isJsonObject(subject) ? subject['id'] : undefined
      if (subjectId !== ownerId) {
        const message =
          ownerId === undefined
            ? `the endorsement is about ${String(subjectId)}, but what carries it has no id to show it is that`
            : `the endorsement is about ${String(subjectId)}, not ${ownerId}, which carries it`
        issues.push({ code: 'ERR_ENDORSEMENT_SUBJECT', check: 'endorsements', path, severity: 'warning', message })
      }
      counted++
      continue
    }
    const reasons = report.issues
      .filter((i) => i.severity !== 'warning')
      .slice(0, 3)
      .map((i) => `${i.code}${i.path === undefined ? '' : ` at ${i.path}`}`)
    // An endorsement vouches for the credential; one that fails simply does not count (OB 3.0 §9.2 verifies each on
    // its own), so it is a warning and the credential's own verdict stands.
    issues.push({
      code: 'ERR_ENDORSEMENT_INVALID',
      check: 'endorsements',
      path,
      severity: 'warning',
      message:
        !isEndorsementCredential(report) && report.credential !== undefined
          ? 'this is not an EndorsementCredential, so it does not count'
          : `the endorsement does not verify, so it does not count (${reasons.join('; ') || 'see its nested report'})`,
    })
  }
  const plural = found.length === 1 ? '' : 's'
  return fromIssues(
    issues,
    counted === found.length
      ? `${counted} endorsement${plural} verified`
      : `${counted} of ${found.length} endorsement${plural} verified (the others do not count)`,
  )
}
