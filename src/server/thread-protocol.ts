/**
 * What the service's main thread and its worker threads say to each other. Verifying and issuing run in worker
 * threads, so no request can block the event loop; everything a verification fetches goes back through a message port
 * to the main thread, which owns the network, the cache and the service's own status lists.
 */
import type { MessagePort } from 'node:worker_threads'
import type { ImageFormat } from '../bake/baked.js'
import type { IssuingProof } from '../issue/options.js'
import type { ExportedKeyPair } from '../keys/keypair.js'
import type { SerializedSigningError } from '../many/protocol.js'
import type { VerificationPolicy, VerificationProfile } from '../verify/options.js'
import type { ExpectedRecipient } from '../verify/checks/recipient.js'

/** Set once per thread: the extra contexts the service trusts, and the service's key (with its secret when it has one). */
export interface ThreadSetup {
  /** Extra JSON-LD contexts by URL (the service's `contexts` option). */
  contexts?: Record<string, object>
  /** The service's key as `exportKeyPair()` gives it, with the secret key when the key pair has one. */
  key: ExportedKeyPair
  /** The key pair's id and controller, as the service was given them (a JWK export may not carry the controller). */
  keyId: string
  keyController: string
}

/** A verification to run. */
export interface VerifyTask {
  kind: 'credential' | 'presentation'
  input: unknown
  options: {
    policy: VerificationPolicy
    profile?: VerificationProfile
    expectedRecipient?: ExpectedRecipient
    challenge?: string
    domain?: string
    maxFetches: number
    maxWorkMs: number
  }
}

/** The proofs the service issues: the library's {@link IssuingProof} (`'vc-jwt'` answered as an EnvelopedVerifiableCredential). */
export type ServiceProof = IssuingProof

/**
 * Issuing work: `check-issuable` validates a credential as `issue()` would (before a status index is spent on it),
 * `issue` signs it with the service's key.
 */
export interface IssueTask {
  kind: 'check-issuable' | 'issue'
  /** The credential as it will be signed (status entry included for `issue`). */
  credential: Record<string, unknown>
  /** The request's proof format and `created` (checked by the main thread first). */
  options: { proof: ServiceProof; created?: string }
  /**
   * The badge image to bake the signed credential into (its format sniffed by the main thread). `check-issuable` tries
   * it with the unsigned credential, so that damaged artwork is refused before a status entry is spent; `issue` bakes.
   */
  bake?: { format: ImageFormat; image: Uint8Array }
}

/**
 * Building: `createMicroCredential()` on the builder's input a `POST /micro-credentials/issue` request sent (issuer id
 * and date of issuing completed by the main thread), before it is issued as any credential is.
 */
export interface BuildTask {
  kind: 'build'
  /** The builder's input, as `createMicroCredential()` takes it. */
  input: Record<string, unknown>
}

/** Any task, as the pool is given it. */
export type ThreadTask = VerifyTask | IssueTask | BuildTask

/** A task as a thread receives it: with its line to the main thread. */
export type PortedTask = ThreadTask & {
  /**
   * The task's line to the main thread: the thread says it started ({@link TaskStarted}) and asks for documents
   * ({@link FetchRequest}); the main thread answers them ({@link FetchAnswer}) and may stop the task ({@link StopTask}).
   */
  port: MessagePort
}

/**
 * What issuing work gives: the signed credential (an object, or a VC-JWT) and the image it was baked into when one was
 * asked for, nothing for a successful check, the
 * `MicrocredError` that refused it (`error`), or anything else it threw (`thrown`: a `TypeError` for options of the
 * wrong shape, else a bug). A task that rejects instead means its thread failed.
 */
export type IssueOutcome = { ok: true; signed?: object | string; baked?: Uint8Array | string } | WorkRefused

/** What building gives: the unsigned credential, or why not (as {@link IssueOutcome}). */
export type BuildOutcome = { ok: true; credential: Record<string, unknown> } | WorkRefused

/** Issuing or building work that did not succeed: the `MicrocredError` that refused it, or anything else it threw. */
export type WorkRefused =
  | { ok: false; error: SerializedSigningError; during?: 'bake' }
  | { ok: false; thrown: { name: string; message: string } }

/** Sent by the thread when it starts a task: which thread to terminate should the task outlive its deadline. */
export interface TaskStarted {
  started: number
}

/** Sent by the main thread at the deadline: the task stops at its next step (see `VerifyOptions.signal`). */
export interface StopTask {
  stop: true
}

/** A document the verification needs. */
export interface FetchRequest {
  id: number
  url: string
  accept?: string
}

/** The main thread's answer: the response's status, type and body text, or why there is none. */
export type FetchAnswer =
  | { id: number; status: number; contentType?: string; body: string }
  | { id: number; error: { code?: string; message: string } }
