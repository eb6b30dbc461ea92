/**
 * Check `recipient` (OB 3.0 "Verify the Recipient Using an Identifier"): when the caller says who the learner
 * should be, the credential must name them, by `credentialSubject.id` or by an `identifier` entry, hashed
 * (`sha256$` or `md5$` of the value followed by the salt) or plain.
 */
import { subjectNames } from '../../credential/learner.js'
import { fromIssues, passed, skipped, type CheckOutcome, type VerificationState } from '../state.js'

export type { ExpectedRecipient } from '../options.js'

export function checkRecipient(state: VerificationState): CheckOutcome {
  const expected = state.options.expectedRecipient
  if (expected === undefined) return skipped('no expected recipient given (options.expectedRecipient)')
  const { value, identityType } = typeof expected === 'string' ? { value: expected, identityType: undefined } : expected
  const found = subjectNames(state.credential['credentialSubject'], value, identityType)
  if (found !== undefined) return passed(`${found} matches the expected recipient`)
  return fromIssues([
    {
      code: 'ERR_RECIPIENT_MISMATCH',
      check: 'recipient',
      path: 'credentialSubject',
      message: `the credential does not name the expected recipient${identityType === undefined ? '' : ` (${identityType})`}`,
    },
  ])
}
