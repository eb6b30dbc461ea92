/**
 * `microcred validate` as a CI pipeline runs it, through the built binary: many files, folders and glob patterns in
 * one process; text lines naming the file and the JSON path (or the line and column of a JSON syntax error); JSON,
 * JUnit XML and SARIF 2.1.0 reports, each parsed and checked; exit codes 0 (all valid), 1 (some invalid) and 2 (an
 * input that names nothing, a bad option), with a one-line message.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DOMParser, type Element } from '@xmldom/xmldom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMicroCredential, generateKeyPair, issueJwt } from '../../src/index.js'
import { fullInput } from '../fixtures/inputs.js'
import { runCli, type CliResult } from '../helpers/cli.js'

let dir: string
const cli = (...args: string[]): CliResult => runCli(args, { cwd: dir })
const write = (file: string, text: string): void => {
  mkdirSync(join(dir, file, '..'), { recursive: true })
  writeFileSync(join(dir, file), text)
}

/** stderr is one line naming the problem, exit code 2, nothing on stdout. */
function expectUsageError(result: CliResult, text: RegExp): void {
  expect(result.code).toBe(2)
  const lines = result.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^microcred: /)
  expect(lines[0]).toMatch(text)
  expect(result.stdout).toBe('')
}

const lines = (result: CliResult): string[] => result.stdout.trimEnd().split('\n')

/** A JSON text that stops being JSON at line 4, column 3 (a comma missing before "issuer"). */
const MISSING_COMMA =
  '{\n  "@context": ["https://www.w3.org/ns/credentials/v2"],\n  "type": ["VerifiableCredential"]\n  "issuer": "did:example:1"\n}\n'
/** With a byte order mark and CRLF line ends: `tru` at line 2, column 8. */
const BOM_CRLF = '\uFEFF{\r\n  "a": tru\r\n}\r\n'

