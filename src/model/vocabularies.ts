/**
 * The EU controlled vocabularies a micro-credential uses (EU Vocabularies / Europass ELM v3 code lists), as typed
 * tables: friendly name -> IRI and English label. Builders accept the friendly name or a raw IRI of the same
 * list; credentials always carry the IRI. Data: the EU Vocabularies code lists `eqf`, `education-credit`,
 * `learning-assessment`, `learning-setting`, `assessment`, `supervision-verification`, `accreditation` and
 * `learning-activity` (`http://data.europa.eu/snb/<list>/<id>`).
 *
 * @packageDocumentation
 */

/** One value of an EU controlled vocabulary. */
export interface VocabularyEntry {
  /** The value's IRI, e.g. `http://data.europa.eu/snb/assessment/6e6cb2cc78`. */
  readonly iri: string
  /** English label, e.g. `Written examination`. */
  readonly label: string
}

/** A controlled vocabulary: its IRI namespace, the shape of its IRIs and the values microcred names. */
export interface Vocabulary<N extends string> {
  /** Short name of the list, used in messages (e.g. `assessment`). */
  readonly name: string
  /** IRI prefix every value of the list shares. */
  readonly namespace: string
  /** What any IRI of this list looks like, including values added to the list after this release. */
  readonly iriPattern: RegExp
  /** The named values. */
  readonly entries: Readonly<Record<N, VocabularyEntry>>
}

/** EU Vocabularies identifiers are 10 lower-case hex digits. */
const EU_ID = '[0-9a-f]{10}'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

function vocabulary<N extends string>(
  name: string,
  namespace: string,
  idPattern: string,
  entries: Readonly<Record<N, VocabularyEntry>>,
): Vocabulary<N> {
  return Object.freeze({
    name,
    namespace,
    iriPattern: new RegExp(`^${escapeRegExp(namespace)}${idPattern}$`),
    entries: Object.freeze(entries),
  })
}

/** EQF levels 1-8 (`http://data.europa.eu/snb/eqf/<n>`). */
export const EQF_LEVELS = vocabulary('eqf', 'http://data.europa.eu/snb/eqf/', '[1-8]', {
  '1': { iri: 'http://data.europa.eu/snb/eqf/1', label: 'EQF level 1' },
  '2': { iri: 'http://data.europa.eu/snb/eqf/2', label: 'EQF level 2' },
  '3': { iri: 'http://data.europa.eu/snb/eqf/3', label: 'EQF level 3' },
  '4': { iri: 'http://data.europa.eu/snb/eqf/4', label: 'EQF level 4' },
  '5': { iri: 'http://data.europa.eu/snb/eqf/5', label: 'EQF level 5' },
  '6': { iri: 'http://data.europa.eu/snb/eqf/6', label: 'EQF level 6' },
  '7': { iri: 'http://data.europa.eu/snb/eqf/7', label: 'EQF level 7' },
  '8': { iri: 'http://data.europa.eu/snb/eqf/8', label: 'EQF level 8' },
})
/** An EQF level. */
export type EqfLevel = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8

/** Credit systems (`education-credit`). */
export const CREDIT_SYSTEMS = vocabulary('education-credit', 'http://data.europa.eu/snb/education-credit/', EU_ID, {
  ects: {
    iri: 'http://data.europa.eu/snb/education-credit/6fcec5c5af',
    label: 'European Credit Transfer and Accumulation System (ECTS)',
  },
  ecvet: {
    iri: 'http://data.europa.eu/snb/education-credit/60b314e826',
    label: 'European Credit system for Vocational Education and Training (ECVET)',
  },
})
/** @see {@link CREDIT_SYSTEMS} */
export type CreditSystemName = keyof typeof CREDIT_SYSTEMS.entries

/** Forms of participation (`learning-assessment`; `onsite` is the list's "presential"). */
export const PARTICIPATION_MODES = vocabulary(
  'learning-assessment',
  'http://data.europa.eu/snb/learning-assessment/',
  EU_ID,
  {
    online: { iri: 'http://data.europa.eu/snb/learning-assessment/920fbb3cbe', label: 'Online' },
    onsite: { iri: 'http://data.europa.eu/snb/learning-assessment/9191af2ed9', label: 'Presential' },
    blended: { iri: 'http://data.europa.eu/snb/learning-assessment/e92d221e4d', label: 'Blended' },
    'work-based': { iri: 'http://data.europa.eu/snb/learning-assessment/729f3bed4b', label: 'Work-based' },
    'project-based': { iri: 'http://data.europa.eu/snb/learning-assessment/7813801c77', label: 'Project-based' },
    'research-lab': { iri: 'http://data.europa.eu/snb/learning-assessment/ed4c557045', label: 'Research-lab based' },
  },
)
/** @see {@link PARTICIPATION_MODES} */
export type ParticipationName = keyof typeof PARTICIPATION_MODES.entries

