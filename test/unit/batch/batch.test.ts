/**
 * issueBatch(): roster + template → one credential and one badge per learner, a manifest, bad rows reported by
 * line, and resuming without ever giving a row a second credential.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  createSigner,
  generateKeyPair,
  readMicroCredential,
  verify,
  type Ed25519KeyPair,
  type Signer,
} from '../../../src/index.js'
import { extractFromPng } from '../../../src/entries/bake.js'
import { issueBatch, type BatchTemplate, type IssueBatchOptions } from '../../../src/entries/batch.js'
import { createStatusList, publishStatusList, setStatus } from '../../../src/entries/status.js'
import { fullInput } from '../../fixtures/inputs.js'
import { serveDocuments } from '../../helpers/fetch.js'
import { ROOT } from '../../helpers/files.js'

const GERMAN_SCALE = {
  name: 'German university grades',
  resultType: 'GradePointAverage',
  min: '1.0',
  max: '5.0',
  passing: '4.0',
} as const
const BADGE = readFileSync(join(ROOT, 'assets', 'badge.png'))
const NOW = new Date('2025-07-01T09:00:00Z')

let keyPair: Ed25519KeyPair
const folders: string[] = []

beforeAll(async () => {
  keyPair = await generateKeyPair()
})

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function outDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'microcred-batch-'))
  folders.push(folder)
  return folder
}

function template(overrides: Partial<BatchTemplate> = {}): BatchTemplate {
  const { learner: _learner, id: _id, issued: _issued, validUntil: _until, issuer, assessment, ...rest } = fullInput()
  const { grade: _grade, ...assessmentRest } = assessment
  return {
    ...rest,
    issuer: { ...issuer, id: keyPair.controller },
    assessment: { ...assessmentRest, grade: { scheme: GERMAN_SCALE } },
    ...overrides,
  }
}

const ROSTER = [
  'name,email,grade,awarded',
  'Ada Lovelace,ada@example.org,1.3,',
  'Grace Hopper,grace@example.org,2.0,2025-13-45',
  'Alan Turing,alan@example.org,1.0,',
  ',,2.0,',
  'Émile Noël,emile@example.org,2.3,',
  'Kurt Gödel,kurt@example.org,,',
  '',
].join('\n')

const options = (out: string, more: Partial<IssueBatchOptions> = {}): IssueBatchOptions => ({
  roster: ROSTER,
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

describe('issueBatch', () => {
  it('issues one verifiable credential and one baked badge per good row, lists bad rows by line, writes the manifest', async () => {
    const out = outDir()
    const manifest = await issueBatch(options(out))

    expect(manifest.summary).toEqual({
      rows: 6,
      issued: 3,
      alreadyIssued: 0,
      failed: 3,
      pending: 0,
      interrupted: false,
    })
    expect([manifest.warnings, manifest.pending]).toEqual([[], []])
    expect(manifest.credentials.map((c) => [c.line, c.name, c.credential, c.badge])).toEqual([
      [2, 'Ada Lovelace', 'credentials/0002-ada-lovelace.json', 'badges/0002-ada-lovelace.png'],
      [4, 'Alan Turing', 'credentials/0004-alan-turing.json', 'badges/0004-alan-turing.png'],
      [6, 'Émile Noël', 'credentials/0006-emile-noel.json', 'badges/0006-emile-noel.png'],
    ])
    // Grace's award date is no date: the builder says so, at its field; line 5 names nobody; Kurt has no grade
    // although the course is graded.
    expect(manifest.problems).toEqual([
      expect.objectContaining({ line: 3, code: 'ERR_INVALID_INPUT', path: 'awarded' }),
      { line: 5, code: 'ERR_INVALID_INPUT', message: expect.stringContaining('names no learner') },
      { line: 7, code: 'ERR_INVALID_INPUT', path: 'grade', message: expect.stringContaining('no grade') },
    ])
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual(manifest)

    for (const entry of manifest.credentials) {
      const credential = JSON.parse(readFileSync(join(out, entry.credential), 'utf8'))
      expect(credential.id).toBe(entry.credentialId)
      expect((await verify(credential)).verified).toBe(true)
      const badge = readFileSync(join(out, entry.badge!))
      expect(extractFromPng(badge)).toMatchObject({ version: 'ob3', format: 'ldp', credential })
      expect((await verify(badge)).verified).toBe(true)
    }
    const records = manifest.credentials.map((c) =>
      readMicroCredential(JSON.parse(readFileSync(join(out, c.credential), 'utf8'))),
    )
    // One course: every credential is about the same achievement, issued at the batch's time.
    expect(new Set(records.map((r) => r.achievementId)).size).toBe(1)
    expect(records.map((r) => r.issued)).toEqual([
      '2025-07-01T09:00:00Z',
      '2025-07-01T09:00:00Z',
      '2025-07-01T09:00:00Z',
    ])
    // The row's grade, with the template's scheme.
    expect(records.map((r) => r.assessment.grade?.value)).toEqual(['1.3', '1.0', '2.3'])
    expect(records[0]!.assessment.grade?.scheme).toMatchObject(GERMAN_SCALE)
    expect(new Set(manifest.credentials.map((c) => c.credentialId)).size).toBe(3)
  })

  it('running again on a finished folder issues nothing and keeps every file as it was', async () => {
    const out = outDir()
    const first = await issueBatch(options(out))
    const before = readdirSync(join(out, 'credentials')).map((f) => readFileSync(join(out, 'credentials', f), 'utf8'))
    const second = await issueBatch(options(out))
    expect(second.summary).toMatchObject({ issued: 0, alreadyIssued: 3, failed: 3 })
    expect(second.credentials).toEqual(first.credentials)
    expect(readdirSync(join(out, 'credentials')).map((f) => readFileSync(join(out, 'credentials', f), 'utf8'))).toEqual(
      before,
    )
    expect(journalOf(out).filter((e) => e.type === 'reserve')).toHaveLength(3)
  })

  it('stopped by its signal, it resumes where it stopped: every row once, earlier credentials untouched', async () => {
    const out = outDir()
    const stop = new AbortController()
    const seen: number[] = []
    const first = await issueBatch(
      options(out, {
        signal: stop.signal,
        onProgress: (p) => {
          seen.push(p.line)
          if (p.handled === 2) stop.abort()
        },
      }),
    )
    expect(first.summary).toMatchObject({ issued: 1, failed: 2, pending: 3, interrupted: true }) // line 3, and line 5 (found unusable when the roster was read)
    expect(seen).toEqual([2, 3])
    // Line 7 (no grade) would fail, but it was never started.
    expect(first.pending).toEqual([
      { line: 4, name: 'Alan Turing' },
      { line: 6, name: 'Émile Noël' },
      { line: 7, name: 'Kurt Gödel' },
    ])
    const ada = readFileSync(join(out, first.credentials[0]!.credential), 'utf8')

    const second = await issueBatch(options(out))
    expect(second.summary).toMatchObject({ issued: 2, alreadyIssued: 1, interrupted: false })
    expect(readFileSync(join(out, second.credentials[0]!.credential), 'utf8')).toBe(ada)
    expect(
      journalOf(out)
        .filter((e) => e.type === 'reserve')
        .map((e) => e.line),
    ).toEqual([2, 4, 6])
  })

  it('a row reserved but not finished (the signer failed) is finished later with the same credential id and salt', async () => {
    const out = outDir()
    const real = createSigner(keyPair)
    let calls = 0
    const flaky: Signer = {
      ...real,
      sign: async (data) => {
        calls++
        if (calls === 2) throw new Error('KMS unavailable')
        return real.sign(data)
      },
    }
    const first = await issueBatch(options(out, { keyPair: undefined, signer: flaky }))
    expect(first.problems).toContainEqual(expect.objectContaining({ line: 4, code: 'ERR_SIGNING_FAILED' }))
    const reservation = journalOf(out).find((e) => e.type === 'reserve' && e.line === 4)!
    expect(existsSync(join(out, 'credentials', '0004-alan-turing.json'))).toBe(false)

    const second = await issueBatch(options(out, { keyPair: undefined, signer: real }))
    expect(second.summary).toMatchObject({ issued: 1, alreadyIssued: 2 })
    const alan = JSON.parse(readFileSync(join(out, 'credentials', '0004-alan-turing.json'), 'utf8'))
    expect(alan.id).toBe(reservation.credentialId)
    expect(
      alan.credentialSubject.identifier.find((i: { identityType: string }) => i.identityType === 'emailAddress').salt,
    ).toBe(reservation.salt)
    expect(journalOf(out).filter((e) => e.type === 'reserve' && e.line === 4)).toHaveLength(1)
  })

  it('a credential file lost after its row was journalled done is written again, the same credential', async () => {
    const out = outDir()
    const first = await issueBatch(options(out))
    const ada = first.credentials[0]!
    rmSync(join(out, ada.credential))
    writeFileSync(join(out, first.credentials[1]!.credential), '')
    const second = await issueBatch(options(out))
    expect(second.summary).toMatchObject({ issued: 2, alreadyIssued: 1 })
    expect(JSON.parse(readFileSync(join(out, ada.credential), 'utf8')).id).toBe(ada.credentialId)
  })

  it('refuses to resume another batch in the same folder (roster, template, key, format, proof, image, status list)', async () => {
    const out = outDir()
    // Two keys of one did:web issuer, so that only the key differs.
    const first = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
    const second = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-2' })
    const webTemplate = template({ issuer: { ...template().issuer, id: 'did:web:uni.example' } })
    await issueBatch(options(out, { keyPair: first, template: webTemplate }))
    const changes: [Partial<IssueBatchOptions>, string][] = [
      [{ roster: `${ROSTER}Zoe,zoe@example.org,2.7,\n` }, 'rosterSha256'],
      [{ template: { ...webTemplate, title: 'Another course' } }, 'templateSha256'],
      [{ keyPair: second }, 'keyId'],
      [{ proof: 'vc-jwt' }, 'format'],
      [{ proof: 'Ed25519Signature2020' }, 'proof'],
      [{ image: undefined }, 'imageSha256'],
      [
        { status: await createStatusList({ id: 'https://uni.example/status/late', purpose: 'revocation' }) },
        'statusListId',
      ],
    ]
    for (const [change, field] of changes) {
      const error = await issueBatch(options(out, { keyPair: first, template: webTemplate, ...change })).catch(
        (e: unknown) => e,
      )
      expect(error).toMatchObject({ code: 'ERR_INVALID_INPUT' })
      expect((error as Error).message).toContain(field)
    }
  })

  it('gives each credential its own entry in a status list; revoking one revokes only that one', async () => {
    const out = outDir()
    const list = await createStatusList({ id: 'https://uni.example/status/batch', purpose: 'revocation' })
    const manifest = await issueBatch(options(out, { status: list }))
    const indexes = manifest.credentials.map((c) => c.statusListIndex)
    expect(new Set(indexes).size).toBe(3)
    await setStatus(list, indexes[0]!, true)
    const fetch = serveDocuments({ [list.id]: await publishStatusList(list, { keyPair }) })
    const reports = await Promise.all(
      manifest.credentials.map((c) => verify(readFileSync(join(out, c.badge!)), { fetch })),
    )
    expect(reports.map((r) => r.issues.map((i) => i.code))).toEqual([['ERR_REVOKED'], [], []])
  })

  it("proof 'vc-jwt': .jwt files, badges carrying the JWT, all verifying", async () => {
    const out = outDir()
    const manifest = await issueBatch(options(out, { proof: 'vc-jwt' }))
    expect(manifest.credentials.map((c) => c.credential)).toEqual([
      'credentials/0002-ada-lovelace.jwt',
      'credentials/0004-alan-turing.jwt',
      'credentials/0006-emile-noel.jwt',
    ])
    for (const entry of manifest.credentials) {
      const jwt = readFileSync(join(out, entry.credential), 'utf8')
      expect(extractFromPng(readFileSync(join(out, entry.badge!)))).toMatchObject({
        version: 'ob3',
        format: 'jwt',
        jwt,
      })
      expect(await verify(jwt)).toMatchObject({ verified: true, format: 'jwt' })
    }
  })

  it('takes the issuing options issue() takes: created, and a Data Integrity proof type', async () => {
    const out = outDir()
    const created = '2025-09-01T00:00:00Z'
    const manifest = await issueBatch(options(out, { created, proof: 'Ed25519Signature2020', profile: 'eu' }))
    for (const entry of manifest.credentials) {
      const signed = JSON.parse(readFileSync(join(out, entry.credential), 'utf8')) as { proof: unknown }
      expect(signed.proof).toMatchObject([{ type: 'Ed25519Signature2020', created }])
    }
    await expect(issueBatch(options(outDir(), { created: 'tomorrow' }))).rejects.toThrow(TypeError)
  })

  it('a key that cannot make the proof is refused before anything is written or a status entry spent', async () => {
    const out = outDir()
    const list = await createStatusList({ id: 'https://academy.example/status/9', purpose: 'revocation' })
    const allocate = vi.spyOn(list.store, 'allocate')
    // The Ed25519 key signs EdDSA, not ES256.
    await expect(issueBatch(options(out, { proof: 'vc-jwt', jwtAlgorithm: 'ES256', status: list }))).rejects.toThrow(
      TypeError,
    )
    expect(allocate).not.toHaveBeenCalled()
    expect(readdirSync(out)).toEqual([])
  })

  it('without an image, writes credentials only', async () => {
    const out = outDir()
    const manifest = await issueBatch(options(out, { image: undefined }))
    expect(manifest.credentials.every((c) => c.badge === undefined)).toBe(true)
    expect(existsSync(join(out, 'badges'))).toBe(false)
  })

  it("one folder, one batch at a time: a live process's lock refuses (ERR_LOCKED), a dead one's is taken over", async () => {
    const out = outDir()
    const lock = (pid: number): string => JSON.stringify({ pid, host: hostname(), token: `token-of-${pid}` })
    const sleeper = spawn('sleep', ['30'])
    try {
      writeFileSync(join(out, 'batch.lock'), lock(sleeper.pid!))
      const error = await issueBatch(options(out)).catch((e: unknown) => e)
      expect(error).toMatchObject({
        code: 'ERR_LOCKED',
        message: expect.stringContaining(`locked by process ${sleeper.pid}`),
      })
      expect(existsSync(join(out, 'batch-journal.jsonl'))).toBe(false)
    } finally {
      sleeper.kill()
    }
    writeFileSync(join(out, 'batch.lock'), lock(2 ** 22 + 12345))
    expect((await issueBatch(options(out))).summary.issued).toBe(3)
    expect(existsSync(join(out, 'batch.lock'))).toBe(false)
  })

  it('a lock naming this very process, which it does not hold, is stale (a restarted container reuses process ids)', async () => {
    const out = outDir()
    writeFileSync(
      join(out, 'batch.lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), token: 'left-by-an-earlier-life' }),
    )
    expect((await issueBatch(options(out))).summary.issued).toBe(3)
  })

  it('two runs on one folder at the same time: one issues, the other is refused with ERR_LOCKED', async () => {
    const out = outDir()
    const results = await Promise.allSettled([issueBatch(options(out)), issueBatch(options(out))])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'ERR_LOCKED' } })
    expect(journalOf(out).filter((e) => e.type === 'reserve')).toHaveLength(3)
  })

  it('a torn last journal line (a crash mid-append) is cut off, and every later resume still works', async () => {
    const out = outDir()
    await issueBatch(options(out))
    const journal = join(out, 'batch-journal.jsonl')
    writeFileSync(journal, `${readFileSync(journal, 'utf8')}{"type":"reserve","li`)
    expect((await issueBatch(options(out))).summary.alreadyIssued).toBe(3)
    expect((await issueBatch(options(out))).summary.alreadyIssued).toBe(3)
    expect(readFileSync(journal, 'utf8')).not.toContain('"li{')
  })

  it('refuses a journal damaged elsewhere than its last line', async () => {
    const out = outDir()
    await issueBatch(options(out))
    const journal = join(out, 'batch-journal.jsonl')
    const lines = readFileSync(journal, 'utf8').split('\n')
    lines[1] = '{ not json'
    writeFileSync(journal, lines.join('\n'))
    await expect(issueBatch(options(out))).rejects.toMatchObject({
      code: 'ERR_INVALID_INPUT',
      message: expect.stringContaining('damaged at line 2'),
    })
  })

  it("refuses, before issuing anything, what would fail every row: a damaged image, another issuer's key, a broken template", async () => {
    const list = await createStatusList({
      id: 'https://uni.example/status/untouched',
      purpose: 'revocation',
      length: 16,
    })
    const other = await generateKeyPair()
    const { title: _title, ...untitled } = template()
    const cases: [Partial<IssueBatchOptions>, Record<string, unknown>][] = [
      [{ image: { type: 'png', bytes: BADGE.subarray(0, 300) } }, { code: 'ERR_IMAGE_INVALID' }],
      [
        { image: { type: 'png', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') } },
        { code: 'ERR_IMAGE_INVALID', message: expect.stringContaining('an SVG, not the PNG') },
      ],
      [{ keyPair: other }, { code: 'ERR_ISSUER_KEY_MISMATCH', path: 'issuer.id' }],
      [{ template: untitled as BatchTemplate }, { code: 'ERR_EU_ELEMENT_MISSING', path: 'title' }],
    ]
    for (const [change, expected] of cases) {
      const out = outDir()
      await expect(issueBatch(options(out, { status: list, ...change }))).rejects.toMatchObject(expected)
      expect(existsSync(join(out, 'batch-journal.jsonl'))).toBe(false)
      expect(readdirSync(out)).toEqual([])
    }
    for (let index = 0; index < 16; index++) expect(await list.store.isAllocated(list.id, index)).toBe(false)
  })

  it('a folder where nothing was ever reserved is not bound: a corrected roster starts afresh there', async () => {
    const out = outDir()
    const unusable = await issueBatch(
      options(out, { roster: 'name,email,grade,awarded\nAda Lovelace,ada@example.org,9.9,\n' }),
    )
    expect(unusable.summary).toMatchObject({ issued: 0, failed: 1 })
    expect((await issueBatch(options(out))).summary.issued).toBe(3)
  })

  it('refuses a folder holding credentials whose journal is gone (a new journal would issue them again)', async () => {
    const out = outDir()
    await issueBatch(options(out))
    rmSync(join(out, 'batch-journal.jsonl'))
    await expect(issueBatch(options(out))).rejects.toMatchObject({
      code: 'ERR_INVALID_INPUT',
      message: expect.stringContaining('journal (batch-journal.jsonl) is missing'),
    })
  })

  it('an interrupted resume still lists every credential issued so far in the manifest', async () => {
    const out = outDir()
    await issueBatch(options(out))
    const stop = new AbortController()
    stop.abort()
    const manifest = await issueBatch(options(out, { signal: stop.signal }))
    expect(manifest.summary).toMatchObject({ issued: 0, alreadyIssued: 3 })
    expect(manifest.credentials.map((c) => c.line)).toEqual([2, 4, 6])
    const partial = outDir()
    const first = await issueBatch(options(partial, { signal: stop.signal }))
    expect(first.summary).toMatchObject({ issued: 0, interrupted: true })
    expect(first.credentials).toEqual([])
  })

  it('a learner on two rows (same e-mail, any case; same id) gets one credential; the later row is reported', async () => {
    const out = outDir()
    const roster =
      'name,email,id,grade\nAda Lovelace,ada@example.org,,1.3\nAda L.,ADA@example.org,,1.3\nAlan Turing,,did:example:alan,1.0\nA. Turing,alan@example.org,did:example:alan,1.0\n'
    const manifest = await issueBatch(options(out, { roster }))
    expect(manifest.credentials.map((c) => c.line)).toEqual([2, 4])
    expect(manifest.problems).toEqual([
      {
        line: 3,
        code: 'ERR_INVALID_INPUT',
        message: 'the same learner as line 2 (same email); each learner gets one credential',
      },
      {
        line: 5,
        code: 'ERR_INVALID_INPUT',
        message: 'the same learner as line 4 (same id); each learner gets one credential',
      },
    ])
  })

  it('a resumed run removes the temporary files of writes a killed run left half done, and nothing else', async () => {
    const out = outDir()
    await issueBatch(options(out))
    const leftovers = [
      'credentials/0004-alan-turing.json.4242.k3x9za.tmp',
      'badges/0004-alan-turing.png.4242.a1b2c3.tmp',
      'manifest.json.4242.zz9.tmp',
    ]
    for (const file of leftovers) writeFileSync(join(out, file), '{"torn')
    writeFileSync(join(out, 'notes.txt.1.a.tmp'), 'not ours')
    expect((await issueBatch(options(out))).summary.alreadyIssued).toBe(3)
    for (const file of leftovers) expect(existsSync(join(out, file))).toBe(false)
    expect(existsSync(join(out, 'notes.txt.1.a.tmp'))).toBe(true)
    expect(readdirSync(join(out, 'credentials'))).toHaveLength(3)
  })

  it('refuses a template that names a learner, and options of the wrong type', async () => {
    const out = outDir()
    await expect(
      issueBatch(options(out, { template: { ...template(), learner: { name: 'x' } } as never })),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_INPUT', path: 'learner' })
    await expect(issueBatch(options(out, { keyPair: undefined }))).rejects.toThrow(TypeError)
    await expect(issueBatch(options(out, { format: 'jwt' } as never))).rejects.toThrow(
      "issueBatch(options): options.format was replaced by options.proof ('vc-jwt' for a VC-JWT",
    )
    await expect(issueBatch(options(out, { proof: 'jwt' as never }))).rejects.toThrow(
      "issueBatch(options): options.proof 'jwt' was replaced by 'vc-jwt'",
    )
    await expect(issueBatch(options(out, { image: { type: 'gif', bytes: BADGE } as never }))).rejects.toThrow(TypeError)
    await expect(issueBatch(options(out, { proof: 'RsaSignature2018' as never }))).rejects.toThrow(TypeError)
    await expect(issueBatch(options(out, { jwtAlgorithm: 'EdDSA' }))).rejects.toThrow(
      "options.jwtAlgorithm applies to options.proof 'vc-jwt' only",
    )
  })
})
