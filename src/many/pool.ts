/**
 * A pool of signing threads that outlives one call: `issueMany()` opens one per call, the batch issuer keeps one
 * for a whole roster. The calling thread signs too, between moving the workers' messages, from the first
 * credential on: starting a worker (about 0.3 s from the built package: it loads the library) is then hidden, not
 * waited for, and a worker that is not ready yet is simply given nothing.
 * Internal: not exported from the package.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'
import { exportKeyPair, type KeyPair } from '../keys/keypair.js'
import type { CredentialBase, Signed } from '../model/ob3.js'
import type { ProofFormat } from '../proof/suite.js'
import { copyIfPlainJson } from '../util/json.js'
import type { SerializedOutcome, WorkerMessage, WorkerSetup, WorkerTask } from './protocol.js'
import { deserializeSigningError, signOne, type IssueManyResult } from './sign-one.js'

/** Chunks a worker holds at once: it starts the next while its last answer crosses back. */
const CHUNKS_IN_FLIGHT = 2

/**
 * The signing time a chunk aims at: long enough that crossing threads (a fraction of a millisecond per message)
 * costs little, short enough that the last chunks end together. A worker that has just started runs cold code
 * (its first hundred credentials take several times longer), so it gets small chunks until it is up to speed.
 */
const CHUNK_TARGET_MS = 4

/** The most credentials in one chunk, however fast a worker signs. */
const MAX_CHUNK = 64

/**
 * How long the calling thread signs before it turns to the workers' messages (and whatever else its event loop
 * holds). Shorter than a chunk takes, so that no worker runs dry while the calling thread signs.
 */
const CALLING_THREAD_SLICE_MS = 1

/**
 * Signing left, at the calling thread's pace, from which a pool that signs on the calling thread starts its
 * workers. A worker's start costs about half a second of a core (loading the library, compiling the schemas, cold
 * code) and, on the two-vCPU machine of BENCHMARKS.md, slows the calling thread meanwhile: below about this much
 * work, the workers would make the whole slower, not faster.
 */
const WORKERS_PAY_FROM_MS = 1500

/** Credentials the calling thread signs before it judges its pace (its first ones run cold code). */
const PACE_AFTER = 32

/** The most worker threads a pool starts, whatever it is asked for. */
export const MAX_SIGNING_WORKERS = 64

/** Options of {@link SigningPool.open}; validated by the caller. */
export interface SigningPoolOptions {
  /** The key every credential is signed with; it crosses to the threads in memory only. */
  keyPair: KeyPair
  /** The proof type, or `jwt` for VC-JWTs. */
  format: ProofFormat | 'jwt'
  /** Worker threads to start: a whole number from 0, capped at {@link MAX_SIGNING_WORKERS}. */
  workers: number
  /** Whether the calling thread signs too (in slices of about a millisecond); with no workers it must. */
  callingThread: boolean
  /**
   * Start the workers at once rather than when a list is long enough to repay their start (a pool kept for many
   * lists repays it over all of them). Without the calling thread they always start at once.
   */
  startAtOnce?: boolean
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
  /** The first credential not handed to a thread yet. */
  next: number
  unanswered: number
  resolve: (results: Array<IssueManyResult<CredentialBase>>) => void
  reject: (error: Error) => void
}

/** Consecutive credentials of one job, handed to one thread. */
interface Slice {
  job: Job
  first: number
  count: number
}

/** A worker thread and what it has been sent. */
interface WorkerState {
  worker: Worker
  /** Set when the worker has loaded the library and imported the key; until then it is given nothing. */
  ready: boolean
  /** Chunks sent and not answered yet, by id, with copies of the credentials as sent. */
  inFlight: Map<number, Slice & { sent: Array<Record<string, unknown>> }>
  /** How long the worker took per credential in its last chunk; unknown until it answers one. */
  msPerCredential: number | undefined
}

/**
 * Threads that sign credentials with one key, taking them from one queue in the order they were given: worker
 * threads a chunk at a time, the calling thread one at a time between the workers' messages. Several
 * {@link SigningPool.sign} calls may be under way at once: their credentials queue behind each other, so a caller
 * can prepare the next batch while one is being signed.
 *
 * @example
 * ```ts
 * const pool = SigningPool.open({ keyPair, format: 'eddsa-rdfc-2022', workers: 1, callingThread: true })
 * try {
 *   const results = await pool.sign(credentials, '2025-09-01T00:00:00Z')
 * } finally {
 *   await pool.close()
 * }
 * ```
 */
export class SigningPool {
  /** Calls with credentials not handed out yet, oldest first. */
  private readonly queue: Job[] = []
  /** Credentials in {@link queue} not handed out yet. */
  private waiting = 0
  private readonly jobs = new Set<Job>()
  private nextChunkId = 0
  /** Whether the calling thread is in its signing loop. */
  private driving = false
  /** Why the pool can sign no more: closed, or a worker died. */
  private broken: Error | undefined
  /** Settles when the workers have stopped, once the pool is broken. */
  private stopped: Promise<void> = Promise.resolve()
  /** The worker threads, once started. */
  private readonly workers: WorkerState[] = []
  private workersStarted = false
  /** Credentials the calling thread has signed; of those past its first {@link PACE_AFTER}, how many and in how long. */
  private signedHere = 0
  private paced = { count: 0, ms: 0 }
  private signedByWorkers = 0

