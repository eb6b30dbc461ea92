/**
 * `microcred verify` before publishing: an administrator checks a batch of did:web credentials, with a status entry,
 * before the did.json and the status list are hosted, by answering those URLs from local files
 * (`--did-document`, `--status-list`, `--published`). Nothing else is answered, and nothing goes to the network.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fullInput } from '../fixtures/inputs.js'
import { runCli, type CliResult } from '../helpers/cli.js'

const LIST = 'https://uni.example/status/1'
let dir: string
const cli = (...args: string[]): CliResult => runCli(args, { cwd: dir })
const read = (file: string): string => readFileSync(join(dir, file), 'utf8')

function expectOneLineError(result: CliResult, text: RegExp): void {
  expect(result.code).toBe(2)
  const lines = result.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(text)
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-published-'))
  const { issuer, issued: _issued, validUntil: _until, ...rest } = fullInput()
  const { id: _id, ...issuerWithoutId } = issuer
  writeFileSync(join(dir, 'course.json'), JSON.stringify({ ...rest, issuer: issuerWithoutId }))
  const steps = [
    ['keygen', '--controller', 'did:web:uni.example', '--id', 'did:web:uni.example#key-1', '--out', 'key.json'],
    ['did-web', '--key', 'key.json', '--out', 'did.json'],
    ['status', 'create', '--store', 'lists', '--id', LIST, '--length', '16'],
    [
      'issue',
      'course.json',
      '--key',
      'key.json',
      '--status-store',
      'lists',
      '--status-list',
      LIST,
      '--out',
      'ada.json',
    ],
    [
      'issue',
      'course.json',
      '--key',
      'key.json',
      '--status-store',
      'lists',
      '--status-list',
      LIST,
      '--out',
      'grace.json',
    ],
    ['status', 'revoke', 'grace.json', '--store', 'lists'],
    ['status', 'publish', '--store', 'lists', '--id', LIST, '--key', 'key.json', '--out', 'list.json'],
  ]
  for (const step of steps) expect(cli(...step).code, step.join(' ')).toBe(0)
  // The web root as it will be uploaded: https://uni.example/.well-known/did.json and /status/1.
  mkdirSync(join(dir, 'site', '.well-known'), { recursive: true })
  mkdirSync(join(dir, 'site', 'status'))
  cpSync(join(dir, 'did.json'), join(dir, 'site', '.well-known', 'did.json'))
  cpSync(join(dir, 'list.json'), join(dir, 'site', 'status', '1'))
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('microcred verify with the files to be published', () => {
  it('--did-document and --status-list: the did:web credential verifies (exit 0); the revoked one does not (exit 1)', () => {
    const result = cli('verify', 'ada.json', '--did-document', 'did.json', '--status-list', `${LIST}=list.json`)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('VERIFIED')
    expect(result.stdout).not.toContain('NOT VERIFIED')

    const report = JSON.parse(
      cli('verify', 'ada.json', '--json', '--did-document', 'did.json', '--status-list', `${LIST}=list.json`).stdout,
    )
    expect(report.verified).toBe(true)
    expect(report.checks).toEqual(
      expect.arrayContaining(
        [
          { id: 'issuer-binding', status: 'passed' },
          { id: 'status', status: 'passed' },
        ].map((c) => expect.objectContaining(c)),
      ),
    )

    const revoked = cli('verify', 'grace.json', '--did-document', 'did.json', '--status-list', `${LIST}=list.json`)
    expect(revoked.code).toBe(1)
    expect(revoked.stdout).toContain('ERR_REVOKED')
  })

  it('--published: a folder laid out like the web root answers both URLs', () => {
    const result = cli('verify', 'ada.json', '--published', 'site')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('VERIFIED')
    expect(cli('verify', 'grace.json', '--published', 'site').stdout).toContain('ERR_REVOKED')
  })

  it('without the files: exit 1, and the advice names the CLI flags, not library options', () => {
    const result = cli('verify', 'ada.json')
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('NOT VERIFIED')
    expect(result.stdout).toContain('ERR_KEY_UNRESOLVED')
    expect(result.stdout).toContain('--online')
    expect(result.stdout).toContain('--did-document')
    expect(result.stdout).not.toContain('options.fetch')
    expect(result.stdout).not.toContain('safeFetch')

    const json = JSON.parse(cli('verify', 'ada.json', '--json').stdout)
    expect(JSON.stringify(json.issues)).toContain('--did-document')
    expect(JSON.stringify(json.issues)).not.toContain('options.fetch')
  })

  it('only the URLs given are answered: the status list missing fails closed, and the message says how to give it', () => {
    const result = cli('verify', 'ada.json', '--did-document', 'did.json')
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('ERR_STATUS_UNAVAILABLE')
    expect(result.stdout).toContain(
      `${LIST} is not answered by the files given (--did-document, --status-list, --published)`,
    )
    expect(result.stdout).toContain('--online')

    // A list file for another URL answers nothing here.
    const elsewhere = cli(
      'verify',
      'ada.json',
      '--did-document',
      'did.json',
      '--status-list',
      'https://uni.example/status/2=list.json',
    )
    expect(elsewhere.code).toBe(1)
    expect(elsewhere.stdout).toContain('ERR_STATUS_UNAVAILABLE')

    // A web root without the list: the same.
    expect(cli('verify', 'ada.json', '--published', 'site', '--status-list', `${LIST}=did.json`).code).toBe(1)
  })

  it('unusable options: exit 2 with one line', () => {
    expect(cli('keygen', '--out', 'key-only.json', '--public', 'key-only.public.json').code).toBe(0)
    writeFileSync(
      join(dir, 'did-key.json'),
      JSON.stringify({ id: JSON.parse(read('key-only.public.json')).controller }),
    )
    expectOneLineError(
      cli('verify', 'ada.json', '--did-document', 'did-key.json'),
      /^microcred: --did-document did-key\.json: its "id" must be a did:web DID/,
    )
    expectOneLineError(
      cli('verify', 'ada.json', '--did-document', 'missing.json'),
      /^microcred: missing\.json: no such file$/,
    )
    expectOneLineError(
      cli('verify', 'ada.json', '--status-list', 'list.json'),
      /^microcred: --status-list "list\.json": give it as <url>=<file>/,
    )
    expectOneLineError(
      cli('verify', 'ada.json', '--status-list', 'http://uni.example/status/1=list.json'),
      /is not an https URL/,
    )
    expectOneLineError(
      cli('verify', 'ada.json', '--status-list', `${LIST}=list.json`, '--status-list', `${LIST}=did.json`),
      /answered by two files/,
    )
    expectOneLineError(
      cli('verify', 'ada.json', '--published', 'no-such-folder'),
      /^microcred: --published no-such-folder: no such folder$/,
    )
  })
})
