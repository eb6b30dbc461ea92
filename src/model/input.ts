/**
 * What the builders take: `createMicroCredential(input: MicroCredentialInput)` and
 * `createAchievement(input: AchievementInput)`, and what `readMicroCredential()` gives back.
 *
 * @packageDocumentation
 */
import type { ResultType } from './ob3.js'
import type {
  AssessmentTypeName,
  EqfLevel,
  LearningActivityName,
  LearningSettingName,
  ParticipationName,
  QaTypeName,
  QfEheaCycle,
  SupervisionName,
  VocabularyValue,
} from './vocabularies.js'

/** An absolute IRI, accepted wherever a builder takes a vocabulary value (it must belong to that list). */
export type AbsoluteIri = `${string}:${string}`

/** A date as an RFC 3339 string (`2024-06-30T00:00:00Z`, or a plain date `2024-06-30`) or a `Date`. */
export type DateInput = string | Date

/** Kinds of legal identifier of an organization (`Profile.otherIdentifier[].identifierType` is `ext:<kind>`). */
export type LegalIdentifierType = 'eIDAS' | 'VAT' | 'ErasmusCode' | 'PIC' | 'ROR' | (string & {})

/** An organization or person: issuer, awarding body, QA agency. */
export interface ProfileInput {
  /** URI identifying it: a DID (`did:web:uni.example`) or an https URL. */
  id: string
  /** Its name as it should be displayed. */
  name: string
  /** Its web site. */
  url?: string
  /** A contact e-mail. */
  email?: string
  /** Legal identifiers (EU element 4 asks for the awarding body's legal identity). */
  legalIdentifiers?: { type: LegalIdentifierType; value: string }[]
}

/** The issuer: a profile plus where it is (EU element 3). */
export interface IssuerInput extends ProfileInput {
  /** ISO 3166-1 alpha-2 country code(s), e.g. `'DE'` or `['BE', 'NL']` for a cross-border issuer. */
  country: string | string[]
  /** Region, e.g. `Bavaria`. */
  region?: string
}

/** Who earned the micro-credential (EU element 1). At least one of `id`, `name`, `email`, `studentId`, `nationalId`. */
export interface LearnerInput {
  /** The learner's DID or other URI (becomes `credentialSubject.id`). */
  id?: string
  /** Full name, stored in clear (`identityType: 'name'`). */
  name?: string
  /** E-mail address, stored hashed (`sha256$<hex>` of e-mail followed by `salt`). */
  email?: string
  /** Student number at the issuer, stored hashed (`identityType: 'sisSourcedId'`). */
  studentId?: string
  /** National identity number, stored hashed (`identityType: 'nationalIdentityNumber'`). */
  nationalId?: string
  /** Salt for the hashes; a random 128-bit hex salt when absent. Pass one to make output reproducible. */
  salt?: string
}

/** A learning outcome: its text, and optionally the ESCO skills it relates to. */
export type LearningOutcomeInput =
  | string
  | {
      text: string
      /** ESCO skill IRIs, or `{ iri, label }` to give the label alignment displays show. */
      escoSkills?: (string | { iri: string; label?: string })[]
    }

/** Notional workload (EU element 7): ECTS credits and/or hours of learning. At least one. */
export interface WorkloadInput {
  /** ECTS credits, e.g. `5`. */
  ects?: number
  /** Hours of learning, e.g. `125`. */
  hours?: number
}

/** Level (EU element 8). */
export interface LevelInput {
  /** European Qualifications Framework level. */
  eqf?: EqfLevel
  /** QF-EHEA cycle (higher education). */
  qfEhea?: QfEheaCycle
  /** National qualifications framework level, as text or IRI. */
  nqf?: string
}

