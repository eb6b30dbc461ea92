/**
 * Open Badges 3.0 data model (1EdTech OB 3.0, Appendix B) on top of the W3C VC Data Model 2.0, as TypeScript
 * types. Property names, optionality and value types follow the official OB 3.0 JSON Schema
 * (`ob_v3p0_achievementcredential-jsonschema1.json`), so a value of these types is what the schema accepts.
 *
 * @packageDocumentation
 */

/** An IRI (or URI) as a string, e.g. `https://example.edu/issuers/565049` or `did:key:z6Mk...`. */
export type Iri = string

/** An RFC 3339 date-time with a time zone, e.g. `2024-06-30T00:00:00Z` (OB 3.0 `DateTimeZ`). */
export type DateTimeZ = string

/** One entry of a JSON-LD `@context`: a context URL or an inline context object. */
export type JsonLdContextEntry = string | Readonly<Record<string, unknown>>

/** A value that JSON-LD lets be one item or an array of them (used when reading foreign credentials). */
export type OneOrMany<T> = T | T[]

/** OB 3.0 `AchievementType` (§B.3.1): the kind of achievement; extensible with `ext:` names. */
export const ACHIEVEMENT_TYPES = [
  'Achievement',
  'ApprenticeshipCertificate',
  'Assessment',
  'Assignment',
  'AssociateDegree',
  'Award',
  'Badge',
  'BachelorDegree',
  'Certificate',
  'CertificateOfCompletion',
  'Certification',
  'CommunityService',
  'Competency',
  'Course',
  'CoCurricular',
  'Degree',
  'Diploma',
  'DoctoralDegree',
  'Fieldwork',
  'GeneralEducationDevelopment',
  'JourneymanCertificate',
  'LearningProgram',
  'License',
  'Membership',
  'ProfessionalDoctorate',
  'QualityAssuranceCredential',
  'MasterCertificate',
  'MasterDegree',
  'MicroCredential',
  'ResearchDoctorate',
  'SecondarySchoolDiploma',
] as const
/** @see {@link ACHIEVEMENT_TYPES} */
export type AchievementType = (typeof ACHIEVEMENT_TYPES)[number] | `ext:${string}`

/** OB 3.0 `AlignmentTargetType` (§B.3.2). */
export const ALIGNMENT_TARGET_TYPES = [
  'ceasn:Competency',
  'ceterms:Credential',
  'CFItem',
  'CFRubric',
  'CFRubricCriterion',
  'CFRubricCriterionLevel',
  'CTDL',
] as const
/** @see {@link ALIGNMENT_TARGET_TYPES} */
export type AlignmentTargetType = (typeof ALIGNMENT_TARGET_TYPES)[number] | `ext:${string}`

/** OB 3.0 `IdentifierTypeEnum` (§B.3.3): kinds of identifiers in `IdentityObject` and `IdentifierEntry`. */
export const IDENTIFIER_TYPES = [
  'name',
  'sourcedId',
  'systemId',
  'productId',
  'userName',
  'accountId',
  'emailAddress',
  'nationalIdentityNumber',
  'isbn',
  'issn',
  'lisSourcedId',
  'oneRosterSourcedId',
  'sisSourcedId',
  'ltiContextId',
  'ltiDeploymentId',
  'ltiToolId',
  'ltiPlatformId',
  'ltiUserId',
  'identifier',
] as const
/** @see {@link IDENTIFIER_TYPES} */
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number] | `ext:${string}`

/** OB 3.0 `ResultType` (§B.3.5). */
export const RESULT_TYPES = [
  'GradePointAverage',
  'LetterGrade',
  'Percent',
  'PerformanceLevel',
  'PredictedScore',
  'RawScore',
  'Result',
  'RubricCriterion',
  'RubricCriterionLevel',
  'RubricScore',
  'ScaledScore',
  'Status',
] as const
/** @see {@link RESULT_TYPES} */
export type ResultType = (typeof RESULT_TYPES)[number] | `ext:${string}`

/** OB 3.0 `ResultStatusType` (§B.3.6). */
export const RESULT_STATUS_TYPES = [
  'Completed',
  'Enrolled',
  'Failed',
  'InProgress',
  'OnHold',
  'Provisional',
  'Withdrew',
] as const
/** @see {@link RESULT_STATUS_TYPES} */
export type ResultStatusType = (typeof RESULT_STATUS_TYPES)[number]

/** OB 3.0 `Image`: an image by URL or data URI, with an optional caption. */
export interface Image {
  /** URL or `data:` URI of the image. */
  id: Iri
  type: 'Image'
  caption?: string
}

