/**
 * `issueMany()`: signs many credentials on worker threads. Issuing is CPU-bound (JSON-LD processing and
 * canonicalization), and one Node thread uses one core; a pool of workers uses them all.
 */
import { availableParallelism } from 'node:os'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { MicrocredError } from '../errors.js'
import { exportKeyPair, isKeyPair, type KeyPair } from '../keys/keypair.js'
import type { CredentialBase, Signed } from '../model/ob3.js'
import { PROOF_FORMATS, type ProofFormat } from '../proof/suite.js'
import { proofCreated } from '../build/dates.js'
import { assertOptions, isJsonObject } from '../util/json.js'
import type { WorkerAnswer, WorkerSetup } from './protocol.js'

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

/**
 * Signs many credentials on a pool of worker threads (about 2x on 2 cores) and returns one result per credential,
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
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), credentials.length, 64))
  if (!Number.isInteger(count)) throw new TypeError('issueMany(credentials, options): options.workers must be a whole number')
  credentials.forEach((credential, i) => {
    if (!isJsonObject(credential)) throw new TypeError(`issueMany(credentials, options): credentials[${i}] must be an object`)
  })
  if (credentials.length === 0) return []

  const setup: WorkerSetup = { key: exportKeyPair(options.keyPair, { secret: true }), format, ...(format === 'jwt' ? {} : { created }) }
  const url = workerUrl()
  const results: Array<IssueManyResult<C>> = new Array(credentials.length)
  let next = 0
  // Each worker takes the next credential when it answers the previous one; it is done when the queue is empty.
  const run = (worker: Worker): Promise<void> => new Promise((resolve, reject) => {
    let busy = false
    const send = () => {
      if (next >= credentials.length) {
        busy = false
        return resolve()
      }
      const index = next++
      busy = true
      worker.postMessage({ index, credential: credentials[index] })
    }
    worker.on('message', (answer: WorkerAnswer) => {
      if ('signed' in answer) results[answer.index] = { ok: true, credential: answer.signed as Signed<C> | string }
      else {
        const { code, message, path, issues } = answer.error
        results[answer.index] = { ok: false, error: new MicrocredError(code ?? 'ERR_INVALID_INPUT', message, { path, issues }) }
      }
      send()
    })
    worker.once('error', reject)
    worker.once('exit', (code) => (busy ? reject(new Error(`an issueMany worker stopped (exit code ${code})`)) : resolve()))
    send()
  })
  const workers = Array.from({ length: count }, () => new Worker(url, { workerData: setup }))
  try {
    await Promise.all(workers.map(run))
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
  return results
}
