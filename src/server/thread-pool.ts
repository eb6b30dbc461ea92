/**
 * The service's worker threads (Piscina). Each verify and issue request runs in a worker thread with a hard deadline:
 * past it the request gets 503 and its work stops, not merely its answer (a verification is told to stop at its next
 * step, and a task stuck in one step has its thread terminated and replaced). Threads take several requests at once,
 * so one waiting on a slow server does not hold up others; each thread's heap is capped.
 *
 * The threads fetch nothing themselves: they ask the main thread (thread-protocol.ts), which answers the service's
 * own documents locally and everything else through the service's fetch, reusing what it fetched within the cache's
 * time to live (bounded in entries and bytes, least recently used first out).
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Piscina } from 'piscina'
import { LRUCache } from 'lru-cache'
import { isMicrocredError, MicrocredError } from '../errors.js'
import { exportKeyPair, type KeyPair } from '../keys/keypair.js'
import type { FetchLike } from '../net/fetch-json.js'
import type { PresentationReport } from '../presentation/presentation.js'
import type { VerificationReport } from '../verify/report.js'
import type {
  BuildOutcome,
  BuildTask,
  FetchAnswer,
  FetchRequest,
  IssueOutcome,
  IssueTask,
  StopTask,
  TaskStarted,
  ThreadSetup,
  ThreadTask,
  VerifyTask,
} from './thread-protocol.js'

/** Options of {@link ThreadPool}. */
export interface ThreadPoolOptions {
  /** Worker threads (at least 1). */
  threads: number
  /** The service's key: issue tasks sign with it (each thread imports it once, in memory). */
  keyPair: KeyPair
  /** Extra contexts the service trusts, given to every thread once. */
  contexts?: Record<string, object>
  /** Fetches what the threads ask for. */
  fetch: FetchLike
  /** True for URLs answered locally (the service's own documents): never cached, so a status change shows at once. */
  isLocal: (url: string) => boolean
  /** How long a fetched document is reused, in milliseconds; 0 reuses nothing. */
  cacheTtlMs: number
}

/** Why a task got no answer: `timeout` (past its deadline, stopped), `busy` (the queue is full), `failed` (the thread died). */
export class ThreadPoolError extends Error {
  constructor(
    readonly reason: 'timeout' | 'busy' | 'failed',
    message: string,
  ) {
    super(message)
    this.name = 'ThreadPoolError'
  }
}

/** Tasks one thread runs at once: verification mostly waits on fetches, and a thread's CPU goes to whichever is ready. */
export const TASKS_PER_THREAD = 4
/** How long a task told to stop may take to do so before its thread is terminated. */
const STOP_GRACE_MS = 1_000
/** Requests waiting for a thread, per thread, before new ones get 503. */
const QUEUE_PER_THREAD = 64
/** Heap cap of one thread in MB: a task that needs more is stopped (503), not the process. */
const THREAD_HEAP_MB = 512
/** Largest document passed to a thread, in bytes (the thread applies its own, smaller, limits). */
const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
/** Cached documents at most: entries and bytes. */
const CACHE_ENTRIES = 1_000
const CACHE_BYTES = 32 * 1024 * 1024

/** What {@link ThreadPool.warm} verifies: an Open Badge without a proof (it fails, after every check a real one runs). */
const WARM_UP_CREDENTIAL = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: 'urn:uuid:00000000-0000-4000-8000-000000000000',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: 'did:example:warm-up', type: ['Profile'], name: 'Warm-up' },
  validFrom: '2026-01-01T00:00:00Z',
  credentialSubject: {
    type: ['AchievementSubject'],
    achievement: {
      id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      type: ['Achievement'],
      name: 'Warm-up',
      description: 'Warm-up',
      criteria: { narrative: 'Warm-up' },
    },
  },
}

/** Default number of threads: two at least, so one costly request never holds up every other. */
export const defaultThreads = (): number => Math.max(2, Math.min(4, availableParallelism()))

interface CachedDocument {
  status: number
  contentType?: string
  body: string
}

/** Worker threads with a deadline per task, and the fetch cache verifications share. */
export class ThreadPool {
  readonly #piscina: Piscina
  readonly #options: ThreadPoolOptions
  readonly #cache: LRUCache<string, CachedDocument> | undefined
  readonly #cleanup: (() => void) | undefined
  #warmed = false
  #closed = false

