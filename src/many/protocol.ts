/**
 * Messages between a {@link SigningPool} and its worker threads. Credentials cross as JSON text, a chunk per
 * message: one string is copied between threads far faster than the object graphs a structured clone walks, and
 * the calling thread, which moves every message, does the least work per credential.
 */
import type { ExportedKeyPair } from '../keys/keypair.js'
import type { Issue, MicrocredErrorCode } from '../errors.js'
import type { IssuingProof } from '../issue/options.js'
import type { JwtAlgorithm } from '../proof/jwt/format.js'
import type { ValidationProfile } from '../schema/validate.js'

/**
 * What a call gives for each credential signed: `'objects'`, the signed credential as `issue()` returns it
 * ({@link IssueManyResult}); `'text'`, its JSON text ({@link IssueManyTextResult}).
 */
export type IssueManyOutput = 'objects' | 'text'
/** Sent once to each worker: how to sign. The secret key crosses to the worker in memory only. */
export interface WorkerSetup {
  key: ExportedKeyPair
  /** The proof, and for a VC-JWT its algorithm and key header (as `issue()` takes them). */
  signing: SigningChoices
}

/** A pool's proof, as `issue()` takes it: the proof, and for `'vc-jwt'` the algorithm and key header. */
export interface SigningChoices {
  proof: IssuingProof
  jwtAlgorithm?: JwtAlgorithm
  keyIn?: 'kid' | 'jwk'
}

/** A chunk of credentials to sign. */
export interface WorkerTask {
  /** The chunk's id in its pool (answers name it; they may come back in another order). */
  id: number
  /** JSON text of an array of credentials. */
  credentials: string
  /** How the calling thread wants the credentials back (see {@link SerializedOutcome}). */
  output: IssueManyOutput
  /** The proofs' `created` (not for VC-JWTs); per chunk, because one pool may sign at different times. */
  created?: string
  /** The call's `profile` and `maxBytes`, as `issue()` takes them. */
  profile?: ValidationProfile
  maxBytes?: number
}

/** A signing error as it crosses back from a worker. */
export interface SerializedSigningError {
  code: MicrocredErrorCode
  message: string
  path?: string
  issues?: Issue[]
}

/**
 * One credential's outcome: a VC-JWT (proof `vc-jwt`), or the error; for Data Integrity proofs, as little as lets the
 * calling thread rebuild the signed credential from what it sent, so that the whole credential does not cross back:
 * - `members` (output `objects`): the members signing set (`proof`, and `@context` when the proof type adds its
 *   context), which the calling thread sets on its copy of the credential;
 * - `appended` (output `text`): the members signing added after the credential's last one, which the calling
 *   thread writes after the credential's text; `text` when signing changed a member the credential had (an
 *   Ed25519Signature2020 proof adds its context), the signed credential's whole text.
 */
export type SerializedOutcome =
  | { jwt: string }
  | { members: Record<string, unknown> }
  | { appended: Record<string, unknown> }
  | { text: string }
  | { error: SerializedSigningError }

/** What a worker sends: once `ready` (code loaded, key imported), then one answer per chunk. */
export type WorkerMessage =
  | { ready: true }
  | {
      id: number
      /** JSON text of an array of {@link SerializedOutcome}, one per credential of the chunk, in its order. */
      outcomes: string
      /** Milliseconds the worker spent signing the chunk (the pool sizes its next chunks by it). */
      ms: number
    }