/** The files of folder `mixed`, in the order validate takes them, with their verdicts. */
const MIXED = [
  ['mixed/1-valid.json', true],
  ['mixed/2-invalid.json', false],
  ['mixed/3-syntax.json', false],
  ['mixed/4-crlf.json', false],
  ['mixed/5-warning.json', true],
  ['mixed/6-array.json', false],
  ['mixed/7-broken.jwt', false],
  ['mixed/8-controls.json', false],
  ["mixed/9 it's & co.json", true],
] as const

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-validate-'))
  const keyPair = await generateKeyPair()
  const credential = createMicroCredential(fullInput({ issuer: { ...fullInput().issuer, id: keyPair.controller } }))
  const text = JSON.stringify(credential, null, 2)
  write('good/a.json', text)
  write('good/nested/b.jsonld', text)
  write('good/nested/c.jwt', `${await issueJwt(credential, { keyPair })}\n`)
  write('good/notes.txt', 'not a credential')
  write('good/.hidden/h.json', '{ not JSON')

  const invalid = structuredClone(credential) as unknown as {
    credentialSubject: { achievement: Record<string, unknown> }
  }
  delete invalid.credentialSubject.achievement['name']
  const plain = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuer: keyPair.controller,
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: {
      id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      alumniOf: { id: 'did:example:c276e12ec21ebfeb1f712ebc6f1', name: 'Example University' },
    },
  }
  write('mixed/1-valid.json', text)
  write('mixed/2-invalid.json', JSON.stringify(invalid, null, 2))
  write('mixed/3-syntax.json', MISSING_COMMA)
  write('mixed/4-crlf.json', BOM_CRLF)
  // A related resource whose digest cannot be checked offline: a warning, and the only finding.
  write(
    'mixed/5-warning.json',
    JSON.stringify(
      {
        ...plain,
        relatedResource: [{ id: 'https://university.example/logo.png', digestSRI: `sha384-${'A'.repeat(64)}` }],
      },
      null,
      2,
    ),
  )
  write('mixed/6-array.json', '[1, 2]')
  write('mixed/7-broken.jwt', 'this is not a token\n')
  // Member names that would rewrite a terminal or break XML if printed as they are.
  write(
    'mixed/8-controls.json',
    JSON.stringify(
      { ...credential, credentialSubject: { ...credential.credentialSubject, 'x\u001b[2J': 1, 'a<b>&"c\u0001': 2 } },
      null,
      2,
    ),
  )
  write("mixed/9 it's & co.json", text)
  mkdirSync(join(dir, 'empty/sub'), { recursive: true })
  write('empty/sub/readme.md', '# nothing to validate')

  write(
    'ctx/uni-context.json',
    JSON.stringify({ '@context': { '@protected': true, gpa: 'https://uni.example/vocab#gpa' } }),
  )
  const transcript = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://uni.example/ctx/v1'],
    type: ['VerifiableCredential'],
    issuer: keyPair.controller,
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', gpa: '3.9' },
  }
  write('transcripts/t1.json', JSON.stringify(transcript))
  write(
    'transcripts/t2.json',
    JSON.stringify({ ...transcript, credentialSubject: { ...transcript.credentialSubject, gpa: '2.0' } }),
  )
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('inputs: files, folders, glob patterns', () => {
  it('validates several files in one call (exit 0, one summary line)', () => {
    expect(cli('validate', 'good/a.json', 'mixed/1-valid.json', 'good/nested/c.jwt')).toMatchObject({
      code: 0,
      stdout: '3 files valid\n',
      stderr: '',
    })
  })

  it('a folder: every .json, .jsonld and .jwt file under it, sorted by path, hidden ones and other extensions left out', () => {
    const result = cli('validate', 'good', '--format', 'json')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as { files: { file: string; valid: boolean }[] }
    expect(report.files.map((file) => file.file)).toEqual([
      join('good', 'a.json'),
      join('good', 'nested', 'b.jsonld'),
      join('good', 'nested', 'c.jwt'),
    ])
    expect(report.files.every((file) => file.valid)).toBe(true)
  })

  it('glob patterns (quoted, so the CLI expands them); a file named twice, or matched twice, is validated once', () => {
    const result = cli('validate', 'good/**/*.jsonld', 'mixed/[15]-*.json', 'good/nested/b.jsonld', '--json')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as {
      files: { file: string }[]
      summary: { files: number; valid: number; warnings: number }
    }
    expect(report.files.map((file) => file.file)).toEqual([
      'good/nested/b.jsonld',
      'mixed/1-valid.json',
      'mixed/5-warning.json',
    ])
    expect(report.summary).toEqual({ files: 3, valid: 3, invalid: 0, errors: 0, warnings: 1 })
  })

  it('stdin, with no input or "-", is named <stdin>', () => {
    expect(runCli(['validate'], { cwd: dir, input: MISSING_COMMA })).toMatchObject({
      code: 1,
      stdout:
        "<stdin>:4:3: ERR_SYNTAX not valid JSON: expected ',' or '}' after a member's value, found '\"' (a comma missing?)\n1 of 1 file invalid: 1 error, 0 warnings\n",
    })
    const both = runCli(['validate', '-', 'good/a.json'], { cwd: dir, input: '{}' })
    expect(both.code).toBe(1)
    expect(both.stdout).toMatch(/^<stdin>(:\S+)?: ERR_/m)
    expect(lines(both).at(-1)).toMatch(/^1 of 2 files invalid: /)
    expectUsageError(runCli(['validate', '-', '-'], { cwd: dir, input: '{}' }), /"-" \(stdin\) is given twice/)
  })

  it('--profile and --context apply to every file', () => {
    expect(cli('validate', 'transcripts').code).toBe(1)
    expect(
      cli('validate', 'transcripts', '--context', 'https://uni.example/ctx/v1=ctx/uni-context.json'),
    ).toMatchObject({ code: 0, stdout: '2 files valid\n' })
    const ob3 = cli(
      'validate',
      'transcripts',
      '--profile',
      'ob3',
      '--context',
      'https://uni.example/ctx/v1=ctx/uni-context.json',
      '--json',
    )
    expect(ob3.code).toBe(1)
    expect(JSON.parse(ob3.stdout).summary).toMatchObject({ files: 2, invalid: 2 })
  })
})

