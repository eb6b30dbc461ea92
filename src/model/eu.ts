/**
 * The EU micro-credential extension of Open Badges 3.0: what microcred's EU context
 * (`https://w3id.org/microcred/eu/v1`) adds to an `Achievement`. See `docs/MAPPING.md` for which EU
 * element each member carries.
 *
 * @packageDocumentation
 */
import type { Achievement, OpenBadgeCredential, Profile, Signed } from './ob3.js'

/** A learning outcome with the ESCO skills it relates to (EU element 6). */
export interface LearningOutcome {
  type: 'LearningOutcome'
  /** The outcome as text, e.g. "Design a relational schema in third normal form". */
  name: string
  /** ESCO skill IRIs (`http://data.europa.eu/esco/skill/<uuid>`). */
  relatedESCOSkill?: string[]
}

/** A quality-assurance arrangement behind the micro-credential (EU element 11). */
export interface QualityAssurance {
  type: 'QualityAssurance'
  /** IRI under `http://data.europa.eu/snb/accreditation/`. */
  qaType: string
  /** The QA agency or accrediting body, e.g. a DEQAR-registered agency. */
  accreditingAgent?: Profile
  /** URL of the QA report. */
  report?: string
  /** Date of the QA decision, `YYYY-MM-DD`. */
  decisionDate?: string
  description?: string
}

/** An OB 3.0 `Achievement` that is an EU micro-credential (its `type` contains `EUMicroCredential`). */
export interface EUAchievement extends Achievement {
  achievementType: 'MicroCredential'
  /** EU element 6. */
  learningOutcome: LearningOutcome[]
  /** EU element 7: credit system IRI (with `creditsAvailable`). */
  creditSystem?: string
  /** EU element 7: workload in hours as an ISO 8601 duration, e.g. `PT125H`. */
  volumeOfLearning?: string
  /** EU element 8: EQF level IRI. */
  eqfLevel?: string
  /** EU element 8: QF-EHEA cycle. */
  qfEheaCycle?: 'ShortCycle' | 'FirstCycle' | 'SecondCycle' | 'ThirdCycle'
  /** EU element 8: national qualifications framework level (text or IRI). */
  nqfLevel?: string
  /** EU element 9: assessment type IRIs. */
  assessmentType: string[]
  /** EU element 10: form of participation IRIs. */
  learningMode: string[]
  /** Learning activity type IRIs (optional). */
  learningActivityType?: string[]
  /** Learning setting IRI, formal or non-formal (optional). */
  learningSetting?: string
  /** Supervision and identity verification during assessment (optional). */
  supervisionVerification?: string
  /** EU element 11. */
  qualityAssurance: QualityAssurance[]
  /** Prerequisites, Markdown (optional). */
  entryRequirement?: string
  /** Integration / stackability (optional). */
  stackability?: 'Standalone' | 'Stackable'
  /** IRIs of the larger credentials it stacks into (optional). */
  isPartOf?: string[]
  /** ISCED-F field IRIs (optional). */
  iscedF?: string[]
  /** EU element 3 when the issuer is in more than one country: EU country authority IRIs. */
  issuerCountry?: string[]
  /** EU element 4 when the awarding body is not (only) the issuer. */
  awardingBody?: Profile[]
}

/** An unsigned EU micro-credential, as `createMicroCredential()` returns it. */
export type MicroCredential = OpenBadgeCredential<EUAchievement>

/** A signed EU micro-credential, as `issue()` returns it. */
export type SignedMicroCredential = Signed<MicroCredential>
