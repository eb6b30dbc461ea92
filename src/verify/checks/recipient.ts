/**
 * Check `recipient` (OB 3.0 "Verify the Recipient Using an Identifier"): when the caller says who the learner
 * should be, the credential must name them, by `credentialSubject.id` or by an `identifier` entry, hashed
 * (`sha256$` or `md5$` of the value followed by the salt) or plain.
 */
import { createHash } from 'node:crypto'
import { asArray, isJsonObject } from '../../util/json.js'
import { fromIssues, passed, skipped, type CheckOutcome, type VerificationState } from '../state.js'

/** Who the credential is expected to be about: an id, an e-mail address, or any identifier with its type. */
export type ExpectedRecipient = string | { value: string; identityType?: string }

/** `email` is the friendly name of OB's `emailAddress`. */
const TYPE_ALIASES: Readonly<Record<string, string>> = { email: 'emailAddress', studentId: 'sisSourcedId', nationalId: 'nationalIdentityNumber' }

function hashMatches(identityHash: string, value: string, salt: string): boolean {
  const match = /^(sha256|md5)\$([0-9a-fA-F]+)$/.exec(identityHash)
  if (match === null) return false
  return createHash(match[1]!).update(value + salt, 'utf8').digest('hex') === match[2]!.toLowerCase()
}

export function checkRecipient(state: VerificationState): CheckOutcome {
  const expected = state.options.expectedRecipient
  if (expected === undefined) return skipped('no expected recipient given (options.expectedRecipient)')
  const { value, identityType } = typeof expected === 'string' ? { value: expected, identityType: undefined } : expected
  const wantedType = identityType === undefined ? undefined : TYPE_ALIASES[identityType] ?? identityType
  const subject = state.credential['credentialSubject']
  const subjects = asArray(subject).filter(isJsonObject)
  for (const entry of subjects) {
    if (wantedType === undefined && entry['id'] === value) return passed('the credential subject id is the expected recipient')
    for (const identifier of asArray(entry['identifier']).filter(isJsonObject)) {
      const type = String(identifier['identityType'] ?? '')
      if (wantedType !== undefined && type !== wantedType) continue
      const hash = String(identifier['identityHash'] ?? '')
      const salt = typeof identifier['salt'] === 'string' ? identifier['salt'] : ''
      // E-mail addresses are compared as given and lower-cased: issuers commonly hash the lower-case form.
      const candidates = type === 'emailAddress' ? [value, value.toLowerCase()] : [value]
      const hit = identifier['hashed'] === true ? candidates.some((c) => hashMatches(hash, c, salt)) : candidates.includes(hash)
      if (hit) return passed(`a${identifier['hashed'] === true ? ' hashed' : ''} ${type} identifier matches the expected recipient`)
    }
  }
  return fromIssues([{ code: 'ERR_RECIPIENT_MISMATCH', check: 'recipient', path: 'credentialSubject', message: `the credential does not name the expected recipient${wantedType === undefined ? '' : ` (${wantedType})`}` }])
}
