/**
 * The StatusListStore contract, run against every store: memory, file and PostgreSQL (a real server).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isMicrocredError } from '../../../src/index.js'
import {
  FileStatusListStore,
  MemoryStatusListStore,
  PostgresStatusListStore,
  type StatusListRecord,
  type StatusListStore,
} from '../../../src/entries/status.js'
import { POSTGRES_URL, dropTables, testDatabase } from '../../helpers/postgres.js'

const record = (id: string, length = 64, extra: Partial<StatusListRecord> = {}): StatusListRecord => ({
  id,
  purpose: 'revocation',
  length,
  statusSize: 1,
  ...extra,
})
const codeOf = async (action: Promise<unknown>): Promise<string | undefined> =>
  action.then(
    () => undefined,
    (e: unknown) => (isMicrocredError(e) ? e.code : `not a MicrocredError: ${String(e)}`),
  )

const folders: string[] = []
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
  for (const cleanup of cleanups) await cleanup()
})

const stores: [string, () => Promise<StatusListStore>, boolean][] = [
  ['memory', async () => new MemoryStatusListStore(), true],
  [
    'file',
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'mc-status-'))
      folders.push(folder)
      return new FileStatusListStore(folder)
    },
    true,
  ],
  [
    'postgres',
    async () => {
      const { pool, prefix } = testDatabase()
      const store = new PostgresStatusListStore(pool, { tablePrefix: prefix })
      await store.migrate()
      cleanups.push(async () => {
        await dropTables(pool, prefix)
        await pool.end()
      })
      return store
    },
    POSTGRES_URL !== undefined,
  ],
]

describe.each(stores)('%s store', (_name, makeStore, available) => {
  const test = available ? it : it.skip

  test('creates a list once and reads its record back', async () => {
    const store = await makeStore()
    const messages = [
      { status: '0x0', message: 'ok' },
      { status: '0x1', message: 'pending' },
    ]
    await store.create(
      record('https://uni.example/status/1', 100, { purpose: 'message', statusSize: 2, statusMessages: messages }),
    )
    expect(await store.get('https://uni.example/status/1')).toEqual({
      id: 'https://uni.example/status/1',
      purpose: 'message',
      length: 100,
      statusSize: 2,
      statusMessages: messages,
    })
    expect(await store.get('https://uni.example/status/other')).toBeUndefined()
    expect(await codeOf(store.create(record('https://uni.example/status/1')))).toBe('ERR_STATUS_LIST_EXISTS')
  })

  test('hands out every index exactly once, in random order, then reports the list full', async () => {
    const store = await makeStore()
    await store.create(record('https://uni.example/status/full', 64))
    const handedOut: number[] = []
    for (let i = 0; i < 64; i++) handedOut.push(await store.allocate('https://uni.example/status/full'))
    expect(new Set(handedOut).size).toBe(64)
    expect(Math.min(...handedOut)).toBe(0)
    expect(Math.max(...handedOut)).toBe(63)
    // Random order: the chance that 64 random draws come out sorted is nil.
    expect(handedOut).not.toEqual([...handedOut].sort((a, b) => a - b))
    expect(await codeOf(store.allocate('https://uni.example/status/full'))).toBe('ERR_STATUS_LIST_FULL')
    for (const index of handedOut) expect(await store.isAllocated('https://uni.example/status/full', index)).toBe(true)
  })

  test('concurrent allocations never share an index', async () => {
    const store = await makeStore()
    await store.create(record('https://uni.example/status/race', 512))
    const indexes = await Promise.all(
      Array.from({ length: 200 }, () => store.allocate('https://uni.example/status/race')),
    )
    expect(new Set(indexes).size).toBe(200)
  })

  test('sets and reads statuses of allocated entries only, within the entry size', async () => {
    const store = await makeStore()
    await store.create(record('https://uni.example/status/set', 64))
    const index = await store.allocate('https://uni.example/status/set')
    expect(await store.getStatus('https://uni.example/status/set', index)).toBe(0)
    await store.setStatus('https://uni.example/status/set', index, 1)
    expect(await store.getStatus('https://uni.example/status/set', index)).toBe(1)
    await store.setStatus('https://uni.example/status/set', index, 0)
    expect(await store.getStatus('https://uni.example/status/set', index)).toBe(0)
    const free = [...Array(64).keys()].find((i) => i !== index)!
    expect(await codeOf(store.setStatus('https://uni.example/status/set', free, 1))).toBe('ERR_STATUS_ENTRY_UNKNOWN')
    expect(await codeOf(store.setStatus('https://uni.example/status/set', index, 2))).toBe('ERR_INVALID_INPUT')
    expect(await codeOf(store.setStatus('https://uni.example/status/set', 64, 1))).toBe('ERR_STATUS_ENTRY_UNKNOWN')
    expect(await codeOf(store.getStatus('https://uni.example/status/set', -1))).toBe('ERR_STATUS_ENTRY_UNKNOWN')
    await expect(store.setStatus('https://uni.example/status/set', free, 1)).rejects.toMatchObject({ path: 'index' })
  })

  test('keeps multi-bit statuses, and gives the list bits MSB first', async () => {
    const store = await makeStore()
    await store.create(
      record('https://uni.example/status/bits', 16, {
        purpose: 'message',
        statusSize: 2,
        statusMessages: [{ status: '0x3', message: 'x' }],
      }),
    )
    const indexes: number[] = []
    for (let i = 0; i < 16; i++) indexes.push(await store.allocate('https://uni.example/status/bits'))
    await store.setStatus('https://uni.example/status/bits', 5, 3)
    await store.setStatus('https://uni.example/status/bits', 6, 2)
    expect(await store.getStatus('https://uni.example/status/bits', 5)).toBe(3)
    const bits = await store.bits('https://uni.example/status/bits')
    // Entry 5 is bits 10-11 (both set), entry 6 bits 12-13 ("10"): byte 1 = 0b0011_1000.
    expect(bits[1]).toBe(0b0011_1000)
    expect(bits).toHaveLength(4)
    // A copy: changing it does not change the list.
    bits[1] = 0
    expect(await store.getStatus('https://uni.example/status/bits', 5)).toBe(3)
    expect((await store.bits('https://uni.example/status/bits'))[1]).toBe(0b0011_1000)
  })

  test('rejects unknown lists with ERR_STATUS_LIST_UNKNOWN', async () => {
    const store = await makeStore()
    expect(await codeOf(store.allocate('https://uni.example/status/none'))).toBe('ERR_STATUS_LIST_UNKNOWN')
    expect(await codeOf(store.setStatus('https://uni.example/status/none', 0, 1))).toBe('ERR_STATUS_LIST_UNKNOWN')
    expect(await codeOf(store.bits('https://uni.example/status/none'))).toBe('ERR_STATUS_LIST_UNKNOWN')
  })
})

describe('file store durability', () => {
  it('a second store object on the same folder (a restart) sees every change', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mc-status-'))
    folders.push(folder)
    const first = new FileStatusListStore(folder)
    await first.create(record('https://uni.example/status/durable', 128))
    const index = await first.allocate('https://uni.example/status/durable')
    await first.setStatus('https://uni.example/status/durable', index, 1)
    const second = new FileStatusListStore(folder)
    expect(await second.isAllocated('https://uni.example/status/durable', index)).toBe(true)
    expect(await second.getStatus('https://uni.example/status/durable', index)).toBe(1)
  })

  it('two store objects on one folder in one process never hand out the same index', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mc-status-'))
    folders.push(folder)
    const a = new FileStatusListStore(folder)
    const b = new FileStatusListStore(folder)
    await a.create(record('https://uni.example/status/shared', 256))
    const indexes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).allocate('https://uni.example/status/shared')),
    )
    expect(new Set(indexes).size).toBe(100)
  })

  it('rejects a folder argument that is not a path (TypeError)', () => {
    expect(() => new FileStatusListStore('')).toThrow(TypeError)
  })
})

describe('PostgreSQL store options', () => {
  it('rejects a client without query() and an unsafe table prefix (TypeError)', () => {
    expect(() => new PostgresStatusListStore({} as never)).toThrow(TypeError)
    expect(
      () =>
        new PostgresStatusListStore(
          { query: async () => ({ rows: [], rowCount: 0 }) },
          { tablePrefix: 'x; DROP TABLE y' },
        ),
    ).toThrow(TypeError)
  })
})
