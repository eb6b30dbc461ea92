/**
 * The service's verification threads (Piscina). Each verify request runs in a worker thread with a hard deadline: past
 * it the request gets 503 and its work stops, not merely its answer (the task is told to stop at its next step, and a
 * task stuck in one step has its thread terminated and replaced). Threads take several requests at once, so one
 * waiting on a slow server does not hold up others; each thread's heap is capped.
 *
 * The threads fetch nothing themselves: they ask the main thread (verify-protocol.ts), which answers the service's
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
import type { FetchLike } from '../net/fetch-json.js'
import type { PresentationReport } from '../presentation/presentation.js'
import type { VerificationReport } from '../verify/report.js'
import type { FetchAnswer, FetchRequest, StopTask, TaskStarted, VerifyTask, VerifyWorkerSetup } from './verify-protocol.js'

/** Options of {@link VerifyPool}. */
export interface VerifyPoolOptions {
  /** Worker threads (at least 1). */
  threads: number
  /** Extra contexts the service trusts, given to every thread once. */
  contexts?: Record<string, object>
  /** Fetches what the threads ask for. */
  fetch: FetchLike
  /** True for URLs answered locally (the service's own documents): never cached, so a status change shows at once. */
  isLocal: (url: string) => boolean
  /** How long a fetched document is reused, in milliseconds; 0 reuses nothing. */
  cacheTtlMs: number
}

/** Why a verification got no report: `timeout` (past its deadline, stopped), `busy` (the queue is full), `failed` (the thread died). */
export class VerifyPoolError extends Error {
  constructor(
    readonly reason: 'timeout' | 'busy' | 'failed',
    message: string,
  ) {
    super(message)
    this.name = 'VerifyPoolError'
  }
}

/** Tasks one thread runs at once: verification mostly waits on fetches, and a thread's CPU goes to whichever is ready. */
const TASKS_PER_THREAD = 4
/** How long a task told to stop may take to do so before its thread is terminated. */
const STOP_GRACE_MS = 1_000
/** Requests waiting for a thread, per thread, before new ones get 503. */
const QUEUE_PER_THREAD = 64
/** Heap cap of one thread in MB: a verification that needs more is stopped (503), not the process. */
const THREAD_HEAP_MB = 512
/** Largest document passed to a thread, in bytes (the thread applies its own, smaller, limits). */
const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
/** Cached documents at most: entries and bytes. */
const CACHE_ENTRIES = 1_000
const CACHE_BYTES = 32 * 1024 * 1024

/** What {@link VerifyPool.warm} verifies: an Open Badge without a proof (it fails, after every check a real one runs). */
const WARM_UP_CREDENTIAL = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: 'urn:uuid:00000000-0000-4000-8000-000000000000',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: 'did:example:warm-up', type: ['Profile'], name: 'Warm-up' },
  validFrom: '2026-01-01T00:00:00Z',
  credentialSubject: { type: ['AchievementSubject'], achievement: { id: 'urn:uuid:00000000-0000-4000-8000-000000000001', type: ['Achievement'], name: 'Warm-up', description: 'Warm-up', criteria: { narrative: 'Warm-up' } } },
}

/** Default number of verification threads: two at least, so one costly request never holds up every other. */
export const defaultVerifyThreads = (): number => Math.max(2, Math.min(4, availableParallelism()))

type CachedDocument = { status: number; contentType?: string; body: string }

/** Verification threads with a deadline per task, and the fetch cache they share. */
export class VerifyPool {
  readonly #piscina: Piscina
  readonly #options: VerifyPoolOptions
  readonly #cache: LRUCache<string, CachedDocument> | undefined
  readonly #cleanup: (() => void) | undefined

  constructor(options: VerifyPoolOptions) {
    this.#options = options
    const { filename, cleanup } = workerFile()
    this.#cleanup = cleanup
    const setup: VerifyWorkerSetup = options.contexts === undefined ? {} : { contexts: options.contexts }
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
    this.#cache = options.cacheTtlMs > 0
      ? new LRUCache<string, CachedDocument>({ max: CACHE_ENTRIES, maxSize: CACHE_BYTES, sizeCalculation: (doc) => Math.max(1, doc.body.length), ttl: options.cacheTtlMs })
      : undefined
  }

