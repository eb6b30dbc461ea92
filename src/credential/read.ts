/** An EU micro-credential -> the builder's input shape (the inverse of `createMicroCredential()`). */
import { MicrocredError } from '../errors.js'
import type { GradeScheme, MicroCredentialRecord } from '../model/input.js'
import type { ResultType } from '../model/ob3.js'
import { countryFromIri } from '../model/countries.js'
import {
  ASSESSMENT_TYPES,
  EQF_LEVELS,
  type EqfLevel,
  ISCED_F_NAMESPACE,
  LEARNING_ACTIVITIES,
  LEARNING_SETTINGS,
  PARTICIPATION_MODES,
  QA_TYPES,
  QF_EHEA_CYCLES,
  type QfEheaCycle,
  SUPERVISION_TYPES,
  vocabularyValue,
} from '../model/vocabularies.js'
import { euProfileIssues } from '../schema/validate.js'
import { scalarText } from '../util/input-checks.js'
import { asArray, isJsonObject, type JsonObject } from '../util/json.js'
import { readLearner } from './learner.js'
import { profileIndex, readProfile } from './profile.js'

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string')
}

function objects(value: unknown): JsonObject[] {
  return asArray(value).filter(isJsonObject)
}

/**
 * Reads an EU micro-credential (signed or not) back into the shape of `createMicroCredential()`'s input:
 * vocabulary values as `{ name, iri, label }`, learner identifiers as the hashes the credential holds.
 * `readMicroCredential(createMicroCredential(input))` gives back `input`'s elements.
 *
 * @throws MicrocredError `ERR_EU_ELEMENT_MISSING` (with the path in the credential) when the credential lacks a
 *   mandatory EU element, for example because it is a plain Open Badge.
 * @example
 * ```ts
 * const record = readMicroCredential(credential)
 * record.level?.eqf              // 6
 * record.participation[0]        // { name: 'online', iri: 'http://data.europa.eu/snb/learning-assessment/920fbb3cbe', label: 'Online' }
 * ```
 */
export function readMicroCredential(credential: unknown): MicroCredentialRecord {
  if (!isJsonObject(credential)) throw new TypeError('readMicroCredential(credential): credential must be an object')
  const missing = euProfileIssues(credential).filter((issue) => issue.code === 'ERR_EU_ELEMENT_MISSING')
  if (missing.length > 0) throw MicrocredError.fromIssues(missing)

  const profiles = profileIndex(credential)
  const issuerProfile = credential['issuer'] as JsonObject
  const subject = credential['credentialSubject'] as JsonObject
  const a = subject['achievement'] as JsonObject
  const address = isJsonObject(issuerProfile['address']) ? issuerProfile['address'] : {}

  const countries = strings(a['issuerCountry']).map((iri) => countryFromIri(iri) ?? iri)
  const issuer: MicroCredentialRecord['issuer'] = {
    ...readProfile(issuerProfile),
    country: countries.length > 0 ? countries : strings(address['addressCountryCode']),
  }
  const region = text(address['addressRegion'])
  if (region !== undefined) issuer.region = region

  const alignmentLabels = new Map(
    objects(a['alignment']).map((al) => [String(al['targetUrl']), String(al['targetName'])]),
  )
  const record: MicroCredentialRecord = {
    id: String(credential['id']),
    achievementId: String(a['id']),
    issuer,
    awardingBodies: objects(a['awardingBody'] ?? (a['creator'] === undefined ? [] : [a['creator']])).map((body) =>
      readProfile(body, profiles),
    ),
    learner: readLearner(subject),
    title: String(a['name']),
    description: scalarText(a['description']),
    learningOutcomes: objects(a['learningOutcome']).map((outcome) => ({
      text: String(outcome['name']),
      escoSkills: strings(outcome['relatedESCOSkill']).map((iri) => {
        const label = alignmentLabels.get(iri)
        return label === undefined || label.endsWith(iri.slice(iri.lastIndexOf('/') + 1)) ? { iri } : { iri, label }
      }),
    })),
    workload: readWorkload(a),
    assessment: {
      types: strings(a['assessmentType']).map((iri) => vocabularyValue(ASSESSMENT_TYPES, iri)),
    },
    participation: strings(a['learningMode']).map((iri) => vocabularyValue(PARTICIPATION_MODES, iri)),
    learningActivities: strings(a['learningActivityType']).map((iri) => vocabularyValue(LEARNING_ACTIVITIES, iri)),
    qualityAssurance: objects(a['qualityAssurance']).map((qa) => {
      const entry: MicroCredentialRecord['qualityAssurance'][number] = {
        type: vocabularyValue(QA_TYPES, String(qa['qaType'])),
      }
      if (isJsonObject(qa['accreditingAgent'])) entry.agent = readProfile(qa['accreditingAgent'], profiles)
      for (const key of ['report', 'decisionDate', 'description'] as const) {
        const value = text(qa[key])
        if (value !== undefined) entry[key] = value
      }
      return entry
    }),
    issued: String(credential['validFrom']),
    iscedF: strings(a['iscedF']).map((iri) =>
      iri.startsWith(ISCED_F_NAMESPACE) ? iri.slice(ISCED_F_NAMESPACE.length) : iri,
    ),
  }

  const level = readLevel(a)
  if (level !== undefined) record.level = level
  const supervision = text(a['supervisionVerification'])
  if (supervision !== undefined) record.assessment.supervision = vocabularyValue(SUPERVISION_TYPES, supervision)
  const grade = readGrade(subject, a)
  if (grade !== undefined) record.assessment.grade = grade
  const setting = text(a['learningSetting'])
  if (setting !== undefined) record.learningSetting = vocabularyValue(LEARNING_SETTINGS, setting)

  const optional: [keyof MicroCredentialRecord, unknown][] = [
    ['awarded', credential['awardedDate']],
    ['validUntil', credential['validUntil']],
    ['furtherInformation', credential['description']],
    ['prerequisites', a['entryRequirement']],
    ['infoUrl', isJsonObject(a['criteria']) ? a['criteria']['id'] : undefined],
    ['fieldOfStudy', a['fieldOfStudy']],
    ['language', a['inLanguage']],
  ]
  for (const [key, value] of optional) if (typeof value === 'string') (record as unknown as JsonObject)[key] = value
  if (typeof a['stackability'] === 'string') {
    record.stackability = { stackable: a['stackability'] === 'Stackable', partOf: strings(a['isPartOf']) }
  }
  if (isJsonObject(a['image']) && typeof a['image']['id'] === 'string') {
    record.image = {
      id: a['image']['id'],
      ...(typeof a['image']['caption'] === 'string' ? { caption: a['image']['caption'] } : {}),
    }
  }
  return record
}