/** OB 3.0 `GeoCoordinates`. */
export interface GeoCoordinates {
  type: 'GeoCoordinates'
  latitude: number
  longitude: number
}

/** OB 3.0 `Address` (schema.org PostalAddress). */
export interface Address {
  /** Contains `'Address'`. */
  type: string[]
  /** Country name, e.g. `Germany`. */
  addressCountry?: string
  /** ISO 3166-1 alpha-2 country code, e.g. `DE`. */
  addressCountryCode?: string
  addressRegion?: string
  addressLocality?: string
  streetAddress?: string
  postOfficeBoxNumber?: string
  postalCode?: string
  geo?: GeoCoordinates
}

/** OB 3.0 `IdentifierEntry`: an identifier of a profile or achievement in some system. */
export interface IdentifierEntry {
  type: 'IdentifierEntry'
  identifier: string
  identifierType: IdentifierType
}

/** OB 3.0 `IdentityObject`: one identifier of the learner, plain or hashed (`sha256$<hex>`). */
export interface IdentityObject {
  type: 'IdentityObject'
  /** Whether `identityHash` holds a hash (`true`) or the plain value (`false`). */
  hashed: boolean
  /** `sha256$<hex>` (or `md5$<hex>`) of the identifier followed by `salt`, or the plain identifier. */
  identityHash: string
  identityType: IdentifierType
  salt?: string
}

/** OB 3.0 `Profile`: an issuer, awarding body, creator or other organization or person. */
export interface Profile {
  id: Iri
  /** Contains `'Profile'`. */
  type: string[]
  name?: string
  url?: Iri
  phone?: string
  description?: string
  endorsement?: EndorsementCredential[]
  endorsementJwt?: string[]
  image?: Image
  email?: string
  address?: Address
  otherIdentifier?: IdentifierEntry[]
  official?: string
  parentOrg?: Profile
  familyName?: string
  givenName?: string
  additionalName?: string
  patronymicName?: string
  honorificPrefix?: string
  honorificSuffix?: string
  familyNamePrefix?: string
  /** `YYYY-MM-DD`. */
  dateOfBirth?: string
}

/** An issuer given by its id alone or as a full profile. */
export type ProfileRef = Iri | Profile

/** OB 3.0 `Criteria`: how the achievement is earned. */
export interface Criteria {
  /** URL of a page describing the criteria. */
  id?: Iri
  /** Markdown description of the criteria. */
  narrative?: string
}

/** OB 3.0 `Alignment`: a link to a framework entry (skill, level, competency). */
export interface Alignment {
  /** Contains `'Alignment'`. */
  type: string[]
  targetCode?: string
  targetDescription?: string
  targetName: string
  targetFramework?: string
  targetType?: AlignmentTargetType
  targetUrl: Iri
}

/** OB 3.0 `Related`: another version of the same achievement (e.g. in another language). */
export interface Related {
  id: Iri
  type: string[]
  inLanguage?: string
  version?: string
}

/** OB 3.0 `RubricCriterionLevel`. */
export interface RubricCriterionLevel {
  id: Iri
  type: string[]
  alignment?: Alignment[]
  description?: string
  level?: string
  name: string
  points?: string
}

/** OB 3.0 `ResultDescription`: a kind of result the achievement records (a grade scale, a rubric...). */
export interface ResultDescription {
  id: Iri
  /** Contains `'ResultDescription'`. */
  type: string[]
  alignment?: Alignment[]
  allowedValue?: string[]
  name: string
  requiredLevel?: Iri
  requiredValue?: string
  resultType: ResultType
  rubricCriterionLevel?: RubricCriterionLevel[]
  valueMax?: string
  valueMin?: string
}

/** OB 3.0 `Result`: the learner's result for one `ResultDescription`. */
export interface Result {
  /** Contains `'Result'`. */
  type: string[]
  achievedLevel?: Iri
  alignment?: Alignment[]
  /** The `id` of the `ResultDescription` this result is for. */
  resultDescription?: Iri
  status?: ResultStatusType
  value?: string
}

/** OB 3.0 `Achievement`: what was accomplished. */
export interface Achievement {
  id: Iri
  /** Contains `'Achievement'`. */
  type: string[]
  alignment?: Alignment[]
  achievementType?: AchievementType
  creator?: Profile
  creditsAvailable?: number
  criteria: Criteria
  description: string
  endorsement?: EndorsementCredential[]
  endorsementJwt?: string[]
  fieldOfStudy?: string
  humanCode?: string
  image?: Image
  inLanguage?: string
  name: string
  otherIdentifier?: IdentifierEntry[]
  related?: Related[]
  resultDescription?: ResultDescription[]
  specialization?: string
  tag?: string[]
  version?: string
}

