/**
 * The generated API reference (`npm run docs`): both entry points (`microcred` and `microcred/server`) are in it, and
 * typedoc finds nothing to warn about (a broken `{@link}`, a type the docs refer to but do not include, an undocumented
 * export): typedoc.json treats every warning as an error, so a clean exit is the assertion.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/files.js'

/** The output folder; '' until beforeAll made it. */
let out = ''
let result: { code: number; output: string }

beforeAll(async () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true })
  out = mkdtempSync(join(ROOT, '.tmp', 'docs-'))
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out],
      { cwd: ROOT },
    )
    result = { code: 0, output: stdout + stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    result = { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` }
  }
}, 240_000)

afterAll(() => {
  if (out !== '') rmSync(out, { recursive: true, force: true })
})

describe('the API reference', () => {
  it('is generated without a warning', () => {
    expect(result.output).not.toMatch(/\[warning\]|\[error\]/)
    expect(result.code).toBe(0)
  })

  it('has microcred/server, with the service, its options and the bearer tokens', () => {
    const page = readFileSync(join(out, 'modules', 'microcred_server.html'), 'utf8')
    for (const name of ['createVcApiServer', 'VcApiServerOptions', 'createBearerToken', 'Problem'])
      expect(page).toContain(name)
  })

  it('has microcred, with issue() and verify()', () => {
    const page = readFileSync(join(out, 'modules', 'microcred.html'), 'utf8')
    for (const name of ['createMicroCredential', 'issue', 'verify', 'VerificationPolicy'])
      expect(page).toContain(`>${name}<`)
  })
})
