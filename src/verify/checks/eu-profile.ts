/**
 * Check `eu-profile`: for an EU micro-credential (or under profile `'eu'`), every mandatory EU element is present and
 * well-formed. microcred's EU profile is a conformance rule, not a standard's verifier MUST: its findings are warnings
 * unless the policy is strict.
 */
import { appliesEuProfile, euProfileIssues } from '../../schema/validate.js'
import { asWarnings, fromIssues, skipped, type CheckOutcome, type VerificationState } from '../state.js'

export function checkEuProfile(state: VerificationState): CheckOutcome {
  if (!appliesEuProfile(state.credential, state.options.profile ?? 'auto')) {
    return skipped('not an EU micro-credential (the achievement type does not contain "EUMicroCredential")')
  }
  const issues = asWarnings(euProfileIssues(state.credential))
  return fromIssues(
    issues,
    issues.length === 0
      ? 'all mandatory EU micro-credential elements are present'
      : 'EU micro-credential elements missing or malformed (warnings)',
  )
}
