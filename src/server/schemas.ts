/** JSON Schemas of the request bodies (Fastify validates every body against its route's schema before the handler runs). */
import { VALIDATION_PROFILES } from '../schema/validate.js'
import type { VerificationPolicy } from '../verify/options.js'

/** The verification policies a request (or the service's `policy` option) may choose. */
export const POLICIES: readonly VerificationPolicy[] = Object.freeze(['default', 'strict'])

/** What a verify request may choose for itself: how warnings count, and which rules apply. */
const verifyChoices = {
  policy: { enum: [...POLICIES] },
  profile: { enum: [...VALIDATION_PROFILES] },
} as const

const statusPurpose = { type: 'object', required: ['statusPurpose'], properties: { type: { type: 'string' }, statusPurpose: { enum: ['revocation', 'suspension'] } } } as const

/** The `options` of both issue routes: the proof, its `created`, and a status entry. */
const issueOptions = {
  type: 'object',
  properties: {
    proof: { enum: ['eddsa-rdfc-2022', 'Ed25519Signature2020', 'jwt'] },
    created: { type: 'string', format: 'date-time' },
    credentialStatus: { anyOf: [statusPurpose, { type: 'array', items: statusPurpose }] },
  },
} as const

/** `POST /credentials/issue`: `{ credential, options? }`. */
export const issueBody = {
  type: 'object',
  required: ['credential'],
  additionalProperties: false,
  properties: {
    credential: { type: 'object' },
    options: issueOptions,
  },
} as const

/**
 * `POST /micro-credentials/issue`: `{ input, options? }`, `input` being what `createMicroCredential()` takes. Only its
 * being an object is checked here: the builder judges the rest, naming the EU element or the field that is wrong
 * (422 at `input.<path>`), which says more than a schema's "must have required property".
 */
export const microCredentialIssueBody = {
  type: 'object',
  required: ['input'],
  additionalProperties: false,
  properties: {
    input: { type: 'object' },
    options: issueOptions,
  },
} as const

/** `POST /credentials/verify`: `{ verifiableCredential, options?: { expectedRecipient?, policy?, profile? } }`. */
export const verifyBody = {
  type: 'object',
  required: ['verifiableCredential'],
  additionalProperties: false,
  properties: {
    verifiableCredential: { anyOf: [{ type: 'object' }, { type: 'string' }] },
    options: { type: 'object', properties: { expectedRecipient: { type: 'string' }, ...verifyChoices } },
  },
} as const

/** `POST /presentations/verify`: `{ verifiablePresentation, options: { challenge, domain?, policy?, profile? } }`. */
export const presentationVerifyBody = {
  type: 'object',
  required: ['verifiablePresentation', 'options'],
  additionalProperties: false,
  properties: {
    verifiablePresentation: { type: 'object' },
    options: { type: 'object', required: ['challenge'], properties: { challenge: { type: 'string', minLength: 1 }, domain: { type: 'string' }, ...verifyChoices } },
  },
} as const

/** `POST /credentials/status`: `{ credentialId, credentialStatus: [{ type?, status }] }` (VC-API "update status"). */
export const statusBody = {
  type: 'object',
  required: ['credentialId', 'credentialStatus'],
  additionalProperties: false,
  properties: {
    credentialId: { type: 'string', minLength: 1 },
    credentialStatus: {
      type: 'array',
      minItems: 1,
      maxItems: 2,
      items: { type: 'object', required: ['status'], properties: { type: { type: 'string' }, status: { enum: ['revoked', 'suspended', 'active'] } } },
    },
  },
} as const
