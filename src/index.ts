/**
 * microcred: issue and verify EU micro-credentials as Open Badges 3.0 Verifiable Credentials.
 *
 * @packageDocumentation
 */
// errors
export { ERROR_CODES, MicrocredError, isMicrocredError } from './errors.js'
export type { CheckId, Issue, MicrocredErrorCode, MicrocredErrorOptions } from './errors.js'
// model
export * from './model/ob3.js'
export * from './model/eu.js'
export * from './model/input.js'
export * from './model/vocabularies.js'
export { lookupCountry, type Country } from './model/countries.js'
// build
export { createAchievement } from './build/achievement.js'
export { createMicroCredential } from './build/microcredential.js'
export { readMicroCredential } from './build/read.js'
export { identityHash } from './build/learner.js'
// context
export { createDocumentLoader, type DocumentLoader, type DocumentLoaderOptions, type RemoteDocument } from './context/loader.js'
export { BUNDLED_CONTEXTS, type BundledContext } from './context/bundled.js'
export * from './context/urls.js'
// schema
export { validateCredential, isEuMicroCredential, type ValidateOptions, type ValidationProfile } from './schema/validate.js'
export { BUNDLED_SCHEMAS, EU_MICROCREDENTIAL_SCHEMA, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, type BundledSchema } from './schema/bundled.js'
// keys
export {
  generateKeyPair,
  importKeyPair,
  exportKeyPair,
  type Ed25519KeyPair,
  type Ed25519Jwk,
  type ExportedKeyPair,
  type ExportKeyPairOptions,
  type GenerateKeyPairOptions,
  type ImportKeyPairOptions,
  type KeyPairInput,
  type MultikeyDocument,
} from './keys/keypair.js'
export { createSigner, type Signer, type SignerAlgorithm } from './keys/signer.js'
export { createKeyResolver, type ControllerDocument, type KeyResolver, type ResolvedKey, type VerificationMethod } from './keys/resolve.js'
// issue
export { issue, type IssueOptions } from './issue.js'
export type { ProofFormat } from './proof/suite.js'
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH } from './limits.js'
// verify
export { verify } from './verify/verify.js'
export { assertVerified, CHECK_IDS, type CheckResult, type VerificationReport } from './verify/report.js'
export type { VerifyOptions } from './verify/options.js'
export { formatReport, type FormatReportOptions } from './verify/format.js'
