/**
 * Crash test of the file store: a child process allocating and revoking in a loop is killed with SIGKILL at
 * random points, many times. After every restart, each change the child reported (it reports only after the
 * store acknowledged it) is present, and no index was ever handed out twice.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FileStatusListStore, createStatusList } from '../../../src/entries/status.js'
import { spawnFixture } from '../../helpers/child.js'
import { seededRandom } from '../../helpers/random-credentials.js'

const RUNS = 25
/**
 * After how many acknowledged changes each run is killed is drawn from this seed (printed, and in the test's name):
 * CRASH_SEED=<seed> replays the same choices.
 */
const SEED = Number(process.env['CRASH_SEED'] ?? 20261207)
const random = seededRandom(SEED)
const ID = 'https://uni.example/status/crash'
const folder = mkdtempSync(join(tmpdir(), 'mc-crash-'))
afterAll(() => {
  rmSync(folder, { recursive: true, force: true })
})

/**
 * Starts the child and kills it once it has acknowledged a seeded number of changes (3 to 22): the kill lands
 * wherever the child then is, mid-write or between writes.
 */
function runAndKill(): Promise<{ allocated: number[]; revoked: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawnFixture('test/fixtures/status/crash-child.ts', [folder, ID])
    let output = ''
    const killAfter = 3 + random.int(0, 19)
    let killed = false
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (!killed && output.split('\n').length > killAfter) {
        killed = true
        child.kill('SIGKILL')
      }
    })
    let errors = ''
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`the child ended without being killed: ${errors}`))
        return
      }
      // Only complete lines were acknowledged; a line cut by the kill was not.
      const lines = output.split('\n').slice(0, -1)
      resolve({
        allocated: lines.filter((l) => l.startsWith('A ')).map((l) => Number(l.slice(2))),
        revoked: lines.filter((l) => l.startsWith('R ')).map((l) => Number(l.slice(2))),
      })
    })
  })
}

describe('file store: crash safety', () => {
  it(
    `keeps every acknowledged change through ${RUNS} SIGKILLs at seeded moments (seed ${SEED}) and never hands an index out twice`,
    { timeout: 300_000 },
    async () => {
      console.log(`crash seed: ${SEED} (replay with CRASH_SEED=${SEED})`)
      await createStatusList({ id: ID, purpose: 'revocation', length: 4096, store: new FileStatusListStore(folder) })
      const allocated: number[] = []
      const revoked: number[] = []
      for (let run = 0; run < RUNS; run++) {
        const result = await runAndKill()
        allocated.push(...result.allocated)
        revoked.push(...result.revoked)
        // After each crash, a fresh store (as after a restart) must show everything acknowledged so far.
        const store = new FileStatusListStore(folder)
        for (const index of allocated) expect(await store.isAllocated(ID, index)).toBe(true)
        for (const index of revoked) expect(await store.getStatus(ID, index)).toBe(1)
      }
      expect(allocated.length).toBeGreaterThan(RUNS * 2)
      expect(new Set(allocated).size).toBe(allocated.length)
      // The kills left no half-written list behind (temporary files may remain; the list file is whole).
      expect(readdirSync(folder).filter((f) => f.endsWith('.json'))).toHaveLength(1)
    },
  )
})