/** OB 3.0 `AchievementSubject`: the learner and what they achieved. */
export interface AchievementSubject<A extends Achievement = Achievement> {
  /** The learner's DID or other URI. */
  id?: Iri
  /** Contains `'AchievementSubject'`. */
  type: string[]
  activityEndDate?: DateTimeZ
  activityStartDate?: DateTimeZ
  creditsEarned?: number
  achievement: A
  identifier?: IdentityObject[]
  image?: Image
  licenseNumber?: string
  narrative?: string
  result?: Result[]
  role?: string
  source?: Profile
  term?: string
}

/** OB 3.0 `Evidence`: descriptions of the work done to earn the achievement. */
export interface Evidence {
  id?: Iri
  type: string[]
  narrative?: string
  name?: string
  description?: string
  genre?: string
  audience?: string
}

/** VC 2.0 `credentialSchema` entry, e.g. `{ id: '<OB 3.0 schema URL>', type: '1EdTechJsonSchemaValidator2019' }`. */
export interface CredentialSchema {
  id: Iri
  type: string
}

/** VC 2.0 `credentialStatus` entry (W3C Bitstring Status List or 1EdTech revocation list). */
export interface CredentialStatus {
  id?: Iri
  type: string
  statusPurpose?: string
  statusListIndex?: string
  statusListCredential?: Iri
  statusSize?: number
  statusMessage?: { status: string; message: string }[]
}

/** VC 2.0 `refreshService`. */
export interface RefreshService {
  id: Iri
  type: string
}

/** VC 2.0 `termsOfUse`. */
export interface TermsOfUse {
  id?: Iri
  type: string
}

/**
 * An embedded proof: a Data Integrity proof (`DataIntegrityProof` with a `cryptosuite`) or a legacy suite
 * such as `Ed25519Signature2020`.
 */
export interface Proof {
  '@context'?: JsonLdContextEntry | JsonLdContextEntry[]
  type: string
  created?: DateTimeZ
  expires?: DateTimeZ
  cryptosuite?: string
  challenge?: string
  domain?: string
  nonce?: string
  proofPurpose?: string
  proofValue?: string
  verificationMethod?: Iri
  id?: Iri
  previousProof?: Iri | Iri[]
}

/** OB 3.0 `EndorsementSubject`: the entity (profile, achievement or credential) an endorsement is about. */
export interface EndorsementSubject {
  id: Iri
  /** Contains `'EndorsementSubject'`. */
  type: string[]
  endorsementComment?: string
}

/** Members every VC 2.0 credential of OB 3.0 has. */
export interface CredentialBase {
  '@context': JsonLdContextEntry[]
  id: Iri
  type: string[]
  name?: string
  description?: string
  issuer: ProfileRef
  validFrom: DateTimeZ
  validUntil?: DateTimeZ
  awardedDate?: DateTimeZ
  proof?: Proof[]
  credentialSchema?: CredentialSchema[]
  credentialStatus?: CredentialStatus
  refreshService?: RefreshService
  termsOfUse?: TermsOfUse[]
}

/** OB 3.0 `EndorsementCredential`: a third party vouches for a profile, an achievement or a credential. */
export interface EndorsementCredential extends CredentialBase {
  name: string
  credentialSubject: EndorsementSubject
}

/**
 * OB 3.0 `OpenBadgeCredential` (alias `AchievementCredential`): an awarded achievement for one learner.
 * `A` narrows the achievement, e.g. to `EUAchievement` for an EU micro-credential.
 */
export interface OpenBadgeCredential<A extends Achievement = Achievement> extends CredentialBase {
  image?: Image
  credentialSubject: AchievementSubject<A>
  endorsement?: EndorsementCredential[]
  endorsementJwt?: string[]
  evidence?: Evidence[]
}

/** Same as {@link OpenBadgeCredential}; OB 3.0 accepts both type names. */
export type AchievementCredential<A extends Achievement = Achievement> = OpenBadgeCredential<A>

/** A credential with at least one embedded proof, as `issue()` returns it (`proof` is always an array). */
export type Signed<C extends CredentialBase> = C & { proof: Proof[] }

/** A signed Open Badges 3.0 credential. */
export type SignedCredential<A extends Achievement = Achievement> = Signed<OpenBadgeCredential<A>>
