/**
 * `issueMany()` and `openIssuingPool()`: signing many credentials on all cores. Issuing is CPU-bound (JSON-LD
 * processing, canonicalization, signing) and one Node thread uses one core; the calling thread and a pool of worker
 * threads use them all. `issueMany()` opens a pool for one list; a pool kept open serves many lists, and after its
 * first its workers are started and warm.
 */
import { availableParallelism } from 'node:os'
import { ED25519_2020_CONTEXT } from '../context/urls.js'
import { withContext } from '../context/with-context.js'
import {
  assertOptionNames,
  checkCredentialOptions,
  checkProofChoice,
  ISSUING_OPTION_NAMES,
  type IssuingOptions,
} from '../issue/options.js'
import { isKeyPair, type KeyPair } from '../keys/keypair.js'
import { assertCanSign } from '../issue/issue.js'
import type { CredentialBase } from '../model/ob3.js'
import { statusEntry, statusEntryRefusal, withStatusEntry, type StatusList } from '../status/entry.js'
import { assertOptions, isJsonObject } from '../util/json.js'
import { MAX_SIGNING_WORKERS, SigningPool } from './pool.js'
import type { SigningChoices } from './protocol.js'
import type { CredentialChoices, IssueManyOutput, IssueManyResult, IssueManyTextResult } from './sign-one.js'

/**
 * Options of {@link openIssuingPool}: the key and the proof its credentials are signed with (the proof fields of
 * {@link IssuingOptions}), and on how many threads.
 *
 * @example
 * ```ts
 * const options: IssuingPoolOptions = { keyPair, proof: 'vc-jwt', workers: 4 }
 * ```
 */
export interface IssuingPoolOptions extends Pick<IssuingOptions, 'proof' | 'jwtAlgorithm' | 'keyIn'> {
  /** The issuer's key pair (a `Signer` cannot cross to worker threads; sign with `issue()` for a KMS). */
  keyPair: KeyPair
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

/**
 * Options of {@link IssuingPool.issueMany}: what the call gives each of its credentials (the credential fields of
 * {@link IssuingOptions}), and the output.
 *
 * - `created`: the proofs' `created` time; default the time of the call, the same for the whole list; checked but
 *   not used for VC-JWTs.
 * - `status`: every credential gets an entry in this list, one index each, allocated on the calling thread (in the
 *   list's store, in the order of the list) before any is signed; a credential that then fails keeps its index
 *   unused, as with `issue()`.
 * - `documentLoader`: a function cannot cross to worker threads, so a call with one is signed on the calling thread
 *   alone (no worker takes part; refused, TypeError, in a pool opened with `callingThread: false`).
 * - `profile`, `maxBytes`: as for `issue()`.
 *
 * @example
 * ```ts
 * const results = await pool.issueMany(cohort, { created: '2025-09-01T00:00:00Z', status: revocationList })
 * ```
 */
export interface IssuingPoolCallOptions extends Pick<
  IssuingOptions,
  'created' | 'status' | 'documentLoader' | 'profile' | 'maxBytes'
> {
  /** `'objects'` (default) or `'text'`, as for {@link issueMany}. */
  output?: IssueManyOutput
}

/**
 * Options of {@link issueMany}: those of {@link openIssuingPool} and of one call, together.
 *
 * @example
 * ```ts
 * const options: IssueManyOptions = { keyPair, proof: 'Ed25519Signature2020', created: new Date(), output: 'text' }
 * ```
 */
export interface IssueManyOptions extends IssuingPoolOptions, IssuingPoolCallOptions {
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

/** The option names of {@link openIssuingPool}. */
const POOL_OPTION_NAMES: readonly string[] = ['keyPair', 'proof', 'jwtAlgorithm', 'keyIn', 'workers', 'callingThread']
/** The option names of {@link IssuingPool.issueMany}. */
const CALL_OPTION_NAMES: readonly string[] = [
  ...ISSUING_OPTION_NAMES.filter((name) => !POOL_OPTION_NAMES.includes(name)),
  'output',
]

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
  ): Promise<IssueManyResult<C>[]>
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
  ): Promise<IssueManyResult<C>[] | IssueManyTextResult[]>
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
 * @throws TypeError for invalid options (no key pair, an unknown proof, `workers`; an old name such as `format` says
 *   what replaced it).
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
  checkNames(options, POOL_OPTION_NAMES, where, 'the other options are given per call, to pool.issueMany()')
  const { signing, threads, callingThread } = poolOptions(options, where)
  const pool = SigningPool.open({
    keyPair: options.keyPair,
    signing,
    workers: workersFor(threads, callingThread),
    callingThread,
    startAtOnce: true,
  })
  return poolFor(pool, signing, callingThread, 'pool.issueMany(credentials, options)')
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
 * @throws TypeError for invalid options (no key pair, an unknown proof, bad `created`, `workers`, `output`, a
 *   `documentLoader` with `callingThread: false`; an old name such as `format` says what replaced it), or for a
 *   credential that already has a `credentialStatus` or a proof when `status` is given.
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
): Promise<IssueManyResult<C>[]>
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
): Promise<IssueManyResult<C>[] | IssueManyTextResult[]>
export async function issueMany<C extends CredentialBase>(
  credentials: readonly C[],
  options: IssueManyOptions,
): Promise<IssueManyResult<C>[] | IssueManyTextResult[]> {
  const where = 'issueMany(credentials, options)'
  assertCredentials(credentials, where)
  checkNames(options, [...POOL_OPTION_NAMES, ...CALL_OPTION_NAMES], where)
  const { signing, threads, callingThread } = poolOptions(options, where)
  const call = callOptions(options, signing, callingThread, where)
  if (credentials.length === 0) return []
  const withStatus = await withStatusEntries(credentials, call.status, signing, where)
  // A documentLoader is a function, which no worker can be given: such a call is the calling thread's alone.
  const workers =
    call.choices.documentLoader === undefined ? workersFor(Math.min(threads, credentials.length), callingThread) : 0
  const pool = SigningPool.open({ keyPair: options.keyPair, signing, workers, callingThread })
  try {
    return await signOn(pool, withStatus, call.choices, call.output)
  } finally {
    await pool.close()
  }
}

