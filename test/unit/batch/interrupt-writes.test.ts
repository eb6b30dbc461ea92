/**
 * issueBatch() stopped while it writes: in the middle of a row's files, and while the manifest is written. The
 * moment is reached by wrapping the batch's file writes (writeFileAtomic) in this file only, never by timing.
 */
import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { generateKeyPair, type Ed25519KeyPair } from '../../../src/index.js'
import { issueBatch, type BatchTemplate, type IssueBatchOptions } from '../../../src/entries/batch.js'
import { courseTemplate, scratchFolders } from '../../helpers/batch.js'
import { ROOT } from '../../helpers/files.js'

/** Called with each path the batch writes, before the write; set by a test. */
const hook = vi.hoisted(() => ({ beforeWrite: (_path: string): void => undefined }))

vi.mock('../../../src/util/fs.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/util/fs.js')>()
  return {
    ...original,
    writeFileAtomic: async (...args: Parameters<typeof original.writeFileAtomic>): Promise<void> => {
      hook.beforeWrite(args[0])
      return original.writeFileAtomic(...args)
    },
  }
})

const BADGE = readFileSync(join(ROOT, 'assets', 'badge.png'))
let keyPair: Ed25519KeyPair
const folders = scratchFolders('microcred-batch-writes-')
const outDir = folders.make
const template = (): BatchTemplate => courseTemplate(keyPair.controller, { graded: false })

beforeAll(async () => {
  keyPair = await generateKeyPair()
})

afterEach(() => {
  hook.beforeWrite = () => undefined
  folders.removeAll()
})

const ROSTER =
  'name,email\nAda Lovelace,ada@example.org\nGrace Hopper,grace@example.org\nAlan Turing,alan@example.org\n'
const options = (out: string, more: Partial<IssueBatchOptions> = {}): IssueBatchOptions => ({
  roster: ROSTER,
  template: template(),
  keyPair,
  outDir: out,
  image: { type: 'png', bytes: BADGE },
  workers: 1,
  ...more,
})
const journalOf = (out: string): Record<string, any>[] =>
  readFileSync(join(out, 'batch-journal.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))

describe('issueBatch stopped while it writes', () => {
  it("between a row's credential file and its badge: the badge and the journal entry are still written, the next row is not started", async () => {
    const out = outDir()
    const stop = new AbortController()
    hook.beforeWrite = (path) => {
      if (basename(path).startsWith('0003-grace-hopper.json')) stop.abort()
    }
    const manifest = await issueBatch(options(out, { signal: stop.signal }))
    expect(manifest.summary).toEqual({ rows: 3, issued: 2, alreadyIssued: 0, failed: 0, pending: 1, interrupted: true })
    expect(existsSync(join(out, 'credentials', '0003-grace-hopper.json'))).toBe(true)
    expect(existsSync(join(out, 'badges', '0003-grace-hopper.png'))).toBe(true)
    expect(
      journalOf(out)
        .filter((e) => e.type === 'done')
        .map((e) => e.line),
    ).toEqual([2, 3])
    expect(
      journalOf(out)
        .filter((e) => e.type === 'reserve')
        .map((e) => e.line),
    ).toEqual([2, 3])
    expect(manifest.pending).toEqual([{ line: 4, name: 'Alan Turing' }])
  })

  it('while the manifest is written: the manifest on disk says interrupted, as the result does', async () => {
    const out = outDir()
    const stop = new AbortController()
    let manifestWrites = 0
    hook.beforeWrite = (path) => {
      if (basename(path) !== 'manifest.json') return
      manifestWrites++
      stop.abort()
    }
    const manifest = await issueBatch(options(out, { signal: stop.signal }))
    expect(manifest.summary).toEqual({ rows: 3, issued: 3, alreadyIssued: 0, failed: 0, pending: 0, interrupted: true })
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual(manifest)
    // Written once as the run saw it, then again once the abort was seen.
    expect(manifestWrites).toBe(2)
  })
})
