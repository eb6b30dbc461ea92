/**
 * issueBatch() stopped by its signal at every kind of moment: before the call, while a row is signed (the last one
 * too), after the last row, while a chunk is reserved or signed on the pool. Each moment is reached through the
 * batch's own hooks (a signer, a status list store, onProgress), never through timing: a started row is always
 * finished, no row is started after the abort, the manifest says what is left, and the next run issues exactly
 * that, each row once, under the id reserved for it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSigner, generateKeyPair, verify, type Ed25519KeyPair, type Signer } from '../../../src/index.js'
import {
  issueBatch,
  type BatchManifest,
  type BatchTemplate,
  type IssueBatchOptions,
} from '../../../src/entries/batch.js'
import { createStatusList, MemoryStatusListStore } from '../../../src/entries/status.js'
import { courseTemplate, numberedRoster, scratchFolders } from '../../helpers/batch.js'
import { ROOT } from '../../helpers/files.js'

const BADGE = readFileSync(join(ROOT, 'assets', 'badge.png'))
const NOW = new Date('2025-07-01T09:00:00Z')

let keyPair: Ed25519KeyPair
const folders = scratchFolders('microcred-batch-interrupt-')
const outDir = folders.make
const template = (): BatchTemplate => courseTemplate(keyPair.controller)
const roster = numberedRoster

beforeAll(async () => {
  keyPair = await generateKeyPair()
})

afterEach(() => {
  folders.removeAll()
})

const lines = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i)

const options = (out: string, more: Partial<IssueBatchOptions> = {}): IssueBatchOptions => ({
  roster: roster(5),
  template: template(),
  keyPair,
  outDir: out,
  image: { type: 'png', bytes: BADGE },
  now: NOW,
  ...more,
})

const journalOf = (out: string): Record<string, any>[] =>
  readFileSync(join(out, 'batch-journal.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
const linesOf = (out: string, type: string): number[] =>
  journalOf(out)
    .filter((e) => e.type === type)
    .map((e) => e.line as number)

/**
 * What every run's result must be, stopped or not: each roster line in exactly one of credentials, problems and
 * pending, the counts adding up, the manifest on disk the one returned, and every row this run reserved finished
 * (issued) unless it failed.
 */
function expectConsistent(out: string, manifest: BatchManifest, rosterLines: number[]): void {
  const issued = manifest.credentials.map((c) => c.line)
  const failed = manifest.problems.map((p) => p.line)
  const pending = manifest.pending.map((p) => p.line)
  expect([...issued, ...failed, ...pending].sort((a, b) => a - b)).toEqual(rosterLines)
  const { rows, issued: fresh, alreadyIssued, failed: failures, pending: left } = manifest.summary
  expect([rows, fresh + alreadyIssued, failures, left]).toEqual([
    rosterLines.length,
    issued.length,
    failed.length,
    pending.length,
  ])
  expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual(manifest)
  const done = new Set(linesOf(out, 'done'))
  // A reserved row is finished, failed, or left with its reservation named (one an earlier run made).
  for (const entry of journalOf(out).filter((e) => e.type === 'reserve')) {
    const left = manifest.pending.some((p) => p.line === entry.line && p.credentialId === entry.credentialId)
    expect([entry.line, done.has(entry.line) || failed.includes(entry.line) || left]).toEqual([entry.line, true])
  }
  for (const entry of manifest.credentials) {
    expect(done.has(entry.line)).toBe(true)
    expect(JSON.parse(readFileSync(join(out, entry.credential), 'utf8')).id).toBe(entry.credentialId)
    expect(existsSync(join(out, entry.badge!))).toBe(true)
  }
  // Nothing of a pending row was written.
  for (const line of pending) expect(done.has(line)).toBe(false)
}

/** Resumes `out` and checks that it issued exactly the pending rows, each once, leaving every earlier file as it was. */
async function expectResumed(
  out: string,
  interrupted: BatchManifest,
  more: Partial<IssueBatchOptions> = {},
): Promise<BatchManifest> {
  const before = new Map(interrupted.credentials.map((c) => [c.line, readFileSync(join(out, c.credential), 'utf8')]))
  const reservedBefore = new Map(
    journalOf(out)
      .filter((e) => e.type === 'reserve')
      .map((e) => [e.line as number, e.credentialId as string]),
  )
  const resumed = await issueBatch(options(out, more))
  expect(resumed.summary).toMatchObject({
    issued: interrupted.pending.length,
    alreadyIssued: interrupted.credentials.length,
    pending: 0,
    interrupted: false,
  })
  expect(resumed.pending).toEqual([])
  for (const [line, text] of before)
    expect(readFileSync(join(out, resumed.credentials.find((c) => c.line === line)!.credential), 'utf8')).toBe(text)
  for (const row of interrupted.pending) {
    const entry = resumed.credentials.find((c) => c.line === row.line)!
    if (row.credentialId !== undefined) expect(entry.credentialId).toBe(row.credentialId)
    if (reservedBefore.has(row.line)) expect(entry.credentialId).toBe(reservedBefore.get(row.line))
  }
  const reservations = linesOf(out, 'reserve')
  expect(reservations.length).toBe(new Set(reservations).size)
  expect(new Set(resumed.credentials.map((c) => c.credentialId)).size).toBe(resumed.credentials.length)
  return resumed
}