function signOn<C extends CredentialBase>(
  pool: SigningPool,
  credentials: readonly C[],
  choices: CredentialChoices,
  output: IssueManyOutput,
): Promise<IssueManyResult<C>[] | IssueManyTextResult[]> {
  const { created, ...rest } = choices
  return output === 'text' ? pool.signToText(credentials, created, rest) : pool.sign(credentials, created, rest)
}

function outputOption(output: unknown, where: string): IssueManyOutput {
  if (output === undefined || output === 'objects' || output === 'text') return output ?? 'objects'
  const given =
    typeof output === 'string'
      ? JSON.stringify(output)
      : typeof output === 'object' && output !== null
        ? 'an object'
        : typeof output === 'number' || typeof output === 'boolean' || typeof output === 'bigint'
          ? String(output)
          : typeof output === 'symbol'
            ? output.toString()
            : typeof output === 'function'
              ? 'a function'
              : 'null'
  throw new TypeError(`${where}: options.output must be 'objects' or 'text', not ${given}`)
}

/** Refuses options that are not an object, and option names the call does not take (an old name says what replaced it). */
function checkNames(options: unknown, allowed: readonly string[], where: string, hint?: string): void {
  assertOptions(options, where)
  if (options === undefined) throw new TypeError(`${where}: options with a keyPair are required`)
  if (Object.hasOwn(options as object, 'signer') && !allowed.includes('signer'))
    throw new TypeError(
      `${where}: options.signer cannot be used here: a Signer cannot cross to worker threads (sign with issue() for a KMS)`,
    )
  assertOptionNames(options as object, allowed, where, hint)
}

/** The options a pool is opened with, checked: a programming mistake is a TypeError naming `where`. */
function poolOptions(
  options: IssuingPoolOptions,
  where: string,
): { signing: SigningChoices; threads: number; callingThread: boolean } {
  if (!isKeyPair(options.keyPair))
    throw new TypeError(`${where}: options.keyPair must come from generateKeyPair() or importKeyPair()`)
  if (!options.keyPair.canSign) throw new TypeError(`${where}: options.keyPair holds no secret key`)
  const choice = checkProofChoice(options, where)
  // Once for all: a key that cannot make the proof would fail every credential, after their status entries.
  assertCanSign({ keyPair: options.keyPair }, choice, where)
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 1)) {
    throw new TypeError(
      `${where}: options.workers must be a whole number of at least 1, not ${String(options.workers)}`,
    )
  }
  if (options.callingThread !== undefined && typeof options.callingThread !== 'boolean')
    throw new TypeError(`${where}: options.callingThread must be a boolean`)
  return {
    signing: signingChoices(choice, options.keyIn !== undefined),
    threads: options.workers ?? availableParallelism(),
    callingThread: options.callingThread ?? true,
  }
}

