/** Builder input -> the EU micro-credential `Achievement` (placement of each element: docs/MAPPING.md). */
import { randomUUID } from 'node:crypto'
import type { Alignment, Image, ResultDescription } from '../model/ob3.js'
import { RESULT_TYPES } from '../model/ob3.js'
import type { EUAchievement, LearningOutcome, QualityAssurance } from '../model/eu.js'
import type { AchievementInput, GradeScheme } from '../model/input.js'
import {
  ASSESSMENT_TYPES,
  CREDIT_SYSTEMS,
  EQF_LEVELS,
  ESCO_SKILL_NAMESPACE,
  ISCED_F_NAMESPACE,
  LEARNING_ACTIVITIES,
  LEARNING_SETTINGS,
  PARTICIPATION_MODES,
  QA_TYPES,
  QF_EHEA_CYCLES,
  SUPERVISION_TYPES,
  type QfEheaCycle,
  type Vocabulary,
  vocabularyIri,
} from '../model/vocabularies.js'
import type { PathSegments } from '../util/path.js'
import { isJsonObject } from '../util/json.js'
import {
  describeType,
  invalid,
  isAbsent,
  optionalList,
  optionalText,
  rejectUnknownMembers,
  requireIri,
  requireNumber,
  requireObject,
  requireLanguage,
  requireText,
  requireUrl,
} from '../util/input-checks.js'
import { EU_ELEMENTS, missingElement, requireElementList, requireElementText } from './eu-elements.js'
import { toDate } from '../util/dates.js'
import { buildProfile, ProfileRegistry } from './profile.js'

/** Members of {@link AchievementInput} that describe the achievement itself. */
export const ACHIEVEMENT_CONTENT_MEMBERS = [
  'title',
  'description',
  'learningOutcomes',
  'workload',
  'level',
  'assessment',
  'participation',
  'learningActivities',
  'learningSetting',
  'qualityAssurance',
  'awardingBodies',
  'prerequisites',
  'stackability',
  'infoUrl',
  'fieldOfStudy',
  'iscedF',
  'language',
  'image',
] as const

const ESCO_SKILL =
  /^http:\/\/data\.europa\.eu\/esco\/skill\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ISCED_F_CODE = /^\d{2,4}$/

/** Hours above this are certainly a mistake (it is over 11 years of full-time study). */
const MAX_HOURS = 100_000
/** ECTS above this are certainly a mistake (a doctorate is about 240). */
const MAX_ECTS = 1_000

/** What the caller of {@link buildAchievement} decides beyond the input. */
export interface AchievementContext {
  /** The achievement's id. */
  id: string
  /** EU country authority IRIs when the issuer is in more than one country. */
  issuerCountries?: string[]
  /** The grading scale, when results are recorded. */
  gradeScheme?: GradeScheme
  /** Profiles already described in the credential (the issuer); default: none. */
  profiles?: ProfileRegistry
}

/**
 * Creates the OB 3.0 `Achievement` of an EU micro-credential: the course or module as it is for every learner
 * who earns it. Every mandatory element other than the learner, the issuer and the date must be present.
 * The result can be reused for many credentials, and `createMicroCredential()` builds the same thing.
 *
 * @throws MicrocredError `ERR_EU_ELEMENT_MISSING` (mandatory element absent) or `ERR_INVALID_INPUT` (a bad value),
 *   with the field's `path`.
 * @example
 * ```ts
 * const achievement = createAchievement({
 *   id: 'https://uni.example/courses/db101',
 *   title: 'Relational Databases',
 *   description: 'Design and query relational databases.',
 *   learningOutcomes: ['Design a schema in third normal form', 'Write SQL queries with joins and aggregates'],
 *   workload: { ects: 5, hours: 125 },
 *   level: { eqf: 6 },
 *   assessment: { types: ['written-exam', 'project'], supervision: 'supervised-with-id' },
 *   participation: ['online'],
 *   qualityAssurance: [{ type: 'institutional' }],
 * })
 * ```
 */
