/**
 * issueBatch() on worker threads: a roster big enough is signed in chunks on one pool of threads, with the same
 * manifest, files, problems and journal as on the calling thread; `workers: 1`, a signer or a small batch start
 * no thread at all (counted through Node's own `process.on('worker')`).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSigner, generateKeyPair, issue, verify, type Ed25519KeyPair } from '../../../src/index.js'
import { extractFromPng } from '../../../src/entries/bake.js'
import {
  issueBatch,
  type BatchManifest,
  type BatchProgress,
  type BatchTemplate,
  type IssueBatchOptions,
} from '../../../src/entries/batch.js'
import { courseTemplate, numberedRoster, scratchFolders } from '../../helpers/batch.js'
import { ROOT } from '../../helpers/files.js'

const BADGE = readFileSync(join(ROOT, 'assets', 'badge.png'))
const NOW = new Date('2025-07-01T09:00:00Z')
/** Over the 1 MiB cap of a credential: the builder accepts the row, signing (on a worker thread) refuses it. */
const HUGE_NAME = 'A'.repeat(1_100_000)

let keyPair: Ed25519KeyPair
const folders = scratchFolders('microcred-batch-workers-')
const outDir = folders.make
const template = (): BatchTemplate => courseTemplate(keyPair.controller)
const roster = numberedRoster
let threadsStarted = 0
const countThread = (): void => {
  threadsStarted++
}

beforeAll(async () => {
  keyPair = await generateKeyPair()
})

beforeEach(() => {
  threadsStarted = 0
  process.on('worker', countThread)
})

afterEach(() => {
  process.off('worker', countThread)
  folders.removeAll()
})

// 150 rows: two chunks of the pool (128 rows each). Line 21 (first chunk) and line 141 (second) fail only when signed; line 41
// fails to build; line 101 repeats line 6's learner.
const MIXED = roster(150, {
  21: `"${HUGE_NAME}",huge1@example.org,2.0`,
  41: 'Out Of Range,range@example.org,9.9',
  101: 'Learner Five Again,learner5@example.org,1.0',
  141: `"${HUGE_NAME}",huge2@example.org,2.0`,
})