/** One call's options, checked: what each credential is given, its status list, and the output. */
function callOptions(
  options: IssuingPoolCallOptions,
  signing: SigningChoices,
  callingThread: boolean,
  where: string,
): { choices: CredentialChoices; status: StatusList | undefined; output: IssueManyOutput } {
  const { created, status, ...rest } = checkCredentialOptions(options, where)
  if (rest.documentLoader !== undefined && !callingThread)
    throw new TypeError(
      `${where}: options.documentLoader is a function, which cannot cross to a worker thread; with it the credentials are signed on the calling thread, which callingThread: false rules out`,
    )
  const { maxBytes, ...others } = rest
  return {
    choices: {
      // A VC-JWT has no signing time: created is checked, not passed on.
      ...(signing.proof === 'vc-jwt' ? {} : { created }),
      ...(options.maxBytes === undefined ? {} : { maxBytes }),
      ...others,
    },
    status,
    output: outputOption(options.output, where),
  }
}

/**
 * The credentials with an entry each in `status`, allocated here on the calling thread, in order, before any is signed
 * (as `issue({ status })` gives one, with the Ed25519Signature2020 context first when that is the proof); the list
 * itself without a status list. A credential that already has a `credentialStatus` or a proof is a TypeError, before
 * any index is allocated.
 */
async function withStatusEntries<C extends CredentialBase>(
  credentials: readonly C[],
  status: StatusList | undefined,
  signing: SigningChoices,
  where: string,
): Promise<readonly C[]> {
  if (status === undefined) return credentials
  credentials.forEach((credential, i) => {
    const refusal = statusEntryRefusal(credential)
    if (refusal !== undefined) throw new TypeError(`${where}: credentials[${i}] ${refusal}`)
  })
  const entered: C[] = []
  for (const credential of credentials) {
    const base = signing.proof === 'Ed25519Signature2020' ? withContext(credential, ED25519_2020_CONTEXT) : credential
    const index = await status.store.allocate(status.id)
    entered.push(withStatusEntry(base, statusEntry(status, index)))
  }
  return entered
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

function poolFor(pool: SigningPool, signing: SigningChoices, callingThread: boolean, where: string): IssuingPool {
  async function issueManyOnPool<C extends CredentialBase>(
    credentials: readonly C[],
    options: IssuingPoolCallOptions = {},
  ): Promise<IssueManyResult<C>[] | IssueManyTextResult[]> {
    assertCredentials(credentials, where)
    // The key, proof and threads are the pool's: passing them here would be silently ignored, so it is refused.
    checkNames(options, CALL_OPTION_NAMES, where, "a pool's key, proof and threads are set by openIssuingPool()")
    const call = callOptions(options, signing, callingThread, where)
    // A closed or broken pool refuses the call before a status entry is spent on it.
    pool.assertOpen()
    const withStatus = await withStatusEntries(credentials, call.status, signing, where)
    return signOn(pool, withStatus, call.choices, call.output)
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

/**
 * What the signing threads are told of the proof: the checked choice, with the JWT-only members only for a VC-JWT.
 * `keyIn` is passed on only when the caller gave it (`'jwk'` needs a key pair, which a pool always has).
 */
export function signingChoices(choice: ReturnType<typeof checkProofChoice>, keyInGiven: boolean): SigningChoices {
  if (choice.proof !== 'vc-jwt') return { proof: choice.proof }
  return {
    proof: 'vc-jwt',
    ...(choice.jwtAlgorithm === undefined ? {} : { jwtAlgorithm: choice.jwtAlgorithm }),
    ...(keyInGiven ? { keyIn: choice.keyIn } : {}),
  }
}
