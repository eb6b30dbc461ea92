/**
 * A pool of signing worker threads that outlives one call: `issueMany()` opens one per call, the batch issuer
 * keeps one for a whole roster so that starting the threads (about 0.45 s each from the built package: each loads the library and its schemas) is paid once, not per chunk.
 * Internal: not exported from the package.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { MicrocredError } from '../errors.js'
import { exportKeyPair, type KeyPair } from '../keys/keypair.js'
import type { CredentialBase, Signed } from '../model/ob3.js'
import type { IssueManyResult } from './issue-many.js'
import type { ProofFormat } from '../proof/suite.js'
import type { WorkerAnswer, WorkerSetup, WorkerTask } from './protocol.js'

/** Tasks a worker holds at once (see `feed`). */
const TASKS_IN_FLIGHT = 4

/** The most worker threads a pool starts, whatever it is asked for. */
export const MAX_SIGNING_WORKERS = 64

/** Options of {@link SigningPool.open}; validated by the caller. */
export interface SigningPoolOptions {
  /** The key every credential is signed with; it crosses to the threads in memory only. */
  keyPair: KeyPair
  /** The proof type, or `jwt` for VC-JWTs. */
  format: ProofFormat | 'jwt'
  /** Worker threads to start: a whole number, capped at {@link MAX_SIGNING_WORKERS}. */
  workers: number
}

/**
 * The worker module next to this one: `worker.js` / `worker.cjs` in the built package. Run from the TypeScript
 * sources (this repository's tests and scripts), the worker is `worker.ts`, started through a small module that
 * first registers tsx in the worker thread (the thread does not inherit the parent's TypeScript loader).
 */