/** Type of assessment value: a friendly name or an IRI under `http://data.europa.eu/snb/assessment/`. */
export type AssessmentType = AssessmentTypeName | AbsoluteIri
/** Form of participation: a friendly name or an IRI under `http://data.europa.eu/snb/learning-assessment/`. */
export type Participation = ParticipationName | AbsoluteIri
/** Supervision: a friendly name or an IRI under `http://data.europa.eu/snb/supervision-verification/`. */
export type Supervision = SupervisionName | AbsoluteIri
/** Type of quality assurance: a friendly name or an IRI under `http://data.europa.eu/snb/accreditation/`. */
export type QaType = QaTypeName | AbsoluteIri
/** Learning activity: a friendly name or an IRI under `http://data.europa.eu/snb/learning-activity/`. */
export type LearningActivity = LearningActivityName | AbsoluteIri
/** Learning setting: `formal`, `non-formal` or an IRI under `http://data.europa.eu/snb/learning-setting/`. */
export type LearningSetting = LearningSettingName | AbsoluteIri

/** How grades are given (becomes the achievement's `resultDescription`). */
export interface GradeScheme {
  /** Name of the scale, e.g. `ECTS grading scale`. Default `Grade`. */
  name?: string
  /** OB 3.0 result type. Default `Result` (a generic result); use `LetterGrade`, `Percent`... when you know it. */
  resultType?: ResultType
  /** The values the scale allows, e.g. `['A', 'B', 'C', 'D', 'E', 'FX', 'F']`. */
  allowedValues?: string[]
  /** Lowest value, for numeric scales. */
  min?: string
  /** Highest value, for numeric scales. */
  max?: string
  /** The value needed to pass. */
  passing?: string
}

/** Type of assessment (EU element 9), supervision and grading of one achievement. */
export interface AssessmentInput {
  types: AssessmentType[]
  supervision?: Supervision
}

/** Quality assurance (EU element 11). */
export interface QualityAssuranceInput {
  type: QaType
  /** The QA agency or accrediting body. */
  agent?: ProfileInput
  /** URL of the QA report. */
  report?: string
  /** Date of the QA decision (`YYYY-MM-DD`, or a `Date`). */
  decisionDate?: DateInput
  description?: string
}

/** Stackability (optional element). */
export interface StackabilityInput {
  stackable: boolean
  /** IRIs of the larger credentials or programmes it stacks into. */
  partOf?: string[]
}

/**
 * What `createAchievement()` takes: the part of a micro-credential that is the same for every learner who earns
 * it (a course, a module).
 */
export interface AchievementInput {
  /** Achievement id; default `urn:uuid:<random>`. Use a stable URL to let verifiers recognise the course. */
  id?: string
  /** EU element 2. */
  title: string
  /** What the micro-credential is about. */
  description: string
  /** EU element 6: at least one. */
  learningOutcomes: LearningOutcomeInput[]
  /** EU element 7. */
  workload: WorkloadInput
  /** EU element 8 (where applicable). */
  level?: LevelInput
  /** EU element 9 (+ optional supervision). A grading scale goes in `gradeScheme`. */
  assessment: AssessmentInput & { gradeScheme?: GradeScheme }
  /** EU element 10: at least one. */
  participation: Participation[]
  /** Optional: types of learning activity. */
  learningActivities?: LearningActivity[]
  /** Optional: formal or non-formal learning. */
  learningSetting?: LearningSetting
  /** EU element 11: at least one. */
  qualityAssurance: QualityAssuranceInput[]
  /** EU element 4 when the awarding body is not (only) the issuer. */
  awardingBodies?: ProfileInput[]
  /** Optional: prerequisites (Markdown). */
  prerequisites?: string
  /** Optional: integration / stackability. */
  stackability?: StackabilityInput
  /** Optional: URL of a page about the micro-credential (becomes `criteria.id`). */
  infoUrl?: string
  /** Optional: field of study, as text. */
  fieldOfStudy?: string
  /** Optional: ISCED-F 2013 codes (`'0613'`) or IRIs. */
  iscedF?: string[]
  /** Optional: language of the learning, BCP 47 (`'en'`, `'de-AT'`). */
  language?: string
  /** Optional: badge image (URL or data URI). */
  image?: { id: string; caption?: string }
}

