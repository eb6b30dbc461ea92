/**
 * microcred: issue and verify EU micro-credentials as Open Badges 3.0 Verifiable Credentials.
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
// model
export * from './model/ob3.js'
export * from './model/eu.js'
export * from './model/input.js'
export * from './model/vocabularies.js'
export * from './model/clr.js'
export { lookupCountry, type Country } from './model/countries.js'
// build
export { createAchievement } from './credential/achievement.js'
export { createMicroCredential } from './credential/microcredential.js'
export { readMicroCredential } from './credential/read.js'
export { identityHash, type LearnerIdentity } from './credential/learner.js'
// context
export {
  createDocumentLoader,
  type DocumentLoader,
  type DocumentLoaderOptions,
  type RemoteDocument,
} from './context/loader.js'
export { BUNDLED_CONTEXTS, type BundledContext } from './context/bundled.js'
export * from './context/urls.js'
// schema
export {
  validateCredential,
  isEuMicroCredential,
  type ValidateOptions,
  type ValidationProfile,
} from './schema/validate.js'
export {
  BUNDLED_SCHEMAS,
  CLR_CREDENTIAL_SCHEMA,
  EU_MICROCREDENTIAL_SCHEMA,
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  type BundledSchema,
} from './schema/bundled.js'
// keys
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
export {
  createKeyResolver,
  didWebUrl,
  type ControllerDocument,
  type KeyResolver,
  type KeyResolverOptions,
  type ResolvedKey,
  type VerificationMethod,
} from './keys/resolve.js'
export {
  controllerDocument,
  didWebDocument,
  type ControllerDocumentJson,
  type PublishedDocumentOptions,
  type PublishedVerificationMethod,
} from './keys/documents.js'
// network
export { safeFetch, type SafeFetchOptions } from './net/safe-fetch.js'
export { isPublicAddress } from './net/addresses.js'
export type { FetchLike } from './net/fetch-json.js'
// issue
export { issue, sign, type IssueOptions } from './issue/issue.js'
export { issueJwt, type IssueJwtOptions } from './proof/jwt/issue-jwt.js'
export {
  issueMany,
  openIssuingPool,
  type IssueManyOptions,
  type IssueManyOutput,
  type IssueManyResult,
  type IssueManyTextResult,
  type IssuingPool,
  type IssuingPoolCallOptions,
  type IssuingPoolOptions,
} from './many/issue-many.js'
export type { JwtAlgorithm } from './proof/jwt/format.js'
export { PROOF_FORMATS, type ProofFormat } from './proof/suite.js'
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_FETCHES,
  DEFAULT_MAX_IMAGE_BYTES,
  DEFAULT_MAX_WORK_MS,
  MAX_ARRAY_ENTRIES,
  MAX_BUNDLED_CREDENTIALS,
  MAX_NESTED_VERIFICATIONS,
  MAX_PNG_CHUNKS,
  MAX_SVG_DEPTH,
  MAX_SVG_ELEMENTS,
} from './limits.js'
// verify
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
// presentations
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
// status lists
export {
  createStatusList,
  openOrCreateStatusList,
  openStatusList,
  allocateStatus,
  statusEntry,
  setStatus,
  getStatus,
  type BitstringStatusListCredential,
  type CreateStatusListOptions,
  type StatusList,
} from './status/list.js'
export { publishStatusList, type PublishStatusListOptions } from './issue/status-list.js'
export {
  MemoryStatusListStore,
  type StatusListRecord,
  type StatusListStore,
  type StatusMessage,
  type StatusPurpose,
} from './status/store.js'
export { FileStatusListStore, type FileStatusListStoreOptions } from './status/file-store.js'
export {
  PostgresStatusListStore,
  type PostgresStatusListStoreOptions,
  type SqlClient,
} from './status/postgres-store.js'
export { MIN_STATUS_LIST_LENGTH } from './status/bitstring.js'
// bake
export { bakePng, extractFromPng } from './bake/png.js'
export { bakeSvg, extractFromSvg } from './bake/svg.js'
export { extractBaked, imageFormat } from './bake/image.js'
export { svgBytesLike } from './bake/encoding.js'
export type {
  BakedCredential,
  BakedJwtCredential,
  BakedLdpCredential,
  BakedOb2Assertion,
  ExtractOptions,
  ImageFormat,
} from './bake/baked.js'
// batch issuing
export {
  issueBatch,
  BATCH_FILES,
  type BatchEntry,
  type BatchImage,
  type BatchManifest,
  type BatchPendingRow,
  type BatchProblem,
  type BatchProgress,
  type BatchWarning,
  type BatchWarningCode,
  type BatchTemplate,
  type IssueBatchOptions,
} from './batch/batch.js'
export {
  parseRoster,
  ROSTER_COLUMNS,
  type ParseRosterOptions,
  type Roster,
  type RosterColumn,
  type RosterProblem,
  type RosterRow,
} from './batch/roster.js'
// stacking: endorsements, CLR 2.0 records, stack rules
export {
  createEndorsement,
  embedEndorsements,
  type EmbedEndorsementsOptions,
  type Endorsed,
  type EndorsementInput,
  type EndorsementPlace,
} from './stack/endorsement.js'
export { createClr, type AssociationInput, type ClrInput } from './stack/clr.js'
export {
  defineStack,
  describeStack,
  evaluateStack,
  isStackDefinition,
  isStackEvaluation,
  stackAchievement,
  type CountedCredential,
  type EvaluateStackOptions,
  type ExcludedCredential,
  type ExclusionReason,
  type StackDefinition,
  type StackEvaluation,
  type StackInput,
  type StackRequirementResult,
  type StackRequirements,
  type StackRule,
} from './stack/stack.js'
