/** Check `schema`: the official OB 3.0 JSON Schema for the credential's type (none for other credential types). */
import { obSchemaFor, obSchemaIssues } from '../../schema/validate.js'
import { fromIssues, skipped, type CheckOutcome, type VerificationState } from '../state.js'

export function checkSchema(state: VerificationState): CheckOutcome {
  if (obSchemaFor(state.credential) === undefined) {
    const type = state.credential['type']
    return skipped(`OB 3.0 has no schema for ${JSON.stringify(Array.isArray(type) ? type.filter((t) => t !== 'VerifiableCredential') : type)}`)
  }
  return fromIssues(obSchemaIssues(state.credential))
}