/** A signer that aborts `stop` as it is asked for its `at`-th signature, then signs: an abort while a row is signed. */
function abortingSigner(stop: AbortController, at: number): Signer {
  const real = createSigner(keyPair)
  let calls = 0
  return {
    ...real,
    sign: async (data) => {
      calls++
      if (calls === at) stop.abort()
      return real.sign(data)
    },
  }
}

describe('issueBatch stopped by its signal', () => {
  it('aborted before the call: nothing is reserved or issued, every row is pending, and the next run issues them all', async () => {
    const out = outDir()
    const stop = new AbortController()
    stop.abort()
    const manifest = await issueBatch(options(out, { signal: stop.signal }))
    expect(manifest.summary).toEqual({ rows: 5, issued: 0, alreadyIssued: 0, failed: 0, pending: 5, interrupted: true })
    expect(manifest.pending).toEqual(lines(2, 6).map((line) => ({ line, name: `Learner ${line - 1}` })))
    expect(linesOf(out, 'reserve')).toEqual([])
    expectConsistent(out, manifest, lines(2, 6))
    await expectResumed(out, manifest)
  })

  it('a pending row an earlier run reserved (its signing failed) is listed with the credential id it will be issued under', async () => {
    const out = outDir()
    const real = createSigner(keyPair)
    let calls = 0
    const flaky: Signer = {
      ...real,
      sign: async (data) => (++calls === 2 ? Promise.reject(new Error('KMS unavailable')) : real.sign(data)),
    }
    const first = await issueBatch(options(out, { keyPair: undefined, signer: flaky, roster: roster(3) }))
    expect(first.problems).toEqual([expect.objectContaining({ line: 3, code: 'ERR_SIGNING_FAILED' })])
    const reserved = journalOf(out).find((e) => e.type === 'reserve' && e.line === 3)!.credentialId as string

    const stop = new AbortController()
    stop.abort()
    const stopped = await issueBatch(options(out, { roster: roster(3), signal: stop.signal }))
    expect(stopped.pending).toEqual([{ line: 3, name: 'Learner 2', credentialId: reserved }])
    expect(stopped.summary).toMatchObject({ alreadyIssued: 2, pending: 1, interrupted: true })
    await expectResumed(out, stopped, { roster: roster(3) })
  })

  it('aborted while a row is signed: that row is finished (file, badge, journal), no later row is started', async () => {
    const out = outDir()
    const stop = new AbortController()
    // The third signature is line 4's.
    const manifest = await issueBatch(
      options(out, { keyPair: undefined, signer: abortingSigner(stop, 3), signal: stop.signal }),
    )
    expect(manifest.summary).toEqual({ rows: 5, issued: 3, alreadyIssued: 0, failed: 0, pending: 2, interrupted: true })
    expect(manifest.credentials.map((c) => c.line)).toEqual([2, 3, 4])
    expect(manifest.pending.map((p) => p.line)).toEqual([5, 6])
    expect(linesOf(out, 'reserve')).toEqual([2, 3, 4])
    expect(linesOf(out, 'done')).toEqual([2, 3, 4])
    expectConsistent(out, manifest, lines(2, 6))
    expect((await verify(readFileSync(join(out, manifest.credentials[2]!.badge!)))).verified).toBe(true)
    await expectResumed(out, manifest)
  })

  it('aborted while the last row is signed: it is finished, and the run still reports itself interrupted (nothing pending)', async () => {
    const out = outDir()
    const stop = new AbortController()
    const manifest = await issueBatch(
      options(out, { keyPair: undefined, signer: abortingSigner(stop, 5), signal: stop.signal }),
    )
    expect(manifest.summary).toEqual({ rows: 5, issued: 5, alreadyIssued: 0, failed: 0, pending: 0, interrupted: true })
    expect(manifest.pending).toEqual([])
    expectConsistent(out, manifest, lines(2, 6))
    const again = await expectResumed(out, manifest)
    expect(again.summary.issued).toBe(0)
  })

  it('aborted after the last row, before the manifest is written: interrupted, nothing pending', async () => {
    const out = outDir()
    const stop = new AbortController()
    const manifest = await issueBatch(
      options(out, {
        signal: stop.signal,
        onProgress: (p) => {
          if (p.handled === p.total) stop.abort()
        },
      }),
    )
    expect(manifest.summary).toEqual({ rows: 5, issued: 5, alreadyIssued: 0, failed: 0, pending: 0, interrupted: true })
    expectConsistent(out, manifest, lines(2, 6))
  })

  it('rows that failed before the abort stay failures, not pending', async () => {
    const out = outDir()
    const stop = new AbortController()
    const bad = roster(5, { 3: 'Out Of Range,range@example.org,9.9' })
    const manifest = await issueBatch(
      options(out, { roster: bad, keyPair: undefined, signer: abortingSigner(stop, 2), signal: stop.signal }),
    )
    // Line 2 signed, line 3 failed to build, line 4 signed (the abort), lines 5 and 6 left.
    expect(manifest.problems).toEqual([
      expect.objectContaining({ line: 3, code: 'ERR_INVALID_INPUT', path: 'assessment.grade.value' }),
    ])
    expect(manifest.credentials.map((c) => c.line)).toEqual([2, 4])
    expect(manifest.pending.map((p) => p.line)).toEqual([5, 6])
    expectConsistent(out, manifest, lines(2, 6))
  })
})

