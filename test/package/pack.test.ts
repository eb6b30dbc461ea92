/**
 * The published package: `npm pack` it, unpack it into a scratch project, and use it the way users do, with
 * `import` and with `require`, and through its types. Dependencies resolve from this repository's
 * node_modules (the scratch project lives under it), so nothing is downloaded.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/files.js'

let project: string
let files: string[]

beforeAll(() => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true })
  project = mkdtempSync(join(ROOT, '.tmp', 'pack-'))
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>
  files = packed!.files.map((f) => f.path)
  const target = join(project, 'node_modules', 'microcred')
  mkdirSync(target, { recursive: true })
  execFileSync('tar', ['-xzf', join(project, packed!.filename), '-C', target, '--strip-components=1'])
})

afterAll(() => {
  if (project !== undefined) rmSync(project, { recursive: true, force: true })
})

/** Builds an EU micro-credential issued by `keyPair` with the module object `m` (source text for the scenarios). */
const makeCredential = `
  const credential = m.createMicroCredential({
    issuer: { id: keyPair.controller, name: 'Pack Test Academy', country: 'IE' },
    learner: { name: 'Test Learner' }, title: 'Packaging', description: 'Ship a library.',
    learningOutcomes: ['Publish a dual ESM/CommonJS package'], workload: { hours: 10 },
    assessment: { types: ['project'] }, participation: ['online'], qualityAssurance: [{ type: 'institutional' }],
    issued: '2025-01-01T00:00:00Z',
  })
`

/** Signs an EU micro-credential and verifies it with the given module object. */
const scenario = `
  const keyPair = await m.generateKeyPair()
  ${makeCredential}  const signed = await m.issue(credential, { keyPair })
  const report = await m.verify(signed, { now: new Date('2025-06-01T00:00:00Z') })
  let code
  let printed
  try { m.createMicroCredential({}) } catch (e) { code = e instanceof m.MicrocredError ? e.code : 'not a MicrocredError'; printed = (await import('node:util')).inspect(e).split(':')[0] }
  // callingThread: false makes the worker threads sign, so the built worker module (ESM and CommonJS) is loaded.
  const many = await m.issueMany([credential, credential], { keyPair, workers: 2, callingThread: false })
  console.log(JSON.stringify({ verified: report.verified, code, printed, many: many.map((r) => r.ok) }))
`

function run(file: string, source: string): unknown {
  writeFileSync(join(project, file), source)
  return JSON.parse(execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }))
}