  constructor(options: ThreadPoolOptions) {
    this.#options = options
    const { filename, cleanup } = workerFile()
    this.#cleanup = cleanup
    // The secret key crosses to the threads in memory only (as issueMany() does); a key without one signs nothing.
    const { keyPair } = options
    const setup: ThreadSetup = {
      key: exportKeyPair(keyPair, {
        secret: keyPair.canSign,
        ...(keyPair.algorithm === 'RS256' ? { format: 'jwk' as const } : {}),
      }),
      keyId: keyPair.id,
      keyController: keyPair.controller,
      ...(options.contexts === undefined ? {} : { contexts: options.contexts }),
    }
    this.#piscina = new Piscina({
      filename,
      workerData: setup,
      minThreads: options.threads,
      maxThreads: options.threads,
      concurrentTasksPerWorker: TASKS_PER_THREAD,
      maxQueue: options.threads * QUEUE_PER_THREAD,
      idleTimeout: Number.POSITIVE_INFINITY,
      // Threads wait for tasks on the event loop, not in Atomics.wait: a verification awaiting a fetch answer (a message
      // on its port) must get it while the thread holds other tasks.
      atomics: 'disabled',
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
    })
    // A thread that dies (out of memory) fails its tasks; Piscina replaces it. Nothing to do here but not crash.
    this.#piscina.on('error', () => undefined)
    this.#cache =
      options.cacheTtlMs > 0
        ? new LRUCache<string, CachedDocument>({
            max: CACHE_ENTRIES,
            maxSize: CACHE_BYTES,
            sizeCalculation: (doc) => Math.max(1, doc.body.length),
            ttl: options.cacheTtlMs,
          })
        : undefined
  }

  /**
   * Verifies in a thread. Rejects with {@link ThreadPoolError}: `timeout` once `deadlineMs` passes (the task is stopped,
   * its thread terminated and replaced if it does not stop), `busy` when too many requests wait, `failed` when the
   * thread died.
   */
  async verify(task: VerifyTask, deadlineMs: number): Promise<VerificationReport | PresentationReport> {
    return this.#run(task, deadlineMs, 'the verification') as Promise<VerificationReport | PresentationReport>
  }

  /** Validates (`check-issuable`) or signs (`issue`) in a thread; rejects as {@link ThreadPool.verify} does. */
  async issue(task: IssueTask, deadlineMs: number): Promise<IssueOutcome> {
    return this.#run(
      task,
      deadlineMs,
      task.kind === 'issue' ? 'issuing' : 'validating the credential',
    ) as Promise<IssueOutcome>
  }

  /** Builds an EU micro-credential from the builder's input in a thread; rejects as {@link ThreadPool.verify} does. */
  async build(task: BuildTask, deadlineMs: number): Promise<BuildOutcome> {
    return this.#run(task, deadlineMs, 'building the micro-credential') as Promise<BuildOutcome>
  }

  async #run(task: ThreadTask, deadlineMs: number, what: string): Promise<unknown> {
    const { port1, port2 } = new MessageChannel()
    const fetches = new AbortController()
    let thread: number | undefined
    port1.on('message', (message: FetchRequest | TaskStarted) => {
      if ('started' in message) thread = message.started
      else
        void this.#answer(message, fetches.signal).then(
          (answer) => {
            port1.postMessage(answer)
          },
          () => undefined,
        )
    })
    // Not Piscina's abort signal: it would keep every other task off a thread running this one (an abortable task runs
    // alone), so a thread waiting on a slow server could serve nobody else. The deadline is kept here instead.
    const running = this.#piscina.run({ ...task, port: port2 }, { transferList: [port2] }) as Promise<unknown>
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          reject(new ThreadPoolError('timeout', `${what} did not finish within ${deadlineMs} ms and was stopped`))
        },
        Math.max(1, deadlineMs),
      )
    })
    let late = false
    try {
      return await Promise.race([running, deadline])
    } catch (error) {
      if (error instanceof ThreadPoolError) {
        late = true
        this.#stop(port1, running, () => thread)
        throw error
      }
      if (error instanceof Error && /queue is at limit/i.test(error.message))
        throw new ThreadPoolError('busy', 'every thread is busy and the queue is full')
      throw new ThreadPoolError(
        'failed',
        `the thread failed: ${error instanceof Error ? error.message : String(error)}`,
      )
    } finally {
      clearTimeout(timer)
      fetches.abort()
      if (!late) port1.close()
    }
  }

  /**
   * Stops a task past its deadline: it is told to stop (it does at its next step, its fetches are cut off), and if it
   * is still running after {@link STOP_GRACE_MS} (stuck in one long step), its thread is terminated and replaced.
   */
  #stop(port: MessagePort, running: Promise<unknown>, thread: () => number | undefined): void {
    port.postMessage({ stop: true } satisfies StopTask)
    let settled = false
    const done = () => {
      settled = true
      port.close()
    }
    running.then(done, done)
    setTimeout(() => {
      if (settled) return
      const id = thread()
      void this.#piscina.threads.find((worker) => worker.threadId === id)?.terminate()
      port.close()
    }, STOP_GRACE_MS).unref()
  }

  /**
   * Resolves once each thread has verified a small unsigned Open Badge (loading the library, processing the bundled
   * contexts, compiling the schemas), which the first request would otherwise pay for.
   */
  async warm(): Promise<void> {
    const options = { policy: 'default' as const, maxWorkMs: 60_000, maxFetches: 0 }
    await Promise.all(
      Array.from({ length: this.#options.threads }, () =>
        this.verify({ kind: 'credential', input: WARM_UP_CREDENTIAL, options }, 120_000).catch(() => undefined),
      ),
    )
    this.#warmed = true
  }

  /** Tasks waiting for a free slot on a thread (every thread runs its maximum): a sign of load, for readiness probes. */
  get queued(): number {
    return this.#piscina.queueSize
  }

  /** True once {@link ThreadPool.warm} has finished, until {@link ThreadPool.close}. */
  get ready(): boolean {
    return this.#warmed && !this.#closed
  }

  /** Stops every thread (tasks still running are rejected). */
  async close(): Promise<void> {
    this.#closed = true
    await this.#piscina.destroy()
    this.#cleanup?.()
  }

  /** Answers one fetch request of a thread: from the cache, locally, or through the service's fetch. */
  async #answer(request: FetchRequest, signal: AbortSignal): Promise<FetchAnswer> {
    const key = `${request.accept ?? ''} ${request.url}`
    const local = this.#options.isLocal(request.url)
    const cached = local ? undefined : this.#cache?.get(key)
    if (cached !== undefined) return { id: request.id, ...cached }
    try {
      const response = await this.#options.fetch(request.url, {
        headers: request.accept === undefined ? {} : { accept: request.accept },
        signal,
        redirect: 'follow',
      })
      const body = await readCapped(response, MAX_DOCUMENT_BYTES, request.url)
      const contentType = response.headers.get('content-type') ?? undefined
      const document: CachedDocument = {
        status: response.status,
        body,
        ...(contentType === undefined ? {} : { contentType }),
      }
      // Only successes are reused: a failure is retried by the next request.
      if (!local && response.ok) this.#cache?.set(key, document)
      return { id: request.id, ...document }
    } catch (error) {
      return {
        id: request.id,
        error: {
          ...(isMicrocredError(error) ? { code: error.code } : {}),
          message: error instanceof Error ? error.message : String(error),
        },
      }
    }
  }
}

