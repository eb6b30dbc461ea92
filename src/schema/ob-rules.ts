/**
 * OB 3.0 and CLR 2.0 rules that their JSON Schemas do not express, checked by `issue()`, `validateCredential()` and
 * `verify()` alike.
 */
import type { Issue } from '../errors.js'
import { asArray, isJsonObject } from '../util/json.js'

const SUBJECT_IDENTIFIED_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'ClrCredential']

/**
 * Issues of the OB 3.0 rules outside the JSON Schema. Today one: an achievement (or CLR) credential's subject is
 * identified by an `id` and/or an `identifier` (OB 3.0 §B.1.3 AchievementSubject: "Either id or at least one
 * identifier MUST be supplied", an obligation of the issuer; §9.1 lists checking it under conformance to the
 * specification, CLR 2.0 likewise for ClrSubject). `issue()` refuses such a credential; `verify()` reports it as a
 * conformance finding (a warning unless the policy is strict): its signature, issuer and status are not affected.
 *
 * @example
 * ```ts
 * obRuleIssues({ type: ['VerifiableCredential', 'OpenBadgeCredential'], credentialSubject: { type: 'AchievementSubject', achievement } })
 * // [{ code: 'ERR_SCHEMA_REQUIRED', path: 'credentialSubject', ... }]
 * ```
 */
export function obRuleIssues(credential: Record<string, unknown>): Issue[] {
  const types = asArray(credential['type'])
  if (!types.some((type) => SUBJECT_IDENTIFIED_TYPES.includes(type as string))) return []
  const raw = credential['credentialSubject']
  return asArray(raw).flatMap((subject, i): Issue[] => {
    if (!isJsonObject(subject)) return []
    const identifiers = asArray(subject['identifier'])
    if (typeof subject['id'] === 'string' || identifiers.length > 0) return []
    return [
      {
        code: 'ERR_SCHEMA_REQUIRED',
        check: 'schema',
        path: Array.isArray(raw) ? `credentialSubject[${i}]` : 'credentialSubject',
        message: 'the credential subject must be identified by an id or at least one identifier (OB 3.0 §B.1.3, §9.1)',
      },
    ]
  })
}
