/**
 * A worker thread of the VC-API service (see thread-pool.ts): runs `verify()` or `verifyPresentation()` on what a
 * verify request sent, fetching through the main thread, builds EU micro-credentials from the builder's input, and
 * validates and signs what an issue request sent, with the service's key (imported once per thread). Every thread
 * holds the key: threads share the process's memory anyway, so a separate issuing pool would add threads, not isolation.
 */
import { threadId, workerData, type MessagePort } from 'node:worker_threads'
import { createMicroCredential } from '../credential/microcredential.js'
import { bakePng } from '../bake/png.js'
import { bakeSvg } from '../bake/svg.js'
import { createDocumentLoader, defaultDocumentLoader, type DocumentLoader } from '../context/loader.js'
import { ED25519_2020_CONTEXT } from '../context/urls.js'
import { withContext } from '../context/with-context.js'
import { ERROR_CODES, isMicrocredError, MicrocredError, type MicrocredErrorCode } from '../errors.js'
import { issueOwned } from '../issue/issue.js'
import { importKeyPair, type KeyPair } from '../keys/keypair.js'
import { serializeSigningError } from '../many/sign-one.js'
import type { CredentialBase } from '../model/ob3.js'
import type { FetchLike } from '../net/fetch-json.js'
import { verifyPresentation, type PresentationReport } from '../presentation/presentation.js'
import { assertIssuable } from '../schema/validate.js'
import type { VerificationReport } from '../verify/report.js'
import { verify } from '../verify/verify.js'
import { summarizeCredential, type CredentialSummary } from '../verify/summary.js'
import type { MicroCredentialInput } from '../model/input.js'
import type {
  BuildOutcome,
  BuildTask,
  FetchAnswer,
  FetchRequest,
  IssueOutcome,
  IssueTask,
  PortedTask,
  StopTask,
  TaskStarted,
  ThreadSetup,
  ThreadTask,
  VerifyTask,
  WorkRefused,
} from './thread-protocol.js'

const setup = workerData as ThreadSetup
const contextUrls = Object.keys(setup.contexts ?? {})
// One loader for the thread's life, so contexts are processed once per thread, not once per request.
const documentLoader: DocumentLoader =
  contextUrls.length === 0 || setup.contexts === undefined
    ? defaultDocumentLoader
    : createDocumentLoader({ contexts: setup.contexts })
// Imported once, as the thread starts (in memory only, as issueMany() does); a failure shows on the first issue task.
const keyPair: Promise<KeyPair> = importKeyPair(setup.key, { id: setup.keyId, controller: setup.keyController })
keyPair.catch(() => undefined)

/** A `fetch` answered by the main thread through `port`, and a signal that aborts when the main thread says stop. */
function connect(port: MessagePort): { fetch: FetchLike; stopped: AbortSignal } {
  let next = 0
  const waiting = new Map<number, { resolve: (response: Response) => void; reject: (error: Error) => void }>()
  const stop = new AbortController()
  port.on('message', (message: FetchAnswer | StopTask) => {
    if ('stop' in message) {
      stop.abort()
      return
    }
    const answer = message
    const pending = waiting.get(answer.id)
    if (pending === undefined) return
    waiting.delete(answer.id)
    if ('error' in answer) {
      const code = answer.error.code
      pending.reject(
        code !== undefined && (ERROR_CODES as readonly string[]).includes(code)
          ? new MicrocredError(code as MicrocredErrorCode, answer.error.message)
          : new Error(answer.error.message),
      )
    } else {
      pending.resolve(
        new Response(answer.body, {
          status: answer.status,
          headers: answer.contentType === undefined ? {} : { 'content-type': answer.contentType },
        }),
      )
    }
  })
  const fetch: FetchLike = (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const id = next++
      waiting.set(id, { resolve, reject })
      const accept = new Headers(init?.headers).get('accept') ?? undefined
      const request: FetchRequest = { id, url, ...(accept === undefined ? {} : { accept }) }
      port.postMessage(request)
      const signal = init?.signal
      signal?.addEventListener(
        'abort',
        () => {
          waiting.delete(id)
          reject(signal.reason instanceof Error ? signal.reason : new Error(`fetching ${url} was aborted`))
        },
        { once: true },
      )
    })
  return { fetch, stopped: stop.signal }
}

