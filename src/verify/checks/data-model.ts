/**
 * Check `data-model`: the credential follows the W3C Verifiable Credentials Data Model it declares (2.0, or 1.1 for
 * a VC 1.1 credential): every MUST a verifier can check on the document, `relatedResource` digests included (checked
 * against the bundled resources; one microcred does not hold is a warning). These are the data model's own rules, so
 * they fail the credential under every policy and profile.
 */
import { bundledResourceDigest } from '../../context/bundled.js'
import { credentialDataModelIssues } from '../../schema/data-model.js'
import { fromIssues, type CheckOutcome, type VerificationState } from '../state.js'

export function checkDataModel(state: VerificationState): CheckOutcome {
  const issues = credentialDataModelIssues(state.credential, { resourceDigest: bundledResourceDigest })
  return fromIssues(issues, 'the credential follows the VC Data Model')
}
