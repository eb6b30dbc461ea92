/** `microcred template` and `microcred vocabularies` through the built binary. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ASSESSMENT_TYPES, SUPERVISION_TYPES } from '../../src/model/vocabularies.js'
import { runCli, type CliResult } from '../helpers/cli.js'
import { ROOT } from '../helpers/files.js'

let dir: string
const cli = (...args: string[]): CliResult => runCli(args, { cwd: dir })
const EXAMPLE = join(ROOT, 'examples', 'course.json')

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-template-'))
  expect(cli('keygen', '--out', 'key.json').code).toBe(0)
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('microcred template', () => {
  it('prints plain JSON on stdout, the same as examples/course.json, and what each member means on stderr', () => {
    const result = cli('template')
    expect(result.code).toBe(0)
    const template = JSON.parse(result.stdout)
    expect(template).toEqual(JSON.parse(readFileSync(EXAMPLE, 'utf8')))
    expect(template.issuer.id).toBeUndefined()
    for (const member of Object.keys(template)) expect(result.stderr).toMatch(new RegExp(`^${member}\\b`, 'm'))
    for (const element of ['EU 1 ', 'EU 2 ', 'EU 3 ', 'EU 4 ', 'EU 6 ', 'EU 7 ', 'EU 9 ', 'EU 10 ', 'EU 11 '])
      expect(result.stderr).toContain(element)
    expect(cli('template', '--quiet').stderr).toBe('')
  })

  it("examples/course.json issues with a key (the issuer id is the key's controller) and the credential verifies", () => {
    const issued = cli('issue', EXAMPLE, '--key', 'key.json', '--out', 'ada.json')
    expect(issued.stderr).toBe('')
    expect(issued.code).toBe(0)
    const credential = JSON.parse(readFileSync(join(dir, 'ada.json'), 'utf8'))
    expect(credential.issuer.id).toBe(JSON.parse(readFileSync(join(dir, 'key.json'), 'utf8')).controller)
    expect(JSON.stringify(credential)).toContain(SUPERVISION_TYPES.entries['supervised-with-id'].iri)
    const verified = cli('verify', 'ada.json')
    expect(verified.code).toBe(0)
    // The template has every element: the EU profile finds nothing missing.
    expect(verified.stdout).not.toContain('ERR_EU_ELEMENT_MISSING')
  })

  it('--out writes the file and refuses to replace it without --force', () => {
    expect(cli('template', '--out', 'course.json', '--quiet').code).toBe(0)
    expect(JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8'))).toEqual(
      JSON.parse(readFileSync(EXAMPLE, 'utf8')),
    )
    const again = cli('template', '--out', 'course.json')
    expect(again.code).toBe(2)
    expect(again.stderr).toBe('microcred: course.json exists; pass --force to replace it\n')
  })
})

describe('microcred vocabularies', () => {
  it('lists every vocabulary with friendly names, IRIs and labels; one by name; --json', () => {
    const all = cli('vocabularies')
    expect(all.code).toBe(0)
    for (const name of [
      'eqf',
      'credit',
      'assessment',
      'supervision',
      'participation',
      'learning-activity',
      'learning-setting',
      'quality-assurance',
    ])
      expect(all.stdout).toMatch(new RegExp(`^${name} \\(`, 'm'))

    const one = cli('vocabularies', 'assessment')
    expect(one.code).toBe(0)
    const lines = one.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^assessment \(assessment\.types; EU list assessment/)
    expect(lines.slice(1)).toHaveLength(Object.keys(ASSESSMENT_TYPES.entries).length)
    expect(one.stdout).toMatch(
      /^ {2}written-exam +http:\/\/data\.europa\.eu\/snb\/assessment\/6e6cb2cc78 {2}Written examination$/m,
    )

    // The EU list's own name works too.
    expect(cli('vocabularies', 'supervision-verification').stdout).toBe(cli('vocabularies', 'supervision').stdout)
    const json = JSON.parse(cli('vocabularies', 'supervision', '--json').stdout)
    expect(json).toEqual({
      supervision: {
        field: 'assessment.supervision',
        list: 'supervision-verification',
        values: SUPERVISION_TYPES.entries,
      },
    })
  })

  it('an unknown name: exit 2, one line naming the vocabularies', () => {
    const result = cli('vocabularies', 'grades')
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'microcred: no vocabulary "grades"; the vocabularies are eqf, credit, assessment, supervision, participation, learning-activity, learning-setting, quality-assurance\n',
    )
  })
})
