/**
 * Check `validity`: the credential is valid now, within the allowed clock skew. VC Data Model 2.0 bounds it with
 * `validFrom` / `validUntil`, VC 1.1 with `issuanceDate` / `expirationDate`; every bound the credential states is
 * enforced, whichever model's name it has (a VC 1.1 credential's context defines `validUntil` too, and a credential
 * must not escape its `expirationDate` by adding a later `validUntil`). A bound that is absent is open.
 */
import type { Issue } from '../../errors.js'
import { fromIssues, type CheckOutcome, type VerificationState } from '../state.js'

const STARTS = ['validFrom', 'issuanceDate'] as const
const ENDS = ['validUntil', 'expirationDate'] as const

export function checkValidity(state: VerificationState): CheckOutcome {
  const { credential, now } = state
  const skewMs = Math.max(0, state.options.clockSkewSeconds ?? 0) * 1000
  const issues: Issue[] = []
  const instant = (member: string): number | undefined => {
    const value = credential[member]
    if (typeof value !== 'string') return undefined
    const time = Date.parse(value)
    if (Number.isNaN(time))
      issues.push({
        code: 'ERR_SCHEMA_VALUE',
        check: 'validity',
        path: member,
        message: `${JSON.stringify(value)} is not a date-time`,
      })
    return Number.isNaN(time) ? undefined : time
  }
  for (const member of STARTS) {
    const time = instant(member)
    if (time !== undefined && time - skewMs > now.getTime()) {
      issues.push({
        code: 'ERR_NOT_YET_VALID',
        check: 'validity',
        path: member,
        message: `the credential is not valid before ${String(credential[member])} (checked at ${now.toISOString()})`,
      })
    }
  }
  for (const member of ENDS) {
    const time = instant(member)
    if (time !== undefined && time + skewMs <= now.getTime()) {
      issues.push({
        code: 'ERR_EXPIRED',
        check: 'validity',
        path: member,
        message: `the credential expired at ${String(credential[member])} (checked at ${now.toISOString()})`,
      })
    }
  }
  return fromIssues(issues, `valid at ${now.toISOString()}`)
}