  private constructor(private readonly options: SigningPoolOptions) {}

  /**
   * Opens a pool. With `callingThread`, the calling thread signs from the first credential and the workers start
   * only when the credentials waiting would keep it busy for more than about a second (or at once with
   * `startAtOnce`); without, the workers start at once. Either way they load the signing code and import the key
   * while the caller goes on.
   *
   * @throws TypeError when there would be no thread to sign on (no workers, and not the calling thread).
   * @example
   * ```ts
   * const pool = SigningPool.open({ keyPair, format: 'jwt', workers: availableParallelism() - 1, callingThread: true })
   * ```
   */
  static open(options: SigningPoolOptions): SigningPool {
    const workers = Math.max(0, Math.min(options.workers, MAX_SIGNING_WORKERS))
    if (workers === 0 && !options.callingThread) throw new TypeError('a signing pool needs a worker thread or the calling thread')
    const pool = new SigningPool({ ...options, workers })
    if (workers > 0 && (!options.callingThread || options.startAtOnce === true)) pool.startWorkers()
    return pool
  }

  /**
   * Credentials signed so far on the calling thread and on the workers, and whether the workers were started (a
   * pool that signs on the calling thread may never need them).
   *
   * @example
   * ```ts
   * const { callingThread, workers } = pool.signed
   * ```
   */
  get signed(): { callingThread: number; workers: number; workersStarted: boolean } {
    return { callingThread: this.signedHere, workers: this.signedByWorkers, workersStarted: this.workersStarted }
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
        // The list as it is now: the caller may change its array while the pool works through it.
        credentials: [...credentials],
        created,
        results: new Array<IssueManyResult<CredentialBase>>(credentials.length),
        next: 0,
        unanswered: credentials.length,
        resolve: resolve as Job['resolve'],
        reject,
      }
      if (this.jobs.size === 0) for (const state of this.workers) state.worker.ref()
      this.jobs.add(job)
      this.queue.push(job)
      this.waiting += credentials.length
      for (const state of this.workers) this.feed(state)
      if (this.options.callingThread && !this.driving) void this.drive()
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
    await this.stopped
  }

  private startWorkers(): void {
    if (this.workersStarted || this.broken !== undefined) return
    this.workersStarted = true
    const setup: WorkerSetup = { key: exportKeyPair(this.options.keyPair, { secret: true }), format: this.options.format }
    const url = this.options.workers === 0 ? undefined : workerUrl()
    for (let i = 0; i < this.options.workers; i++) {
      const state: WorkerState = { worker: new Worker(url!, { workerData: setup }), ready: false, inFlight: new Map(), msPerCredential: undefined }
      state.worker.on('message', (message: WorkerMessage) => this.received(state, message))
      state.worker.on('error', (error: Error) => this.fail(error))
      state.worker.once('exit', (code) => this.fail(new Error(`a signing worker stopped (exit code ${code})`)))
      if (this.jobs.size === 0) state.worker.unref()
      this.workers.push(state)
    }
  }

  /** Hands out up to `max` consecutive credentials of the oldest call that has any left. */
  private take(max: number): Slice | undefined {
    const job = this.queue[0]
    if (job === undefined) return undefined
    const first = job.next
    const count = Math.min(max, job.credentials.length - first)
    job.next += count
    this.waiting -= count
    if (job.next === job.credentials.length) this.queue.shift()
    return { job, first, count }
  }

  /**
   * How many credentials go in `state`'s next chunk: about {@link CHUNK_TARGET_MS} of its signing (one credential
   * until it has answered once), and no more than a fair share of what is left, so that the threads finish together
   * rather than one waiting on another's last big chunk.
   */
  private chunkSize(state: WorkerState): number {
    const byTime = state.msPerCredential === undefined ? 1 : Math.floor(CHUNK_TARGET_MS / Math.max(state.msPerCredential, 0.001))
    const threads = this.workers.filter((worker) => worker.ready).length + (this.options.callingThread ? 1 : 0)
    const fairShare = Math.floor(this.waiting / (threads * CHUNKS_IN_FLIGHT))
    return Math.max(1, Math.min(MAX_CHUNK, byTime, fairShare))
  }

  /** Tops a ready worker up to {@link CHUNKS_IN_FLIGHT} chunks. */
  private feed(state: WorkerState): void {
    if (!state.ready) return
    while (this.broken === undefined && state.inFlight.size < CHUNKS_IN_FLIGHT) {
      const slice = this.take(this.chunkSize(state))
      if (slice === undefined) return
      const id = this.nextChunkId++
      const { job, first, count } = slice
      // A worker signs what JSON text carries; issue() sees the object itself. For anything JSON would change (a
      // Date, a URL, a cycle...) the two could disagree, so such a chunk is signed on the calling thread instead.
      // The copies are what the text says, member for member: the signed credentials are built on them when the
      // worker answers, whatever the caller does to its objects meanwhile.
      const sent = copiesIfPlainJson(job.credentials, first, count)
      if (sent === undefined) {
        void this.signHere(slice)
        continue
      }
      state.inFlight.set(id, { ...slice, sent })
      const task: WorkerTask = { id, credentials: JSON.stringify(sent), ...(job.created === undefined ? {} : { created: job.created }) }
      state.worker.postMessage(task)
    }
  }

  private received(state: WorkerState, message: WorkerMessage): void {
    if (this.broken !== undefined) return
    if ('ready' in message) state.ready = true
    else {
      const slice = state.inFlight.get(message.id)
      state.inFlight.delete(message.id)
      if (slice === undefined) return
      state.msPerCredential = message.ms / slice.count
      this.signedByWorkers += slice.count
      const outcomes = JSON.parse(message.outcomes) as SerializedOutcome[]
      outcomes.forEach((outcome, offset) => {
        const index = slice.first + offset
        if ('error' in outcome) this.record(slice.job, index, { ok: false, error: deserializeSigningError(outcome.error) })
        else if ('jwt' in outcome) this.record(slice.job, index, { ok: true, credential: outcome.jwt })
        else {
          // With the members signing set, the credential as sent is what issue() returns (a member set in place
          // keeps its position, a new one comes last, as jsonld-signatures adds `proof`).
          const credential = slice.sent[offset]!
          for (const [member, value] of Object.entries(outcome.members)) credential[member] = value
          this.record(slice.job, index, { ok: true, credential: credential as unknown as Signed<CredentialBase> })
        }
      })
    }
    this.feed(state)
  }

  private record(job: Job, index: number, result: IssueManyResult<CredentialBase>): void {
    job.results[index] = result
    if (--job.unanswered === 0) {
      this.jobs.delete(job)
      // An idle pool does not keep the process alive (a pool left open by mistake does not stop a script from ending).
      if (this.jobs.size === 0) for (const state of this.workers) state.worker.unref()
      job.resolve(job.results)
    }
  }

  /**
   * The calling thread's share: it signs one credential at a time for about {@link CALLING_THREAD_SLICE_MS}, then
   * lets its event loop run (the workers' answers, their next chunks, the caller's own work), until the queue is
   * empty; it starts the workers when what is waiting would take it more than {@link WORKERS_PAY_FROM_MS}.
   */
  private async drive(): Promise<void> {
    this.driving = true
    try {
      while (this.broken === undefined && this.waiting > 0) {
        const start = performance.now()
        const before = this.signedHere
        do {
          const slice = this.take(1)
          if (slice === undefined) break
          await this.signHere(slice)
          if (this.broken !== undefined) return
        } while (performance.now() < start + CALLING_THREAD_SLICE_MS)
        if (before >= PACE_AFTER) {
          this.paced.count += this.signedHere - before
          this.paced.ms += performance.now() - start
        }
        if (!this.workersStarted && this.paced.count >= PACE_AFTER && (this.waiting * this.paced.ms) / this.paced.count > WORKERS_PAY_FROM_MS) this.startWorkers()
        await nextTurn()
      }
    } finally {
      this.driving = false
    }
  }

  /**
   * Signs a slice on the calling thread: its share in {@link drive}, and, whatever the pool's options, what a worker
   * cannot be sent.
   */
  private async signHere(slice: Slice): Promise<void> {
    for (let index = slice.first; index < slice.first + slice.count; index++) {
      const result = await signOne(slice.job.credentials[index]!, this.options.keyPair, this.options.format, slice.job.created)
      if (this.broken !== undefined) return
      this.record(slice.job, index, result)
      this.signedHere++
    }
  }

  /**
   * Makes the pool unusable: every unanswered call rejects with `error`, and the workers still running stop (a
   * pool broken by one dead worker must not keep the process alive, nor the key in memory, until `close()`).
   */
  private fail(error: Error): void {
    if (this.broken !== undefined) return
    this.broken = error
    this.queue.length = 0
    this.waiting = 0
    for (const state of this.workers) {
      state.inFlight.clear()
      state.worker.unref()
    }
    this.stopped = Promise.all(this.workers.map((state) => state.worker.terminate())).then(() => undefined)
    for (const job of this.jobs) job.reject(error)
    this.jobs.clear()
  }
}

/** Copies of `count` credentials from `first` when all are plain JSON data (see copyIfPlainJson), else `undefined`. */
function copiesIfPlainJson(credentials: readonly CredentialBase[], first: number, count: number): Array<Record<string, unknown>> | undefined {
  const copies: Array<Record<string, unknown>> = []
  for (let index = first; index < first + count; index++) {
    const plain = copyIfPlainJson(credentials[index])
    if (plain === undefined) return undefined
    copies.push(plain.copy as Record<string, unknown>)
  }
  return copies
}