export function createAchievement(input: AchievementInput): EUAchievement {
  if (!isJsonObject(input)) throw new TypeError('createAchievement(input): input must be an object')
  rejectUnknownMembers(input, ['id', ...ACHIEVEMENT_CONTENT_MEMBERS], [])
  const assessment = isJsonObject(input.assessment) ? input.assessment : undefined
  const gradeScheme = assessment?.gradeScheme
  const id = isAbsent(input.id) ? `urn:uuid:${randomUUID()}` : requireIri(input.id, ['id'])
  return buildAchievement(
    input,
    [],
    {
      id,
      ...(gradeScheme === undefined ? {} : { gradeScheme }),
    },
    ['types', 'supervision', 'gradeScheme'],
  )
}

/**
 * Builds the achievement from the achievement members of `input` (shared by `createAchievement()` and
 * `createMicroCredential()`; each checks its own top-level members first).
 */
export function buildAchievement(
  input: Record<string, unknown>,
  base: PathSegments,
  context: AchievementContext,
  assessmentMembers: readonly string[],
): EUAchievement {
  const at = (...rest: (string | number)[]): (string | number)[] => [...base, ...rest]
  const title = requireElementText(input['title'], at('title'), EU_ELEMENTS.title)
  const description = requireText(input['description'], at('description'))
  const outcomes = buildOutcomes(input['learningOutcomes'], at('learningOutcomes'))
  const alignment: Alignment[] = outcomes.alignment

  const achievement: EUAchievement = {
    id: context.id,
    type: ['Achievement', 'EUMicroCredential'],
    achievementType: 'MicroCredential',
    name: title,
    description,
    criteria: buildCriteria(outcomes.items, input['infoUrl'], at('infoUrl')),
    learningOutcome: outcomes.items,
    assessmentType: [],
    learningMode: [],
    qualityAssurance: [],
  }

  const image = buildImage(input['image'], at('image'))
  if (image !== undefined) achievement.image = image

  const profiles = context.profiles ?? new ProfileRegistry()
  const awardingBodies = optionalList(input['awardingBodies'], at('awardingBodies')).map((body, i) =>
    buildProfile(body, at('awardingBodies', i)),
  )
  // The first awarding body is also the achievement's creator, which generic OB displayers show.
  const [creator] = awardingBodies
  if (creator !== undefined) achievement.creator = profiles.place(creator)

  const language = optionalText(input['language'], at('language'))
  if (language !== undefined) achievement.inLanguage = requireLanguage(language, at('language'))
  const fieldOfStudy = optionalText(input['fieldOfStudy'], at('fieldOfStudy'))
  if (fieldOfStudy !== undefined) achievement.fieldOfStudy = fieldOfStudy

  const workload = buildWorkload(input['workload'], at('workload'))
  if (workload.ects !== undefined) {
    achievement.creditsAvailable = workload.ects
    achievement.creditSystem = CREDIT_SYSTEMS.entries.ects.iri
  }
  if (workload.hours !== undefined) achievement.volumeOfLearning = `PT${decimal(workload.hours)}H`

  const level = buildLevel(input['level'], at('level'))
  if (level.eqf !== undefined) {
    const entry = EQF_LEVELS.entries[String(level.eqf) as keyof typeof EQF_LEVELS.entries]
    alignment.push({
      type: ['Alignment'],
      targetUrl: entry.iri,
      targetName: entry.label,
      targetFramework: 'European Qualifications Framework',
      targetCode: String(level.eqf),
    })
    achievement.eqfLevel = entry.iri
  }
  if (level.qfEhea !== undefined) achievement.qfEheaCycle = QF_EHEA_CYCLES[level.qfEhea].term
  if (level.nqf !== undefined) achievement.nqfLevel = level.nqf
  if (alignment.length > 0) achievement.alignment = alignment

  const assessmentInput = requireAssessment(input['assessment'], at('assessment'), assessmentMembers)
  achievement.assessmentType = requireElementList(
    assessmentInput['types'],
    at('assessment', 'types'),
    EU_ELEMENTS.assessment,
  ).map((value, i) => vocabulary(ASSESSMENT_TYPES, value, at('assessment', 'types', i)))
  if (!isAbsent(assessmentInput['supervision'])) {
    achievement.supervisionVerification = vocabulary(
      SUPERVISION_TYPES,
      assessmentInput['supervision'],
      at('assessment', 'supervision'),
    )
  }
  if (context.gradeScheme !== undefined) {
    const schemePath = assessmentMembers.includes('grade')
      ? at('assessment', 'grade', 'scheme')
      : at('assessment', 'gradeScheme')
    achievement.resultDescription = [buildResultDescription(context.gradeScheme, `${context.id}#grade`, schemePath)]
  }

  achievement.learningMode = requireElementList(
    input['participation'],
    at('participation'),
    EU_ELEMENTS.participation,
  ).map((value, i) => vocabulary(PARTICIPATION_MODES, value, at('participation', i)))
  const activities = optionalList(input['learningActivities'], at('learningActivities')).map((value, i) =>
    vocabulary(LEARNING_ACTIVITIES, value, at('learningActivities', i)),
  )
  if (activities.length > 0) achievement.learningActivityType = activities
  if (!isAbsent(input['learningSetting'])) {
    achievement.learningSetting = vocabulary(LEARNING_SETTINGS, input['learningSetting'], at('learningSetting'))
  }

  achievement.qualityAssurance = requireElementList(
    input['qualityAssurance'],
    at('qualityAssurance'),
    EU_ELEMENTS.qualityAssurance,
  ).map((value, i) => buildQualityAssurance(value, at('qualityAssurance', i), profiles))

  const prerequisites = optionalText(input['prerequisites'], at('prerequisites'))
  if (prerequisites !== undefined) achievement.entryRequirement = prerequisites

  if (!isAbsent(input['stackability'])) {
    const stack = requireObject(input['stackability'], at('stackability'))
    rejectUnknownMembers(stack, ['stackable', 'partOf'], at('stackability'))
    if (typeof stack['stackable'] !== 'boolean') invalid(at('stackability', 'stackable'), 'must be true or false')
    achievement.stackability = stack['stackable'] ? 'Stackable' : 'Standalone'
    const partOf = optionalList(stack['partOf'], at('stackability', 'partOf')).map((iri, i) =>
      requireIri(iri, at('stackability', 'partOf', i)),
    )
    if (partOf.length > 0) {
      if (!stack['stackable'])
        invalid(
          at('stackability', 'partOf'),
          'a standalone micro-credential cannot be part of a larger one; set stackable: true',
        )
      achievement.isPartOf = partOf
    }
  }

  const isced = optionalList(input['iscedF'], at('iscedF')).map((value, i) => iscedIri(value, at('iscedF', i)))
  if (isced.length > 0) achievement.iscedF = isced
  if (context.issuerCountries !== undefined && context.issuerCountries.length > 1)
    achievement.issuerCountry = context.issuerCountries
  if (awardingBodies.length > 0) achievement.awardingBody = awardingBodies.map((body) => profiles.place(body))
  return achievement
}

