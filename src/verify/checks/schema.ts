/**
 * Check `schema`: the OB 3.0 (or CLR 2.0) JSON Schema and the OB 3.0 rules it does not express, for the credentials the
 * profile holds to them. OB 3.0 §9.1 makes the JSON Schema a verifier's MUST only when the credential declares it
 * (`credentialSchema` of type `1EdTechJsonSchemaValidator2019`): a declared, bundled schema's findings fail the check;
 * otherwise the official schema is applied anyway and its findings are warnings (conformance, not authenticity), as is
 * a subject identified by neither `id` nor `identifier` (§9.1's other conformance step; an issuer's MUST in §B.1.3,
 * which `issue()` enforces).
 */
import type { Issue } from '../../errors.js'
import { declaredSchemas, ONE_EDTECH_SCHEMA_VALIDATOR } from '../../schema/declared.js'
import { obRuleIssues } from '../../schema/ob-rules.js'
import { appliesObRules, forDataModelVersion, obSchemaFor, obSchemaIssues } from '../../schema/validate.js'
import { asWarnings, fromIssues, skipped, type CheckOutcome, type VerificationState } from '../state.js'

export function checkSchema(state: VerificationState): CheckOutcome {
  const { credential } = state
  const profile = state.options.profile ?? 'auto'
  if (!appliesObRules(credential, profile)) {
    return skipped(
      profile === 'vc'
        ? 'profile "vc": the VC Data Model rules alone apply'
        : 'not an Open Badges or CLR credential: the VC Data Model rules alone apply',
    )
  }
  const declared = declaredSchemas(credential)
  const applied = [...new Set(declared.flatMap((entry) => (entry.schema === undefined ? [] : [entry.schema])))]
  const issues: Issue[] = []
  for (const schema of applied) issues.push(...obSchemaIssues(credential, forDataModelVersion(credential, schema)))
  const fallback = obSchemaFor(credential, profile)
  if (applied.length === 0) {
    issues.push(...asWarnings(obSchemaIssues(credential, fallback)))
  }
  for (const entry of declared) {
    if (entry.schema !== undefined) continue
    issues.push({
      code: 'ERR_SCHEMA_UNAVAILABLE',
      check: 'schema',
      path: entry.path,
      severity: 'warning',
      message: `the credential declares conformance to ${entry.id} (${ONE_EDTECH_SCHEMA_VALIDATOR}), which microcred does not bundle, so it was not checked (nothing is fetched)${applied.length === 0 && fallback !== undefined ? `; ${fallback.id} was applied instead` : ''}`,
    })
  }
  issues.push(...asWarnings(obRuleIssues(credential)))
  const declaredNote =
    applied.length === 0
      ? `${fallback?.id ?? 'no schema'} (not declared by the credential)`
      : `the declared schema${applied.length === 1 ? '' : 's'} ${applied.map((schema) => schema.id).join(', ')}`
  return fromIssues(
    issues,
    `${declaredNote}: ${issues.length === 0 ? 'conforms' : `${issues.length} finding${issues.length === 1 ? '' : 's'}, as warnings`}`,
  )
}
