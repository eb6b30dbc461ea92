/**
 * What the service's main thread and its verification threads say to each other. Verification runs in a worker
 * thread, so no request can block the event loop; everything it fetches goes back through a message port to the main
 * thread, which owns the network, the cache and the service's own status lists.
 */
import type { MessagePort } from 'node:worker_threads'
import type { VerificationPolicy, VerificationProfile } from '../verify/options.js'
import type { ExpectedRecipient } from '../verify/checks/recipient.js'

/** Set once per thread: the extra contexts the service trusts. */
export interface VerifyWorkerSetup {
  contexts?: Record<string, object>
}

/** One verification to run. */
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
  /**
   * The task's line to the main thread: the thread says it started ({@link TaskStarted}) and asks for documents
   * ({@link FetchRequest}); the main thread answers them ({@link FetchAnswer}) and may stop the task ({@link StopTask}).
   */
  port: MessagePort
}

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
