/**
 * What importing microcred and verifying one credential loads (issue 20, cold start): the built package is run in a
 * child process with a preloaded module that writes, at exit, every CommonJS file Node loaded (`require.cache`, which
 * also holds CommonJS packages imported from ES modules). Modules only some operations need must not be among them on
 * the common path, and must be loaded (so still work) when an operation needs them.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, issue } from '../../src/index.js'
import { bakeSvg } from '../../src/entries/bake.js'
import { CLI } from '../helpers/cli.js'
import { euCredential } from '../helpers/credentials.js'
import { ROOT } from '../helpers/files.js'

/** Loaded only by the operations that need them; `file` is a path inside node_modules. */
const ON_DEMAND = {
  'jsonld.js entry point (and its HTTP client)': 'jsonld/lib/jsonld.js',
  'jsonld-signatures': 'jsonld-signatures/',
  undici: 'undici/',
  '@xmldom/xmldom': '@xmldom/xmldom/',
  'i18n-iso-countries entry point': 'i18n-iso-countries/index.js',
  commander: 'commander/',
  piscina: 'piscina/',
} as const

let folder: string
let signedFile: string
let bakedFile: string
const tracer = (): string => join(folder, 'trace.cjs')
let runs = 0

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'microcred-lazy-'))
  const keyPair = await generateKeyPair()
  const signed = await issue(euCredential(keyPair), { keyPair })
  signedFile = join(folder, 'signed.json')
  writeFileSync(signedFile, JSON.stringify(signed))
  bakedFile = join(folder, 'baked.svg')
  writeFileSync(bakedFile, bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', signed))
  // Written at exit, so it sees everything loaded during the run.
  writeFileSync(
    tracer(),
    `process.on('exit', () => require('node:fs').writeFileSync(process.env.MICROCRED_TRACE, Object.keys(require.cache).join('\\n')))\n`,
  )
})

afterAll(() => {
  rmSync(folder, { recursive: true, force: true })
})

/** Runs `args` with node and the tracer; the files loaded, and the child's stdout. */
function run(args: string[]): { loaded: string[]; stdout: string } {
  const trace = join(folder, `trace-${String(runs++)}.txt`)
  const child = spawnSync(process.execPath, ['--require', tracer(), ...args], {
    cwd: folder,
    env: { ...process.env, MICROCRED_TRACE: trace, NO_COLOR: '1', NODE_DISABLE_COMPILE_CACHE: '1' },
    encoding: 'utf8',
  })
  expect(child.stderr).toBe('')
  return { loaded: readFileSync(trace, 'utf8').split('\n'), stdout: child.stdout }
}

const loadedOnes = (loaded: string[]): string[] =>
  Object.entries(ON_DEMAND)
    .filter(([, file]) => loaded.some((path) => path.includes(`/node_modules/${file}`)))
    .map(([name]) => name)

/** A script importing the built library and verifying `file` (given as argv[2]); prints `verified` or the report. */
function verifyScript(entry: string): string {
  const script = join(folder, `verify-${entry.replace(/\W/g, '_')}.mjs`)
  writeFileSync(
    script,
    `import { readFileSync } from 'node:fs'
const { verify } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', entry)).href)})
const input = process.argv[2].endsWith('.svg') ? readFileSync(process.argv[2]) : JSON.parse(readFileSync(process.argv[2], 'utf8'))
const report = await verify(input)
console.log(report.verified ? 'verified' : JSON.stringify(report))
`,
  )
  return script
}

describe('importing microcred and verifying an eddsa-rdfc-2022 credential', () => {
  it('loads none of the modules only other operations need (ES module build)', () => {
    const { loaded, stdout } = run([verifyScript('index.js'), signedFile])
    expect(stdout.trim()).toBe('verified')
    expect(loadedOnes(loaded)).toEqual([])
  })

  it('the same through the CommonJS build', () => {
    const script = join(folder, 'verify.cjs')
    writeFileSync(
      script,
      `const { verify } = require(${JSON.stringify(join(ROOT, 'dist', 'index.cjs'))})
verify(JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'))).then((r) => console.log(r.verified ? 'verified' : JSON.stringify(r)))
`,
    )
    const { loaded, stdout } = run([script, signedFile])
    expect(stdout.trim()).toBe('verified')
    expect(loadedOnes(loaded)).toEqual([])
  })

  it('a baked SVG loads the XML parser, and verifies', () => {
    const { loaded, stdout } = run([verifyScript('index.js'), bakedFile])
    expect(stdout.trim()).toBe('verified')
    expect(loadedOnes(loaded)).toEqual(['@xmldom/xmldom'])
  })

  it('a tampered credential loads jsonld-signatures, which reports the failure', () => {
    const tampered = JSON.parse(readFileSync(signedFile, 'utf8')) as { name: string }
    tampered.name = `${tampered.name}!`
    const file = join(folder, 'tampered.json')
    writeFileSync(file, JSON.stringify(tampered))
    const { loaded, stdout } = run([verifyScript('index.js'), file])
    expect(stdout).toContain('ERR_PROOF_INVALID')
    expect(loadedOnes(loaded)).toContain('jsonld-signatures')
  })
})

describe('the microcred command', () => {
  it('verify loads commander but not the service, the thread pool, the HTTP client or the XML parser', () => {
    const { loaded, stdout } = run([CLI, 'verify', signedFile])
    expect(stdout).toContain('VERIFIED')
    expect(loadedOnes(loaded)).toEqual(['commander'])
    expect(loaded.some((path) => path.includes('/node_modules/fastify/'))).toBe(false)
  })
})