describe('text output', () => {
  it('one line per issue, file:json-path: CODE message, in file order; then the summary', () => {
    const result = cli('validate', 'mixed')
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    const out = lines(result)
    expect(out.at(-1)).toMatch(/^6 of 9 files invalid: \d+ errors, 1 warning$/)
    const issueLines = out.slice(0, -1)
    // Every line names its file, and the files come in sorted order.
    const files = issueLines.map((line) => MIXED.find(([file]) => line.startsWith(`${file}:`))?.[0])
    expect(files).not.toContain(undefined)
    expect(files).toEqual([...files].sort())
    expect(issueLines).toContainEqual(
      expect.stringMatching(
        /^mixed\/2-invalid\.json:credentialSubject\.achievement\.name: ERR_SCHEMA_REQUIRED "name" is required/,
      ),
    )
    expect(issueLines).toContainEqual(
      expect.stringMatching(/^mixed\/5-warning\.json:relatedResource\[0\]: warning: ERR_RELATED_RESOURCE_UNVERIFIED /),
    )
    expect(issueLines).toContain('mixed/6-array.json:1:1: ERR_SYNTAX a credential must be a JSON object, not an array')
    expect(issueLines).toContainEqual(expect.stringMatching(/^mixed\/7-broken\.jwt: ERR_JWT_INVALID /))
    // A file without issues has no line; control characters from a file are shown escaped, never sent as they are.
    expect(issueLines.some((line) => line.startsWith('mixed/1-valid.json'))).toBe(false)
    expect(issueLines).toContainEqual(
      expect.stringMatching(/^mixed\/8-controls\.json:credentialSubject\["x\\u001b\[2J"\]: ERR_JSONLD_UNDEFINED_TERM /),
    )
    expect(result.stdout).not.toContain('\u001b')
    expect(result.stdout).not.toContain('\u0001')
  })

  it('a JSON syntax error as file:line:column: ERR_SYNTAX, the column after a byte order mark, lines ended by CRLF', () => {
    expect(lines(cli('validate', 'mixed/3-syntax.json'))).toEqual([
      "mixed/3-syntax.json:4:3: ERR_SYNTAX not valid JSON: expected ',' or '}' after a member's value, found '\"' (a comma missing?)",
      '1 of 1 file invalid: 1 error, 0 warnings',
    ])
    expect(lines(cli('validate', 'mixed/4-crlf.json'))[0]).toMatch(
      /^mixed\/4-crlf\.json:2:8: ERR_SYNTAX not valid JSON: unexpected 'tru': expected a value/,
    )
  })

  it('warnings alone pass (exit 0); --strict makes them fail, unmarked', () => {
    expect(lines(cli('validate', 'mixed/5-warning.json'))).toEqual([
      expect.stringMatching(/: warning: ERR_RELATED_RESOURCE_UNVERIFIED /),
      '1 file valid, with 1 warning',
    ])
    const strict = cli('validate', 'mixed/5-warning.json', '--strict')
    expect(strict.code).toBe(1)
    expect(lines(strict)).toEqual([
      expect.stringMatching(/^mixed\/5-warning\.json:relatedResource\[0\]: ERR_RELATED_RESOURCE_UNVERIFIED /),
      '1 of 1 file invalid: 1 error, 0 warnings',
    ])
  })
})