/** Learning settings (`learning-setting`). */
export const LEARNING_SETTINGS = vocabulary('learning-setting', 'http://data.europa.eu/snb/learning-setting/', EU_ID, {
  formal: { iri: 'http://data.europa.eu/snb/learning-setting/6fd4685715', label: 'Formal learning' },
  'non-formal': { iri: 'http://data.europa.eu/snb/learning-setting/e207a81fc7', label: 'Non-formal learning' },
})
/** @see {@link LEARNING_SETTINGS} */
export type LearningSettingName = keyof typeof LEARNING_SETTINGS.entries

/** Types of assessment (`assessment`). */
export const ASSESSMENT_TYPES = vocabulary('assessment', 'http://data.europa.eu/snb/assessment/', EU_ID, {
  'written-exam': { iri: 'http://data.europa.eu/snb/assessment/6e6cb2cc78', label: 'Written examination' },
  'oral-exam': { iri: 'http://data.europa.eu/snb/assessment/d30284d7df', label: 'Oral examination' },
  practical: { iri: 'http://data.europa.eu/snb/assessment/6a4db9f11d', label: 'Practical assessment' },
  portfolio: { iri: 'http://data.europa.eu/snb/assessment/4f03b91c0e', label: 'Portfolio' },
  project: { iri: 'http://data.europa.eu/snb/assessment/795dac4096', label: 'Project work' },
  artefact: { iri: 'http://data.europa.eu/snb/assessment/de4d165a6c', label: 'Artefact assessment' },
  assignment: { iri: 'http://data.europa.eu/snb/assessment/2939dae15f', label: 'Marked assignment' },
  continuous: { iri: 'http://data.europa.eu/snb/assessment/3484bd7e51', label: 'Continuous evaluation' },
  quiz: { iri: 'http://data.europa.eu/snb/assessment/b1b68f6735', label: 'Quiz' },
  'peer-assessment': { iri: 'http://data.europa.eu/snb/assessment/19a2e5e671', label: 'Peer assessment' },
  'peer-review': { iri: 'http://data.europa.eu/snb/assessment/812e3b0ae1', label: 'Peer review' },
  'group-performance': { iri: 'http://data.europa.eu/snb/assessment/56539a6507', label: 'Group performance' },
  'problem-based': { iri: 'http://data.europa.eu/snb/assessment/c4256a2726', label: 'Problem-based learning' },
  attendance: { iri: 'http://data.europa.eu/snb/assessment/7331eb4762', label: 'Level of attendance' },
})
/** @see {@link ASSESSMENT_TYPES} */
export type AssessmentTypeName = keyof typeof ASSESSMENT_TYPES.entries

/**
 * Supervision and identity verification during assessment (`supervision-verification`).
 * The English label of `supervised` (`44314532f9`) is inferred from the list's structure, not read from it.
 */
export const SUPERVISION_TYPES = vocabulary(
  'supervision-verification',
  'http://data.europa.eu/snb/supervision-verification/',
  EU_ID,
  {
    unsupervised: {
      iri: 'http://data.europa.eu/snb/supervision-verification/c598449d64',
      label: 'Unsupervised, no identity verification',
    },
    'unsupervised-with-id': {
      iri: 'http://data.europa.eu/snb/supervision-verification/df2880c5cb',
      label: 'Unsupervised, with identity verification',
    },
    supervised: {
      iri: 'http://data.europa.eu/snb/supervision-verification/44314532f9',
      label: 'Supervised, no identity verification',
    },
    'supervised-with-id': {
      iri: 'http://data.europa.eu/snb/supervision-verification/70be69aaf9',
      label: 'Supervised, with identity verification',
    },
  },
)
/** @see {@link SUPERVISION_TYPES} */
export type SupervisionName = keyof typeof SUPERVISION_TYPES.entries

/** Types of quality assurance (`accreditation`). */
export const QA_TYPES = vocabulary('accreditation', 'http://data.europa.eu/snb/accreditation/', EU_ID, {
  institutional: {
    iri: 'http://data.europa.eu/snb/accreditation/bb4618238e',
    label: 'Institutional quality assurance',
  },
  programme: { iri: 'http://data.europa.eu/snb/accreditation/820101cba6', label: 'Programme quality assurance' },
  'institutional-licence': {
    iri: 'http://data.europa.eu/snb/accreditation/003293d2ce',
    label: 'Institutional licence',
  },
  'programme-licence': { iri: 'http://data.europa.eu/snb/accreditation/e57dddfcf3', label: 'Programme licence' },
})
/** @see {@link QA_TYPES} */
export type QaTypeName = keyof typeof QA_TYPES.entries

