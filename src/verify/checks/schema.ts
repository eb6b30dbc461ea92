/** Check `schema`: the official OB 3.0 JSON Schema for the credential's type. */
import { obSchemaIssues } from '../../schema/validate.js'
import { fromIssues, type CheckOutcome, type VerificationState } from '../state.js'

export function checkSchema(state: VerificationState): CheckOutcome {
  return fromIssues(obSchemaIssues(state.credential))
}
