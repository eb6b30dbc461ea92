/**
 * Every error code microcred can emit is documented and exercised by at least one test elsewhere in the
 * suite (the guard fails as soon as a code is added without a negative test).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../src/index.js'
import { ROOT } from '../helpers/files.js'

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'meta' ? [] : testFiles(path)
    return name.endsWith('.test.ts') ? [path] : []
  })
}

const tests = testFiles(join(ROOT, 'test')).map((file) => readFileSync(file, 'utf8')).join('\n')
const errorsSource = readFileSync(join(ROOT, 'src', 'errors.ts'), 'utf8')

describe('error codes', () => {
  it.each([...ERROR_CODES])('%s is asserted by a test', (code) => {
    expect(tests).toMatch(new RegExp(`\\b${code}\\b`))
  })

  it.each([...ERROR_CODES])('%s is documented in the MicrocredErrorCode table', (code) => {
    expect(errorsSource).toContain(`| \`${code}\` |`)
  })
})
