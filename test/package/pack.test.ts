/**
 * The published package: `npm pack` it and use it the way users do, with `import` and with `require`, and through its
 * types, from a scratch project outside the repository. That project gets only what an install from the registry
 * would give it: the package's runtime dependencies (`npm ls --omit=dev`), copied from this repository's node_modules
 * so nothing is downloaded. A module the code uses but package.json does not declare is missing there, as it would be
 * for a user.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/files.js'

/** The scratch project; '' until beforeAll made it. */
let project = ''
let files: string[]

/** The folders of the runtime dependencies, as npm installs them (nested ones inside their parent's folder). */
function runtimeDependencies(): string[] {
  const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .split('\n')
    .filter((line) => line.startsWith(join(ROOT, 'node_modules') + sep))
  return outermost(listed)
}

/** A package nested in another's node_modules is copied with its parent: only the outermost folders. */
function outermost(dirs: string[]): string[] {
  return dirs.filter((dir) => !dirs.some((other) => other !== dir && dir.startsWith(other + sep)))
}

/** Copies packages and everything they depend on from this repository's node_modules, as an install would add them. */
function copyPackages(names: string[]): void {
  const selector = names.map((name) => `[name="${name}"], [name="${name}"] *`).join(', ')
  const listed = (
    JSON.parse(
      execFileSync('npm', ['query', selector], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    ) as { path: string }[]
  ).map((node) => node.path)
  for (const dir of outermost(listed)) cpSync(dir, join(project, relative(ROOT, dir)), { recursive: true })
}

/** What `npm install fastify @fastify/multipart ...` adds for the service. */
function addServerPackages(): void {
  copyPackages(Object.keys(serverPackages()))
}

/** Type-checks files of the scratch project as a user's TypeScript would (node16 resolution); tsc's output. */
function typeCheck(files: string[], types: string[]): string {
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'node16',
        moduleResolution: 'node16',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types,
      },
      files,
    }),
  )
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  // tsc prints its errors on stdout.
  return spawnSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' }).stdout
}

/** The optional peer dependencies (the service's), from package.json. */
function serverPackages(): Record<string, string> {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> })
    .peerDependencies
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'microcred-pack-'))
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string; files: { path: string }[] }[]
  files = packed!.files.map((f) => f.path)
  for (const dir of runtimeDependencies()) cpSync(dir, join(project, relative(ROOT, dir)), { recursive: true })
  const target = join(project, 'node_modules', 'microcred')
  mkdirSync(target, { recursive: true })
  execFileSync('tar', ['-xzf', join(project, packed!.filename), '-C', target, '--strip-components=1'])
})

