/** Messages between `issueMany()` and its worker threads. */
import type { ExportedKeyPair } from '../keys/keypair.js'
import type { Issue, MicrocredErrorCode } from '../errors.js'
import type { ProofFormat } from '../proof/suite.js'

/** Sent once to each worker: how to sign. The secret key crosses to the worker in memory only. */
export interface WorkerSetup {
  key: ExportedKeyPair
  format: ProofFormat | 'jwt'
  created?: string
}

/** One credential to sign. */
export interface WorkerTask {
  index: number
  credential: Record<string, unknown>
}

/** What a worker answers for one task. */
export type WorkerAnswer =
  | { index: number; signed: Record<string, unknown> | string }
  | { index: number; error: { code?: MicrocredErrorCode; message: string; path?: string; issues?: Issue[]; type?: 'TypeError' } }
