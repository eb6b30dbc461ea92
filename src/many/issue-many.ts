/**
 * `issueMany()` and `openIssuingPool()`: signing many credentials on all cores. Issuing is CPU-bound (JSON-LD
 * processing, canonicalization, signing) and one Node thread uses one core; the calling thread and a pool of worker
 * threads use them all. `issueMany()` opens a pool for one list; a pool kept open serves many lists, and after its
 * first its workers are started and warm.
 */
import { availableParallelism } from 'node:os'
import { isKeyPair, type KeyPair } from '../keys/keypair.js'
import type { CredentialBase } from '../model/ob3.js'
import { PROOF_FORMATS, type ProofFormat } from '../proof/suite.js'
import { proofCreated } from '../util/dates.js'
import { assertOptions, isJsonObject } from '../util/json.js'
import { MAX_SIGNING_WORKERS, SigningPool } from './pool.js'
import type { IssueManyOutput, IssueManyResult, IssueManyTextResult } from './sign-one.js'

/** Options of {@link openIssuingPool}: how its credentials are signed, and on how many threads. */
export interface IssuingPoolOptions {
  /** The issuer's key pair (a `Signer` cannot cross to worker threads; sign with `issue()` for a KMS). */
  keyPair: KeyPair
  /** `eddsa-rdfc-2022` (default), `Ed25519Signature2020`, or `jwt` for VC-JWTs. */
  format?: ProofFormat | 'jwt'
  /**
   * Threads that sign, the calling thread counted: default the number of cores (`availableParallelism()`);
   * `issueMany()` starts no more than it has credentials. `1` signs on the calling thread alone and starts no worker.
   */
  workers?: number
  /**
   * Whether the calling thread signs too (default `true`): in slices of about a millisecond, between which its
   * event loop runs. `false` keeps it for moving messages only (a server whose requests must not wait behind
   * signing), and every one of `workers` is a worker thread. Even then, a credential holding something JSON text
   * would change (a `Date`, a `URL`, a cycle) is signed on the calling thread, with the others of its chunk (up to
   * 64), so that it gets exactly what `issue()` gives that object.
   */
  callingThread?: boolean
}

/** Options of {@link issueMany}. */
export interface IssueManyOptions extends IssuingPoolOptions {
  /** The proofs' `created` time; default the time of the call, the same for all; not used for VC-JWTs. */
  created?: string | Date
  /**
   * `'objects'` (default): each result holds the signed credential as `issue()` returns it. `'text'`: its JSON text
   * instead, `JSON.stringify()` of that object byte for byte (a VC-JWT as it is), for a caller that writes, stores or
   * sends the credentials rather than reading them: faster on several cores, because the calling thread builds and
   * keeps no object for what the workers sign (see BENCHMARKS.md). The result's type follows `output` as the
   * options' type states it: write it in the call (a value typed `IssueManyOutput` gives the union of both result
   * types); options whose type has no `output` are typed as giving objects, whatever they hold.
   */
  output?: IssueManyOutput
}

/** Options of {@link IssuingPool.issueMany}. */
export interface IssuingPoolCallOptions {
  /** The proofs' `created` time; default the time of the call, the same for the whole list; not used for VC-JWTs. */
  created?: string | Date
  /** `'objects'` (default) or `'text'`, as for {@link issueMany}. */
  output?: IssueManyOutput
}

export type { IssueManyOutput, IssueManyResult, IssueManyTextResult }

/**
 * Signs lists of credentials with one key on all cores; opened by {@link openIssuingPool}.
 *
 * @example
 * ```ts
 * const pool = openIssuingPool({ keyPair })
 * const results = await pool.issueMany(credentials)
 * console.log(pool.signed) // { callingThread: 5210, workers: 4790, workersStarted: true }
 * await pool.close()
 * ```
 */
