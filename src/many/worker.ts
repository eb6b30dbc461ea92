/** Worker thread of `issueMany()`: imports the key once, then signs each credential it is sent. */
import { parentPort, workerData } from 'node:worker_threads'
import { isMicrocredError } from '../errors.js'
import { importKeyPair, type KeyPair } from '../keys/keypair.js'
import { issue } from '../issue.js'
import { issueJwt } from '../proof/jwt/issue-jwt.js'
import type { CredentialBase } from '../model/ob3.js'
import type { WorkerAnswer, WorkerSetup, WorkerTask } from './protocol.js'

const setup = workerData as WorkerSetup
const port = parentPort!
const keyPair: Promise<KeyPair> = importKeyPair(setup.key as Parameters<typeof importKeyPair>[0])

port.on('message', (task: WorkerTask) => {
  void (async (): Promise<WorkerAnswer> => {
    try {
      const key = await keyPair
      const credential = task.credential as unknown as CredentialBase
      const signed = setup.format === 'jwt'
        ? await issueJwt(credential, { keyPair: key })
        : ((await issue(credential, { keyPair: key, proof: setup.format, ...(task.created === undefined ? {} : { created: task.created }) })) as unknown as Record<string, unknown>)
      return { index: task.index, signed }
    } catch (error) {
      if (isMicrocredError(error)) return { index: task.index, error: { code: error.code, message: error.message, ...(error.path === undefined ? {} : { path: error.path }), ...(error.issues.length === 0 ? {} : { issues: [...error.issues] }) } }
      return { index: task.index, error: { message: error instanceof Error ? error.message : String(error), ...(error instanceof TypeError ? { type: 'TypeError' as const } : {}) } }
    }
  })().then((answer) => port.postMessage(answer))
})