describe('issueBatch on worker threads stopped by its signal', () => {
  it('aborted while the last chunk is on the pool: every row sent to the threads is finished', async () => {
    const out = outDir()
    const stop = new AbortController()
    // 130 rows: chunk one is lines 2-129, chunk two (the last) lines 130-131. Chunk two is reserved and sent to the
    // threads before chunk one's files are written, so it is on the pool when line 129, the last of chunk one, is done.
    const manifest = await issueBatch(
      options(out, {
        roster: roster(130),
        workers: 2,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.line === 129) stop.abort()
        },
      }),
    )
    expect(manifest.summary).toEqual({
      rows: 130,
      issued: 130,
      alreadyIssued: 0,
      failed: 0,
      pending: 0,
      interrupted: true,
    })
    expectConsistent(out, manifest, lines(2, 131))
  })

  it('aborted while the last chunk is being reserved: the row being reserved is finished, the rest of that chunk is left', async () => {
    const out = outDir()
    const stop = new AbortController()
    let allocations = 0
    // The 129th status entry is line 130's, the first row of the last chunk.
    class AbortingStore extends MemoryStatusListStore {
      override async allocate(id: string): Promise<number> {
        if (++allocations === 129) stop.abort()
        return super.allocate(id)
      }
    }
    const status = await createStatusList({
      id: 'https://uni.example/status/interrupt',
      purpose: 'revocation',
      store: new AbortingStore(),
    })
    const manifest = await issueBatch(options(out, { roster: roster(131), workers: 2, status, signal: stop.signal }))
    expect(manifest.summary).toEqual({
      rows: 131,
      issued: 129,
      alreadyIssued: 0,
      failed: 0,
      pending: 2,
      interrupted: true,
    })
    expect(manifest.pending).toEqual([
      { line: 131, name: 'Learner 130' },
      { line: 132, name: 'Learner 131' },
    ])
    expect(allocations).toBe(129)
    expectConsistent(out, manifest, lines(2, 132))
    await expectResumed(out, manifest, { roster: roster(131), workers: 2, status })
    expect(allocations).toBe(131)
  })
})

describe('issueBatch warnings', () => {
  it('issues a row without a name and lists it in warnings (ERR_LEARNER_NAME_MISSING), again on a resumed run; a failed row gets none', async () => {
    const out = outDir()
    const csv =
      'name,email,grade\nAda Lovelace,ada@example.org,1.3\n,anonymous@example.org,2.0\n,failing@example.org,9.9\n'
    const manifest = await issueBatch(options(out, { roster: csv }))
    expect(manifest.credentials.map((c) => [c.line, c.name, c.credential])).toEqual([
      [2, 'Ada Lovelace', 'credentials/0002-ada-lovelace.json'],
      [3, undefined, 'credentials/0003-learner.json'],
    ])
    expect(manifest.warnings).toEqual([
      {
        line: 3,
        code: 'ERR_LEARNER_NAME_MISSING',
        column: 'name',
        message: expect.stringMatching(/^the name cell is empty: the credential was issued without the learner's name/),
      },
    ])
    expect(manifest.problems.map((p) => p.line)).toEqual([4])
    const credential = JSON.parse(readFileSync(join(out, manifest.credentials[1]!.credential), 'utf8'))
    expect(credential.credentialSubject.identifier.map((i: { identityType: string }) => i.identityType)).toEqual([
      'emailAddress',
    ])
    expect((await verify(credential)).verified).toBe(true)

    const resumed = await issueBatch(options(out, { roster: csv }))
    expect(resumed.summary).toMatchObject({ issued: 0, alreadyIssued: 2 })
    expect(resumed.warnings).toEqual(manifest.warnings)
  })

  it('a roster without a name column: every issued row is warned about, saying the column is missing', async () => {
    const manifest = await issueBatch(
      options(outDir(), { roster: 'email,grade\nada@example.org,1.3\ngrace@example.org,2.0\n' }),
    )
    expect(manifest.summary).toMatchObject({ issued: 2, failed: 0 })
    expect(manifest.warnings.map((w) => [w.line, w.code, w.column])).toEqual([
      [2, 'ERR_LEARNER_NAME_MISSING', 'name'],
      [3, 'ERR_LEARNER_NAME_MISSING', 'name'],
    ])
    expect(manifest.warnings[0]!.message).toMatch(/^the roster has no name column: /)
  })

  it('rows with names: no warnings', async () => {
    expect((await issueBatch(options(outDir()))).warnings).toEqual([])
  })
})