/** Types of learning activity (`learning-activity`). */
export const LEARNING_ACTIVITIES = vocabulary(
  'learning-activity',
  'http://data.europa.eu/snb/learning-activity/',
  EU_ID,
  {
    classroom: { iri: 'http://data.europa.eu/snb/learning-activity/ff436ea7c9', label: 'Classroom coursework' },
    'e-learning': { iri: 'http://data.europa.eu/snb/learning-activity/bf2e3a7bae', label: 'E-learning coursework' },
    lab: { iri: 'http://data.europa.eu/snb/learning-activity/3c8bd58d62', label: 'Lab, simulation or practice' },
    workshop: {
      iri: 'http://data.europa.eu/snb/learning-activity/efff75e10a',
      label: 'Workshop, seminar or conference',
    },
    internship: { iri: 'http://data.europa.eu/snb/learning-activity/bf5588ff84', label: 'Internship' },
    apprenticeship: { iri: 'http://data.europa.eu/snb/learning-activity/d46a826a39', label: 'Apprenticeship' },
    'job-experience': { iri: 'http://data.europa.eu/snb/learning-activity/4357e0e681', label: 'Job experience' },
    volunteering: { iri: 'http://data.europa.eu/snb/learning-activity/59eaf34fab', label: 'Volunteering' },
    research: { iri: 'http://data.europa.eu/snb/learning-activity/a7e556215a', label: 'Research' },
    'self-study': { iri: 'http://data.europa.eu/snb/learning-activity/b660f5dcea', label: 'Self-motivated study' },
    programme: { iri: 'http://data.europa.eu/snb/learning-activity/fd33e234ae', label: 'Educational programme' },
  },
)
/** @see {@link LEARNING_ACTIVITIES} */
export type LearningActivityName = keyof typeof LEARNING_ACTIVITIES.entries

/**
 * QF-EHEA cycles. No EU IRIs exist for them, so they are terms of microcred's EU context
 * (`https://w3id.org/microcred/eu#FirstCycle`...), each with the EQF level it corresponds to.
 */
export const QF_EHEA_CYCLES = Object.freeze({
  short: { term: 'ShortCycle', eqf: 5 },
  first: { term: 'FirstCycle', eqf: 6 },
  second: { term: 'SecondCycle', eqf: 7 },
  third: { term: 'ThirdCycle', eqf: 8 },
} as const)
/** @see {@link QF_EHEA_CYCLES} */
export type QfEheaCycle = keyof typeof QF_EHEA_CYCLES

/** ISCED-F 2013 fields of education: `http://data.europa.eu/snb/isced-f/<2-4 digit code>`. */
export const ISCED_F_NAMESPACE = 'http://data.europa.eu/snb/isced-f/'
/** ESCO skills: `http://data.europa.eu/esco/skill/<uuid>`. */
export const ESCO_SKILL_NAMESPACE = 'http://data.europa.eu/esco/skill/'
/** EU country authority table: `http://publications.europa.eu/resource/authority/country/<ISO 3166-1 alpha-3>`. */
export const EU_COUNTRY_NAMESPACE = 'http://publications.europa.eu/resource/authority/country/'

/**
 * Resolves a friendly name or an IRI of `vocab` to its IRI, or `undefined` when it is neither.
 *
 * @example
 * ```ts
 * vocabularyIri(ASSESSMENT_TYPES, 'written-exam') // 'http://data.europa.eu/snb/assessment/6e6cb2cc78'
 * vocabularyIri(ASSESSMENT_TYPES, 'http://data.europa.eu/snb/assessment/6e6cb2cc78') // the same IRI
 * vocabularyIri(ASSESSMENT_TYPES, 'exam') // undefined
 * ```
 */
export function vocabularyIri<N extends string>(vocab: Vocabulary<N>, nameOrIri: string): string | undefined {
  if (Object.hasOwn(vocab.entries, nameOrIri)) return vocab.entries[nameOrIri as N].iri
  return vocab.iriPattern.test(nameOrIri) ? nameOrIri : undefined
}

/** A vocabulary value as read back from a credential: the IRI, plus the friendly name and label when known. */
export interface VocabularyValue<N extends string = string> {
  /** Friendly name (e.g. `written-exam`), when the IRI is one microcred names. */
  name?: N
  iri: string
  label?: string
}

/**
 * Looks an IRI up in `vocab`.
 *
 * @example
 * ```ts
 * vocabularyValue(PARTICIPATION_MODES, 'http://data.europa.eu/snb/learning-assessment/920fbb3cbe')
 * // { name: 'online', iri: 'http://data.europa.eu/snb/learning-assessment/920fbb3cbe', label: 'Online' }
 * ```
 */
export function vocabularyValue<N extends string>(vocab: Vocabulary<N>, iri: string): VocabularyValue<N> {
  for (const [name, entry] of Object.entries(vocab.entries) as [N, VocabularyEntry][]) {
    if (entry.iri === iri) return { name, iri, label: entry.label }
  }
  return { iri }
}
