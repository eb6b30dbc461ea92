/** Messages between `issueMany()` and its worker threads. */
import type { ExportedKeyPair } from '../keys/keypair.js'
import type { Issue, MicrocredErrorCode } from '../errors.js'
import type { ProofFormat } from '../proof/suite.js'

/** Sent once to each worker: how to sign. The secret key crosses to the worker in memory only. */
export interface WorkerSetup {
  key: ExportedKeyPair
  format: ProofFormat | 'jwt'
}

/** One credential to sign. */
export interface WorkerTask {
  /** The task's id in its pool (answers name it; they may come back in another order). */
  index: number
  credential: Record<string, unknown>
  /** The proof's `created` (not for VC-JWTs); per task, because one pool may sign at different times. */
  created?: string
}

/** What a worker answers for one task. */
export type WorkerAnswer =
  | { index: number; signed: Record<string, unknown> | string }
  | { index: number; error: { code?: MicrocredErrorCode; message: string; path?: string; issues?: Issue[]; type?: 'TypeError' } }
