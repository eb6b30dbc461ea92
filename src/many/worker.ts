/**
 * A {@link SigningPool} worker thread: imports the key once, says it is ready, then signs each chunk of
 * credentials it is sent, one after the other, and answers with their outcomes as JSON text.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { importKeyPair, type KeyPair } from '../keys/keypair.js'
import type { CredentialBase } from '../model/ob3.js'
import { sameAsPlainJson } from '../util/json.js'
import type { SerializedOutcome, WorkerMessage, WorkerSetup, WorkerTask } from './protocol.js'
import { serializeSigningError, signOne } from './sign-one.js'

const setup = workerData as WorkerSetup
const port = parentPort!

async function signChunk(task: WorkerTask, keyPair: KeyPair): Promise<WorkerMessage> {
  const start = performance.now()
  const credentials = JSON.parse(task.credentials) as CredentialBase[]
  const outcomes: SerializedOutcome[] = []
  for (const credential of credentials) {
    const result = await signOne(credential, keyPair, setup.format, task.created)
    if (!result.ok) outcomes.push({ error: serializeSigningError(result.error) })
    else if (typeof result.credential === 'string') outcomes.push({ jwt: result.credential })
    else outcomes.push({ members: signingMembers(credential, result.credential as unknown as Record<string, unknown>) })
  }
  return { id: task.id, outcomes: JSON.stringify(outcomes), ms: performance.now() - start }
}

/**
 * What `issue()` set on the credential: `proof`, and `@context` when it differs (Ed25519Signature2020 adds its
 * context). issue() changes nothing else; the pool's tests compare the rebuilt credentials with issue()'s, as JSON text.
 */
function signingMembers(credential: CredentialBase, signed: Record<string, unknown>): Record<string, unknown> {
  const context = signed['@context']
  return sameAsPlainJson(context, credential['@context']) ? { proof: signed['proof'] } : { '@context': context, proof: signed['proof'] }
}

// A key that cannot be imported rejects here, unhandled: the thread stops with that error and the pool fails.
void importKeyPair(setup.key as Parameters<typeof importKeyPair>[0]).then((keyPair) => {
  // One chunk after the other (the pool keeps two here so that the next is waiting), so each chunk's time is its own.
  let previous: Promise<void> = Promise.resolve()
  port.on('message', (task: WorkerTask) => {
    previous = previous.then(async () => port.postMessage(await signChunk(task, keyPair)))
  })
  port.postMessage({ ready: true } satisfies WorkerMessage)
})
