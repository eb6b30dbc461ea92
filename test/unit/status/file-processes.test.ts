/**
 * The file store shared by several processes of one machine (a CLI next to a service, two batch runs): each
 * change is made under the list's lock file, so no allocation is handed out twice and no revocation is lost.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  FileStatusListStore,
  allocateStatus,
  createStatusList,
  getStatus,
  openStatusList,
  setStatus,
} from '../../../src/entries/status.js'
import { runFixture } from '../../helpers/child.js'

const folder = mkdtempSync(join(tmpdir(), 'microcred-file-store-'))
afterAll(() => {
  rmSync(folder, { recursive: true, force: true })
})

describe('file store across processes', () => {
  it(
    'three processes allocating and revoking 150 entries each: 450 distinct indexes, all allocated, all revoked',
    { timeout: 120_000 },
    async () => {
      const id = 'https://uni.example/status/shared'
      await createStatusList({ id, purpose: 'revocation', length: 4096, store: new FileStatusListStore(folder) })
      const outputs = await Promise.all(
        [0, 1, 2].map(() => runFixture('test/fixtures/status/file-allocate.ts', [folder, id, '150'])),
      )
      const indexes = outputs.flatMap((out) => JSON.parse(out) as number[])
      expect(indexes).toHaveLength(450)
      expect(new Set(indexes).size).toBe(450)

      const store = new FileStatusListStore(folder)
      const list = await openStatusList(id, { store })
      let allocated = 0
      for (let index = 0; index < 4096; index++) if (await store.isAllocated(id, index)) allocated++
      expect(allocated).toBe(450)
      for (const index of indexes) expect(await getStatus(list, index)).toBe(1)
      expect(readdirSync(folder).filter((name) => name.includes('.lock') || name.endsWith('.tmp'))).toEqual([])
    },
  )

  /** The lock file of a list's file (file-store.ts names a list's file after the SHA-256 of its id). */
  const lockOf = (id: string): string =>
    join(folder, `${createHash('sha256').update(id).digest('hex').slice(0, 32)}.json.lock`)
  const lockContent = (pid: number): string => JSON.stringify({ pid, host: hostname(), token: `token-of-${pid}` })

  it("a change waits while a live process holds the list's lock, and goes ahead once it is released", async () => {
    const list = await createStatusList({
      id: 'https://uni.example/status/wait',
      purpose: 'revocation',
      length: 64,
      store: new FileStatusListStore(folder),
    })
    const { index } = await allocateStatus(list)
    const sleeper = spawn('sleep', ['30'])
    try {
      writeFileSync(lockOf(list.id), lockContent(sleeper.pid!))
      // Each try to take the lock first writes a file beside it (`<lock>.<token>`): once one is seen, the change has
      // met the held lock (it cannot take it), so it waits.
      const tries = watch(folder)
      const tried = new Promise<void>((resolve) => {
        tries.on('change', (_event, name) => {
          if (typeof name === 'string' && name.startsWith(`${basename(lockOf(list.id))}.`)) resolve()
        })
      })
      let done = false
      const change = setStatus(list, index, true).then(() => (done = true))
      await tried
      tries.close()
      expect(done).toBe(false)
      expect(await getStatus(list, index)).toBe(0)
      rmSync(lockOf(list.id))
      await change
      expect(await getStatus(list, index)).toBe(1)
    } finally {
      sleeper.kill()
    }
  })

  it('a live holder that keeps the lock past lockWaitMs: ERR_LOCKED, and nothing changed', async () => {
    const store = new FileStatusListStore(folder, { lockWaitMs: 200 })
    const list = await createStatusList({
      id: 'https://uni.example/status/held',
      purpose: 'revocation',
      length: 64,
      store,
    })
    const { index } = await allocateStatus(list)
    const sleeper = spawn('sleep', ['30'])
    try {
      writeFileSync(lockOf(list.id), lockContent(sleeper.pid!))
      await expect(setStatus(list, index, true)).rejects.toMatchObject({
        code: 'ERR_LOCKED',
        message: expect.stringContaining(`locked by process ${sleeper.pid}`),
      })
      expect(await getStatus(list, index)).toBe(0)
    } finally {
      sleeper.kill()
      rmSync(lockOf(list.id), { force: true })
    }
  })

  it('a lock left by a dead process is taken over at once', async () => {
    const store = new FileStatusListStore(folder, { lockWaitMs: 0 })
    const list = await createStatusList({
      id: 'https://uni.example/status/dead',
      purpose: 'revocation',
      length: 64,
      store,
    })
    writeFileSync(lockOf(list.id), lockContent(2 ** 22 + 4321))
    const { index } = await allocateStatus(list)
    expect(await store.isAllocated(list.id, index)).toBe(true)
    expect(existsSync(lockOf(list.id))).toBe(false)
  })
})