afterAll(() => {
  if (project !== '') rmSync(project, { recursive: true, force: true })
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
  const many = await batch.issueMany([credential, credential], { keyPair, workers: 2, callingThread: false })
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
        ...['server', 'status', 'bake', 'batch', 'stack', 'keys', 'vocabularies', 'contexts'].flatMap((entry) => [
          `dist/${entry}.js`,
          `dist/${entry}.cjs`,
          `dist/${entry}.d.ts`,
          `dist/${entry}.d.cts`,
        ]),
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
    expect(
      run('esm.mjs', `import * as m from 'microcred'\nimport * as batch from 'microcred/batch'\n${scenario}`),
    ).toEqual({
      verified: true,
      code: 'ERR_EU_ELEMENT_MISSING',
      printed: 'MicrocredError',
      many: [true, true],
    })
  })

  it('works with require (CommonJS)', () => {
    expect(
      run(
        'cjs.cjs',
        `const m = require('microcred'); const batch = require('microcred/batch');\n(async () => {${scenario}})()`,
      ),
    ).toEqual({
      verified: true,
      code: 'ERR_EU_ELEMENT_MISSING',
      printed: 'MicrocredError',
      many: [true, true],
    })
  })

  it('a library install has no Fastify: microcred/server says which packages to install (ERR_DEPENDENCY_MISSING)', () => {
    const attempt = `
      let outcome
      try {
        await s.createVcApiServer({ keyPair: await m.generateKeyPair(), publicUrl: 'https://issuer.example', allowUnauthenticated: true, logger: false })
        outcome = 'started'
      } catch (e) { outcome = { code: e.code, message: e.message } }
      console.log(JSON.stringify(outcome))`
    for (const [file, source] of [
      ['no-server.mjs', `import * as m from 'microcred'\nimport * as s from 'microcred/server'\n${attempt}`],
      [
        'no-server.cjs',
        `const m = require('microcred'); const s = require('microcred/server');\n(async () => {${attempt}})()`,
      ],
    ] as const) {
      const outcome = run(file, source) as { code: string; message: string }
      expect(outcome.code, file).toBe('ERR_DEPENDENCY_MISSING')
      expect(outcome.message, file).toContain(
        'npm install fastify@^5.12.8 @fastify/multipart@^10.1.9 @fastify/rate-limit@^11.2.0 @fastify/swagger@^9.9.3',
      )
    }
  })

  it('with the server packages added (as `npm install fastify ...` would), microcred/server starts', () => {
    addServerPackages()
    expect(
      run(
        'server-starts.mjs',
        `import * as s from 'microcred/server'\nimport * as m from 'microcred'\nconst server = await s.createVcApiServer({ keyPair: await m.generateKeyPair(), publicUrl: 'https://issuer.example', allowUnauthenticated: true, logger: false })\nawait server.close()\nconsole.log(JSON.stringify('started'))`,
      ),
    ).toBe('started')
  })

  it('microcred/server works with import and require, sharing the library with microcred (one key registry)', () => {
    const serverScenario = `
      const keyPair = await m.generateKeyPair()
      const server = await s.createVcApiServer({ keyPair, publicUrl: 'https://issuer.example', statusStore: new st.MemoryStatusListStore(), allowUnauthenticated: true, logger: false })
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
      run(
        'server.mjs',
        `import * as m from 'microcred'\nimport * as s from 'microcred/server'\nimport * as st from 'microcred/status'\n${serverScenario}`,
      ),
    ).toEqual(expected)
    expect(
      run(
        'server.cjs',
        `const m = require('microcred'); const s = require('microcred/server'); const st = require('microcred/status');\n(async () => {${serverScenario}})()`,
      ),
    ).toEqual(expected)
  })

  it('every entry point of the exports map loads with import and require, the same module either way', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'microcred', 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>
    }
    const names = Object.keys(manifest.exports)
      .filter((subpath) => !subpath.endsWith('.json'))
      .map((subpath) => (subpath === '.' ? 'microcred' : `microcred/${subpath.slice(2)}`))
    expect(names).toEqual(
      expect.arrayContaining(['microcred', 'microcred/status', 'microcred/bake', 'microcred/server']),
    )
    const result = run(
      'entries.mjs',
      `
      import { createRequire } from 'node:module'
      const require = createRequire(import.meta.url)
      const out = {}
      for (const name of ${JSON.stringify(names)}) {
        const esm = Object.keys(await import(name)).filter((key) => key !== 'default').sort()
        const cjs = Object.keys(require(name)).filter((key) => key !== 'default' && key !== '__esModule').sort()
        out[name] = { esm: esm.length, same: JSON.stringify(esm) === JSON.stringify(cjs) }
      }
      console.log(JSON.stringify(out))`,
    ) as Record<string, { esm: number; same: boolean }>
    for (const name of names) {
      expect(result[name]!.esm, name).toBeGreaterThan(0)
      expect(result[name]!.same, name).toBe(true)
    }
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

  it('resolves its types for ESM and CommonJS consumers (TypeScript, node16 resolution), the library without Node types', () => {
    // A library user: every entry point but the service, no @types/node, no Fastify.
    const libraryEntries = Object.keys(
      (
        JSON.parse(readFileSync(join(project, 'node_modules', 'microcred', 'package.json'), 'utf8')) as {
          exports: Record<string, unknown>
        }
      ).exports,
    )
      .filter((subpath) => !subpath.endsWith('.json') && subpath !== './server')
      .map((subpath) => (subpath === '.' ? 'microcred' : `microcred/${subpath.slice(2)}`))
    writeFileSync(
      join(project, 'use.mts'),
      `import { createMicroCredential, type MicroCredential } from 'microcred'\n` +
        libraryEntries.map((name, i) => `import * as entry${i} from '${name}'\n`).join('') +
        `export const entries = [${libraryEntries.map((_, i) => `entry${i}`).join(', ')}]\n` +
        `export const build: (i: Parameters<typeof createMicroCredential>[0]) => MicroCredential = createMicroCredential\n`,
    )
    writeFileSync(
      join(project, 'use.cts'),
      `import m = require('microcred')\nimport st = require('microcred/status')\nexport const check: typeof m.verify = m.verify\nexport const list: typeof st.createStatusList = st.createStatusList\n`,
    )
    expect(typeCheck(['use.mts', 'use.cts'], [])).toBe('')
  })

  it('microcred/server types resolve once its peer dependencies and @types/node are installed', () => {
    addServerPackages()
    copyPackages(['@types/node'])
    writeFileSync(
      join(project, 'serve.cts'),
      `import s = require('microcred/server')\nexport const serve: typeof s.createVcApiServer = s.createVcApiServer\n`,
    )
    writeFileSync(
      join(project, 'serve.mts'),
      `import { createVcApiServer, type VcApiServer } from 'microcred/server'\nexport const start: () => Promise<VcApiServer> = () => createVcApiServer({ publicUrl: 'https://issuer.example' } as Parameters<typeof createVcApiServer>[0])\n`,
    )
    expect(typeCheck(['serve.mts', 'serve.cts'], ['node'])).toBe('')
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
