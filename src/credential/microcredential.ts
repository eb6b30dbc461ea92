/** Builder input -> an unsigned EU micro-credential (`OpenBadgeCredential`). */
import { randomUUID } from 'node:crypto'
import { MicrocredError } from '../errors.js'
import type { MicroCredential } from '../model/eu.js'
import type { MicroCredentialInput } from '../model/input.js'
import type { AchievementSubject, CredentialSchema, JsonLdContextEntry, Profile, Result } from '../model/ob3.js'
import { lookupCountry } from '../model/countries.js'
import { EU_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT, VC_V2_CONTEXT } from '../context/urls.js'
import { euContextObject } from '../context/bundled.js'
import { EU_MICROCREDENTIAL_SCHEMA, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA } from '../schema/bundled.js'
import { euProfileIssues, obSchemaIssues } from '../schema/validate.js'
import { cloneJson, isJsonObject } from '../util/json.js'
import { ACHIEVEMENT_CONTENT_MEMBERS, buildAchievement } from './achievement.js'
import {
  invalid,
  isAbsent,
  optionalText,
  rejectUnknownMembers,
  requireIri,
  requireObject,
  requireText,
  scalarText,
} from '../util/input-checks.js'
import { EU_ELEMENTS, missingElement } from './eu-elements.js'
import { timeOf, toDateTime } from '../util/dates.js'
import { buildLearner } from './learner.js'
import { buildProfile, ProfileRegistry } from './profile.js'

const MICROCREDENTIAL_MEMBERS = [
  ...ACHIEVEMENT_CONTENT_MEMBERS,
  'id',
  'achievementId',
  'issuer',
  'learner',
  'issued',
  'awarded',
  'validUntil',
  'furtherInformation',
  'contextMode',
  'credentialSchema',
] as const

/**
 * Builds an unsigned EU micro-credential: an Open Badges 3.0 `OpenBadgeCredential` carrying every mandatory
 * element of the Council Recommendation on micro-credentials (2022/C 243/02, Annex I) and the optional ones
 * given, where docs/MAPPING.md places them. Pure (no I/O); the result is checked against the official OB 3.0
 * schema and the EU profile before it is returned. Sign it with `issue()`.
 *
 * Personal learner identifiers (e-mail, student id, national id) are stored only as salted SHA-256 hashes.
 *
 * @throws MicrocredError `ERR_EU_ELEMENT_MISSING` when a mandatory element is absent, `ERR_INVALID_INPUT` when a
 *   value is invalid (EQF outside 1..8, negative ECTS, unknown country, bad date, empty outcome...); `path` is the
 *   field in `input`, e.g. `level.eqf`.
 * @throws TypeError when `input` is not an object.
 * @example
 * ```ts
 * import { createMicroCredential } from 'microcred'
 *
 * const credential = createMicroCredential({
 *   issuer: { id: 'did:web:uni.example', name: 'Example University', country: 'DE' },
 *   learner: { id: 'did:key:z6Mk...', name: 'Ada Lovelace', email: 'ada@example.org' },
 *   title: 'Relational Databases',
 *   description: 'Design and query relational databases.',
 *   learningOutcomes: ['Design a schema in third normal form', 'Write SQL queries with joins'],
 *   workload: { ects: 5 },
 *   level: { eqf: 6 },
 *   assessment: { types: ['written-exam'] },
 *   participation: ['online'],
 *   qualityAssurance: [{ type: 'institutional' }],
 *   issued: '2025-06-30T00:00:00Z',
 * })
 * ```
 */
export function createMicroCredential(input: MicroCredentialInput): MicroCredential {
  if (!isJsonObject(input)) throw new TypeError('createMicroCredential(input): input must be an object')
  const raw = input as unknown as Record<string, unknown>
  rejectUnknownMembers(raw, MICROCREDENTIAL_MEMBERS, [])

  const id = isAbsent(raw['id']) ? `urn:uuid:${randomUUID()}` : requireIri(raw['id'], ['id'])
  const achievementId = isAbsent(raw['achievementId'])
    ? `urn:uuid:${randomUUID()}`
    : requireIri(raw['achievementId'], ['achievementId'])
  const { issuer, countries } = buildIssuer(raw['issuer'])
  const profiles = new ProfileRegistry()
  profiles.place(issuer)

  const assessment = isJsonObject(raw['assessment']) ? raw['assessment'] : undefined
  const grade = readGrade(assessment?.['grade'])
  const achievement = buildAchievement(
    raw,
    [],
    {
      id: achievementId,
      issuerCountries: countries,
      profiles,
      ...(grade === undefined ? {} : { gradeScheme: grade.scheme ?? {} }),
    },
    ['types', 'supervision', 'grade'],
  )

  const learner = buildLearner(raw['learner'], ['learner'])
  if (isAbsent(raw['issued'])) missingElement(['issued'], EU_ELEMENTS.issued)
  const validFrom = toDateTime(raw['issued'], ['issued'])

  const subject: AchievementSubject<typeof achievement> = {
    ...(learner.id === undefined ? {} : { id: learner.id }),
    type: ['AchievementSubject'],
    ...(learner.identifier === undefined ? {} : { identifier: learner.identifier }),
    achievement,
  }
  if (achievement.creditsAvailable !== undefined) subject.creditsEarned = achievement.creditsAvailable
  if (grade !== undefined) {
    const result: Result = {
      type: ['Result'],
      resultDescription: `${achievementId}#grade`,
      value: grade.value,
      status: 'Completed',
    }
    subject.result = [result]
  }

  const contextMode = raw['contextMode'] ?? 'embedded'
  if (contextMode !== 'embedded' && contextMode !== 'url') invalid(['contextMode'], 'must be "embedded" or "url"')
  const withSchema = raw['credentialSchema'] ?? false
  if (typeof withSchema !== 'boolean') invalid(['credentialSchema'], 'must be true or false')

  const context: JsonLdContextEntry[] = [VC_V2_CONTEXT, OB_CONTEXT]
  if (withSchema) context.push(OB_EXTENSIONS_CONTEXT)
  context.push(contextMode === 'url' ? EU_CONTEXT : cloneJson(euContextObject()))

  const credential: MicroCredential = {
    '@context': context,
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: achievement.name,
    issuer,
    validFrom,
    credentialSubject: subject,
  }
  const furtherInformation = optionalText(raw['furtherInformation'], ['furtherInformation'])
  if (furtherInformation !== undefined) credential.description = furtherInformation
  if (!isAbsent(raw['validUntil'])) {
    const validUntil = toDateTime(raw['validUntil'], ['validUntil'])
    if (timeOf(validUntil) <= timeOf(validFrom))
      invalid(['validUntil'], `${validUntil} is not after the date of issuing ${validFrom}`)
    credential.validUntil = validUntil
  }
  if (!isAbsent(raw['awarded'])) credential.awardedDate = toDateTime(raw['awarded'], ['awarded'])
  if (withSchema) credential.credentialSchema = credentialSchemas()

  assertBuiltCorrectly(credential)
  return credential
}

