import { MicrocredError, type Issue, type MicrocredErrorCode } from '../errors.js'
import type { DocumentLoader } from '../context/loader.js'
import { jsonLdSafeModeIssues } from '../rdf/safe-mode.js'
import { asArray, assertOptions, cloneJson, isJsonObject } from '../util/json.js'
import { formatPath } from '../util/path.js'
import { compiledSchemaFor } from './precompiled.js'
import {
  CLR_CREDENTIAL_SCHEMA,
  EU_MICROCREDENTIAL_SCHEMA,
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  OB_ENDORSEMENT_CREDENTIAL_SCHEMA,
  type BundledSchema,
} from './bundled.js'
import { schemaFindings, type SchemaFinding } from './distill.js'
import { vc11Variant } from './vc11.js'
import { credentialDataModelIssues } from './data-model.js'
import { obRuleIssues } from './ob-rules.js'
import { bundledResourceDigest } from '../context/bundled.js'
import { VC_V1_CONTEXT } from '../context/urls.js'

/**
 * Which rules to apply besides the VC Data Model's (which always apply): `'vc'` none; `'ob3'` the official OB 3.0
 * schema and rules, whatever the credential's type; `'eu'` those plus the EU micro-credential profile; `'auto'`
 * (default) the OB 3.0 rules for Open Badges, endorsement and CLR credentials, plus the EU profile when the
 * achievement's `type` contains `EUMicroCredential`, and nothing more for any other credential.
 */
export type ValidationProfile = 'ob3' | 'eu' | 'auto' | 'vc'

/** Every {@link ValidationProfile}, for checking a caller's choice. */
export const VALIDATION_PROFILES: readonly ValidationProfile[] = Object.freeze(['auto', 'vc', 'ob3', 'eu'])

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

/** The credential types the OB 3.0 and CLR 2.0 rules are for (profile `'auto'`). */
const OPEN_BADGES_TYPES = [...OB_TYPES, 'ClrCredential']

/**
 * True when the credential is an Open Badges 3.0 credential (`OpenBadgeCredential`, `AchievementCredential`,
 * `EndorsementCredential`) or a CLR 2.0 `ClrCredential`: the credentials profile `'auto'` holds to the OB 3.0 rules.
 *
 * @example
 * ```ts
 * isOpenBadgesCredential({ type: ['VerifiableCredential', 'OpenBadgeCredential'] }) // true
 * isOpenBadgesCredential({ type: ['VerifiableCredential', 'ExampleCredential'] })   // false
 * ```
 */
export function isOpenBadgesCredential(credential: Record<string, unknown>): boolean {
  return asArray(credential['type']).some((type) => OPEN_BADGES_TYPES.includes(type as string))
}

/** True when `profile` holds `credential` to the OB 3.0 rules. */
export function appliesObRules(credential: Record<string, unknown>, profile: ValidationProfile = 'auto'): boolean {
  return profile === 'ob3' || profile === 'eu' || (profile === 'auto' && isOpenBadgesCredential(credential))
}

/** True when `profile` holds `credential` to the EU micro-credential profile. */
export function appliesEuProfile(credential: Record<string, unknown>, profile: ValidationProfile = 'auto'): boolean {
  return profile === 'eu' || (profile === 'auto' && isEuMicroCredential(credential))
}

/**
 * The schema for the credential's type (its VC 1.1 variant for a VC 1.1 credential): the official OB 3.0 one for
 * Open Badges, microcred's CLR 2.0 structure schema for a `ClrCredential`, or `undefined` for a credential that
 * is neither (a status list credential, say), which OB has no schema for.
 */
export function obSchemaFor(
  credential: Record<string, unknown>,
  profile: ValidationProfile = 'ob3',
): BundledSchema | undefined {
  if (!appliesObRules(credential, profile)) return undefined
  const types = asArray(credential['type'])
  let schema: BundledSchema | undefined
  if (types.includes('ClrCredential')) schema = CLR_CREDENTIAL_SCHEMA
  else if (!types.some((t) => OB_TYPES.includes(t as string))) {
    schema =
      types.includes('BitstringStatusListCredential') || types.includes('StatusList2021Credential')
        ? undefined
        : OB_ACHIEVEMENT_CREDENTIAL_SCHEMA
  } else {
    schema =
      types.includes('EndorsementCredential') &&
      !types.includes('OpenBadgeCredential') &&
      !types.includes('AchievementCredential')
        ? OB_ENDORSEMENT_CREDENTIAL_SCHEMA
        : OB_ACHIEVEMENT_CREDENTIAL_SCHEMA
  }
  return schema === undefined ? undefined : forDataModelVersion(credential, schema)
}

/**
 * A bundled OB 3.0 schema as it applies to the credential's data model version: its VC 1.1 variant for a VC 1.1
 * credential (`issuanceDate`, `expirationDate`), itself otherwise.
 *
 * @example
 * ```ts
 * obSchemaIssues(credential, forDataModelVersion(credential, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA))
 * ```
 */
