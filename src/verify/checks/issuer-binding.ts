/**
 * Check `issuer-binding`: the key that made the verified proof belongs to the credential's issuer. A valid
 * signature proves nothing until then: the verification method's controller must be the issuer id, and the
 * controller document that lists the key must be the issuer's own.
 */
import { issuerBindingIssue } from '../../keys/binding.js'
import { isJsonObject } from '../../util/json.js'
import { fromIssues, passed, skipped, type CheckOutcome, type VerificationState } from '../state.js'

/** The issuer id of a credential (`issuer` as a string or `issuer.id`). */
export function issuerIdOf(credential: Record<string, unknown>): string | undefined {
  const issuer = credential['issuer']
  if (typeof issuer === 'string') return issuer
  return isJsonObject(issuer) && typeof issuer['id'] === 'string' ? issuer['id'] : undefined
}

export async function checkIssuerBinding(state: VerificationState): Promise<CheckOutcome> {
  const verified = state.proofs?.find((o) => o.status === 'verified')
  if (verified?.key === undefined) return skipped('no verified proof to bind to the issuer')
  const issuerId = issuerIdOf(state.credential)
  const path = typeof state.credential['issuer'] === 'string' ? 'issuer' : 'issuer.id'
  const issue = await issuerBindingIssue(state.resolver, issuerId, verified.key, state.format === 'jwt' ? 'jwt' : 'data-integrity', path)
  return issue === undefined ? passed(`the key ${verified.key.verificationMethod.id} is the issuer's`) : fromIssues([issue])
}
