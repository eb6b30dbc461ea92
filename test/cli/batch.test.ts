/**
 * `microcred batch` through the built binary: the summary and exit codes, and a 1,000-row batch killed half way
 * (SIGKILL) and run again: the rest is issued, no row twice, nothing already finished touched.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verify } from '../../src/index.js'
import { extractFromPng } from '../../src/entries/bake.js'
import { createStatusList, FileStatusListStore } from '../../src/entries/status.js'
import { acquireLock } from '../../src/util/lock.js'
import { fullInput } from '../fixtures/inputs.js'
import { CLI, runCli, startCli } from '../helpers/cli.js'

let dir: string

/** The course: the full fixture input without learner, ids and dates, and without an issuer id (the CLI uses the key's). */
function template(): Record<string, unknown> {
  const { learner: _learner, id: _id, issued: _issued, validUntil: _until, issuer, assessment, ...rest } = fullInput()
  const { id: _issuerId, ...issuerWithoutId } = issuer
  const scheme = {
    name: 'German university grades',
    resultType: 'GradePointAverage',
    min: '1.0',
    max: '5.0',
    passing: '4.0',
  }
  return { ...rest, issuer: issuerWithoutId, assessment: { ...assessment, grade: { scheme } } }
}

const journal = (out: string): Record<string, any>[] =>
  readFileSync(join(dir, out, 'batch-journal.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{') && line.endsWith('}'))
    .map((line) => JSON.parse(line))

/** A running `microcred` with its output so far, and event-driven waits on it. */
interface Running {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  /** The exit code, once the child has exited and its output is read. */
  exited: Promise<number | null>
  /** The first whole stderr line matching `pattern`, once written; rejects if the child exits without it. */
  stderrLine: (pattern: RegExp) => Promise<string>
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
  })
  let stdout = ''
  let stderr = ''
  let closed = false
  const waiters = new Set<() => void>()
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    for (const check of [...waiters]) check()
  })
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      closed = true
      for (const check of [...waiters]) check()
      resolve(code)
    }),
  )
  const stderrLine = (pattern: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const line = stderr
          .split('\n')
          .slice(0, -1)
          .find((l) => pattern.test(l))
        if (line !== undefined) {
          waiters.delete(check)
          resolve(line)
        } else if (closed) {
          waiters.delete(check)
          reject(new Error(`microcred exited without a stderr line matching ${pattern}; stderr:\n${stderr}`))
        }
      }
      waiters.add(check)
      check()
    })
  return { child, stdout: () => stdout, stderr: () => stderr, exited, stderrLine }
}

/** A status list store folder (under dir) with one list, for --status-store / --status-list. */
async function statusStore(name: string): Promise<{ folder: string; id: string }> {
  const id = `https://uni.example/status/${name}`
  await createStatusList({ id, purpose: 'revocation', store: new FileStatusListStore(join(dir, name)) })
  return { folder: name, id }
}

/**
 * Holds the lock of the store's one list, as another process changing it would (waiting up to `waitMs` for the batch
 * to finish an allocation under way): the batch waits at its next status entry. `waitedOnBy(run)` resolves once the batch is seen trying to take the lock (the file it writes next to the
 * lock at each try), so the test knows which row is in progress without a clock; it rejects if the batch exits first.
 */
async function holdStatusList(
  folder: string,
  waitMs = 0,
): Promise<{ waitedOnBy: (run: Running) => Promise<void>; release: () => Promise<void> }> {
  const [list] = readdirSync(join(dir, folder)).filter((name) => name.endsWith('.json'))
  const release = await acquireLock(join(dir, folder, `${list}.lock`), {
    waitMs,
    what: 'the status list (held by the test)',
  })
  const watcher = watch(join(dir, folder))
  const tried = new Promise<void>((resolve) => {
    watcher.on('change', (_event, name) => {
      if (typeof name === 'string' && name.startsWith(`${list}.lock.`)) resolve()
    })
  })
  return {
    waitedOnBy: (run) =>
      new Promise<void>((resolve, reject) => {
        void tried.then(resolve)
        void run.exited.then((code) => {
          reject(new Error(`microcred exited (${code}) before it waited for the status list; stderr:\n${run.stderr()}`))
        })
      }),
    release: async () => {
      watcher.close()
      await release()
    },
  }
}

