/**
 * JSON Schemas of the routes: the request bodies (Fastify validates every body against its route's schema before the
 * handler runs) and, for the OpenAPI document served at `GET /openapi.json`, what each route answers. Response schemas
 * only document: responses are serialised as the handlers build them (see openapi.ts).
 */
import { ISSUING_PROOFS } from '../issue/options.js'
import { VALIDATION_PROFILES } from '../schema/validate.js'
import type { VerificationPolicy } from '../verify/options.js'

/** The verification policies a request (or the service's `policy` option) may choose. */
export const POLICIES: readonly VerificationPolicy[] = Object.freeze(['default', 'strict'])

/** What a verify request may choose for itself: how warnings count, and which rules apply. */
const verifyChoices = {
  policy: {
    enum: [...POLICIES],
    description:
      'default: conformance findings are warnings, the verdict rests on authenticity; strict: every warning fails.',
  },
  profile: {
    enum: [...VALIDATION_PROFILES],
    description: 'Which rules conformance is checked against (auto: by what the credential says it is).',
  },
} as const

/**
 * The query string of `POST /credentials/verify`, for a badge uploaded as an image or a multipart form (a JSON body
 * carries its choices in `options`).
 */
export const verifyQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...verifyChoices,
    expectedRecipient: {
      type: 'string',
      minLength: 1,
      description: "The learner's identifier the credential must name.",
    },
  },
} as const

const statusPurpose = {
  type: 'object',
  required: ['statusPurpose'],
  properties: { type: { type: 'string' }, statusPurpose: { enum: ['revocation', 'suspension'] } },
} as const

/** The `options` of both issue routes: the proof, its `created`, and a status entry. */
const issueOptions = {
  type: 'object',
  properties: {
    proof: {
      enum: [...ISSUING_PROOFS],
      description:
        'The proof, as the library\'s options.proof: a Data Integrity proof (eddsa-rdfc-2022, the default; Ed25519Signature2020), which needs the service\'s key to be Ed25519, or a VC-JWT (vc-jwt, signed with the key\'s algorithm and answered as an EnvelopedVerifiableCredential). ("jwt", its name in earlier releases, is refused with a 400 naming "vc-jwt".)',
    },
    created: { type: 'string', format: 'date-time', description: "The proof's created date-time (default now)." },
    credentialStatus: {
      anyOf: [statusPurpose, { type: 'array', items: statusPurpose }],
      description: "Ask for one status entry (revocation or suspension) in the service's status lists.",
    },
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
    input: {
      type: 'object',
      description:
        "What createMicroCredential() takes: issuer, learner, title, learningOutcomes, workload, assessment, ... (`microcred template` prints an annotated one). A missing issuer.id is the service's; a missing issued is now.",
    },
    options: {
      ...issueOptions,
      properties: {
        ...issueOptions.properties,
        bake: {
          type: 'string',
          pattern: '^data:image/(png|svg\\+xml)[;,]',
          description:
            'The badge artwork as a data: URL (data:image/png;base64,... or data:image/svg+xml,...): the answer is then this image with the signed credential baked in (Open Badges 3.0 §"Baked Badge"), as image/png or image/svg+xml.',
        },
      },
    },
  },
} as const

/** `POST /credentials/verify`: `{ verifiableCredential, options?: { expectedRecipient?, policy?, profile? } }`. */
export const verifyBody = {
  type: 'object',
  required: ['verifiableCredential'],
  additionalProperties: false,
  properties: {
    verifiableCredential: {
      anyOf: [{ type: 'object' }, { type: 'string' }],
      description:
        'The credential: a JSON object (embedded proof, or an EnvelopedVerifiableCredential), or a VC-JWT as a string.',
    },
    options: {
      type: 'object',
      properties: {
        expectedRecipient: {
          type: 'string',
          description: "The learner's identifier the credential must name (an email address, a DID, ...).",
        },
        ...verifyChoices,
      },
    },
  },
} as const

/** `POST /presentations/verify`: `{ verifiablePresentation, options: { challenge, domain?, policy?, profile? } }`. */
export const presentationVerifyBody = {
  type: 'object',
  required: ['verifiablePresentation', 'options'],
  additionalProperties: false,
  properties: {
    verifiablePresentation: { type: 'object' },
    options: {
      type: 'object',
      required: ['challenge'],
      properties: { challenge: { type: 'string', minLength: 1 }, domain: { type: 'string' }, ...verifyChoices },
    },
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
      items: {
        type: 'object',
        required: ['status'],
        properties: { type: { type: 'string' }, status: { enum: ['revoked', 'suspended', 'active'] } },
      },
    },
  },
} as const
