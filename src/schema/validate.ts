import type { Issue, MicrocredErrorCode } from '../errors.js'
import type { DocumentLoader } from '../context/loader.js'
import { jsonLdSafeModeIssues } from '../context/safe-mode.js'
import { assertOptions, isJsonObject } from '../util/json.js'
import { formatPath } from '../util/path.js'
import { validatorFor } from './ajv.js'
import {
  EU_MICROCREDENTIAL_SCHEMA,
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  OB_ENDORSEMENT_CREDENTIAL_SCHEMA,
  type BundledSchema,
} from './bundled.js'
import { schemaFindings, type SchemaFinding } from './distill.js'
import { vc11Variant } from './vc11.js'
import { VC_V1_CONTEXT } from '../context/urls.js'

/**
 * Which rules to apply: `'ob3'` the official OB 3.0 schema; `'eu'` that plus the EU micro-credential profile;
 * `'auto'` (default) picks `'eu'` when the achievement's `type` contains `EUMicroCredential`.
 */
export type ValidationProfile = 'ob3' | 'eu' | 'auto'

/** Options of {@link validateCredential}. */
export interface ValidateOptions {
  /** Rules to apply; default `'auto'`. */
  profile?: ValidationProfile
  /** Loader for JSON-LD contexts; default: bundled contexts only. */
  documentLoader?: DocumentLoader
  /** Also process the credential as JSON-LD in safe mode (default `true`). */
  jsonLd?: boolean
}

/**
 * True when `credential` claims to be an EU micro-credential (its achievement's `type` contains
 * `EUMicroCredential`).
 *
 * @example
 * ```ts
 * isEuMicroCredential(createMicroCredential(input)) // true
 * ```
 */
export function isEuMicroCredential(credential: unknown): boolean {
  if (!isJsonObject(credential) || !isJsonObject(credential['credentialSubject'])) return false
  const achievement = credential['credentialSubject']['achievement']
  if (!isJsonObject(achievement)) return false
  const type = achievement['type']
  return type === 'EUMicroCredential' || (Array.isArray(type) && type.includes('EUMicroCredential'))
}

/** True when the credential's first `@context` is the VC Data Model 1.1 one. */
export function isVc11(credential: Record<string, unknown>): boolean {
  const context = credential['@context']
  return (Array.isArray(context) ? context[0] : context) === VC_V1_CONTEXT
}

/** The credential types the official OB 3.0 schemas describe. */
const OB_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential']

/**
 * The official schema for the credential's type (its VC 1.1 variant for a VC 1.1 credential), or `undefined`
 * for a credential that is no OB 3.0 credential (a status list credential, say), which OB has no schema for.
 */
export function obSchemaFor(credential: Record<string, unknown>): BundledSchema | undefined {
  const type = credential['type']
  const types = Array.isArray(type) ? type : [type]
  if (!types.some((t) => OB_TYPES.includes(t as string))) return types.includes('BitstringStatusListCredential') || types.includes('StatusList2021Credential') || types.includes('ClrCredential') ? undefined : OB_ACHIEVEMENT_CREDENTIAL_SCHEMA
  const schema = types.includes('EndorsementCredential') && !types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential')
    ? OB_ENDORSEMENT_CREDENTIAL_SCHEMA
    : OB_ACHIEVEMENT_CREDENTIAL_SCHEMA
  return isVc11(credential) ? vc11Variant(schema) : schema
}

const OB_CODES: Record<SchemaFinding['kind'], MicrocredErrorCode> = {
  required: 'ERR_SCHEMA_REQUIRED',
  type: 'ERR_SCHEMA_TYPE',
  value: 'ERR_SCHEMA_VALUE',
  additional: 'ERR_SCHEMA_ADDITIONAL_PROPERTY',
}

/**
 * Issues of the official OB 3.0 JSON Schema (check `schema`). Synchronous.
 *
 * A single `proof` object is accepted as a one-proof set: VC Data Model 2.0 (§4.12, securing mechanisms) lets
 * `proof` be one object or several, 1EdTech's own verifier fixtures use the object form, and this version of
 * the OB schema (2024-07) only describes the array.
 */
export function obSchemaIssues(credential: Record<string, unknown>): Issue[] {
  const schema = obSchemaFor(credential)
  if (schema === undefined) return []
  const singleProof = isJsonObject(credential['proof'])
  const subject = singleProof ? { ...credential, proof: [credential['proof']] } : credential
  return schemaFindings(validatorFor(schema), subject).map((finding) => {
    const segments = singleProof && finding.segments[0] === 'proof' && finding.segments[1] === 0 ? ['proof', ...finding.segments.slice(2)] : finding.segments
    return { code: OB_CODES[finding.kind], check: 'schema', path: formatPath(segments), message: finding.message }
  })
}

/** Issues of the EU micro-credential profile schema (check `eu-profile`). Synchronous. */
export function euProfileIssues(credential: Record<string, unknown>): Issue[] {
  return schemaFindings(validatorFor(EU_MICROCREDENTIAL_SCHEMA), credential).map((finding) => {
    const missing = finding.kind === 'required'
    return {
      code: missing ? 'ERR_EU_ELEMENT_MISSING' : 'ERR_EU_VALUE_INVALID',
      check: 'eu-profile',
      path: formatPath(finding.segments),
      message: `${finding.title === undefined ? 'EU micro-credential profile' : finding.title}: ${finding.message}`,
    }
  })
}

/**
 * Validates a credential and returns every issue found, each with its JSON path; an empty array means valid.
 * Applies the official OB 3.0 JSON Schema (draft 2019-09, bundled), the EU micro-credential profile (for EU
 * micro-credentials, or when asked), and JSON-LD safe-mode processing, which names every undefined term or
 * type and where it is. Offline: only bundled contexts (or those of your `documentLoader`) are used.
 *
 * Asynchronous because JSON-LD processing is. Issues come in check order: `syntax`, `context`, `schema`,
 * `eu-profile`.
 *
 * @example
 * ```ts
 * import { validateCredential } from 'microcred'
 *
 * const issues = await validateCredential(credential, { profile: 'eu' })
 * for (const issue of issues) console.log(`${issue.code} at ${issue.path}: ${issue.message}`)
 * // ERR_SCHEMA_TYPE at credentialSubject.achievement.image: "image" must be an object with "id", "type", not a string
 * ```
 */
export async function validateCredential(credential: unknown, options: ValidateOptions = {}): Promise<Issue[]> {
  assertOptions(options, 'validateCredential(credential, options)')
  if (!isJsonObject(credential)) {
    return [{ code: 'ERR_SYNTAX', check: 'syntax', message: `a credential must be a JSON object, not ${credential === null ? 'null' : Array.isArray(credential) ? 'an array' : typeof credential}` }]
  }
  const profile = options.profile ?? 'auto'
  if (profile !== 'ob3' && profile !== 'eu' && profile !== 'auto') {
    throw new TypeError(`validateCredential(credential, options): unknown profile ${JSON.stringify(profile)}`)
  }
  const context =
    options.jsonLd === false
      ? []
      : await jsonLdSafeModeIssues(credential, options.documentLoader === undefined ? {} : { documentLoader: options.documentLoader })
  const schema = obSchemaIssues(credential)
  const eu = profile === 'eu' || (profile === 'auto' && isEuMicroCredential(credential)) ? euProfileIssues(credential) : []
  return [...context, ...schema, ...eu]
}