export function forDataModelVersion(credential: Record<string, unknown>, schema: BundledSchema): BundledSchema {
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
 * A single value where the schema wants an array is accepted as a one-element array: JSON-LD compaction writes
 * one-element sets that way (`"type": "AchievementSubject"`, one `proof` object), VC Data Model 2.0 (§4.12)
 * lets `proof` be one object, and 1EdTech's own CLR test vector and verifier fixtures use the form. The 2024-07
 * schemas bundled here only describe arrays; the later OB 3.0 "json-ld" schemas accept both.
 */
export function obSchemaIssues(
  credential: Record<string, unknown>,
  schema: BundledSchema | undefined = obSchemaFor(credential),
): Issue[] {
  if (schema === undefined) return []
  const validate = compiledSchemaFor(schema)
  const wrapped: (string | number)[][] = []
  let subject: unknown = credential
  let findings = schemaFindings(validate, subject)
  // Each round wraps every single value found where an array belongs; a value is wrapped at most once.
  for (let round = 0; round < 32; round++) {
    const single = findings.filter(
      (finding) =>
        finding.kind === 'type' &&
        finding.expected?.length === 1 &&
        finding.expected[0] === 'array' &&
        isSingleValue(valueAt(subject, finding.segments)) &&
        !wrapped.some((w) => samePath(w, finding.segments)),
    )
    if (single.length === 0) break
    subject = cloneJson(subject)
    for (const finding of single) {
      wrapAt(subject, finding.segments)
      wrapped.push(finding.segments)
    }
    findings = schemaFindings(validate, subject)
  }
  return findings.map((finding) => {
    // A path into a wrapped value names it without the `[0]` the wrapping added.
    const segments = finding.segments.filter(
      (_segment, i) =>
        !(
          finding.segments[i] === 0 && wrapped.some((w) => w.length === i && samePath(w, finding.segments.slice(0, i)))
        ),
    )
    return { code: OB_CODES[finding.kind], check: 'schema', path: formatPath(segments), message: finding.message }
  })
}

function isSingleValue(value: unknown): boolean {
  return (
    value !== undefined && value !== null && !Array.isArray(value) && (typeof value === 'string' || isJsonObject(value))
  )
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i])
}

function valueAt(root: unknown, segments: readonly (string | number)[]): unknown {
  let node = root
  for (const segment of segments) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment]
    else if (isJsonObject(node) && typeof segment === 'string') node = node[segment]
    else return undefined
  }
  return node
}

function wrapAt(root: unknown, segments: readonly (string | number)[]): void {
  const parent = valueAt(root, segments.slice(0, -1))
  const last = segments[segments.length - 1]
  if (Array.isArray(parent) && typeof last === 'number') parent[last] = [parent[last]]
  else if (isJsonObject(parent) && typeof last === 'string') parent[last] = [parent[last]]
}

/** Issues of the EU micro-credential profile schema (check `eu-profile`). Synchronous. */
export function euProfileIssues(credential: Record<string, unknown>): Issue[] {
  return schemaFindings(compiledSchemaFor(EU_MICROCREDENTIAL_SCHEMA), credential).map((finding) => {
    const missing = finding.kind === 'required'
    return {
      code: missing ? 'ERR_EU_ELEMENT_MISSING' : 'ERR_EU_VALUE_INVALID',
      check: 'eu-profile',
      path: formatPath(finding.segments),
      message: `${finding.title ?? 'EU micro-credential profile'}: ${finding.message}`,
    }
  })
}

/**
 * Validates a credential and returns every issue found, each with its JSON path; an empty array means valid.
 * Applies JSON-LD safe-mode processing (which names every undefined term or type and where it is), the W3C VC Data
 * Model rules, and, for Open Badges and CLR credentials (or as `profile` says), the official OB 3.0 JSON Schema
 * (draft 2019-09, bundled) and OB 3.0 rules, and the EU micro-credential profile for EU micro-credentials. Strict:
 * every finding is returned, whether or not `verify()` would count it against authenticity. The only issues with
 * `severity: 'warning'` are digests (`digestSRI` / `digestMultibase`, in `relatedResource` or elsewhere) of resources
 * microcred does not hold, which it cannot check (`ERR_RELATED_RESOURCE_UNVERIFIED`). Offline: only bundled contexts (or
 * those of your `documentLoader`) are used.
 *
 * Asynchronous because JSON-LD processing is. Issues come in check order: `syntax`, `context`, `data-model`,
 * `schema`, `eu-profile`.
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
    return [
      {
        code: 'ERR_SYNTAX',
        check: 'syntax',
        message: `a credential must be a JSON object, not ${credential === null ? 'null' : Array.isArray(credential) ? 'an array' : typeof credential}`,
      },
    ]
  }
  const profile = options.profile ?? 'auto'
  if (!VALIDATION_PROFILES.includes(profile)) {
    throw new TypeError(
      `validateCredential(credential, options): unknown profile ${JSON.stringify(profile)} (use one of ${VALIDATION_PROFILES.join(', ')})`,
    )
  }
  const context =
    options.jsonLd === false
      ? []
      : await jsonLdSafeModeIssues(
          credential,
          options.documentLoader === undefined ? {} : { documentLoader: options.documentLoader },
        )
  const dataModel = credentialDataModelIssues(credential, { resourceDigest: bundledResourceDigest })
  const ob = appliesObRules(credential, profile)
    ? [...obSchemaIssues(credential, obSchemaFor(credential, profile)), ...obRuleIssues(credential)]
    : []
  const eu = appliesEuProfile(credential, profile) ? euProfileIssues(credential) : []
  return [...context, ...dataModel, ...ob, ...eu]
}

/**
 * Validates a credential about to be signed and throws when a standard forbids it: every issue but the warnings
 * (`relatedResource` digests microcred cannot check). What `issue()`, `issueJwt()` and the service run first.
 *
 * @throws MicrocredError with the first issue's code and path, every issue in `error.issues`.
 * @example
 * ```ts
 * await assertIssuable(credential, { profile: 'auto' }) // throws ERR_DATA_MODEL at 'issuer' for an issuer that is not a URL
 * ```
 */
export async function assertIssuable(credential: unknown, options: ValidateOptions = {}): Promise<void> {
  const errors = (await validateCredential(credential, options)).filter((issue) => issue.severity !== 'warning')
  if (errors.length > 0) throw MicrocredError.fromIssues(errors)
}
