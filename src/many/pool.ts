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
import { MicrocredError } from '../errors.js'
import { exportKeyPair, type KeyPair } from '../keys/keypair.js'
import type { CredentialBase } from '../model/ob3.js'
import { copyIfPlainJson, isPlainJson } from '../util/json.js'
import { inOutput, resultOf, type KeptForAnswers, type SigningResult } from './outcome.js'
import type { SerializedOutcome, SigningChoices, WorkerMessage, WorkerSetup, WorkerTask } from './protocol.js'
import {
  signOne,
  type CredentialChoices,
  type IssueManyOutput,
  type IssueManyResult,
  type IssueManyTextResult,
} from './sign-one.js'

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
  /** The proof, and for `'vc-jwt'` its algorithm and key header, as `issue()` takes them (checked by the caller). */
  signing: SigningChoices
  /** Worker threads to start: a whole number from 0, capped at {@link MAX_SIGNING_WORKERS}. */
  workers: number
  /** Whether the calling thread signs too (in slices of about a millisecond); with no workers it must. */
  callingThread: boolean
  /**
   * Start the workers at once rather than when a list is long enough to repay their start (a pool kept for many
   * lists repays it over all of them). Without the calling thread they always start at once.
   */
  startAtOnce?: boolean
  /** For the pool's own tests only: see {@link SigningPoolTestHooks}. */
  testHooks?: SigningPoolTestHooks
}

/**
 * Seams for the pool's tests, so that what they assert does not rest on how fast the machine is. Internal (the pool
 * itself is not exported from the package).
 */
export interface SigningPoolTestHooks {
  /**
   * Signing left, at the calling thread's pace, from which the workers start (default {@link WORKERS_PAY_FROM_MS}): 0
   * starts them as soon as the calling thread has judged its pace.
   */
  workersPayFromMs?: number
  /** Awaited by the calling thread before each of its slices: a test holds it there until what it waits for happens. */
  beforeSlice?: () => Promise<void> | undefined
  /** Called each time a worker answers a chunk. */
  workerAnswered?: () => void
}

/**
 * The worker module next to this one: `worker.js` / `worker.cjs` in the built package. Run from the TypeScript
 * sources (this repository's tests and scripts), the worker is `worker.ts`, started through a small module that
 * first registers tsx in the worker thread (the thread does not inherit the parent's TypeScript loader).
 */