export interface IssuingPool {
  /**
   * Signs `credentials` exactly as {@link issueMany} does, on this pool's threads. Calls may overlap: their
   * credentials queue behind each other's.
   *
   * @throws TypeError for a bad list or bad options; Error (the promise rejects) once the pool is closed or broken.
   * @example
   * ```ts
   * const results = await pool.issueMany(cohort, { created: '2025-09-01T00:00:00Z' })
   * ```
   */
  issueMany<C extends CredentialBase>(
    credentials: readonly C[],
    options?: IssuingPoolCallOptions & { output?: 'objects' },
  ): Promise<Array<IssueManyResult<C>>>
  /**
   * Signs `credentials` as {@link issueMany} does with `output: 'text'`: one JSON text (or VC-JWT) per credential.
   *
   * @example
   * ```ts
   * const results = await pool.issueMany(cohort, { output: 'text' })
   * for (const [i, result] of results.entries()) if (result.ok) await writeFile(`out/${i}.json`, result.text)
   * ```
   */
  issueMany(
    credentials: readonly CredentialBase[],
    options: IssuingPoolCallOptions & { output: 'text' },
  ): Promise<IssueManyTextResult[]>
  /**
   * Signs `credentials` as {@link issueMany} does, in the output asked for at run time.
   *
   * @example
   * ```ts
   * const results = await pool.issueMany(cohort, { output: asText ? 'text' : 'objects' })
   * ```
   */
  issueMany<C extends CredentialBase>(
    credentials: readonly C[],
    options?: IssuingPoolCallOptions,
  ): Promise<Array<IssueManyResult<C>> | IssueManyTextResult[]>
  /**
   * Credentials signed so far on the calling thread and on the workers, and whether the workers were started.
   *
   * @example
   * ```ts
   * const { callingThread, workers } = pool.signed
   * ```
   */
  readonly signed: { callingThread: number; workers: number; workersStarted: boolean }
  /**
   * Stops the worker threads (and so drops the key they hold); calls not answered yet reject. The pool cannot be
   * used again.
   *
   * @example
   * ```ts
   * await pool.close()
   * ```
   */
  close(): Promise<void>
}

/**
 * Opens a pool of threads that sign with one key, for a service or a job that issues list after list. Each
 * {@link issueMany} call opens and closes its own pool, so its worker threads start cold every time (about half a
 * second of a core before they run at full speed, see BENCHMARKS.md) and only for lists long enough to repay that;
 * a pool starts its workers once, in the background as it opens, and every list it signs finds them. The secret
 * key stays in the workers' memory until {@link IssuingPool.close}.
 *
 * While a list is being signed the pool keeps the process alive; an idle pool does not, so a forgotten `close()`
 * does not keep a script from exiting. If a worker thread dies (killed, out of memory), the calls under way reject
 * with the reason, the other workers stop, and every later call rejects: open a new pool.
 *
 * @throws TypeError for invalid options (no key pair, unknown format, `workers`).
 * @example
 * ```ts
 * const pool = openIssuingPool({ keyPair })
 * try {
 *   for await (const cohort of cohorts) {
 *     const results = await pool.issueMany(cohort, { created: new Date() })
 *     for (const [i, result] of results.entries()) if (!result.ok) console.error(i, result.error.code)
 *   }
 * } finally {
 *   await pool.close()
 * }
 * ```
 */
export function openIssuingPool(options: IssuingPoolOptions): IssuingPool {
  const where = 'openIssuingPool(options)'
  const { format, threads, callingThread } = poolOptions(options, where)
  const pool = SigningPool.open({
    keyPair: options.keyPair,
    format,
    workers: workersFor(threads, callingThread),
    callingThread,
    startAtOnce: true,
  })
  return poolFor(pool, format, 'pool.issueMany(credentials, options)')
}

/**
 * Signs many credentials on all cores and returns one result per credential, in order: the signed credential (or
 * VC-JWT), or the `MicrocredError` that credential got — one bad credential does not stop the others. Each
 * credential is validated and signed exactly as `issue()` (or `issueJwt()`) would, so the proofs are
 * byte-identical to sequential issuing with the same `created`.
 *
 * The calling thread starts signing at once; worker threads join when the list is long enough to repay their
 * start, so a short list costs no more than `issue()` in a loop and a long one is shared between the cores (see
 * BENCHMARKS.md). To sign list after list, keep a pool open with {@link openIssuingPool}. With `output: 'text'`
 * each result holds the signed credential's JSON text instead of the object.
 *
 * @throws TypeError for invalid options (no key pair, unknown format, bad `created`, `workers`, `output`).
 * @example
 * ```ts
 * const results = await issueMany(credentials, { keyPair, created: '2025-09-01T00:00:00Z' })
 * for (const [i, result] of results.entries()) {
 *   if (!result.ok) console.error(i, result.error.code, result.error.path)
 * }
 * ```
 */
export function issueMany<C extends CredentialBase>(
  credentials: readonly C[],
  options: IssueManyOptions & { output?: 'objects' },
): Promise<Array<IssueManyResult<C>>>
/**
 * Signs many credentials on all cores, as above, and returns each signed credential's JSON text (`JSON.stringify()`
 * of what `issue()` returns, byte for byte; a VC-JWT as it is) or the `MicrocredError` it got.
 *
 * @throws TypeError for invalid options.
 * @example
 * ```ts
 * const results = await issueMany(credentials, { keyPair, output: 'text' })
 * for (const [i, result] of results.entries()) if (result.ok) await writeFile(`out/${i}.json`, result.text)
 * ```
 */
export function issueMany(
  credentials: readonly CredentialBase[],
  options: IssueManyOptions & { output: 'text' },
): Promise<IssueManyTextResult[]>
/**
 * Signs many credentials on all cores, as above, in the output asked for at run time.
 *
 * @throws TypeError for invalid options.
 * @example
 * ```ts
 * const results = await issueMany(credentials, { keyPair, output: asText ? 'text' : 'objects' })
 * ```
 */
