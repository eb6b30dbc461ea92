/** Check `eu-profile`: for an EU micro-credential, every mandatory EU element is present and well-formed. */
import { euProfileIssues, isEuMicroCredential } from '../../schema/validate.js'
import { fromIssues, skipped, type CheckOutcome, type VerificationState } from '../state.js'

export function checkEuProfile(state: VerificationState): CheckOutcome {
  if (!isEuMicroCredential(state.credential)) {
    return skipped('not an EU micro-credential (the achievement type does not contain "EUMicroCredential")')
  }
  return fromIssues(euProfileIssues(state.credential), 'all mandatory EU micro-credential elements are present')
}