describe('--format json, junit, sarif', () => {
  interface JsonReport {
    files: {
      file: string
      valid: boolean
      errors: number
      warnings: number
      issues: { code: string; path?: string; severity?: string; line?: number; column?: number }[]
    }[]
    summary: { files: number; valid: number; invalid: number; errors: number; warnings: number }
  }

  it('json: every file with its verdict and issues (located by line and column), and the counts; --json is the same', () => {
    const result = cli('validate', 'mixed', '--format', 'json')
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as JsonReport
    expect(report.files.map((file) => [file.file, file.valid])).toEqual(MIXED)
    expect(report.summary).toMatchObject({ files: 9, valid: 3, invalid: 6, warnings: 1 })
    expect(report.summary.errors).toBe(report.files.reduce((sum, file) => sum + file.errors, 0))
    const byFile = (name: string) => report.files.find((file) => file.file === name)!
    expect(byFile('mixed/3-syntax.json').issues).toEqual([
      { code: 'ERR_SYNTAX', check: 'syntax', message: expect.stringContaining('not valid JSON'), line: 4, column: 3 },
    ])
    expect(byFile('mixed/2-invalid.json').issues).toContainEqual(
      expect.objectContaining({
        code: 'ERR_SCHEMA_REQUIRED',
        path: 'credentialSubject.achievement.name',
        line: expect.any(Number),
        column: expect.any(Number),
      }),
    )
    expect(byFile('mixed/5-warning.json')).toMatchObject({
      valid: true,
      errors: 0,
      warnings: 1,
      issues: [{ code: 'ERR_RELATED_RESOURCE_UNVERIFIED', severity: 'warning', path: 'relatedResource[0]' }],
    })
    expect(JSON.parse(cli('validate', 'mixed', '--json').stdout)).toEqual(report)
  })

  it('junit: well-formed XML, one testsuite with a testcase per file, a failure listing the issues of each invalid file', () => {
    const result = cli('validate', 'mixed', '--format', 'junit')
    expect(result.code).toBe(1)
    const problems: string[] = []
    const document = new DOMParser({
      onError: (level, message) => problems.push(`${level}: ${message}`),
    }).parseFromString(result.stdout, 'text/xml')
    expect(problems).toEqual([])
    const suites = Array.from(document.getElementsByTagName('testsuite'))
    expect(suites).toHaveLength(1)
    const suite = suites[0]!
    expect(suite.getAttribute('tests')).toBe('9')
    expect(suite.getAttribute('failures')).toBe('6')
    const cases = Array.from<Element>(suite.getElementsByTagName('testcase'))
    expect(cases.map((testcase) => testcase.getAttribute('name'))).toEqual(MIXED.map(([file]) => file))
    for (const [index, [file, valid]] of MIXED.entries()) {
      const failures = cases[index]!.getElementsByTagName('failure')
      expect(failures.length).toBe(valid ? 0 : 1)
      if (!valid) expect(failures[0]!.textContent).toContain(`${file}:`)
    }
    const invalid = cases[1]!.getElementsByTagName('failure')[0]!
    expect(invalid.getAttribute('type')).toMatch(/^ERR_/)
    expect(invalid.textContent).toMatch(
      /^mixed\/2-invalid\.json:credentialSubject\.achievement\.name: ERR_SCHEMA_REQUIRED /m,
    )
    expect(cases[4]!.getElementsByTagName('system-out')[0]!.textContent).toMatch(
      /warning: ERR_RELATED_RESOURCE_UNVERIFIED/,
    )
    // The member names with markup characters came through as text.
    expect(cases[7]!.getElementsByTagName('failure')[0]!.textContent).toContain('a<b>&\\"c\\u0001')
  })

  it('sarif: SARIF 2.1.0, one result per issue, ruleId the code, level error or warning, located in the file', () => {
    const result = cli('validate', 'mixed', '--format', 'sarif')
    expect(result.code).toBe(1)
    const log = JSON.parse(result.stdout)
    const issues = (JSON.parse(cli('validate', 'mixed', '--json').stdout) as JsonReport).files.flatMap((file) =>
      file.issues.map((issue) => ({ file: file.file, ...issue })),
    )
    expect(log.version).toBe('2.1.0')
    expect(log.$schema).toMatch(/sarif-2\.1\.0/)
    expect(log.runs).toHaveLength(1)
    const run = log.runs[0]
    expect(run.tool.driver.name).toBe('microcred')
    expect(run.results).toHaveLength(issues.length)
    const rules = run.tool.driver.rules.map((rule: { id: string }) => rule.id)
    for (const [index, sarif] of (run.results as Record<string, any>[]).entries()) {
      const issue = issues[index]!
      expect(sarif.ruleId).toBe(issue.code)
      expect(rules[sarif.ruleIndex]).toBe(issue.code)
      expect(sarif.level).toBe(issue.severity === 'warning' ? 'warning' : 'error')
      expect(decodeURIComponent(sarif.locations[0].physicalLocation.artifactLocation.uri)).toBe(issue.file)
      expect(sarif.locations[0].physicalLocation.region.startLine).toBe(issue.line ?? 1)
      if (issue.path !== undefined)
        expect(sarif.locations[0].logicalLocations).toEqual([
          expect.objectContaining({ fullyQualifiedName: issue.path }),
        ])
    }
    const syntax = run.results.find(
      (sarif: Record<string, any>) =>
        sarif.locations[0].physicalLocation.artifactLocation.uri === 'mixed/3-syntax.json',
    )
    expect(syntax).toMatchObject({
      ruleId: 'ERR_SYNTAX',
      level: 'error',
      locations: [{ physicalLocation: { region: { startLine: 4, startColumn: 3 } } }],
    })
    expect(run.results.filter((sarif: Record<string, any>) => sarif.level === 'warning')).toHaveLength(1)
    expect(
      run.artifacts.map((artifact: { location: { uri: string } }) => decodeURIComponent(artifact.location.uri)),
    ).toEqual(MIXED.map(([file]) => file))
  })

  it('every format of an all-valid run: exit 0, no failures, no results', () => {
    const junit = cli('validate', 'good', '--format', 'junit')
    expect(junit.code).toBe(0)
    expect(junit.stdout).toContain('tests="3" failures="0"')
    expect(junit.stdout).not.toContain('<failure')
    const sarif = cli('validate', 'good', '--format', 'sarif')
    expect(sarif.code).toBe(0)
    expect(JSON.parse(sarif.stdout).runs[0].results).toEqual([])
  })
})

describe('input errors: exit 2, one line', () => {
  it.each([
    [['nothing/*.json'], /nothing\/\*\.json: no file matches this pattern/],
    [['empty'], /empty: no \.json, \.jsonld, \.jwt file in this folder/],
    [['good', 'missing.json'], /missing\.json: no such file or folder/],
    [['good', '--format', 'xml'], /--format must be text, json, junit or sarif, not "xml"/],
    [['good', '--json', '--format', 'junit'], /--json is --format json; it cannot go with --format junit/],
    [['good', '--profile', 'ob4'], /--profile must be auto, vc, ob3 or eu, not "ob4"/],
    [['good', '--context', 'https://uni.example/ctx/v1=ctx/missing.json'], /ctx\/missing\.json: no such file/],
  ])('validate %j', (args, message) => {
    expectUsageError(cli('validate', ...args), message)
  })
})
