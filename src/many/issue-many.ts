/**
 * `issueMany()`: signs many credentials on all cores. Issuing is CPU-bound (JSON-LD processing, canonicalization,
 * signing) and one Node thread uses one core; the calling thread and a pool of worker threads use them all.
 */
import { availableParallelism } from 'node:os'
import { isKeyPair, type KeyPair } from '../keys/keypair.js'
import type { CredentialBase } from '../model/ob3.js'
import { PROOF_FORMATS, type ProofFormat } from '../proof/suite.js'
import { proofCreated } from '../build/dates.js'
import { assertOptions, isJsonObject } from '../util/json.js'
import { MAX_SIGNING_WORKERS, SigningPool } from './pool.js'
import type { IssueManyResult } from './sign-one.js'

/** Options of {@link issueMany}. */
export interface IssueManyOptions {
  /** The issuer's key pair (a `Signer` cannot cross to worker threads; sign with `issue()` for a KMS). */
  keyPair: KeyPair
  /** `eddsa-rdfc-2022` (default), `Ed25519Signature2020`, or `jwt` for VC-JWTs. */
  format?: ProofFormat | 'jwt'
  /** The proofs' `created` time; default the time of the call, the same for all. */
  created?: string | Date
  /**
   * Threads that sign, the calling thread counted: default the number of cores (`availableParallelism()`), at
   * most the number of credentials. `1` signs on the calling thread alone and starts no worker.
   */
  workers?: number
  /**
   * Whether the calling thread signs too (default `true`): in slices of about a millisecond, between which its
   * event loop runs. `false` keeps it for moving messages only (a server whose requests must not wait behind
   * signing), and every one of `workers` is a worker thread.
   */
  callingThread?: boolean
}

export type { IssueManyResult }

/**
 * Signs many credentials on all cores and returns one result per credential, in order: the signed credential (or
 * VC-JWT), or the `MicrocredError` that credential got — one bad credential does not stop the others. Each
 * credential is validated and signed exactly as `issue()` (or `issueJwt()`) would, so the proofs are
 * byte-identical to sequential issuing with the same `created`.
 *
 * The calling thread starts signing at once; worker threads join when they have loaded (about 0.3 s), so a short
 * list costs no more than `issue()` in a loop and a long one is shared between the cores (see BENCHMARKS.md).
 *
 * @throws TypeError for invalid options (no key pair, unknown format, bad `created`, `workers`).
 * @example
 * ```ts
 * const results = await issueMany(credentials, { keyPair, created: '2025-09-01T00:00:00Z' })
 * for (const [i, result] of results.entries()) {
 *   if (!result.ok) console.error(i, result.error.code, result.error.path)
 * }
 * ```
 */
export async function issueMany<C extends CredentialBase>(credentials: readonly C[], options: IssueManyOptions): Promise<Array<IssueManyResult<C>>> {
  if (!Array.isArray(credentials)) throw new TypeError('issueMany(credentials, options): credentials must be an array')
  assertOptions(options, 'issueMany(credentials, options)')
  if (!isKeyPair(options.keyPair)) throw new TypeError('issueMany(credentials, options): options.keyPair must come from generateKeyPair() or importKeyPair()')
  if (!options.keyPair.canSign) throw new TypeError('issueMany(credentials, options): options.keyPair holds no secret key')
  const format = options.format ?? 'eddsa-rdfc-2022'
  if (format !== 'jwt' && !(PROOF_FORMATS as readonly string[]).includes(format)) throw new TypeError(`issueMany(credentials, options): unknown format ${JSON.stringify(format)}`)
  const created = proofCreated(options.created, 'issueMany(credentials, options)')
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 1)) {
    throw new TypeError(`issueMany(credentials, options): options.workers must be a whole number of at least 1, not ${String(options.workers)}`)
  }
  if (options.callingThread !== undefined && typeof options.callingThread !== 'boolean') throw new TypeError('issueMany(credentials, options): options.callingThread must be a boolean')
  credentials.forEach((credential, i) => {
    if (!isJsonObject(credential)) throw new TypeError(`issueMany(credentials, options): credentials[${i}] must be an object`)
  })
  if (credentials.length === 0) return []

  const callingThread = options.callingThread ?? true
  const threads = Math.min(options.workers ?? availableParallelism(), credentials.length, MAX_SIGNING_WORKERS + (callingThread ? 1 : 0))
  const pool = SigningPool.open({ keyPair: options.keyPair, format, workers: callingThread ? threads - 1 : threads, callingThread })
  try {
    return await pool.sign(credentials, format === 'jwt' ? undefined : created)
  } finally {
    await pool.close()
  }
}