function workerUrl(): URL {
  const here = import.meta.url
  if (!here.endsWith('.ts')) return new URL(here.endsWith('.cjs') ? './worker.cjs' : './worker.js', here)
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const source = `import { register } from ${JSON.stringify(tsx)}\nregister()\nawait import(${JSON.stringify(new URL('./worker.ts', here).href)})\n`
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`)
}

/** A call of {@link SigningPool.sign} still being answered. */
interface Job {
  credentials: readonly CredentialBase[]
  created: string | undefined
  results: Array<IssueManyResult<CredentialBase>>
  unanswered: number
  resolve: (results: Array<IssueManyResult<CredentialBase>>) => void
  reject: (error: Error) => void
}

/**
 * Worker threads that sign credentials with one key, one credential at a time each, taking tasks from one queue
 * in the order they were given. Several {@link SigningPool.sign} calls may be under way at once: their tasks
 * queue behind each other, so a caller can prepare the next batch of credentials while one is being signed.
 *
 * @example
 * ```ts
 * const pool = SigningPool.open({ keyPair, format: 'eddsa-rdfc-2022', workers: 2 })
 * try {
 *   const results = await pool.sign(credentials, '2025-09-01T00:00:00Z')
 * } finally {
 *   await pool.close()
 * }
 * ```
 */
export class SigningPool {
  private readonly queue: Array<{ job: Job; index: number }> = []
  /** What each worker has been sent and not answered yet, by task id. */
  private readonly inFlight = new Map<Worker, Map<number, { job: Job; index: number }>>()
  private nextTaskId = 0
  private readonly jobs = new Set<Job>()
  /** Why the pool can sign no more: closed, or a worker died. */
  private broken: Error | undefined

  private constructor(private readonly workers: readonly Worker[]) {
    for (const worker of workers) {
      worker.on('message', (answer: WorkerAnswer) => this.answered(worker, answer))
      worker.on('error', (error: Error) => this.fail(error))
      worker.once('exit', (code) => this.fail(new Error(`a signing worker stopped (exit code ${code})`)))
    }
  }

  /**
   * Starts the worker threads. They load the signing code and import the key while the caller goes on; the
   * first tasks wait for them.
   *
   * @example
   * ```ts
   * const pool = SigningPool.open({ keyPair, format: 'jwt', workers: availableParallelism() })
   * ```
   */
  static open(options: SigningPoolOptions): SigningPool {
    const setup: WorkerSetup = { key: exportKeyPair(options.keyPair, { secret: true }), format: options.format }
    const url = workerUrl()
    const count = Math.max(1, Math.min(options.workers, MAX_SIGNING_WORKERS))
    return new SigningPool(Array.from({ length: count }, () => new Worker(url, { workerData: setup })))
  }

  /**
   * Signs credentials, each exactly as `issue()` (or `issueJwt()` for format `jwt`) would with this `created`
   * (ignored for `jwt`), and resolves with one result per credential, in order; a credential that cannot be
   * signed gets its `MicrocredError` without stopping the others.
   *
   * @throws Error (the promise rejects) when a worker thread dies or the pool is closed before every credential
   *   is answered; the pool is then unusable.
   * @example
   * ```ts
   * const [first] = await pool.sign([credential], nowDateTime())
   * if (first?.ok === false) console.error(first.error.code)
   * ```
   */
  sign<C extends CredentialBase>(credentials: readonly C[], created: string | undefined): Promise<Array<IssueManyResult<C>>> {
    if (this.broken !== undefined) return Promise.reject(this.broken)
    if (credentials.length === 0) return Promise.resolve([])
    return new Promise<Array<IssueManyResult<C>>>((resolve, reject) => {
      const job: Job = {
        credentials,
        created,
        results: new Array<IssueManyResult<CredentialBase>>(credentials.length),
        unanswered: credentials.length,
        resolve: resolve as Job['resolve'],
        reject,
      }
      this.jobs.add(job)
      for (let index = 0; index < credentials.length; index++) this.queue.push({ job, index })
      for (const worker of this.workers) this.feed(worker)
    })
  }

  /**
   * Stops the worker threads. Credentials still waiting to be signed are not: their {@link SigningPool.sign}
   * promises reject.
   *
   * @example
   * ```ts
   * await pool.close()
   * ```
   */
  async close(): Promise<void> {
    this.fail(new Error('the signing pool was closed'))
    await Promise.all(this.workers.map((worker) => worker.terminate()))
  }

  /**
   * Tops a worker up to {@link TASKS_IN_FLIGHT} tasks. Signing one credential takes a fraction of a millisecond, about
   * what a message takes to cross threads and back, so a worker given one task at a time would wait half the time.
   */
  private feed(worker: Worker): void {
    let flights = this.inFlight.get(worker)
    if (flights === undefined) this.inFlight.set(worker, (flights = new Map()))
    while (flights.size < TASKS_IN_FLIGHT) {
      const task = this.queue.shift()
      if (task === undefined) return
      const id = this.nextTaskId++
      flights.set(id, task)
      const { job, index } = task
      const message: WorkerTask = { index: id, credential: job.credentials[index] as unknown as Record<string, unknown>, ...(job.created === undefined ? {} : { created: job.created }) }
      worker.postMessage(message)
    }
  }

  private answered(worker: Worker, answer: WorkerAnswer): void {
    const flights = this.inFlight.get(worker)
    const task = flights?.get(answer.index)
    flights?.delete(answer.index)
    if (task === undefined || this.broken !== undefined) return
    const { job, index } = task
    if ('signed' in answer) job.results[index] = { ok: true, credential: answer.signed as Signed<CredentialBase> | string }
    else {
      const { code, message, path, issues } = answer.error
      job.results[index] = { ok: false, error: new MicrocredError(code ?? 'ERR_INVALID_INPUT', message, { path, issues }) }
    }
    if (--job.unanswered === 0) {
      this.jobs.delete(job)
      job.resolve(job.results)
    }
    this.feed(worker)
  }

  /** Makes the pool unusable: every unanswered call rejects with `error`. */
  private fail(error: Error): void {
    if (this.broken !== undefined) return
    this.broken = error
    this.queue.length = 0
    this.inFlight.clear()
    for (const job of this.jobs) job.reject(error)
    this.jobs.clear()
  }
}