function buildOutcomes(value: unknown, path: PathSegments): { items: LearningOutcome[]; alignment: Alignment[] } {
  const alignment: Alignment[] = []
  const seenSkills = new Set<string>()
  const items = requireElementList(value, path, EU_ELEMENTS.learningOutcomes).map((entry, i): LearningOutcome => {
    const at = [...path, i]
    if (typeof entry === 'string') return { type: 'LearningOutcome', name: requireText(entry, at) }
    const outcome = requireObject(entry, at)
    rejectUnknownMembers(outcome, ['text', 'escoSkills'], at)
    const item: LearningOutcome = { type: 'LearningOutcome', name: requireText(outcome['text'], [...at, 'text']) }
    const skills = optionalList(outcome['escoSkills'], [...at, 'escoSkills']).map((skill, j) => {
      const skillPath = [...at, 'escoSkills', j]
      const { iri, label } = typeof skill === 'string' ? { iri: skill, label: undefined } : readSkill(skill, skillPath)
      if (!ESCO_SKILL.test(iri)) {
        invalid(skillPath, `${JSON.stringify(iri)} is not an ESCO skill IRI (${ESCO_SKILL_NAMESPACE}<uuid>)`)
      }
      if (!seenSkills.has(iri)) {
        seenSkills.add(iri)
        // An OB Alignment needs a targetName; without a label the skill's identifier is the honest name.
        alignment.push({
          type: ['Alignment'],
          targetUrl: iri,
          targetName: label ?? `ESCO skill ${iri.slice(ESCO_SKILL_NAMESPACE.length)}`,
          targetFramework: 'ESCO',
        })
      }
      return iri
    })
    if (skills.length > 0) item.relatedESCOSkill = skills
    return item
  })
  return { items, alignment }
}

