/**
 * Issuing, verifying and validating (valid and invalid credentials, whose `oneOf` findings run the alternatives'
 * validators) load none of Ajv's compiler nor ajv-formats' plugin, and generate no code from strings: each run is a
 * separate Node process started with `--disallow-code-generation-from-strings`, which makes `eval` and
 * `new Function` throw as a strict Content-Security-Policy would. What it loaded is read from Node's module cache,
 * where the CommonJS modules an ES module imports are kept too (Ajv and ajv-formats are CommonJS).
 *
 * Run on the ES module and CommonJS builds (dist/, which the test setup builds) and on the sources through tsx.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { fullInput } from '../fixtures/inputs.js'
import { ROOT } from '../helpers/files.js'

const PROBE = `
import { createRequire } from 'node:module'
const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))})
const [entry, inputJson] = process.argv.slice(-2)
const lib = entry.endsWith('.cjs') ? require(entry) : await import(entry)
const keyPair = await lib.generateKeyPair()
const input = JSON.parse(inputJson)
const credential = lib.createMicroCredential({ ...input, issuer: { ...input.issuer, id: keyPair.controller } })
const signed = await lib.issue(credential, { keyPair, created: '2025-06-30T10:00:00Z' })
const report = await lib.verify(signed)
const broken = structuredClone(signed)
broken.issuer = 42
broken.credentialSubject.achievement.image = 'https://example.com/badge.png'
delete broken.credentialSubject.achievement.name
const issues = await lib.validateCredential(broken)
const brokenReport = await lib.verify(broken)
console.log(JSON.stringify({
  verified: report.verified,
  brokenVerified: brokenReport.verified,
  schemaIssues: issues.filter((issue) => issue.check === 'schema').map((issue) => issue.code + ' ' + issue.path),
  loaded: Object.keys(require.cache).filter((file) => /[\\\\/]node_modules[\\\\/]ajv(-formats)?[\\\\/]/.test(file)),
}))
`

interface Outcome {
  verified: boolean
  brokenVerified: boolean
  schemaIssues: string[]
  loaded: string[]
}

function probe(entry: string, nodeOptions: string[] = []): Outcome {
  const output = execFileSync(
    process.execPath,
    [
      ...nodeOptions,
      '--disallow-code-generation-from-strings',
      '--input-type=module',
      '--eval',
      PROBE,
      entry,
      JSON.stringify(fullInput()),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  )
  return JSON.parse(output) as Outcome
}

/** Only Ajv's run-time helpers and ajv-formats' format functions, which the compiled validators import. */
function allowed(file: string): boolean {
  return /[\\/]ajv[\\/]dist[\\/]runtime[\\/]/.test(file) || /[\\/]ajv-formats[\\/]dist[\\/]formats\.js$/.test(file)
}

describe('validating with the bundled schemas', () => {
  for (const [name, entry, options] of [
    ['the ES module build', join(ROOT, 'dist/index.js'), []],
    ['the CommonJS build', join(ROOT, 'dist/index.cjs'), []],
    ['the sources (tsx)', pathToFileURL(join(ROOT, 'src/index.ts')).href, ['--import', 'tsx']],
  ] as const) {
    it(`loads no schema compiler and evaluates no code, in ${name}`, () => {
      const outcome = probe(entry, [...options])
      expect(outcome.verified).toBe(true)
      expect(outcome.brokenVerified).toBe(false)
      // The issuer's oneOf (a URL or a Profile) is distilled by validating each alternative.
      expect(outcome.schemaIssues).toEqual(
        expect.arrayContaining([
          'ERR_SCHEMA_TYPE issuer',
          'ERR_SCHEMA_TYPE credentialSubject.achievement.image',
          'ERR_SCHEMA_REQUIRED credentialSubject.achievement.name',
        ]),
      )
      expect(outcome.loaded.length).toBeGreaterThan(0)
      expect(outcome.loaded.filter((file) => !allowed(file))).toEqual([])
      expect(outcome.loaded.some((file) => file.endsWith(join('ajv', 'dist', '2019.js')))).toBe(false)
    }, 60_000)
  }
})