  /**
   * Verifies in a thread. Rejects with {@link VerifyPoolError}: `timeout` once `deadlineMs` passes (the thread is
   * terminated and replaced), `busy` when too many requests wait, `failed` when the thread died.
   */
  async run(kind: VerifyTask['kind'], input: unknown, options: VerifyTask['options'], deadlineMs: number): Promise<VerificationReport | PresentationReport> {
    const { port1, port2 } = new MessageChannel()
    const fetches = new AbortController()
    let thread: number | undefined
    port1.on('message', (message: FetchRequest | TaskStarted) => {
      if ('started' in message) thread = message.started
      else void this.#answer(message, fetches.signal).then((answer) => port1.postMessage(answer), () => undefined)
    })
    const task: VerifyTask = { kind, input, options, port: port2 }
    // Not Piscina's abort signal: it would keep every other task off a thread running this one (an abortable task runs
    // alone), so a thread waiting on a slow server could serve nobody else. The deadline is kept here instead.
    const running = this.#piscina.run(task, { transferList: [port2] }) as Promise<VerificationReport | PresentationReport>
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new VerifyPoolError('timeout', `the verification did not finish within ${deadlineMs} ms and was stopped`)), Math.max(1, deadlineMs))
    })
    let late = false
    try {
      return await Promise.race([running, deadline])
    } catch (error) {
      if (error instanceof VerifyPoolError) {
        late = true
        this.#stop(port1, running, () => thread)
        throw error
      }
      if (error instanceof Error && /queue is at limit/i.test(error.message)) throw new VerifyPoolError('busy', 'every verification thread is busy and the queue is full')
      throw new VerifyPoolError('failed', `the verification thread failed: ${error instanceof Error ? error.message : String(error)}`)
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
    await Promise.all(Array.from({ length: this.#options.threads }, () => this.run('credential', WARM_UP_CREDENTIAL, options, 120_000).catch(() => undefined)))
  }

  /** Stops every thread (tasks still running are rejected). */
  async close(): Promise<void> {
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
      const response = await this.#options.fetch(request.url, { headers: request.accept === undefined ? {} : { accept: request.accept }, signal, redirect: 'follow' })
      const body = await readCapped(response, MAX_DOCUMENT_BYTES, request.url)
      const contentType = response.headers.get('content-type') ?? undefined
      const document: CachedDocument = { status: response.status, body, ...(contentType === undefined ? {} : { contentType }) }
      // Only successes are reused: a failure is retried by the next request.
      if (!local && response.ok) this.#cache?.set(key, document)
      return { id: request.id, ...document }
    } catch (error) {
      return { id: request.id, error: { ...(isMicrocredError(error) ? { code: error.code } : {}), message: error instanceof Error ? error.message : String(error) } }
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
    const { done, value } = await reader.read()
    if (done) break
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
 * The thread's module: `verify-worker.js` / `.cjs` next to this chunk in the built package. From the TypeScript sources
 * (this repository's tests and scripts) it is `verify-worker.ts`, loaded through a small module that registers tsx in
 * the thread first; Piscina loads modules by path, so that module is written to a temporary file (removed on close).
 */
function workerFile(): { filename: string; cleanup?: () => void } {
  const here = import.meta.url
  if (!here.endsWith('.ts')) return { filename: fileURLToPath(new URL(here.endsWith('.cjs') ? './verify-worker.cjs' : './verify-worker.js', here)) }
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const dir = mkdtempSync(join(tmpdir(), 'microcred-verify-'))
  const filename = join(dir, 'verify-worker.mjs')
  const source = `import { register } from ${JSON.stringify(tsx)}\nregister()\nconst worker = await import(${JSON.stringify(new URL('./verify-worker.ts', here).href)})\nexport default worker.default\n`
  writeFileSync(filename, source)
  return { filename, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
