/**
 * The verification thread of the VC-API service (see verify-pool.ts): runs `verify()` or `verifyPresentation()` on
 * what a request sent, fetching through the main thread.
 */
import { threadId, workerData, type MessagePort } from 'node:worker_threads'
import { createDocumentLoader, defaultDocumentLoader, type DocumentLoader } from '../context/loader.js'
import { ERROR_CODES, MicrocredError, type MicrocredErrorCode } from '../errors.js'
import type { FetchLike } from '../net/fetch-json.js'
import { verifyPresentation, type PresentationReport } from '../presentation/presentation.js'
import type { VerificationReport } from '../verify/report.js'
import { verify } from '../verify/verify.js'
import type { FetchAnswer, FetchRequest, StopTask, TaskStarted, VerifyTask, VerifyWorkerSetup } from './verify-protocol.js'

const setup = (workerData ?? {}) as VerifyWorkerSetup
const contextUrls = Object.keys(setup.contexts ?? {})
// One loader for the thread's life, so contexts are processed once per thread, not once per request.
const documentLoader: DocumentLoader = contextUrls.length === 0 ? defaultDocumentLoader : createDocumentLoader({ contexts: setup.contexts! })

/** A `fetch` answered by the main thread through `port`, and a signal that aborts when the main thread says stop. */
function connect(port: MessagePort): { fetch: FetchLike; stopped: AbortSignal } {
  let next = 0
  const waiting = new Map<number, { resolve: (response: Response) => void; reject: (error: Error) => void }>()
  const stop = new AbortController()
  port.on('message', (message: FetchAnswer | StopTask) => {
    if ('stop' in message) return stop.abort()
    const answer = message
    const pending = waiting.get(answer.id)
    if (pending === undefined) return
    waiting.delete(answer.id)
    if ('error' in answer) {
      const code = answer.error.code
      pending.reject(code !== undefined && (ERROR_CODES as readonly string[]).includes(code) ? new MicrocredError(code as MicrocredErrorCode, answer.error.message) : new Error(answer.error.message))
    } else {
      pending.resolve(new Response(answer.body, { status: answer.status, headers: answer.contentType === undefined ? {} : { 'content-type': answer.contentType } }))
    }
  })
  const fetch: FetchLike = (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const id = next++
      waiting.set(id, { resolve, reject })
      const accept = new Headers(init?.headers).get('accept') ?? undefined
      const request: FetchRequest = { id, url, ...(accept === undefined ? {} : { accept }) }
      port.postMessage(request)
      init?.signal?.addEventListener('abort', () => {
        waiting.delete(id)
        reject(init.signal!.reason instanceof Error ? init.signal!.reason : new Error(`fetching ${url} was aborted`))
      }, { once: true })
    })
  return { fetch, stopped: stop.signal }
}

/** Runs one verification task (Piscina calls the default export). */
export default async function runVerifyTask(task: VerifyTask): Promise<VerificationReport | PresentationReport> {
  const { fetch, stopped } = connect(task.port)
  task.port.postMessage({ started: threadId } satisfies TaskStarted)
  const { options } = task
  const common = {
    fetch,
    signal: stopped,
    policy: options.policy,
    maxFetches: options.maxFetches,
    maxWorkMs: options.maxWorkMs,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(contextUrls.length === 0 ? {} : { documentLoader, allowedContexts: contextUrls }),
  }
  try {
    if (task.kind === 'presentation') {
      return await verifyPresentation(task.input, { ...common, challenge: options.challenge ?? '', ...(options.domain === undefined ? {} : { domain: options.domain }) })
    }
    return await verify(task.input, { ...common, ...(options.expectedRecipient === undefined ? {} : { expectedRecipient: options.expectedRecipient }) })
  } finally {
    task.port.close()
  }
}
