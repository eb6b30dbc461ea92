/**
 * `microcred batch` through the built binary: the summary and exit codes, and a 1,000-row batch killed half way
 * (SIGKILL) and run again: the rest is issued, no row twice, nothing already finished touched.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractFromPng, verify } from '../../src/index.js'
import { fullInput } from '../fixtures/inputs.js'
import { CLI, runCli, startCli } from '../helpers/cli.js'

let dir: string

/** The course: the full fixture input without learner, ids and dates, and without an issuer id (the CLI uses the key's). */
function template(): Record<string, unknown> {
  const { learner: _learner, id: _id, issued: _issued, validUntil: _until, issuer, assessment, ...rest } = fullInput()
  const { id: _issuerId, ...issuerWithoutId } = issuer
  const scheme = { name: 'German university grades', resultType: 'GradePointAverage', min: '1.0', max: '5.0', passing: '4.0' }
  return { ...rest, issuer: issuerWithoutId, assessment: { ...assessment, grade: { scheme } } }
}

const journal = (out: string): Array<Record<string, any>> =>
  readFileSync(join(dir, out, 'batch-journal.jsonl'), 'utf8').split('\n').filter((line) => line.startsWith('{') && line.endsWith('}')).map((line) => JSON.parse(line))

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-batch-cli-'))
  writeFileSync(join(dir, 'course.json'), JSON.stringify(template(), null, 2))
  expect(runCli(['keygen', '--out', 'key.json'], { cwd: dir }).code).toBe(0)
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('microcred batch', () => {
  it('reports each bad row by line, issues the others, prints a summary and exits 1; plain progress lines off a terminal', () => {
    writeFileSync(join(dir, 'small.csv'), 'name,email,grade\nAda Lovelace,ada@example.org,1.3\nNo Grade,nograde@example.org,11\nGrace Hopper,grace@example.org,1.7\n')
    const result = runCli(['batch', '--roster', 'small.csv', '--template', 'course.json', '--key', 'key.json', '--out', 'small'], { cwd: dir })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('2 issued, 1 failed, of 3 rows')
    expect(result.stdout).toMatch(/\n {2}line 3: ERR_INVALID_INPUT at assessment\.grade\.value: .*outside the scheme's range/)
    expect(result.stderr.trim().split('\n')).toEqual(['line 2: issued (1/3)', 'line 3: failed (2/3)', 'line 4: issued (3/3)'])

    const manifest = JSON.parse(readFileSync(join(dir, 'small', 'manifest.json'), 'utf8'))
    expect(manifest.issuer).toBe(JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')).controller)
    expect(readdirSync(join(dir, 'small', 'badges')).sort()).toEqual(['0002-ada-lovelace.png', '0004-grace-hopper.png'])
  })

  it('on a terminal, shows a progress bar instead of a line per row', () => {
    writeFileSync(join(dir, 'tty.csv'), 'name,email,grade\nAda Lovelace,ada@example.org,1.3\nGrace Hopper,grace@example.org,1.7\n')
    // util-linux `script` runs the command on a pseudo-terminal, as a person at a shell would.
    const command = [process.execPath, CLI, 'batch', '--roster', 'tty.csv', '--template', 'course.json', '--key', 'key.json', '--out', 'tty'].map((a) => `'${a}'`).join(' ')
    const output = execFileSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8' })
    expect(output).toMatch(/issuing \[[^\]]*\] 2\/2 rows \| 0 failed/)
    expect(output).not.toContain('line 2: issued')
    expect(output).toContain('2 issued, 0 failed, of 2 rows')
  })

  it('exits 0 when every row is issued, and 2 for unusable input (one line, no stack trace)', () => {
    writeFileSync(join(dir, 'good.csv'), 'name,email,grade\nAda Lovelace,ada@example.org,1.3\n')
    expect(runCli(['batch', '--roster', 'good.csv', '--template', 'course.json', '--key', 'key.json', '--out', 'good', '--no-image'], { cwd: dir }).code).toBe(0)
    writeFileSync(join(dir, 'typo.csv'), 'name,emial\nAda,ada@example.org\n')
    const typo = runCli(['batch', '--roster', 'typo.csv', '--template', 'course.json', '--key', 'key.json', '--out', 'typo'], { cwd: dir })
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(/^microcred: ERR_INVALID_INPUT: the roster has unknown columns "emial"/)
    expect(typo.stderr.trim().split('\n')).toHaveLength(1)
    // The advice names the flag, not the library option.
    expect(typo.stderr).toContain('leave others out with --ignore-columns)')
    expect(typo.stderr).not.toContain('ignoreColumns')
    const missing = runCli(['batch', '--roster', 'none.csv', '--template', 'course.json', '--key', 'key.json', '--out', 'x'], { cwd: dir })
    expect(missing).toMatchObject({ code: 2, stderr: 'microcred: none.csv: no such file\n' })
  })

  it('refuses, before issuing anything, a roster that is not UTF-8, a damaged image, a bad --proof (exit 2)', () => {
    writeFileSync(join(dir, 'cp1252.csv'), Buffer.concat([Buffer.from('name,email,grade\nKurt G'), Buffer.from([0xf6]), Buffer.from('del,kurt@example.org,1.0\n')]))
    const base = ['batch', '--template', 'course.json', '--key', 'key.json']
    const latin = runCli([...base, '--roster', 'cp1252.csv', '--out', 'cp1252'], { cwd: dir })
    expect(latin).toMatchObject({ code: 2, stderr: 'microcred: cp1252.csv: not UTF-8 text; save it as UTF-8 (in a spreadsheet: "CSV UTF-8")\n' })
    writeFileSync(join(dir, 'fine.csv'), 'name,email,grade\nAda Lovelace,ada@example.org,1.3\n')
    writeFileSync(join(dir, 'page.svg'), '<html><body>not a badge</body></html>')
    const image = runCli([...base, '--roster', 'fine.csv', '--out', 'bad-image', '--image', 'page.svg'], { cwd: dir })
    expect(image.code).toBe(2)
    expect(image.stderr).toMatch(/^microcred: ERR_IMAGE_INVALID/)
    expect(readdirSync(join(dir)).includes('bad-image')).toBe(false)
    expect(runCli([...base, '--roster', 'fine.csv', '--out', 'p', '--proof', 'RsaSignature2018'], { cwd: dir }).stderr).toContain('--proof must be eddsa-rdfc-2022 or Ed25519Signature2020')
    expect(runCli([...base, '--roster', 'fine.csv', '--out', 'p', '--format', 'jwt', '--proof', 'eddsa-rdfc-2022'], { cwd: dir }).stderr).toContain('--proof applies to --format ldp only')
  })

  it('--workers 2 signs a 130-row roster on two threads, --workers 1 on none, with the same summary; a bad --workers is exit 2', () => {
    const rows = Array.from({ length: 130 }, (_, i) => `Learner ${i + 1},learner${i + 1}@example.org,2.0`)
    writeFileSync(join(dir, 'roster130.csv'), `name,email,grade\n${rows.join('\n')}\n`)
    // Node announces every thread it starts on process 'worker'; the hook says so on stderr.
    writeFileSync(join(dir, 'threads.mjs'), "process.on('worker', () => process.stderr.write('thread started\\n'))\n")
    const env = { NODE_OPTIONS: `--import=${join(dir, 'threads.mjs')}` }
    const base = ['batch', '--roster', 'roster130.csv', '--template', 'course.json', '--key', 'key.json', '--no-image']
    const threads = (result: { stderr: string }): number => result.stderr.split('\n').filter((line) => line === 'thread started').length
    const pooled = runCli([...base, '--out', 'roster130-pooled', '--workers', '2'], { cwd: dir, env })
    const sequential = runCli([...base, '--out', 'roster130-sequential', '--workers', '1'], { cwd: dir, env })
    expect([pooled.code, threads(pooled)]).toEqual([0, 2])
    expect([sequential.code, threads(sequential)]).toEqual([0, 0])
    expect(pooled.stdout).toContain('130 issued, 0 failed, of 130 rows')
    expect(sequential.stdout).toContain('130 issued, 0 failed, of 130 rows')
    expect(readdirSync(join(dir, 'roster130-pooled', 'credentials'))).toEqual(readdirSync(join(dir, 'roster130-sequential', 'credentials')))

    for (const workers of ['0', 'two', '1.5', '-1']) {
      const bad = runCli([...base, '--out', 'roster130-bad', '--workers', workers], { cwd: dir })
      expect(bad).toMatchObject({ code: 2, stderr: `microcred: --workers must be a positive whole number, not "${workers}"\n` })
    }
    expect(readdirSync(dir).includes('roster130-bad')).toBe(false)
    expect(runCli(['batch', '--help'], { cwd: dir }).stdout).toMatch(/--workers <n> +threads to sign on/)
  })

  it('Ctrl-C (SIGINT) finishes the current row, writes the manifest, exits 130; running again completes', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `Learner ${i + 1},learner${i + 1}@example.org,2.0`)
    writeFileSync(join(dir, 'sigint.csv'), `name,email,grade\n${rows.join('\n')}\n`)
    const args = ['batch', '--roster', 'sigint.csv', '--template', 'course.json', '--key', 'key.json', '--out', 'sigint', '--no-image']
    const child = startCli(args, { cwd: dir })
    let stdout = ''
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    let sent = false
    child.stderr!.on('data', (chunk: Buffer) => {
      if (!sent && chunk.toString().includes('line 11: issued')) {
        sent = true
        child.kill('SIGINT')
      }
    })
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)))
    expect(code).toBe(130)
    expect(stdout).toContain('interrupted: run the same command again to issue the remaining rows')
    const partial = JSON.parse(readFileSync(join(dir, 'sigint', 'manifest.json'), 'utf8'))
    expect(partial.summary.interrupted).toBe(true)
    expect(partial.credentials.length).toBeGreaterThanOrEqual(10)
    expect(partial.credentials.length).toBeLessThan(200)

    const rest = runCli(args, { cwd: dir })
    expect(rest.code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'sigint', 'manifest.json'), 'utf8'))
    expect(manifest.summary).toMatchObject({ alreadyIssued: partial.credentials.length, issued: 200 - partial.credentials.length })
  }, 120_000)

  it('a 1,000-row batch killed half way (SIGKILL) and run again issues the rest, none twice', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `Learner ${i + 1},learner${i + 1}@example.org,${(1 + (i % 30) / 10).toFixed(1)}`)
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
      child.on('exit', () => resolve())
    })
    expect(child.signalCode).toBe('SIGKILL')
    const doneBeforeKill = journal('class').filter((e) => e.type === 'done').map((e) => e.line as number)
    expect(doneBeforeKill.length).toBeGreaterThanOrEqual(400)
    expect(doneBeforeKill.length).toBeLessThan(1000)
    const filesBeforeKill = new Map(doneBeforeKill.map((line) => {
      const file = join(dir, 'class', journal('class').find((e) => e.type === 'done' && e.line === line)!.credential)
      return [line, readFileSync(file, 'utf8')]
    }))

    // Second run: finishes.
    const second = runCli(args, { cwd: dir })
    expect(second.code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'class', 'manifest.json'), 'utf8'))
    expect(manifest.summary.issued + manifest.summary.alreadyIssued).toBe(1000)
    expect(manifest.summary.alreadyIssued).toBe(doneBeforeKill.length)
    expect(manifest.credentials).toHaveLength(1000)
    expect(new Set(manifest.credentials.map((c: { credentialId: string }) => c.credentialId)).size).toBe(1000)
    expect(manifest.credentials.map((c: { line: number }) => c.line)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2))

    // One reservation per row, ever; each file holds its row's reserved credential.
    const reservations = journal('class').filter((e) => e.type === 'reserve')
    expect(reservations).toHaveLength(1000)
    expect(new Set(reservations.map((r) => r.line)).size).toBe(1000)
    const reserved = new Map(reservations.map((r) => [r.line as number, r.credentialId as string]))
    for (const entry of manifest.credentials as Array<{ line: number; credentialId: string; credential: string }>) {
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
    for (const entry of [manifest.credentials[0], manifest.credentials[doneBeforeKill.length], manifest.credentials[999]]) {
      const badge = readFileSync(join(dir, 'class', entry.badge))
      expect(extractFromPng(badge)).toMatchObject({ version: 'ob3', credential: { id: entry.credentialId } })
      expect((await verify(badge)).verified).toBe(true)
    }
  }, 300_000)
})