/**
 * Ctrl-C while the batch waits at the status list held by the test: once the batch is seen waiting (and `before`, if
 * given, has resolved), SIGINT, the stop acknowledged on stderr, then the list released so the row in progress finishes.
 */
async function interruptWhileHeld(
  held: Awaited<ReturnType<typeof holdStatusList>>,
  run: Running,
  before?: () => Promise<unknown>,
): Promise<void> {
  try {
    await held.waitedOnBy(run)
    await before?.()
    run.child.kill('SIGINT')
    await run.stderrLine(/^microcred: stopping: /)
  } finally {
    await held.release()
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-batch-cli-'))
  writeFileSync(join(dir, 'course.json'), JSON.stringify(template(), null, 2))
  expect(runCli(['keygen', '--out', 'key.json'], { cwd: dir }).code).toBe(0)
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('microcred batch', () => {
  it('reports each bad row by line, issues the others, prints a summary and exits 1; plain progress lines off a terminal', () => {
    writeFileSync(
      join(dir, 'small.csv'),
      'name,email,grade\nAda Lovelace,ada@example.org,1.3\nNo Grade,nograde@example.org,11\nGrace Hopper,grace@example.org,1.7\n',
    )
    const result = runCli(
      ['batch', '--roster', 'small.csv', '--template', 'course.json', '--key', 'key.json', '--out', 'small'],
      { cwd: dir },
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('2 issued, 1 failed, of 3 rows')
    expect(result.stdout).toMatch(
      /\n {2}line 3: ERR_INVALID_INPUT at assessment\.grade\.value: .*outside the scheme's range/,
    )
    expect(result.stderr.trim().split('\n')).toEqual([
      'line 2: issued (1/3)',
      'line 3: failed (2/3)',
      'line 4: issued (3/3)',
    ])

    const manifest = JSON.parse(readFileSync(join(dir, 'small', 'manifest.json'), 'utf8'))
    expect(manifest.issuer).toBe(JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')).controller)
    expect(readdirSync(join(dir, 'small', 'badges')).sort()).toEqual(['0002-ada-lovelace.png', '0004-grace-hopper.png'])
  })

  it('on a terminal, shows a progress bar instead of a line per row', () => {
    writeFileSync(
      join(dir, 'tty.csv'),
      'name,email,grade\nAda Lovelace,ada@example.org,1.3\nGrace Hopper,grace@example.org,1.7\n',
    )
    // util-linux `script` runs the command on a pseudo-terminal, as a person at a shell would.
    const command = [
      process.execPath,
      CLI,
      'batch',
      '--roster',
      'tty.csv',
      '--template',
      'course.json',
      '--key',
      'key.json',
      '--out',
      'tty',
    ]
      .map((a) => `'${a}'`)
      .join(' ')
    const output = execFileSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8' })
    expect(output).toMatch(/issuing \[[^\]]*\] 2\/2 rows \| 0 failed/)
    expect(output).not.toContain('line 2: issued')
    expect(output).toContain('2 issued, 0 failed, of 2 rows')
  })

  it('exits 0 when every row is issued, and 2 for unusable input (one line, no stack trace)', () => {
    writeFileSync(join(dir, 'good.csv'), 'name,email,grade\nAda Lovelace,ada@example.org,1.3\n')
    expect(
      runCli(
        [
          'batch',
          '--roster',
          'good.csv',
          '--template',
          'course.json',
          '--key',
          'key.json',
          '--out',
          'good',
          '--no-image',
        ],
        { cwd: dir },
      ).code,
    ).toBe(0)
    writeFileSync(join(dir, 'typo.csv'), 'name,emial\nAda,ada@example.org\n')
    const typo = runCli(
      ['batch', '--roster', 'typo.csv', '--template', 'course.json', '--key', 'key.json', '--out', 'typo'],
      { cwd: dir },
    )
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(/^microcred: ERR_INVALID_INPUT: the roster has unknown columns "emial"/)
    expect(typo.stderr.trim().split('\n')).toHaveLength(1)
    // The advice names the flag, not the library option.
    expect(typo.stderr).toContain('leave others out with --ignore-columns)')
    expect(typo.stderr).not.toContain('ignoreColumns')
    const missing = runCli(
      ['batch', '--roster', 'none.csv', '--template', 'course.json', '--key', 'key.json', '--out', 'x'],
      { cwd: dir },
    )
    expect(missing).toMatchObject({ code: 2, stderr: 'microcred: none.csv: no such file\n' })
  })

  it('refuses, before issuing anything, a roster that is not UTF-8, a damaged image, a bad --proof (exit 2)', () => {
    writeFileSync(
      join(dir, 'cp1252.csv'),
      Buffer.concat([
        Buffer.from('name,email,grade\nKurt G'),
        Buffer.from([0xf6]),
        Buffer.from('del,kurt@example.org,1.0\n'),
      ]),
    )
    const base = ['batch', '--template', 'course.json', '--key', 'key.json']
    const latin = runCli([...base, '--roster', 'cp1252.csv', '--out', 'cp1252'], { cwd: dir })
    expect(latin).toMatchObject({
      code: 2,
      stderr: 'microcred: cp1252.csv: not UTF-8 text; save it as UTF-8 (in a spreadsheet: "CSV UTF-8")\n',
    })
    writeFileSync(join(dir, 'fine.csv'), 'name,email,grade\nAda Lovelace,ada@example.org,1.3\n')
    writeFileSync(join(dir, 'page.svg'), '<html><body>not a badge</body></html>')
    const image = runCli([...base, '--roster', 'fine.csv', '--out', 'bad-image', '--image', 'page.svg'], { cwd: dir })
    expect(image.code).toBe(2)
    expect(image.stderr).toMatch(/^microcred: ERR_IMAGE_INVALID/)
    expect(readdirSync(join(dir)).includes('bad-image')).toBe(false)
    expect(
      runCli([...base, '--roster', 'fine.csv', '--out', 'p', '--proof', 'RsaSignature2018'], { cwd: dir }).stderr,
    ).toContain('--proof must be eddsa-rdfc-2022, Ed25519Signature2020, vc-jwt')
    const format = runCli([...base, '--roster', 'fine.csv', '--out', 'p', '--format', 'jwt'], { cwd: dir })
    expect(format.code).toBe(2)
    expect(format.stderr).toContain('--format was replaced by --proof: --proof vc-jwt for a VC-JWT')
    expect(readdirSync(join(dir)).includes('p')).toBe(false)
  })

  it('--workers 2 signs a 130-row roster on two threads, --workers 1 on none, with the same summary; a bad --workers is exit 2', () => {
    const rows = Array.from({ length: 130 }, (_, i) => `Learner ${i + 1},learner${i + 1}@example.org,2.0`)
    writeFileSync(join(dir, 'roster130.csv'), `name,email,grade\n${rows.join('\n')}\n`)
    // Node announces every thread it starts on process 'worker'; the hook says so on stderr.
    writeFileSync(join(dir, 'threads.mjs'), "process.on('worker', () => process.stderr.write('thread started\\n'))\n")
    const env = { NODE_OPTIONS: `--import=${join(dir, 'threads.mjs')}` }
    const base = ['batch', '--roster', 'roster130.csv', '--template', 'course.json', '--key', 'key.json', '--no-image']
    const threads = (result: { stderr: string }): number =>
      result.stderr.split('\n').filter((line) => line === 'thread started').length
    const pooled = runCli([...base, '--out', 'roster130-pooled', '--workers', '2'], { cwd: dir, env })
    const sequential = runCli([...base, '--out', 'roster130-sequential', '--workers', '1'], { cwd: dir, env })
    expect([pooled.code, threads(pooled)]).toEqual([0, 2])
    expect([sequential.code, threads(sequential)]).toEqual([0, 0])
    expect(pooled.stdout).toContain('130 issued, 0 failed, of 130 rows')
    expect(sequential.stdout).toContain('130 issued, 0 failed, of 130 rows')
    expect(readdirSync(join(dir, 'roster130-pooled', 'credentials'))).toEqual(
      readdirSync(join(dir, 'roster130-sequential', 'credentials')),
    )

    for (const workers of ['0', 'two', '1.5', '-1']) {
      const bad = runCli([...base, '--out', 'roster130-bad', '--workers', workers], { cwd: dir })
      expect(bad).toMatchObject({
        code: 2,
        stderr: `microcred: --workers must be a positive whole number, not "${workers}"\n`,
      })
    }
    expect(readdirSync(dir).includes('roster130-bad')).toBe(false)
    expect(runCli(['batch', '--help'], { cwd: dir }).stdout).toMatch(/--workers <n> +threads to sign on/)
  })

  it('Ctrl-C (SIGINT) after some rows: the rows in progress are finished, none is started, exit 130; running again issues exactly the rest', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `Learner ${i + 1},learner${i + 1}@example.org,2.0`)
    writeFileSync(join(dir, 'sigint.csv'), `name,email,grade\n${rows.join('\n')}\n`)
    const store = await statusStore('sigint-status')
    const args = [
      'batch',
      '--roster',
      'sigint.csv',
      '--template',
      'course.json',
      '--key',
      'key.json',
      '--out',
      'sigint',
      '--no-image',
      '--workers',
      '1',
      '--status-store',
      store.folder,
      '--status-list',
      store.id,
    ]
    const run = start(args)
    await run.stderrLine(/^line 11: issued/)
    // The next row to take a status entry waits on the list's lock, held here, until the signal has been handled, so
    // rows are left however fast the machine signs. The batch holds the lock only while it allocates a row's entry, so
    // the test takes it between two rows (waiting, if need be, for the allocation under way), some 190 rows before the end.
    // On the calling thread (--workers 1), each row takes its entry as it comes; on worker threads a whole chunk's
    // entries are taken before it is signed.
    await interruptWhileHeld(await holdStatusList(store.folder, 60_000), run)
    expect(await run.exited).toBe(130)
    expect(run.stderr()).toContain(
      'microcred: stopping: the rows in progress are finished, no new row is started (Ctrl-C again to stop at once)\n',
    )
    const partial = JSON.parse(readFileSync(join(dir, 'sigint', 'manifest.json'), 'utf8'))
    expect(partial.summary).toMatchObject({
      rows: 200,
      issued: partial.credentials.length,
      failed: 0,
      pending: partial.pending.length,
      interrupted: true,
    })
    expect(partial.credentials.length).toBeGreaterThanOrEqual(10)
    expect(partial.pending.length).toBeGreaterThan(0)
    expect([...partial.credentials, ...partial.pending].map((r: { line: number }) => r.line)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 2),
    )
    expect(run.stdout()).toContain(
      `interrupted: ${partial.pending.length} rows are not issued yet; run the same command again to issue the remaining rows`,
    )
    // Every row started was finished: reserved, written and journalled done; no pending row was reserved.
    const reserved = journal('sigint')
      .filter((e) => e.type === 'reserve')
      .map((e) => e.line)
    expect(
      journal('sigint')
        .filter((e) => e.type === 'done')
        .map((e) => e.line),
    ).toEqual(reserved)
    expect(reserved).toEqual(partial.credentials.map((c: { line: number }) => c.line))

    const rest = runCli(args, { cwd: dir })
    expect(rest.code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'sigint', 'manifest.json'), 'utf8'))
    expect(manifest.summary).toMatchObject({
      alreadyIssued: partial.credentials.length,
      issued: partial.pending.length,
      pending: 0,
      interrupted: false,
    })
    expect(manifest.credentials.slice(0, partial.credentials.length)).toEqual(partial.credentials)
    const reservations = journal('sigint')
      .filter((e) => e.type === 'reserve')
      .map((e) => e.line)
    expect(reservations).toHaveLength(200)
    expect(new Set(reservations).size).toBe(200)
  }, 120_000)

  it('Ctrl-C before any work (while the roster is read): nothing issued, every row pending, exit 130; running again issues all', async () => {
    const csv = 'name,email,grade\nAda Lovelace,ada@example.org,1.3\nGrace Hopper,grace@example.org,1.7\n'
    writeFileSync(join(dir, 'early.csv'), csv)
    // The roster is a named pipe: the command waits reading it, its signal handler listening, until it is written.
    execFileSync('mkfifo', [join(dir, 'early.fifo')])
    const args = ['--template', 'course.json', '--key', 'key.json', '--out', 'early', '--no-image']
    const run = start(['batch', '--roster', 'early.fifo', ...args])
    const roster = await open(join(dir, 'early.fifo'), 'w') // opens once the command has opened it for reading
    run.child.kill('SIGINT')
    await run.stderrLine(/^microcred: stopping: /)
    await roster.writeFile(csv)
    await roster.close()
    expect(await run.exited).toBe(130)
    const manifest = JSON.parse(readFileSync(join(dir, 'early', 'manifest.json'), 'utf8'))
    expect(manifest).toMatchObject({
      credentials: [],
      problems: [],
      pending: [
        { line: 2, name: 'Ada Lovelace' },
        { line: 3, name: 'Grace Hopper' },
      ],
      summary: { rows: 2, issued: 0, failed: 0, pending: 2, interrupted: true },
    })
    expect(readdirSync(join(dir, 'early', 'credentials'))).toEqual([])
    expect(journal('early').map((e) => e.type)).toEqual(['start'])
    expect(run.stdout()).toContain('0 issued, 0 failed, 2 not issued yet, of 2 rows')

    const again = runCli(['batch', '--roster', 'early.csv', ...args], { cwd: dir })
    expect(again.code).toBe(0)
    expect(JSON.parse(readFileSync(join(dir, 'early', 'manifest.json'), 'utf8')).summary).toMatchObject({
      issued: 2,
      pending: 0,
      interrupted: false,
    })
  }, 60_000)

  it('Ctrl-C while the last row is in progress: it is finished, the run exits 130 (not 1) and says it was interrupted', async () => {
    // Line 2 fails (grade out of range); line 3, the last, is held at its status list entry (another process holds
    // the list's lock) until the signal has been handled.
    writeFileSync(
      join(dir, 'last.csv'),
      'name,email,grade\nOut Of Range,range@example.org,9.9\nAda Lovelace,ada@example.org,1.3\n',
    )
    const store = await statusStore('last-status')
    const args = [
      'batch',
      '--roster',
      'last.csv',
      '--template',
      'course.json',
      '--key',
      'key.json',
      '--out',
      'last',
      '--no-image',
      '--status-store',
      store.folder,
      '--status-list',
      store.id,
    ]
    const held = await holdStatusList(store.folder)
    const run = start(args)
    await interruptWhileHeld(held, run, () => run.stderrLine(/^line 2: failed \(1\/2\)$/))
    expect(await run.exited).toBe(130)
    const manifest = JSON.parse(readFileSync(join(dir, 'last', 'manifest.json'), 'utf8'))
    expect(manifest.credentials.map((c: { line: number }) => c.line)).toEqual([3])
    expect(manifest.problems.map((p: { line: number }) => p.line)).toEqual([2])
    expect(manifest.pending).toEqual([])
    expect(manifest.summary).toMatchObject({ issued: 1, failed: 1, pending: 0, interrupted: true })
    expect(run.stdout()).toContain('interrupted as the last rows were finished: no row is left to issue')
    expect(
      journal('last')
        .filter((e) => e.type === 'done')
        .map((e) => e.line),
    ).toEqual([3])

    const again = runCli(args, { cwd: dir })
    expect(again.code).toBe(1)
    expect(again.stdout).toContain('0 issued, 1 already issued by an earlier run, 1 failed, of 2 rows')
  }, 60_000)

  it('Ctrl-C while the last chunk is on worker threads: the row sent to them is finished, the rest of the chunk is left', async () => {
    // 128 rows that fail when built (chunk one: no signing, no status entry), then lines 130 and 131 (chunk two, the
    // last): line 130 is held at its status list entry until the signal has been handled.
    const bad = Array.from({ length: 128 }, (_, i) => `Bad ${i + 1},bad${i + 1}@example.org,9.9`)
    writeFileSync(
      join(dir, 'chunk.csv'),
      `name,email,grade\n${bad.join('\n')}\nAda Lovelace,ada@example.org,1.3\nGrace Hopper,grace@example.org,1.7\n`,
    )
    writeFileSync(join(dir, 'threads.mjs'), "process.on('worker', () => process.stderr.write('thread started\\n'))\n")
    const store = await statusStore('chunk-status')
    const args = [
      'batch',
      '--roster',
      'chunk.csv',
      '--template',
      'course.json',
      '--key',
      'key.json',
      '--out',
      'chunk',
      '--no-image',
      '--workers',
      '2',
      '--status-store',
      store.folder,
      '--status-list',
      store.id,
    ]
    const held = await holdStatusList(store.folder)
    const run = start(args, { NODE_OPTIONS: `--import=${join(dir, 'threads.mjs')}` })
    await interruptWhileHeld(held, run)
    expect(await run.exited).toBe(130)
    expect(
      run
        .stderr()
        .split('\n')
        .filter((line) => line === 'thread started'),
    ).toHaveLength(2)
    const manifest = JSON.parse(readFileSync(join(dir, 'chunk', 'manifest.json'), 'utf8'))
    expect(manifest.credentials.map((c: { line: number }) => c.line)).toEqual([130])
    expect(manifest.pending).toEqual([{ line: 131, name: 'Grace Hopper' }])
    expect(manifest.summary).toMatchObject({ issued: 1, failed: 128, pending: 1, interrupted: true })
    expect(
      journal('chunk')
        .filter((e) => e.type === 'reserve')
        .map((e) => e.line),
    ).toEqual([130])

    const again = runCli(args, { cwd: dir })
    expect(again.code).toBe(1)
    const resumed = JSON.parse(readFileSync(join(dir, 'chunk', 'manifest.json'), 'utf8'))
    expect(resumed.summary).toMatchObject({ issued: 1, alreadyIssued: 1, failed: 128, pending: 0, interrupted: false })
    expect(resumed.credentials[0]).toEqual(manifest.credentials[0])
  }, 60_000)

  it('Ctrl-C twice stops at once (exit 130, no manifest written); the journal and the folder lock left behind resume cleanly', async () => {
    writeFileSync(
      join(dir, 'twice.csv'),
      'name,email,grade\nAda Lovelace,ada@example.org,1.3\nGrace Hopper,grace@example.org,1.7\nAlan Turing,alan@example.org,1.0\n',
    )
    const store = await statusStore('twice-status')
    const args = [
      'batch',
      '--roster',
      'twice.csv',
      '--template',
      'course.json',
      '--key',
      'key.json',
      '--out',
      'twice',
      '--no-image',
      '--status-store',
      store.folder,
      '--status-list',
      store.id,
    ]
    const held = await holdStatusList(store.folder)
    const run = start(args)
    try {
      await held.waitedOnBy(run)
      run.child.kill('SIGINT')
      await run.stderrLine(/^microcred: stopping: /)
      run.child.kill('SIGINT')
      // Exits while line 2 is still waiting for its status entry: it did not wait for the row in progress.
      expect(await run.exited).toBe(130)
    } finally {
      await held.release()
    }
    expect(run.stderr()).toContain(
      'microcred: stopped at once: manifest.json was not written; run the same command again to resume (no row is issued twice)\n',
    )
    expect(existsSync(join(dir, 'twice', 'manifest.json'))).toBe(false)
    expect(existsSync(join(dir, 'twice', 'batch.lock'))).toBe(true)
    expect(journal('twice').map((e) => e.type)).toEqual(['start'])

    const again = runCli(args, { cwd: dir })
    expect(again.code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'twice', 'manifest.json'), 'utf8'))
    expect(manifest.summary).toMatchObject({ issued: 3, pending: 0, interrupted: false })
    expect(
      journal('twice')
        .filter((e) => e.type === 'reserve')
        .map((e) => e.line),
    ).toEqual([2, 3, 4])
    expect(existsSync(join(dir, 'twice', 'batch.lock'))).toBe(false)
  }, 60_000)

  it('a row without a name is issued and warned about on stderr, one line naming its line and the column, and in manifest.json', () => {
    writeFileSync(
      join(dir, 'nameless.csv'),
      'name,email,grade\nAda Lovelace,ada@example.org,1.3\n,anonymous@example.org,1.7\n,also@example.org,2.0\n',
    )
    const result = runCli(
      [
        'batch',
        '--roster',
        'nameless.csv',
        '--template',
        'course.json',
        '--key',
        'key.json',
        '--out',
        'nameless',
        '--no-image',
      ],
      { cwd: dir },
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('3 issued, 0 failed, of 3 rows')
    const warnings = result.stderr.split('\n').filter((line) => line.includes('warning'))
    expect(warnings).toEqual([
      "line 3, column name: warning: ERR_LEARNER_NAME_MISSING: the name cell is empty: the credential was issued without the learner's name (Open Badges 3.0 allows it, but a badge display shows no name)",
      "line 4, column name: warning: ERR_LEARNER_NAME_MISSING: the name cell is empty: the credential was issued without the learner's name (Open Badges 3.0 allows it, but a badge display shows no name)",
    ])
    const manifest = JSON.parse(readFileSync(join(dir, 'nameless', 'manifest.json'), 'utf8'))
    expect(
      manifest.warnings.map((w: { line: number; code: string; column: string }) => [w.line, w.code, w.column]),
    ).toEqual([
      [3, 'ERR_LEARNER_NAME_MISSING', 'name'],
      [4, 'ERR_LEARNER_NAME_MISSING', 'name'],
    ])
    expect(manifest.credentials.map((c: { line: number }) => c.line)).toEqual([2, 3, 4])
  })

  it('a 1,000-row batch killed half way (SIGKILL) and run again issues the rest, none twice', async () => {
    const rows = Array.from(
      { length: 1000 },
      (_, i) => `Learner ${i + 1},learner${i + 1}@example.org,${(1 + (i % 30) / 10).toFixed(1)}`,
    )
    writeFileSync(join(dir, 'class.csv'), `name,email,grade\n${rows.join('\n')}\n`)
    const args = ['batch', '--roster', 'class.csv', '--template', 'course.json', '--key', 'key.json', '--out', 'class']

    // First run: killed once about 400 rows are done.
    const child = startCli(args, { cwd: dir })
    let issuedBeforeKill = 0
    await new Promise<void>((resolve) => {
      let buffered = ''
      child.stderr!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString()
        issuedBeforeKill = buffered.split('\n').filter((line) => line.includes(': issued')).length
        if (issuedBeforeKill >= 400 && child.exitCode === null && !child.killed) child.kill('SIGKILL')
      })
      child.on('exit', () => {
        resolve()
      })
    })
    expect(child.signalCode).toBe('SIGKILL')
    const doneBeforeKill = journal('class')
      .filter((e) => e.type === 'done')
      .map((e) => e.line as number)
    expect(doneBeforeKill.length).toBeGreaterThanOrEqual(400)
    expect(doneBeforeKill.length).toBeLessThan(1000)
    const filesBeforeKill = new Map(
      doneBeforeKill.map((line) => {
        const file = join(dir, 'class', journal('class').find((e) => e.type === 'done' && e.line === line)!.credential)
        return [line, readFileSync(file, 'utf8')]
      }),
    )

    // Second run: finishes.
    const second = runCli(args, { cwd: dir })
    expect(second.code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'class', 'manifest.json'), 'utf8'))
    expect(Number(manifest.summary.issued) + Number(manifest.summary.alreadyIssued)).toBe(1000)
    expect(manifest.summary.alreadyIssued).toBe(doneBeforeKill.length)
    expect(manifest.credentials).toHaveLength(1000)
    expect(new Set(manifest.credentials.map((c: { credentialId: string }) => c.credentialId)).size).toBe(1000)
    expect(manifest.credentials.map((c: { line: number }) => c.line)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i + 2),
    )

    // One reservation per row, ever; each file holds its row's reserved credential.
    const reservations = journal('class').filter((e) => e.type === 'reserve')
    expect(reservations).toHaveLength(1000)
    expect(new Set(reservations.map((r) => r.line)).size).toBe(1000)
    const reserved = new Map(reservations.map((r) => [r.line as number, r.credentialId as string]))
    for (const entry of manifest.credentials as { line: number; credentialId: string; credential: string }[]) {
      expect(entry.credentialId).toBe(reserved.get(entry.line))
      expect(JSON.parse(readFileSync(join(dir, 'class', entry.credential), 'utf8')).id).toBe(entry.credentialId)
    }
    // What was finished before the kill was not touched.
    for (const [line, text] of filesBeforeKill) {
      const entry = manifest.credentials.find((c: { line: number }) => c.line === line)
      expect(readFileSync(join(dir, 'class', entry.credential), 'utf8')).toBe(text)
    }
    expect(readdirSync(join(dir, 'class', 'badges'))).toHaveLength(1000)
    expect(readdirSync(join(dir, 'class', 'credentials'))).toHaveLength(1000)

    // Samples from both runs verify, as files and as baked badges.
    for (const entry of [
      manifest.credentials[0],
      manifest.credentials[doneBeforeKill.length],
      manifest.credentials[999],
    ]) {
      const badge = readFileSync(join(dir, 'class', entry.badge))
      expect(extractFromPng(badge)).toMatchObject({ version: 'ob3', credential: { id: entry.credentialId } })
      expect((await verify(badge)).verified).toBe(true)
    }
  }, 300_000)
})