function readSkill(value: unknown, path: PathSegments): { iri: string; label: string | undefined } {
  const skill = requireObject(value, path)
  rejectUnknownMembers(skill, ['iri', 'label'], path)
  return { iri: requireText(skill['iri'], [...path, 'iri']), label: optionalText(skill['label'], [...path, 'label']) }
}

/** Criteria: the learning outcomes as a Markdown list (what a generic OB displayer shows), and the info page. */
function buildCriteria(
  outcomes: readonly LearningOutcome[],
  infoUrl: unknown,
  path: PathSegments,
): { id?: string; narrative: string } {
  const list = outcomes.map((outcome) => `- ${outcome.name.trim().replace(/\r?\n/g, '\n  ')}`).join('\n')
  const criteria: { id?: string; narrative: string } = { narrative: `Learning outcomes:\n\n${list}` }
  if (!isAbsent(infoUrl)) criteria.id = requireUrl(infoUrl, path)
  return criteria
}

function buildImage(value: unknown, path: PathSegments): Image | undefined {
  if (isAbsent(value)) return undefined
  const input = requireObject(value, path)
  rejectUnknownMembers(input, ['id', 'caption'], path)
  const image: Image = { id: requireUrl(input['id'], [...path, 'id']), type: 'Image' }
  const caption = optionalText(input['caption'], [...path, 'caption'])
  if (caption !== undefined) image.caption = caption
  return image
}

function buildWorkload(value: unknown, path: PathSegments): { ects?: number; hours?: number } {
  if (isAbsent(value)) missingElement(path, EU_ELEMENTS.workload, 'ects and/or hours')
  const input = requireObject(value, path)
  rejectUnknownMembers(input, ['ects', 'hours'], path)
  const ects = isAbsent(input['ects'])
    ? undefined
    : requireNumber(input['ects'], [...path, 'ects'], { min: 0, max: MAX_ECTS })
  const hours = isAbsent(input['hours'])
    ? undefined
    : requireNumber(input['hours'], [...path, 'hours'], { min: 0, max: MAX_HOURS, minExclusive: true })
  if (ects === undefined && hours === undefined) missingElement(path, EU_ELEMENTS.workload, 'ects and/or hours')
  return { ...(ects === undefined ? {} : { ects }), ...(hours === undefined ? {} : { hours }) }
}

/** A number in plain decimal notation (ISO 8601 durations have no exponents): 1e-7 -> "0.0000001". */
function decimal(value: number): string {
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })
}

function buildLevel(value: unknown, path: PathSegments): { eqf?: number; qfEhea?: QfEheaCycle; nqf?: string } {
  if (isAbsent(value)) return {}
  const input = requireObject(value, path)
  rejectUnknownMembers(input, ['eqf', 'qfEhea', 'nqf'], path)
  const level: { eqf?: number; qfEhea?: QfEheaCycle; nqf?: string } = {}
  if (!isAbsent(input['eqf'])) {
    const eqf = input['eqf']
    if (typeof eqf !== 'number' || !Number.isInteger(eqf) || eqf < 1 || eqf > 8) {
      invalid(
        [...path, 'eqf'],
        `must be an EQF level, an integer from 1 to 8, not ${(JSON.stringify(eqf) as string | undefined) ?? describeType(eqf)}`,
      )
    }
    level.eqf = eqf
  }
  if (!isAbsent(input['qfEhea'])) {
    const cycle = input['qfEhea']
    if (typeof cycle !== 'string' || !Object.hasOwn(QF_EHEA_CYCLES, cycle)) {
      invalid(
        [...path, 'qfEhea'],
        `must be one of ${Object.keys(QF_EHEA_CYCLES)
          .map((c) => `"${c}"`)
          .join(', ')}`,
      )
    }
    const expected = QF_EHEA_CYCLES[cycle as QfEheaCycle].eqf
    if (level.eqf !== undefined && level.eqf !== expected) {
      invalid([...path, 'qfEhea'], `the QF-EHEA ${cycle} cycle corresponds to EQF level ${expected}, not ${level.eqf}`)
    }
    level.qfEhea = cycle as QfEheaCycle
  }
  const nqf = optionalText(input['nqf'], [...path, 'nqf'])
  if (nqf !== undefined) level.nqf = nqf
  return level
}