function buildIssuer(value: unknown): { issuer: Profile; countries: string[] } {
  if (isAbsent(value)) missingElement(['issuer'], EU_ELEMENTS.awardingBody, 'the issuing body, with its country')
  const input = requireObject(value, ['issuer'])
  const issuer = buildProfile(input, ['issuer'], ['country', 'region'])
  if (isAbsent(input['country'])) missingElement(['issuer', 'country'], EU_ELEMENTS.country)
  const codes = Array.isArray(input['country']) ? input['country'] : [input['country']]
  const path = (i: number) => (Array.isArray(input['country']) ? ['issuer', 'country', i] : ['issuer', 'country'])
  const found = codes.map((code, i) => {
    const { country, problem } = lookupCountry(requireText(code, path(i)))
    if (country === undefined) return invalid(path(i), problem)
    return country
  })
  // The same country given twice (or as 'de' and 'DE') is one country.
  const countries = found.filter((country, i) => found.findIndex((c) => c.alpha2 === country.alpha2) === i)
  const [first] = countries
  // No country at all: `country: []`.
  if (first === undefined) missingElement(['issuer', 'country'], EU_ELEMENTS.country)
  const region = optionalText(input['region'], ['issuer', 'region'])
  issuer.address = {
    type: ['Address'],
    addressCountry: first.name,
    addressCountryCode: first.alpha2,
    ...(region === undefined ? {} : { addressRegion: region }),
  }
  return { issuer, countries: countries.map((c) => c.iri) }
}

function readGrade(value: unknown): { value: string; scheme?: unknown } | undefined {
  if (isAbsent(value)) return undefined
  const grade = requireObject(value, ['assessment', 'grade'])
  rejectUnknownMembers(grade, ['value', 'scheme'], ['assessment', 'grade'])
  const result: { value: string; scheme?: unknown } = {
    value: requireText(grade['value'], ['assessment', 'grade', 'value']),
  }
  if (!isAbsent(grade['scheme'])) result.scheme = grade['scheme']
  const scheme = isJsonObject(grade['scheme']) ? grade['scheme'] : {}
  const allowed = Array.isArray(scheme['allowedValues']) ? scheme['allowedValues'] : undefined
  if (allowed !== undefined && !allowed.includes(result.value)) {
    invalid(
      ['assessment', 'grade', 'value'],
      `${JSON.stringify(result.value)} is not one of the scheme's allowedValues`,
    )
  }
  // On a numeric scale, the grade must lie within it.
  const numeric = (text: unknown): number | undefined =>
    typeof text === 'string' && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined
  const [score, min, max] = [numeric(result.value), numeric(scheme['min']), numeric(scheme['max'])]
  if (score !== undefined && ((min !== undefined && score < min) || (max !== undefined && score > max))) {
    invalid(
      ['assessment', 'grade', 'value'],
      `${result.value} is outside the scheme's range ${scalarText(scheme['min'], '…')} to ${scalarText(scheme['max'], '…')}`,
    )
  }
  return result
}

function credentialSchemas(): CredentialSchema[] {
  // Credentials name the OB 3.0 schema by the bundled schema's first alias (its `_schema.json` URL).
  const [obSchemaId] = OB_ACHIEVEMENT_CREDENTIAL_SCHEMA.aliases
  if (obSchemaId === undefined) throw new Error('the bundled OB 3.0 AchievementCredential schema has no alias')
  return [
    { id: obSchemaId, type: '1EdTechJsonSchemaValidator2019' },
    { id: EU_MICROCREDENTIAL_SCHEMA.id, type: '1EdTechJsonSchemaValidator2019' },
  ]
}

/**
 * The builder's own output must pass the official OB 3.0 schema and the EU profile; if it does not, that is a
 * bug in microcred (or a value no check above anticipated), reported with the path in the credential.
 */
function assertBuiltCorrectly(credential: MicroCredential): void {
  const record = credential as unknown as Record<string, unknown>
  const issues = [...obSchemaIssues(record), ...euProfileIssues(record)]
  if (issues.length > 0) {
    const error = MicrocredError.fromIssues(issues)
    throw new MicrocredError('ERR_INVALID_INPUT', `the built credential is not valid: ${error.message}`, {
      path: error.path,
      issues,
    })
  }
}