describe('the packed tarball', () => {
  it('contains the builds, types, contexts and schemas, and no sources or tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.cjs',
        'dist/index.d.ts',
        'dist/index.d.cts',
        'dist/cli.js',
        'dist/server.js',
        'dist/server.cjs',
        'dist/server.d.ts',
        'dist/server.d.cts',
        'dist/worker.js',
        'dist/worker.cjs',
        'dist/service-thread.js',
        'dist/service-thread.cjs',
        'contexts/microcred-eu-v1.json',
        'schemas/eu-microcredential-v1.json',
        'assets/badge.png',
        'package.json',
        'README.md',
      ]),
    )
    expect(
      files.filter(
        (f) =>
          f.startsWith('src/') ||
          f.startsWith('test/') ||
          (f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.d.cts')),
      ),
    ).toEqual([])
  })

  it('works with import (ESM)', () => {
    expect(run('esm.mjs', `import * as m from 'microcred'\n${scenario}`)).toEqual({
      verified: true,
      code: 'ERR_EU_ELEMENT_MISSING',
      printed: 'MicrocredError',
      many: [true, true],
    })
  })

  it('works with require (CommonJS)', () => {
    expect(run('cjs.cjs', `const m = require('microcred');\n(async () => {${scenario}})()`)).toEqual({
      verified: true,
      code: 'ERR_EU_ELEMENT_MISSING',
      printed: 'MicrocredError',
      many: [true, true],
    })
  })

  it('microcred/server works with import and require, sharing the library with microcred (one key registry)', () => {
    const serverScenario = `
      const keyPair = await m.generateKeyPair()
      const server = await s.createVcApiServer({ keyPair, publicUrl: 'https://issuer.example', statusStore: new m.MemoryStatusListStore(), allowUnauthenticated: true, logger: false })
      const url = await server.listen()
      const response = await fetch(url + '/status/revocation')
      const list = await response.json()
      // Issuing and verifying run in the service's threads: the built thread module (ESM or CommonJS) is loaded.
      ${makeCredential}      const post = (path, body) => fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      const issued = await post('/credentials/issue', { credential })
      const { verifiableCredential } = await issued.json()
      const verified = await post('/credentials/verify', { verifiableCredential })
      await server.close()
      console.log(JSON.stringify({ status: response.status, id: list.id, hashed: s.hashBearerToken('x').length, issued: issued.status, verified: verified.status }))`
    const expected = {
      status: 200,
      id: 'https://issuer.example/status/revocation',
      hashed: 64,
      issued: 201,
      verified: 200,
    }
    expect(
      run('server.mjs', `import * as m from 'microcred'\nimport * as s from 'microcred/server'\n${serverScenario}`),
    ).toEqual(expected)
    expect(
      run(
        'server.cjs',
        `const m = require('microcred'); const s = require('microcred/server');\n(async () => {${serverScenario}})()`,
      ),
    ).toEqual(expected)
  })

  it('exposes the EU context and schema as files through the exports map', () => {
    const result = run(
      'assets.mjs',
      `
      import { createRequire } from 'node:module'
      const require = createRequire(import.meta.url)
      const context = require('microcred/contexts/eu-v1.json')
      const schema = require('microcred/schemas/eu-microcredential-v1.json')
      console.log(JSON.stringify({ protected: context['@context']['@protected'], id: schema.$id }))`,
    )
    expect(result).toEqual({ protected: true, id: 'https://w3id.org/microcred/eu/v1/schema.json' })
  })

  it('resolves its types for ESM and CommonJS consumers (TypeScript, node16 resolution)', () => {
    writeFileSync(
      join(project, 'use.mts'),
      `import { createMicroCredential, type MicroCredential } from 'microcred'\nexport const build: (i: Parameters<typeof createMicroCredential>[0]) => MicroCredential = createMicroCredential\n`,
    )
    writeFileSync(
      join(project, 'use.cts'),
      `import m = require('microcred')\nimport s = require('microcred/server')\nexport const check: typeof m.verify = m.verify\nexport const serve: typeof s.createVcApiServer = s.createVcApiServer\n`,
    )
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['use.mts', 'use.cts'],
      }),
    )
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    expect(() =>
      execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8', stdio: 'pipe' }),
    ).not.toThrow()
  })

  it('the installed command finds its packaged badge image (batch without --image)', () => {
    const bin = join(project, 'node_modules', 'microcred', 'dist', 'cli.js')
    execFileSync(process.execPath, [bin, 'keygen', '--out', 'key.json'], { cwd: project })
    writeFileSync(join(project, 'roster.csv'), 'name\nAda Lovelace\n')
    writeFileSync(
      join(project, 'course.json'),
      JSON.stringify({
        issuer: { name: 'Pack Test Academy', country: 'IE' },
        title: 'Packaging',
        description: 'Ship a library.',
        learningOutcomes: ['Publish a package'],
        workload: { hours: 10 },
        assessment: { types: ['project'] },
        participation: ['online'],
        qualityAssurance: [{ type: 'institutional' }],
      }),
    )
    execFileSync(
      process.execPath,
      [bin, 'batch', '--roster', 'roster.csv', '--template', 'course.json', '--key', 'key.json', '--out', 'out'],
      { cwd: project, stdio: 'pipe' },
    )
    expect(readdirSync(join(project, 'out', 'badges'))).toEqual(['0002-ada-lovelace.png'])
  })

  it('installs a working `microcred` command', () => {
    const version = execFileSync(
      process.execPath,
      [join(project, 'node_modules', 'microcred', 'dist', 'cli.js'), '--version'],
      { encoding: 'utf8' },
    )
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+$/)
    expect(readdirSync(join(project, 'node_modules', 'microcred', 'dist'))).toContain('cli.js')
  })
})