function requireAssessment(value: unknown, path: PathSegments, members: readonly string[]): Record<string, unknown> {
  if (isAbsent(value)) missingElement(path, EU_ELEMENTS.assessment)
  const input = requireObject(value, path)
  rejectUnknownMembers(input, members, path)
  return input
}

function buildQualityAssurance(value: unknown, path: PathSegments, profiles: ProfileRegistry): QualityAssurance {
  const input = requireObject(value, path)
  rejectUnknownMembers(input, ['type', 'agent', 'report', 'decisionDate', 'description'], path)
  if (isAbsent(input['type'])) missingElement([...path, 'type'], EU_ELEMENTS.qualityAssurance)
  const qa: QualityAssurance = {
    type: 'QualityAssurance',
    qaType: vocabulary(QA_TYPES, input['type'], [...path, 'type']),
  }
  if (!isAbsent(input['agent'])) qa.accreditingAgent = profiles.place(buildProfile(input['agent'], [...path, 'agent']))
  if (!isAbsent(input['report'])) qa.report = requireUrl(input['report'], [...path, 'report'])
  if (!isAbsent(input['decisionDate'])) qa.decisionDate = toDate(input['decisionDate'], [...path, 'decisionDate'])
  const description = optionalText(input['description'], [...path, 'description'])
  if (description !== undefined) qa.description = description
  return qa
}

function buildResultDescription(scheme: unknown, id: string, path: PathSegments): ResultDescription {
  const input = requireObject(scheme, path)
  rejectUnknownMembers(input, ['name', 'resultType', 'allowedValues', 'min', 'max', 'passing'], path)
  const resultType = isAbsent(input['resultType'])
    ? 'Result'
    : requireText(input['resultType'], [...path, 'resultType'])
  if (!(RESULT_TYPES as readonly string[]).includes(resultType) && !/^ext:[A-Za-z0-9._-]+$/.test(resultType)) {
    invalid([...path, 'resultType'], `must be an OB 3.0 result type (${RESULT_TYPES.join(', ')}) or "ext:<name>"`)
  }
  const description: ResultDescription = {
    id,
    type: ['ResultDescription'],
    name: isAbsent(input['name']) ? 'Grade' : requireText(input['name'], [...path, 'name']),
    resultType: resultType as ResultDescription['resultType'],
  }
  const allowed = optionalList(input['allowedValues'], [...path, 'allowedValues']).map((v, i) =>
    requireText(v, [...path, 'allowedValues', i]),
  )
  if (allowed.length > 0) description.allowedValue = allowed
  const min = optionalText(input['min'], [...path, 'min'])
  if (min !== undefined) description.valueMin = min
  const max = optionalText(input['max'], [...path, 'max'])
  if (max !== undefined) description.valueMax = max
  const passing = optionalText(input['passing'], [...path, 'passing'])
  if (passing !== undefined) {
    if (allowed.length > 0 && !allowed.includes(passing))
      invalid([...path, 'passing'], `${JSON.stringify(passing)} is not one of allowedValues`)
    description.requiredValue = passing
  }
  return description
}

/** A friendly name or an IRI of `vocab` -> its IRI, or `ERR_INVALID_INPUT` naming the accepted values. */
function vocabulary<N extends string>(vocab: Vocabulary<N>, value: unknown, path: PathSegments): string {
  const text = requireText(value, path)
  const iri = vocabularyIri(vocab, text)
  if (iri === undefined) {
    invalid(
      path,
      `${JSON.stringify(text)} is not in the ${vocab.name} vocabulary: use one of ${Object.keys(vocab.entries)
        .map((k) => `"${k}"`)
        .join(', ')} or an IRI under ${vocab.namespace}`,
    )
  }
  return iri
}

function iscedIri(value: unknown, path: PathSegments): string {
  const text = requireText(value, path)
  if (ISCED_F_CODE.test(text)) return `${ISCED_F_NAMESPACE}${text}`
  if (text.startsWith(ISCED_F_NAMESPACE) && ISCED_F_CODE.test(text.slice(ISCED_F_NAMESPACE.length))) return text
  return invalid(path, `${JSON.stringify(text)} is not an ISCED-F code (2 to 4 digits, e.g. "0613") or IRI`)
}
