/**
 * A {@link SigningPool} worker thread: imports the key once, says it is ready, then signs each chunk of
 * credentials it is sent, one after the other, and answers with their outcomes as JSON text.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { importKeyPair, type KeyPair } from '../keys/keypair.js'
import type { CredentialBase } from '../model/ob3.js'
import { noteBeforeSigning, signedOutcome } from './outcome.js'
import type { SerializedOutcome, WorkerMessage, WorkerSetup, WorkerTask } from './protocol.js'
import { serializeSigningError, signOne } from './sign-one.js'

const setup = workerData as WorkerSetup
if (parentPort === null) throw new Error('many/worker.ts runs only as a worker thread (SigningPool starts it)')
const port = parentPort

async function signChunk(task: WorkerTask, keyPair: KeyPair): Promise<WorkerMessage> {
  const start = performance.now()
  const credentials = JSON.parse(task.credentials) as CredentialBase[]
  const outcomes: SerializedOutcome[] = []
  for (const credential of credentials) {
    // Nothing else holds the parsed credential, so it is signed in place (no copy); what signing may change is
    // noted first.
    const before = noteBeforeSigning(credential)
    const result = await signOne(
      credential,
      keyPair,
      setup.signing,
      {
        ...(task.created === undefined ? {} : { created: task.created }),
        ...(task.profile === undefined ? {} : { profile: task.profile }),
        ...(task.maxBytes === undefined ? {} : { maxBytes: task.maxBytes }),
      },
      true,
    )
    if (!result.ok) outcomes.push({ error: serializeSigningError(result.error) })
    else if (typeof result.credential === 'string') outcomes.push({ jwt: result.credential })
    else outcomes.push(signedOutcome(before, result.credential as unknown as Record<string, unknown>, task.output))
  }
  return { id: task.id, outcomes: JSON.stringify(outcomes), ms: performance.now() - start }
}

// A key that cannot be imported rejects here, unhandled: the thread stops with that error and the pool fails.
void importKeyPair(setup.key as Parameters<typeof importKeyPair>[0]).then((keyPair) => {
  // One chunk after the other (the pool keeps two here so that the next is waiting), so each chunk's time is its own.
  let previous: Promise<void> = Promise.resolve()
  port.on('message', (task: WorkerTask) => {
    previous = previous.then(async () => {
      port.postMessage(await signChunk(task, keyPair))
    })
  })
  port.postMessage({ ready: true } satisfies WorkerMessage)
})