function workerUrl(): URL {
  const here = import.meta.url
  if (!here.endsWith('.ts')) return new URL(here.endsWith('.cjs') ? './worker.cjs' : './worker.js', here)
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href
  const source = `import { register } from ${JSON.stringify(tsx)}\nregister()\nawait import(${JSON.stringify(new URL('./worker.ts', here).href)})\n`
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`)
}

/** A call of {@link SigningPool.sign} or {@link SigningPool.signToText} still being answered. */
interface Job {
  credentials: readonly CredentialBase[]
  /** The call's `created`, `profile`, `maxBytes`; with a `documentLoader`, the job is the calling thread's alone. */
  choices: CredentialChoices
  output: IssueManyOutput
  results: SigningResult[]
  /** The first credential not handed to a thread yet. */
  next: number
  unanswered: number
  resolve: (results: SigningResult[]) => void
  reject: (error: Error) => void
}

/** Consecutive credentials of one job, handed to one thread. */
interface Slice {
  job: Job
  first: number
  count: number
}

/** A chunk sent to a worker, with what the signed credentials are rebuilt from when it answers. */
type SentChunk = Slice & KeptForAnswers

/** A worker thread and what it has been sent. */
interface WorkerState {
  worker: Worker
  /** Set when the worker has loaded the library and imported the key; until then it is given nothing. */
  ready: boolean
  /** Chunks sent and not answered yet, by id. */
  inFlight: Map<number, SentChunk>
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
 * const pool = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 1, callingThread: true })
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
   * const pool = SigningPool.open({ keyPair, signing: { proof: 'vc-jwt' }, workers: 3, callingThread: true })
   * ```
   */
  static open(options: SigningPoolOptions): SigningPool {
    const workers = Math.max(0, Math.min(options.workers, MAX_SIGNING_WORKERS))
    if (workers === 0 && !options.callingThread)
      throw new TypeError('a signing pool needs a worker thread or the calling thread')
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
   * Signs credentials, each exactly as `issue()` would with the pool's proof, this `created` (ignored for a VC-JWT)
   * and the other `choices`, and resolves with one result per credential, in order; a credential that cannot be
   * signed gets its `MicrocredError` without stopping the others. With `choices.documentLoader` (a function, which
   * cannot cross to a worker) the call is signed on the calling thread alone, the workers waiting meanwhile.
   *
   * @throws TypeError (the promise rejects) for a `documentLoader` in a pool without the calling thread.
   * @throws Error (the promise rejects) when a worker thread dies or the pool is closed before every credential
   *   is answered; the pool is then unusable.
   * @example
   * ```ts
   * const [first] = await pool.sign([credential], nowDateTime())
   * if (first?.ok === false) console.error(first.error.code)
   * ```
   */
  sign<C extends CredentialBase>(
    credentials: readonly C[],
    created: string | undefined,
    choices: Omit<CredentialChoices, 'created'> = {},
  ): Promise<IssueManyResult<C>[]> {
    return this.enqueue(credentials, withCreated(choices, created), 'objects') as Promise<IssueManyResult<C>[]>
  }

  /**
   * Signs credentials as {@link SigningPool.sign} does, and resolves with their JSON texts (`JSON.stringify()` of
   * what `issue()` returns; VC-JWTs as they are). Cheaper for the calling thread than objects when text is what the
   * caller needs (to write files, store or send): a worker's credential comes back as the text that was sent plus
   * its proof, with no object to build and keep.
   *
   * @throws Error (the promise rejects) as {@link SigningPool.sign}.
   * @example
   * ```ts
   * const [first] = await pool.signToText([credential], nowDateTime())
   * if (first?.ok) await writeFile('credential.json', first.text)
   * ```
   */
  signToText(
    credentials: readonly CredentialBase[],
    created: string | undefined,
    choices: Omit<CredentialChoices, 'created'> = {},
  ): Promise<IssueManyTextResult[]> {
    return this.enqueue(credentials, withCreated(choices, created), 'text') as Promise<IssueManyTextResult[]>
  }

  private enqueue(
    credentials: readonly CredentialBase[],
    choices: CredentialChoices,
    output: IssueManyOutput,
  ): Promise<SigningResult[]> {
    if (this.broken !== undefined) return Promise.reject(this.broken)
    if (choices.documentLoader !== undefined && !this.options.callingThread)
      return Promise.reject(
        new TypeError(
          'options.documentLoader is a function, which cannot cross to a worker thread: sign on the calling thread (callingThread: true)',
        ),
      )
    if (credentials.length === 0) return Promise.resolve([])
    return new Promise<SigningResult[]>((resolve, reject) => {
      const job: Job = {
        // The list as it is now: the caller may change its array while the pool works through it.
        credentials: [...credentials],
        choices,
        output,
        results: new Array<SigningResult>(credentials.length),
        next: 0,
        unanswered: credentials.length,
        resolve,
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
   * Stops the worker threads. Credentials still waiting to be signed are not: their {@link SigningPool.sign} and
   * {@link SigningPool.signToText} promises reject.
   *
   * @example
   * ```ts
   * await pool.close()
   * ```
   */
  async close(): Promise<void> {
    this.fail(new MicrocredError('ERR_POOL_CLOSED', 'the signing pool was closed'))
    await this.stopped
  }

  private startWorkers(): void {
    if (this.workersStarted || this.broken !== undefined) return
    this.workersStarted = true
    const setup: WorkerSetup = {
      key: exportKeyPair(this.options.keyPair, { secret: true }),
      signing: this.options.signing,
    }
    const url = this.options.workers === 0 ? undefined : workerUrl()
    for (let i = 0; url !== undefined && i < this.options.workers; i++) {
      const state: WorkerState = {
        worker: new Worker(url, { workerData: setup }),
        ready: false,
        inFlight: new Map(),
        msPerCredential: undefined,
      }
      state.worker.on('message', (message: WorkerMessage) => {
        this.received(state, message)
      })
      // A thread that throws or stops is a failure of the pool, never of a credential: ERR_INTERNAL, the cause kept.
      state.worker.on('error', (error: Error) => {
        this.fail(new MicrocredError('ERR_INTERNAL', `a signing worker failed: ${error.message}`, { cause: error }))
      })
      state.worker.once('exit', (code) => {
        this.fail(new MicrocredError('ERR_INTERNAL', `a signing worker stopped (exit code ${code})`))
      })
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
    const byTime =
      state.msPerCredential === undefined ? 1 : Math.floor(CHUNK_TARGET_MS / Math.max(state.msPerCredential, 0.001))
    const threads = this.workers.filter((worker) => worker.ready).length + (this.options.callingThread ? 1 : 0)
    const fairShare = Math.floor(this.waiting / (threads * CHUNKS_IN_FLIGHT))
    return Math.max(1, Math.min(MAX_CHUNK, byTime, fairShare))
  }

  /**
   * Tops a ready worker up to {@link CHUNKS_IN_FLIGHT} chunks; nothing while the oldest call has a `documentLoader`
   * (the calling thread's alone).
   */
  private feed(state: WorkerState): void {
    if (!state.ready) return
    while (this.broken === undefined && state.inFlight.size < CHUNKS_IN_FLIGHT) {
      if (this.queue[0]?.choices.documentLoader !== undefined) return
      const slice = this.take(this.chunkSize(state))
      if (slice === undefined) return
      const id = this.nextChunkId++
      const { job } = slice
      // A worker signs what JSON text carries; issue() sees the object itself. For anything JSON would change (a
      // Date, a URL, a cycle...) the two could disagree, so such a chunk is signed on the calling thread instead.
      // What is kept is what the text says, member for member: the signed credentials are built on it when the
      // worker answers, whatever the caller does to its objects meanwhile.
      const chunk = chunkToSend(slice)
      if (chunk === undefined) {
        void this.signHere(slice)
        continue
      }
      state.inFlight.set(id, chunk.kept)
      const { created, profile, maxBytes } = job.choices
      const task: WorkerTask = {
        id,
        credentials: chunk.text,
        output: job.output,
        ...(created === undefined ? {} : { created }),
        ...(profile === undefined ? {} : { profile }),
        ...(maxBytes === undefined ? {} : { maxBytes }),
      }
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
      this.options.testHooks?.workerAnswered?.()
      const outcomes = JSON.parse(message.outcomes) as SerializedOutcome[]
      for (const [offset, outcome] of outcomes.entries()) {
        const result = resultOf(outcome, slice, offset)
        if (result === undefined) {
          this.fail(
            new MicrocredError(
              'ERR_INTERNAL',
              `a signing worker answered ${JSON.stringify(Object.keys(outcome))} to a chunk for output ${'texts' in slice ? 'text' : 'objects'}`,
            ),
          )
          return
        }
        this.record(slice.job, slice.first + offset, result)
      }
    }
    this.feed(state)
  }

  private record(job: Job, index: number, result: SigningResult): void {
    job.results[index] = result
    if (--job.unanswered === 0) {
      this.jobs.delete(job)
      // An idle pool does not keep the process alive (a pool left open by mistake does not stop a script from ending).
      if (this.jobs.size === 0) for (const state of this.workers) state.worker.unref()
      job.resolve(job.results)
    }
  }

  /** Throws the pool's error (`ERR_POOL_CLOSED`, or why it broke) when it can take no more work. */
  assertOpen(): void {
    if (this.broken !== undefined) throw this.broken
  }

  /**
   * Whether the pool is broken. A method, not `this.broken` read in place: after an `await` the pool may have broken
   * meanwhile, which a check narrowed before the `await` would not see.
   */
  private isBroken(): boolean {
    return this.broken !== undefined
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
        const held = this.options.testHooks?.beforeSlice?.()
        if (held !== undefined) {
          await held
          if (this.isBroken() || this.waiting === 0) return
        }
        const start = performance.now()
        const before = this.signedHere
        do {
          const slice = this.take(1)
          if (slice === undefined) break
          await this.signHere(slice)
          if (this.isBroken()) return
        } while (performance.now() < start + CALLING_THREAD_SLICE_MS)
        if (before >= PACE_AFTER) {
          this.paced.count += this.signedHere - before
          this.paced.ms += performance.now() - start
        }
        if (
          !this.workersStarted &&
          this.paced.count >= PACE_AFTER &&
          (this.waiting * this.paced.ms) / this.paced.count >
            (this.options.testHooks?.workersPayFromMs ?? WORKERS_PAY_FROM_MS)
        )
          this.startWorkers()
        // A call the calling thread signed alone (it had a documentLoader) may have left the workers idle behind it.
        for (const state of this.workers) this.feed(state)
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
      const credential = slice.job.credentials[index]
      if (credential === undefined) throw new Error(`SigningPool: slice reaches past its job (${index})`)
      const result = await signOne(credential, this.options.keyPair, this.options.signing, slice.job.choices)
      if (this.broken !== undefined) return
      this.record(slice.job, index, inOutput(result, slice.job.output))
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

/** `choices` with the call's `created`. */
function withCreated(choices: Omit<CredentialChoices, 'created'>, created: string | undefined): CredentialChoices {
  return created === undefined ? { ...choices } : { ...choices, created }
}

/**
 * What a worker is sent for a slice, the JSON text of its credentials, and what is kept to rebuild their signed
 * forms when it answers: copies of the credentials made while checking that JSON carries them unchanged (output
 * `objects`: a copy becomes the result), or their texts (output `text`: checked, not copied). `undefined` when a
 * credential is not plain JSON data.
 */
function chunkToSend(slice: Slice): { kept: SentChunk; text: string } | undefined {
  const credentials = slice.job.credentials.slice(slice.first, slice.first + slice.count)
  if (slice.job.output === 'text') {
    // A getter is read twice here (the check, then the text), as issue() itself reads a credential several times: a
    // credential whose getters answer differently from one read to the next has no one signed form.
    if (!credentials.every((credential) => isPlainJson(credential))) return undefined
    const texts = credentials.map((credential) => JSON.stringify(credential))
    return { kept: { ...slice, texts }, text: `[${texts.join(',')}]` }
  }
  const copies: Record<string, unknown>[] = []
  for (const credential of credentials) {
    const plain = copyIfPlainJson(credential)
    if (plain === undefined) return undefined
    copies.push(plain.copy as Record<string, unknown>)
  }
  return { kept: { ...slice, copies }, text: JSON.stringify(copies) }
}