/** The body of `response` as text, refusing more than `maxBytes` (read in chunks, so an endless body costs nothing). */
async function readCapped(response: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw new MicrocredError('ERR_FETCH_FAILED', `${url} is ${declared} bytes, over the ${maxBytes}-byte limit`)
  }
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const chunk = await reader.read()
    if (chunk.done) break
    const value: unknown = chunk.value
    if (!(value instanceof Uint8Array))
      throw new MicrocredError('ERR_FETCH_FAILED', `${url} sent a body that is not bytes`)
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new MicrocredError('ERR_FETCH_FAILED', `${url} sent more than ${maxBytes} bytes`)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The thread's module: `service-thread.js` / `.cjs` next to this chunk in the built package. From the TypeScript sources
 * (this repository's tests and scripts) it is `thread.ts`, loaded through a small module that registers tsx in
 * the thread first; Piscina loads modules by path, so that module is written to a temporary file (removed on close).
 */
function workerFile(): { filename: string; cleanup?: () => void } {
  const here = import.meta.url
  if (!here.endsWith('.ts'))
    return {
      filename: fileURLToPath(new URL(here.endsWith('.cjs') ? './service-thread.cjs' : './service-thread.js', here)),
    }
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href
  const dir = mkdtempSync(join(tmpdir(), 'microcred-thread-'))
  const filename = join(dir, 'service-thread.mjs')
  const source = `import { register } from ${JSON.stringify(tsx)}\nregister()\nconst worker = await import(${JSON.stringify(new URL('./thread.ts', here).href)})\nexport default worker.default\n`
  writeFileSync(filename, source)
  return {
    filename,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
