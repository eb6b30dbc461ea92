/**
 * Check `validity`: the credential is valid now (`validFrom` <= now < `validUntil`, or for VC 1.1
 * `issuanceDate` / `expirationDate`), within the allowed clock skew.
 */
import type { Issue } from '../../errors.js'
import { fromIssues, type CheckOutcome, type VerificationState } from '../state.js'

export function checkValidity(state: VerificationState): CheckOutcome {
  const { credential, now } = state
  const skewMs = Math.max(0, state.options.clockSkewSeconds ?? 0) * 1000
  const from = typeof credential['validFrom'] === 'string' ? 'validFrom' : 'issuanceDate'
  const until = typeof credential['validUntil'] === 'string' ? 'validUntil' : 'expirationDate'
  const issues: Issue[] = []
  const start = credential[from]
  if (typeof start === 'string') {
    const time = Date.parse(start)
    if (Number.isNaN(time)) issues.push({ code: 'ERR_SCHEMA_VALUE', check: 'validity', path: from, message: `${JSON.stringify(start)} is not a date-time` })
    else if (time - skewMs > now.getTime()) {
      issues.push({ code: 'ERR_NOT_YET_VALID', check: 'validity', path: from, message: `the credential is not valid before ${start} (checked at ${now.toISOString()})` })
    }
  } else {
    issues.push({ code: 'ERR_SCHEMA_REQUIRED', check: 'validity', path: 'validFrom', message: 'the credential has no validFrom (VC 1.1: issuanceDate)' })
  }
  const end = credential[until]
  if (typeof end === 'string') {
    const time = Date.parse(end)
    if (Number.isNaN(time)) issues.push({ code: 'ERR_SCHEMA_VALUE', check: 'validity', path: until, message: `${JSON.stringify(end)} is not a date-time` })
    else if (time + skewMs <= now.getTime()) {
      issues.push({ code: 'ERR_EXPIRED', check: 'validity', path: until, message: `the credential expired at ${end} (checked at ${now.toISOString()})` })
    }
  }
  return fromIssues(issues, `valid at ${now.toISOString()}`)
}