function readWorkload(a: JsonObject): MicroCredentialRecord['workload'] {
  const workload: MicroCredentialRecord['workload'] = {}
  if (typeof a['creditsAvailable'] === 'number') workload.ects = a['creditsAvailable']
  const hours = /^PT(\d+(?:\.\d+)?)H$/.exec(text(a['volumeOfLearning']) ?? '')
  if (hours !== null) workload.hours = Number(hours[1])
  return workload
}

function readLevel(a: JsonObject): MicroCredentialRecord['level'] {
  const level: NonNullable<MicroCredentialRecord['level']> = {}
  const eqfIri = text(a['eqfLevel'])
  if (eqfIri !== undefined) {
    level.eqfIri = eqfIri
    const name = vocabularyValue(EQF_LEVELS, eqfIri).name
    if (name !== undefined) level.eqf = Number(name) as EqfLevel
  }
  const cycle = text(a['qfEheaCycle'])
  const cycleName = (Object.keys(QF_EHEA_CYCLES) as QfEheaCycle[]).find((key) => QF_EHEA_CYCLES[key].term === cycle)
  if (cycleName !== undefined) level.qfEhea = cycleName
  const nqf = text(a['nqfLevel'])
  if (nqf !== undefined) level.nqf = nqf
  return Object.keys(level).length === 0 ? undefined : level
}

function readGrade(subject: JsonObject, a: JsonObject): { value: string; scheme?: GradeScheme } | undefined {
  const result = objects(subject['result']).find((r) => typeof r['value'] === 'string')
  if (result === undefined) return undefined
  const grade: { value: string; scheme?: GradeScheme } = { value: String(result['value']) }
  const description = objects(a['resultDescription']).find((rd) => rd['id'] === result['resultDescription'])
  if (description !== undefined) {
    const scheme: GradeScheme = {
      name: String(description['name']),
      resultType: String(description['resultType']) as ResultType,
    }
    const allowed = strings(description['allowedValue'])
    if (allowed.length > 0) scheme.allowedValues = allowed
    if (typeof description['valueMin'] === 'string') scheme.min = description['valueMin']
    if (typeof description['valueMax'] === 'string') scheme.max = description['valueMax']
    if (typeof description['requiredValue'] === 'string') scheme.passing = description['requiredValue']
    grade.scheme = scheme
  }
  return grade
}
