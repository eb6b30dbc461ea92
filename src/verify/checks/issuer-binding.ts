/**
 * Check `issuer-binding`: the key that made the verified proof belongs to the credential's issuer. A valid
 * signature proves nothing until then: the issuer's own DID or controller document must list the key under
 * `assertionMethod` (for Data Integrity the verification method's controller must also be the issuer id; for a
 * VC-JWT of a host-level issuer the host's JWKS counts too). A key document naming the issuer as its controller
 * does not. The rules are in keys/binding.ts.
 */
import type { Issue } from '../../errors.js'
import type { ProofOutcome } from '../../proof/verify.js'
import { issuerBindingIssue } from '../../keys/binding.js'
import { isJsonObject } from '../../util/json.js'
import { fromIssues, passed, skipped, type CheckOutcome, type VerificationState } from '../state.js'

/** The issuer id of a credential (`issuer` as a string or `issuer.id`). */
export function issuerIdOf(credential: Record<string, unknown>): string | undefined {
  const issuer = credential['issuer']
  if (typeof issuer === 'string') return issuer
  return isJsonObject(issuer) && typeof issuer['id'] === 'string' ? issuer['id'] : undefined
}

/**
 * OB 3.0 §8 (proof formats): "If multiple proofs are provided, the verifier MAY use any one proof". The verified
 * proofs are tried in order and the first whose key is the issuer's is the one the verdict rests on; every proof
 * checked is marked bound or not in the report.
 */
export async function checkIssuerBinding(state: VerificationState): Promise<CheckOutcome> {
  const verified = (state.proofs ?? []).filter(
    (o): o is ProofOutcome & Required<Pick<ProofOutcome, 'key'>> => o.status === 'verified' && o.key !== undefined,
  )
  if (verified.length === 0) return skipped('no verified proof to bind to the issuer')
  const issuerId = issuerIdOf(state.credential)
  const path = typeof state.credential['issuer'] === 'string' ? 'issuer' : 'issuer.id'
  state.bound = new Map()
  const issues: Issue[] = []
  for (const outcome of verified) {
    const issue = await issuerBindingIssue(
      state.resolver,
      issuerId,
      outcome.key,
      state.format === 'jwt' ? 'jwt' : 'data-integrity',
      path,
    )
    state.bound.set(outcome.index, issue === undefined)
    if (issue === undefined) {
      state.proofUsed = outcome.index
      const others = verified.length > 1 ? ` (proof ${outcome.index + 1} of ${(state.proofs ?? []).length})` : ''
      return passed(`the key ${outcome.key.verificationMethod.id} is the issuer's${others}`)
    }
    // The same complaint about the same key once is enough.
    if (!issues.some((seen) => seen.message === issue.message)) issues.push(issue)
  }
  return fromIssues(issues)
}