/** Runs one task (Piscina calls the default export). */
export default async function runTask(
  task: PortedTask,
): Promise<VerificationReport | PresentationReport | IssueOutcome | BuildOutcome> {
  task.port.postMessage({ started: threadId } satisfies TaskStarted)
  try {
    if (task.kind === 'build') return runBuildTask(task)
    return isIssueTask(task) ? await runIssueTask(task) : await runVerifyTask(task, task.port)
  } finally {
    task.port.close()
  }
}

function isIssueTask(task: ThreadTask): task is IssueTask {
  return task.kind === 'issue' || task.kind === 'check-issuable'
}

async function runVerifyTask(task: VerifyTask, port: MessagePort): Promise<VerificationReport | PresentationReport> {
  const { fetch, stopped } = connect(port)
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
  if (task.kind === 'presentation') {
    return verifyPresentation(task.input, {
      ...common,
      challenge: options.challenge ?? '',
      ...(options.domain === undefined ? {} : { domain: options.domain }),
    })
  }
  const report = await verify(task.input, {
    ...common,
    ...(options.expectedRecipient === undefined ? {} : { expectedRecipient: options.expectedRecipient }),
  })
  // Read here, in the thread, like the rest of the verification: what the credential says, for the response's `summary`.
  if (report.credential === undefined) return report
  const withSummary: VerificationReport & { summary: CredentialSummary } = {
    ...report,
    summary: summarizeCredential(report.credential, report),
  }
  return withSummary
}

/**
 * Validates or signs. Whatever it throws is an outcome, so that a rejected task always means a failed thread: a
 * `MicrocredError` (the request's problem, located), a `TypeError` (options of the wrong shape), anything else (a bug).
 */
async function runIssueTask(task: IssueTask): Promise<IssueOutcome> {
  // The credential was structured-cloned for this task: nothing else holds it, so it is signed in place.
  const credential = task.credential as unknown as CredentialBase
  const { proof, created } = task.options
  try {
    if (task.kind === 'check-issuable') {
      // The artwork is baked once as a trial, with the credential as it stands, before a status entry is spent on it:
      // a damaged image is the request's fault, found first. (Without a status entry, the real baking finds it.)
      if (task.bake !== undefined) {
        const trial = bakeInto(task.bake, credential)
        if (trial !== undefined) return trial
      }
      // As issue() validates it: with the context an Ed25519Signature2020 proof adds.
      await assertIssuable(
        proof === 'Ed25519Signature2020' ? withContext(credential, ED25519_2020_CONTEXT) : credential,
        { documentLoader },
      )
      return { ok: true }
    }
    const key = await keyPair
    // One call for every proof: a VC-JWT (a string) for 'vc-jwt', where `created` is checked but not used.
    const signed = await issueOwned(credential, {
      keyPair: key,
      proof,
      documentLoader,
      ...(created === undefined ? {} : { created }),
    })
    if (task.bake === undefined) return { ok: true, signed }
    const { format, image } = task.bake
    return { ok: true, signed, baked: format === 'png' ? bakePng(image, signed) : bakeSvg(image, signed) }
  } catch (error) {
    return refused(error)
  }
}

/**
 * Bakes the unsigned `credential` into the request's artwork as a trial (with a stand-in proof: only signed credentials
 * are baked): nothing when it bakes, else why not, marked as the artwork's fault.
 */
function bakeInto(bake: NonNullable<IssueTask['bake']>, credential: object): WorkRefused | undefined {
  const standIn = { ...credential, proof: [{ type: 'DataIntegrityProof' }] }
  try {
    if (bake.format === 'png') bakePng(bake.image, standIn)
    else bakeSvg(bake.image, standIn)
    return undefined
  } catch (error) {
    const outcome = refused(error)
    return 'error' in outcome ? { ...outcome, during: 'bake' } : outcome
  }
}

/** Builds an EU micro-credential; whatever the builder throws is an outcome, as in {@link runIssueTask}. */
function runBuildTask(task: BuildTask): BuildOutcome {
  try {
    return {
      ok: true,
      credential: createMicroCredential(task.input as unknown as MicroCredentialInput) as unknown as Record<
        string,
        unknown
      >,
    }
  } catch (error) {
    return refused(error)
  }
}

/** What a task threw, as an outcome: the `MicrocredError` (located), or any other error's name and message. */
function refused(error: unknown): WorkRefused {
  if (isMicrocredError(error)) return { ok: false, error: serializeSigningError(error) }
  return {
    ok: false,
    thrown: {
      name: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
    },
  }
}
