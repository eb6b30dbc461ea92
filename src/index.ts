/**
 * microcred: issue and verify EU micro-credentials as Open Badges 3.0 Verifiable Credentials.
 *
 * The root holds what an issuing service and a verifier call: build a credential from the EU elements, sign it,
 * verify it, and the keys, loaders and errors those need. Each other area has its own entry point:
 * `microcred/status` (status lists), `microcred/bake` (badge images), `microcred/batch` (issuing many),
 * `microcred/stack` (endorsements, CLRs, stacks), `microcred/keys` (did:web and
 * controller documents), `microcred/vocabularies`, `microcred/contexts` (bundled contexts and schemas) and
 * `microcred/server` (the VC-API service).
 *
 * @example
 * ```ts
 * import { createMicroCredential, generateKeyPair, issue, verify } from 'microcred'
 *
 * const keyPair = await generateKeyPair({ controller: 'did:web:uni.example' })
 * const signed = await issue(createMicroCredential(input), { keyPair })
 * const report = await verify(signed)
 * ```
 *
 * @packageDocumentation
 * @module microcred
 */
// errors
export { ERROR_CODES, MicrocredError, isMicrocredError } from './errors.js'
export type {
  CheckId,
  CredentialCheckId,
  Issue,
  MicrocredErrorCode,
  MicrocredErrorOptions,
  PresentationCheckId,
} from './errors.js'
// the credential model (types)
export type {
  Iri,
  DateTimeZ,
  JsonLdContextEntry,
  OneOrMany,
  AchievementType,
  AlignmentTargetType,
  IdentifierType,
  ResultType,
  ResultStatusType,
  Image,
  GeoCoordinates,
  Address,
  IdentifierEntry,
  IdentityObject,
  Profile,
  ProfileRef,
  Criteria,
  Alignment,
  Related,
  RubricCriterionLevel,
  ResultDescription,
  Result,
  Achievement,
  AchievementSubject,
  Evidence,
  CredentialSchema,
  CredentialStatus,
  RefreshService,
  TermsOfUse,
  Proof,
  EndorsementSubject,
  CredentialBase,
  EndorsementCredential,
  OpenBadgeCredential,
  AchievementCredential,
  Signed,
  SignedCredential,
} from './model/ob3.js'
export type {
  LearningOutcome,
  QualityAssurance,
  EUAchievement,
  MicroCredential,
  SignedMicroCredential,
} from './model/eu.js'
export type {
  AbsoluteIri,
  DateInput,
  LegalIdentifierType,
  ProfileInput,
  IssuerInput,
  LearnerInput,
  LearningOutcomeInput,
  WorkloadInput,
  LevelInput,
  AssessmentType,
  Participation,
  Supervision,
  QaType,
  LearningActivity,
  LearningSetting,
  GradeScheme,
  AssessmentInput,
  QualityAssuranceInput,
  StackabilityInput,
  AchievementInput,
  MicroCredentialInput,
  HashedIdentifier,
  ProfileRecord,
  MicroCredentialRecord,
} from './model/input.js'
export type { Vocabulary, VocabularyEntry, VocabularyValue } from './model/vocabularies.js'
// building and reading credentials
export { createAchievement } from './credential/achievement.js'
export { createMicroCredential } from './credential/microcredential.js'
export { readMicroCredential } from './credential/read.js'
export { identityHash, type LearnerIdentity } from './credential/learner.js'
// keys and signers
export {
  generateKeyPair,
  importKeyPair,
  exportKeyPair,
  type Ed25519KeyPair,
  type P256KeyPair,
  type RsaKeyPair,
  type KeyPair,
  type KeyAlgorithm,
  type KeyJwk,
  type Ed25519Jwk,
  type ExportedKeyPair,
  type ExportKeyPairOptions,
  type GenerateKeyPairOptions,
  type ImportKeyPairOptions,
  type KeyPairInput,
  type MultikeyInput,
  type MultikeyDocument,
} from './keys/keypair.js'
export { createSigner, type Signer, type SignerAlgorithm } from './keys/signer.js'
// issuing
export { issue, sign, issueJwt, type IssueOptions, type IssueJwtOptions } from './issue/issue.js'
export { ISSUING_PROOFS, type IssuingOptions, type IssuingProof } from './issue/options.js'
export type { JwtAlgorithm } from './proof/jwt/format.js'
export { PROOF_FORMATS, type ProofFormat } from './proof/suite.js'
// verifying
export { verify } from './verify/verify.js'
export { assertVerified, CHECK_IDS, type CheckResult, type VerificationReport } from './verify/report.js'
export type { VerificationPolicy, VerificationProfile, VerifyOptions } from './verify/options.js'
export type { ExpectedRecipient } from './verify/checks/recipient.js'
export { formatReport, type FormatReportOptions } from './verify/format.js'
export {
  summarizeCredential,
  type CredentialSummary,
  type SummaryCheck,
  type SummaryReport,
  type SummaryTerm,
} from './verify/summary.js'
export {
  validateCredential,
  isEuMicroCredential,
  type ValidateOptions,
  type ValidationProfile,
} from './schema/validate.js'
// presentations: a holder's proof over credentials, bound to a verifier's challenge and domain
export {
  createPresentation,
  signPresentation,
  verifyPresentation,
  type CreatePresentationOptions,
  type PresentationCheckResult,
  type PresentationReport,
  type SignPresentationOptions,
  type VerifiablePresentation,
  type VerifyPresentationOptions,
} from './presentation/presentation.js'
// what verifying may load: contexts, keys, and the network only when the caller allows it
export {
  createDocumentLoader,
  type DocumentLoader,
  type DocumentLoaderOptions,
  type RemoteDocument,
} from './context/loader.js'
export {
  createKeyResolver,
  type ControllerDocument,
  type KeyResolver,
  type KeyResolverOptions,
  type ResolvedKey,
  type VerificationMethod,
} from './keys/resolve.js'
export { safeFetch, type SafeFetchOptions } from './net/safe-fetch.js'
export { isPublicAddress } from './net/addresses.js'
export type { FetchLike } from './net/fetch-json.js'
// the default caps (each has an option to change it)
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_FETCHES,
  DEFAULT_MAX_WORK_MS,
  MAX_ARRAY_ENTRIES,
  MAX_BUNDLED_CREDENTIALS,
  MAX_NESTED_VERIFICATIONS,
} from './limits.js'