/**
 * What `createMicroCredential()` takes: every EU mandatory element (Council Recommendation 2022/C 243/02,
 * Annex I) and the optional ones, with friendly names for the EU vocabularies.
 */
export interface MicroCredentialInput extends Omit<AchievementInput, 'id' | 'assessment'> {
  /** Credential id; default `urn:uuid:<random>`. */
  id?: string
  /** Achievement id; default `urn:uuid:<random>`. */
  achievementId?: string
  /** EU elements 3 and 4: the issuing (and, unless `awardingBodies` says otherwise, awarding) body. */
  issuer: IssuerInput
  /** EU element 1. */
  learner: LearnerInput
  /** EU element 9 (+ optional supervision and the learner's grade). */
  assessment: AssessmentInput & { grade?: { value: string; scheme?: GradeScheme } }
  /** EU element 5: date of issuing (`validFrom`). */
  issued: DateInput
  /** Original award date when re-issued (`awardedDate`). */
  awarded?: DateInput
  /** Expiry (`validUntil`). */
  validUntil?: DateInput
  /** Optional: further information about this credential (the credential's `description`). */
  furtherInformation?: string
  /**
   * `'embedded'` (default) puts the EU context inline so any conformant verifier can process the credential
   * offline; `'url'` references `https://w3id.org/microcred/eu/v1` (resolved from the bundled copy here).
   */
  contextMode?: 'embedded' | 'url'
  /**
   * Name the official OB 3.0 schema and the EU profile schema in `credentialSchema` (adds the OB
   * `extensions.json` context, which defines `1EdTechJsonSchemaValidator2019`). Off by default: other verifiers
   * would try to fetch the schemas.
   */
  credentialSchema?: boolean
}

/** A learner identifier as stored in the credential: hashed, with its salt. */
export interface HashedIdentifier {
  /** `email`, `studentId`, `nationalId`, or the OB identity type for others. */
  type: 'email' | 'studentId' | 'nationalId' | (string & {})
  /** `sha256$<hex>`. */
  hash: string
  salt?: string
}

/** A profile as read back from a credential. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a public interface of its own name (api/microcred.api.md); an alias would change the published declarations
export interface ProfileRecord extends ProfileInput {}

/**
 * What `readMicroCredential()` returns: the builder's input shape, with every vocabulary value given as
 * `{ name, iri, label }`, hashed learner identifiers as hashes, and lists always present.
 */
export interface MicroCredentialRecord {
  id: string
  achievementId: string
  issuer: ProfileRecord & { country: string[]; region?: string }
  /** Empty when the issuer is the awarding body. */
  awardingBodies: ProfileRecord[]
  learner: { id?: string; name?: string; hashedIdentifiers: HashedIdentifier[] }
  title: string
  description: string
  learningOutcomes: { text: string; escoSkills: { iri: string; label?: string }[] }[]
  workload: WorkloadInput
  level?: LevelInput & { eqfIri?: string }
  assessment: {
    types: VocabularyValue<AssessmentTypeName>[]
    supervision?: VocabularyValue<SupervisionName>
    grade?: { value: string; scheme?: GradeScheme }
  }
  participation: VocabularyValue<ParticipationName>[]
  learningActivities: VocabularyValue<LearningActivityName>[]
  learningSetting?: VocabularyValue<LearningSettingName>
  qualityAssurance: {
    type: VocabularyValue<QaTypeName>
    agent?: ProfileRecord
    report?: string
    decisionDate?: string
    description?: string
  }[]
  issued: string
  awarded?: string
  validUntil?: string
  prerequisites?: string
  stackability?: { stackable: boolean; partOf: string[] }
  furtherInformation?: string
  infoUrl?: string
  fieldOfStudy?: string
  /** ISCED-F codes, e.g. `['0613']`. */
  iscedF: string[]
  language?: string
  image?: { id: string; caption?: string }
}