export function issueMany<C extends CredentialBase>(
  credentials: readonly C[],
  options: IssueManyOptions,
): Promise<Array<IssueManyResult<C>> | IssueManyTextResult[]>
export async function issueMany<C extends CredentialBase>(
  credentials: readonly C[],
  options: IssueManyOptions,
): Promise<Array<IssueManyResult<C>> | IssueManyTextResult[]> {
  const where = 'issueMany(credentials, options)'
  assertCredentials(credentials, where)
  const { format, threads, callingThread } = poolOptions(options, where)
  const created = proofCreated(options.created, where)
  const output = outputOption(options.output, where)
  if (credentials.length === 0) return []
  const pool = SigningPool.open({
    keyPair: options.keyPair,
    format,
    workers: workersFor(Math.min(threads, credentials.length), callingThread),
    callingThread,
  })
  try {
    return await signOn(pool, credentials, format === 'jwt' ? undefined : created, output)
  } finally {
    await pool.close()
  }
}

function signOn<C extends CredentialBase>(
  pool: SigningPool,
  credentials: readonly C[],
  created: string | undefined,
  output: IssueManyOutput,
): Promise<Array<IssueManyResult<C>> | IssueManyTextResult[]> {
  return output === 'text' ? pool.signToText(credentials, created) : pool.sign(credentials, created)
}

function outputOption(output: unknown, where: string): IssueManyOutput {
  if (output === undefined || output === 'objects' || output === 'text') return output ?? 'objects'
  const given =
    typeof output === 'string'
      ? JSON.stringify(output)
      : typeof output === 'object' && output !== null
        ? 'an object'
        : String(output)
  throw new TypeError(`${where}: options.output must be 'objects' or 'text', not ${given}`)
}

/** The options a pool is opened with, checked: a programming mistake is a TypeError naming `where`. */
function poolOptions(
  options: IssuingPoolOptions,
  where: string,
): { format: ProofFormat | 'jwt'; threads: number; callingThread: boolean } {
  assertOptions(options, where)
  if (options === undefined) throw new TypeError(`${where}: options with a keyPair are required`)
  if (!isKeyPair(options.keyPair))
    throw new TypeError(`${where}: options.keyPair must come from generateKeyPair() or importKeyPair()`)
  if (!options.keyPair.canSign) throw new TypeError(`${where}: options.keyPair holds no secret key`)
  const format = options.format ?? 'eddsa-rdfc-2022'
  if (format !== 'jwt' && !(PROOF_FORMATS as readonly string[]).includes(format))
    throw new TypeError(`${where}: unknown format ${JSON.stringify(format)}`)
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 1)) {
    throw new TypeError(
      `${where}: options.workers must be a whole number of at least 1, not ${String(options.workers)}`,
    )
  }
  if (options.callingThread !== undefined && typeof options.callingThread !== 'boolean')
    throw new TypeError(`${where}: options.callingThread must be a boolean`)
  return { format, threads: options.workers ?? availableParallelism(), callingThread: options.callingThread ?? true }
}

/** Worker threads to start for `threads` signing threads: the calling thread is one of them when it signs. */
function workersFor(threads: number, callingThread: boolean): number {
  return Math.min(callingThread ? threads - 1 : threads, MAX_SIGNING_WORKERS)
}

function assertCredentials(credentials: unknown, where: string): asserts credentials is readonly CredentialBase[] {
  if (!Array.isArray(credentials)) throw new TypeError(`${where}: credentials must be an array`)
  credentials.forEach((credential, i) => {
    if (!isJsonObject(credential)) throw new TypeError(`${where}: credentials[${i}] must be an object`)
  })
}

function poolFor(pool: SigningPool, format: ProofFormat | 'jwt', where: string): IssuingPool {
  async function issueManyOnPool<C extends CredentialBase>(
    credentials: readonly C[],
    options: IssuingPoolCallOptions = {},
  ): Promise<Array<IssueManyResult<C>> | IssueManyTextResult[]> {
    assertCredentials(credentials, where)
    assertOptions(options, where)
    // The key, format and threads are the pool's: passing them here would be silently ignored, so it is refused.
    for (const member of Object.keys(options)) {
      if (member !== 'created' && member !== 'output')
        throw new TypeError(
          `${where}: unknown option ${JSON.stringify(member)} (a pool's key, format and threads are set by openIssuingPool())`,
        )
    }
    const created = proofCreated(options.created, where)
    return signOn(pool, credentials, format === 'jwt' ? undefined : created, outputOption(options.output, where))
  }
  return {
    // The overloads only narrow the result's type by `output`, which issueManyOnPool follows.
    issueMany: issueManyOnPool as IssuingPool['issueMany'],
    get signed() {
      return pool.signed
    },
    close: () => pool.close(),
  }
}