const options = (out: string, more: Partial<IssueBatchOptions> = {}): IssueBatchOptions => ({
  roster: MIXED,
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

/** What a manifest says apart from the random credential ids. */
const shape = (manifest: BatchManifest): unknown => ({
  ...manifest,
  achievementId: typeof manifest.achievementId,
  credentials: manifest.credentials.map(({ credentialId: _id, ...entry }) => entry),
})

describe('issueBatch on worker threads', () => {
  it('signs a big roster on one pool: the manifest, problems and progress of the calling thread, verifying credentials', async () => {
    const out = outDir()
    const progress: BatchProgress[] = []
    const before = new Date(Math.floor(Date.now() / 1000) * 1000)
    const manifest = await issueBatch(options(out, { workers: 2, onProgress: (p) => progress.push(p) }))
    const after = new Date()
    // One pool for the whole run, not one per chunk.
    expect(threadsStarted).toBe(2)

    expect(manifest.summary).toEqual({
      rows: 150,
      issued: 146,
      alreadyIssued: 0,
      failed: 4,
      pending: 0,
      interrupted: false,
    })
    expect(manifest.problems).toEqual([
      { line: 21, code: 'ERR_INPUT_TOO_LARGE', message: expect.stringContaining('over the 1048576-byte cap') },
      {
        line: 41,
        code: 'ERR_INVALID_INPUT',
        path: 'assessment.grade.value',
        message: expect.stringContaining("outside the scheme's range"),
      },
      {
        line: 101,
        code: 'ERR_INVALID_INPUT',
        message: 'the same learner as line 6 (same email); each learner gets one credential',
      },
      { line: 141, code: 'ERR_INPUT_TOO_LARGE', message: expect.stringContaining('over the 1048576-byte cap') },
    ])
    const issuedLines = Array.from({ length: 150 }, (_, i) => i + 2).filter(
      (line) => ![21, 41, 101, 141].includes(line),
    )
    expect(manifest.credentials.map((c) => c.line)).toEqual(issuedLines)
    expect(new Set(manifest.credentials.map((c) => c.credentialId)).size).toBe(146)
    expect(manifest.credentials[0]).toMatchObject({
      line: 2,
      name: 'Learner 1',
      credential: 'credentials/0002-learner-1.json',
      badge: 'badges/0002-learner-1.png',
    })
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual(manifest)

    // Progress: every row once, in roster order.
    expect(progress.map((p) => p.line)).toEqual(Array.from({ length: 150 }, (_, i) => i + 2))
    expect(progress.map((p) => p.handled)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1))
    expect(progress.filter((p) => p.outcome === 'failed').map((p) => p.line)).toEqual([21, 41, 101, 141])

    // A reservation for every row that built (those failing to sign too), done for every issued one.
    const journal = journalOf(out)
    expect(journal.filter((e) => e.type === 'reserve').map((e) => e.line)).toEqual(
      issuedLines.concat(21, 141).sort((a, b) => a - b),
    )
    expect(journal.filter((e) => e.type === 'done').map((e) => e.line)).toEqual(issuedLines)

    for (const entry of [manifest.credentials[0]!, manifest.credentials[126]!, manifest.credentials[145]!]) {
      const credential = JSON.parse(readFileSync(join(out, entry.credential), 'utf8'))
      expect(credential.id).toBe(entry.credentialId)
      expect((await verify(credential)).verified).toBe(true)
      const created = new Date(credential.proof[0].created)
      expect(created >= before && created <= after).toBe(true)
      // The proof a worker made is the one issue() makes on this thread with the same `created`.
      const { proof: _proof, ...unsigned } = credential
      expect(await issue(unsigned, { keyPair, created: credential.proof[0].created })).toEqual(credential)
      const badge = readFileSync(join(out, entry.badge!))
      expect(extractFromPng(badge)).toMatchObject({ version: 'ob3', format: 'ldp', credential })
    }
  })

  it('workers: 1 signs the same roster on the calling thread: no thread, the same manifest', async () => {
    const pooled = await issueBatch(options(outDir(), { workers: 2 }))
    expect(threadsStarted).toBe(2)
    threadsStarted = 0
    const out = outDir()
    const sequential = await issueBatch(options(out, { workers: 1 }))
    expect(threadsStarted).toBe(0)
    expect(shape(sequential)).toEqual(shape(pooled))
    // The row failing to sign on a worker is reported exactly as when it fails here.
    expect(sequential.problems).toEqual(pooled.problems)
    expect(
      (await verify(JSON.parse(readFileSync(join(out, sequential.credentials[70]!.credential), 'utf8')))).verified,
    ).toBe(true)
  })

  it('a signer (which cannot cross to a thread) and a roster under 128 rows are signed on the calling thread', async () => {
    const signed = await issueBatch(
      options(outDir(), {
        roster: roster(130),
        keyPair: undefined,
        signer: createSigner(keyPair),
        workers: 2,
        image: undefined,
      }),
    )
    expect(signed.summary).toMatchObject({ issued: 130, failed: 0 })
    const small = await issueBatch(options(outDir(), { roster: roster(127), workers: 2, image: undefined }))
    expect(small.summary).toMatchObject({ issued: 127, failed: 0 })
    expect(threadsStarted).toBe(0)
  })

  it('counts the rows left: a resumed run with few rows left stays on the calling thread', async () => {
    const out = outDir()
    const stop = new AbortController()
    const first = await issueBatch(
      options(out, {
        roster: roster(150),
        workers: 1,
        image: undefined,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.handled === 30) stop.abort()
        },
      }),
    )
    expect(first.summary).toMatchObject({ issued: 30, interrupted: true })
    const second = await issueBatch(options(out, { roster: roster(150), workers: 2, image: undefined }))
    expect(second.summary).toMatchObject({ issued: 120, alreadyIssued: 30, interrupted: false })
    expect(threadsStarted).toBe(0)
  })

  it('stopped by its signal, it finishes the chunks already on the pool and starts none; the next run issues the rest, each row once', async () => {
    const out = outDir()
    const stop = new AbortController()
    const seen: number[] = []
    // 300 rows: chunks of lines 2-129, 130-257 and 258-301. Chunk two is on the pool while chunk one's files are
    // written, where the run is stopped; chunk three is never started.
    const first = await issueBatch(
      options(out, {
        roster: roster(300),
        workers: 2,
        signal: stop.signal,
        onProgress: (p) => {
          seen.push(p.line)
          if (p.handled === 20) stop.abort()
        },
      }),
    )
    expect(threadsStarted).toBe(2)
    expect(seen).toEqual(Array.from({ length: 256 }, (_, i) => i + 2))
    expect(first.summary).toEqual({
      rows: 300,
      issued: 256,
      alreadyIssued: 0,
      failed: 0,
      pending: 44,
      interrupted: true,
    })
    expect(first.pending.map((p) => p.line)).toEqual(Array.from({ length: 44 }, (_, i) => i + 258))
    // Every row reserved was finished; no row of chunk three was reserved.
    const journal = journalOf(out)
    expect(journal.filter((e) => e.type === 'reserve').map((e) => e.line)).toEqual(seen)
    expect(journal.filter((e) => e.type === 'done').map((e) => e.line)).toEqual(seen)

    const second = await issueBatch(options(out, { roster: roster(300), workers: 2 }))
    expect(second.summary).toMatchObject({ issued: 44, alreadyIssued: 256, failed: 0, pending: 0, interrupted: false })
    const reservations = journalOf(out).filter((e) => e.type === 'reserve')
    expect(reservations).toHaveLength(300)
    expect(new Set(reservations.map((r) => r.line)).size).toBe(300)
    expect(second.credentials.slice(0, 256)).toEqual(first.credentials)
    expect(new Set(second.credentials.map((c) => c.credentialId)).size).toBe(300)
  })

  it('format jwt on the pool: VC-JWT files that verify', async () => {
    const out = outDir()
    const manifest = await issueBatch(options(out, { roster: roster(130), proof: 'vc-jwt', workers: 2 }))
    expect(threadsStarted).toBe(2)
    expect(manifest.summary).toMatchObject({ issued: 130, failed: 0 })
    const entry = manifest.credentials[129]!
    expect(entry.credential).toBe('credentials/0131-learner-130.jwt')
    const jwt = readFileSync(join(out, entry.credential), 'utf8')
    expect(await verify(jwt)).toMatchObject({ verified: true, format: 'jwt' })
    expect(extractFromPng(readFileSync(join(out, entry.badge!)))).toMatchObject({ version: 'ob3', format: 'jwt', jwt })
  })

  it('refuses workers that are not a whole number of at least 1', async () => {
    for (const workers of [0, -1, 1.5, Number.NaN]) {
      await expect(issueBatch(options(outDir(), { workers }))).rejects.toThrow(TypeError)
    }
  })
})
