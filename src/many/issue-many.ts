/**
 * `issueMany()`: signs many credentials on worker threads. Issuing is CPU-bound (JSON-LD processing and
 * canonicalization), and one Node thread uses one core; a pool of workers uses them all.
 */
import { availableParallelism } from 'node:os'
import type { MicrocredError } from '../errors.js'
import { isKeyPair, type KeyPair } from '../keys/keypair.js'
import type { CredentialBase, Signed } from '../model/ob3.js'
import { PROOF_FORMATS, type ProofFormat } from '../proof/suite.js'
import { proofCreated } from '../build/dates.js'
import { assertOptions, isJsonObject } from '../util/json.js'
import { MAX_SIGNING_WORKERS, SigningPool } from './pool.js'

/** Options of {@link issueMany}. */
export interface IssueManyOptions {
  /** The issuer's key pair (a `Signer` cannot cross to worker threads; sign with `issue()` for a KMS). */
  keyPair: KeyPair
  /** `eddsa-rdfc-2022` (default), `Ed25519Signature2020`, or `jwt` for VC-JWTs. */
  format?: ProofFormat | 'jwt'
  /** The proofs' `created` time; default the time of the call, the same for all. */
  created?: string | Date
  /** Worker threads; default the number of cores, at most the number of credentials. */
  workers?: number
}

/** One credential's outcome, in the order given. */
export type IssueManyResult<C extends CredentialBase> =
  | { ok: true; credential: Signed<C> | string }
  | { ok: false; error: MicrocredError }

/**
 * Signs many credentials on a pool of worker threads (one per core; it pays from a few hundred credentials, since
 * each thread takes about 0.45 s to start; see BENCHMARKS.md for what two cores give) and returns one result per credential,
 * in order: the signed credential (or VC-JWT), or the `MicrocredError` that credential got — one bad credential
 * does not stop the others. Each credential is validated and signed exactly as `issue()` (or `issueJwt()`) would,
 * so the proofs are byte-identical to sequential issuing with the same `created`.
 *
 * @throws TypeError for invalid options (no key pair, unknown format, bad `created`).
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
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), credentials.length, MAX_SIGNING_WORKERS))
  if (!Number.isInteger(count)) throw new TypeError('issueMany(credentials, options): options.workers must be a whole number')
  credentials.forEach((credential, i) => {
    if (!isJsonObject(credential)) throw new TypeError(`issueMany(credentials, options): credentials[${i}] must be an object`)
  })
  if (credentials.length === 0) return []

  const pool = SigningPool.open({ keyPair: options.keyPair, format, workers: count })
  try {
    return await pool.sign(credentials, format === 'jwt' ? undefined : created)
  } finally {
    await pool.close()
  }
}
