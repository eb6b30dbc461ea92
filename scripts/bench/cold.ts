/**
 * Cold start (`npm run bench -- --cold [--rounds 10]`): the CPU a fresh process spends to import a verifier and verify
 * one signed EU micro-credential, and the `microcred verify` / `microcred validate` commands on one file. Each round runs
 * every case once, in turn, each in its own `node` process; the figure is the process's whole CPU time (user + system,
 * Node's own start included), read at exit. Cases:
 *
 * - microcred today (the built package, `dist/`), and microcred at the baseline commit (built once, see previous.ts);
 * - the Digital Bazaar stack (`@digitalbazaar/vc`, data-integrity, the eddsa-rdfc-2022 cryptosuite) verifying the same
 *   credential with a loader holding the bundled contexts and the issuer's did:key document (what it needs, no more);
 * - the command, with Node's compile cache off (the first run on a machine) and on (every later run).
 *
 * Reported: the median CPU of each case and the ratios that issue 20 sets goals for, with their spread over rounds.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { generateKeyPair, issue } from '../../src/index.js'
import { sampleCredential } from '../sample-credential.js'
import { BASELINE_COMMIT, previousBuild } from './previous.js'

const ROOT = resolve(import.meta.dirname, '..', '..')

interface Case {
  name: string
  args: string[]
  env?: Record<string, string>
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export async function runCold(options: {
  rounds: number
  asJson: boolean
  /** The commit to compare with; `null` for none. */
  previous?: string | null
}): Promise<number> {
  if (!Number.isInteger(options.rounds) || options.rounds < 1)
    throw new Error('--rounds must be a whole number of at least 1')
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  const baseline = options.previous === null ? undefined : (options.previous ?? BASELINE_COMMIT)
  const earlier = baseline === undefined ? undefined : previousBuild(baseline)
  const folder = mkdtempSync(join(tmpdir(), 'microcred-cold-'))
  try {
    const keyPair = await generateKeyPair()
    const credential = await issue(sampleCredential({ id: keyPair.controller, name: 'Cold Start University' }), {
      keyPair,
    })
    const file = join(folder, 'credential.json')
    writeFileSync(file, JSON.stringify(credential))
    // Writes the process's CPU (ms) at exit; loaded with --require so that it covers everything after Node's start.
    const meter = join(folder, 'meter.cjs')
    writeFileSync(
      meter,
      `process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(process.env.MICROCRED_CPU_FILE, String((u.user + u.system) / 1000)) })\n`,
    )
    const verifyWith = (dist: string): string => {
      const script = join(folder, `verify-${String(Math.abs(hash(dist)))}.mjs`)
      writeFileSync(
        script,
        `import { readFileSync } from 'node:fs'
const { verify } = await import(${JSON.stringify(pathToFileURL(join(dist, 'index.js')).href)})
const report = await verify(JSON.parse(readFileSync(process.argv[2], 'utf8')))
if (!report.verified) { console.error(JSON.stringify(report.issues)); process.exit(1) }
`,
      )
      return script
    }
    const digitalBazaar = join(folder, 'digitalbazaar.mjs')
    writeFileSync(
      digitalBazaar,
      `import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
const require = createRequire(${JSON.stringify(pathToFileURL(join(ROOT, 'package.json')).href)})
const load = (name) => import(pathToFileURL(require.resolve(name)).href)
import { pathToFileURL } from 'node:url'
const vc = await load('@digitalbazaar/vc')
const { DataIntegrityProof } = await load('@digitalbazaar/data-integrity')
const { cryptosuite } = await load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite')
const { BUNDLED_CONTEXTS } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'contexts.js')).href)})
const documents = new Map()
for (const context of BUNDLED_CONTEXTS) for (const url of [context.url, ...context.aliases]) documents.set(url, context.document)
const documentLoader = async (url) => {
  if (url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#')
    const multibase = did.slice('did:key:'.length)
    const method = { '@context': 'https://w3id.org/security/multikey/v1', id: did + '#' + multibase, type: 'Multikey', controller: did, publicKeyMultibase: multibase }
    const document = { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: did, verificationMethod: [method], assertionMethod: [method.id] }
    return { contextUrl: null, documentUrl: url, document: fragment === undefined ? document : method }
  }
  if (!documents.has(url)) throw new Error('not bundled: ' + url)
  return { contextUrl: null, documentUrl: url, document: documents.get(url) }
}
const credential = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const result = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader })
if (!result.verified) { console.error(JSON.stringify(result.error)); process.exit(1) }
`,
    )
    const noCache = { NODE_DISABLE_COMPILE_CACHE: '1' }
    const label = baseline?.slice(0, 7) ?? ''
    const NODE = 'node (start only)'
    const OURS = 'microcred: import + verify'
    const THEIRS = 'Digital Bazaar stack: import + verify'
    const EARLIER = `microcred at ${label}: import + verify`
    const command = (name: 'verify' | 'validate', dist: string, env?: Record<string, string>): Case => ({
      name: `microcred ${name} FILE${dist === ROOT ? (env === undefined ? ' (compile cache on)' : ' (compile cache off)') : ` at ${label}`}`,
      args: [join(dist, 'dist', 'cli.js'), name, file],
      ...(env === undefined ? {} : { env }),
    })
    const cases: Case[] = [
      { name: NODE, args: ['-e', '0'] },
      { name: OURS, args: [verifyWith(join(ROOT, 'dist')), file] },
      ...(earlier === undefined ? [] : [{ name: EARLIER, args: [verifyWith(join(earlier, 'dist')), file] }]),
      { name: THEIRS, args: [digitalBazaar, file] },
      command('verify', ROOT, noCache),
      command('verify', ROOT),
      ...(earlier === undefined ? [] : [command('verify', earlier, noCache)]),
      command('validate', ROOT, noCache),
      command('validate', ROOT),
      ...(earlier === undefined ? [] : [command('validate', earlier, noCache)]),
    ]
    const cpuFile = join(folder, 'cpu.txt')
    const cacheDir = join(folder, 'compile-cache')
    const runOnce = (item: Case): number => {
      const child = spawnSync(process.execPath, ['--require', meter, ...item.args], {
        cwd: folder,
        env: { ...process.env, NODE_COMPILE_CACHE: cacheDir, ...item.env, MICROCRED_CPU_FILE: cpuFile, NO_COLOR: '1' },
        encoding: 'utf8',
      })
      if (child.status !== 0) throw new Error(`${item.name} failed (${String(child.status)}): ${child.stderr}`)
      return Number(readFileSync(cpuFile, 'utf8'))
    }
    // One run of each first: fills the compile cache for the "cache on" cases and the OS file cache for all.
    for (const item of cases) runOnce(item)
    const samples = new Map<string, number[]>(cases.map((item) => [item.name, []]))
    for (let round = 0; round < options.rounds; round++)
      for (const item of cases) samples.get(item.name)!.push(runOnce(item))

    const at = (name: string): number[] => samples.get(name)!
    const ratio = (ours: string, theirs: string): { ratio: number; min: number; max: number } => {
      const each = at(ours).map((value, i) => value / at(theirs)[i]!)
      const r2 = (value: number): number => Math.round(value * 100) / 100
      return {
        ratio: r2(median(at(ours)) / median(at(theirs))),
        min: r2(Math.min(...each)),
        max: r2(Math.max(...each)),
      }
    }
    const goals: Record<string, { ratio: number; min: number; max: number }> = {
      'import + verify, microcred / Digital Bazaar (goal <= 1.0)': ratio(OURS, THEIRS),
    }
    if (earlier !== undefined) {
      goals[`import + verify, microcred / microcred at ${label}`] = ratio(OURS, EARLIER)
      for (const name of ['verify', 'validate'] as const)
        for (const cache of ['off', 'on'])
          goals[`microcred ${name} FILE (compile cache ${cache}) / at ${label} (goal <= 0.33)`] = ratio(
            `microcred ${name} FILE (compile cache ${cache})`,
            `microcred ${name} FILE at ${label}`,
          )
    }
    if (options.asJson) {
      console.log(
        JSON.stringify({
          rounds: options.rounds,
          medians: Object.fromEntries([...samples].map(([k, v]) => [k, median(v)])),
          goals,
        }),
      )
    } else {
      console.log(
        `cold start: CPU of a fresh process (user + system, ms), median of ${options.rounds} interleaved rounds\n`,
      )
      console.log('| case | CPU ms (median) | min–max |')
      console.log('| --- | --- | --- |')
      for (const [name, values] of samples)
        console.log(
          `| ${name} | ${median(values).toFixed(0)} | ${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} |`,
        )
      console.log('\n| ratio | median | spread over rounds |')
      console.log('| --- | --- | --- |')
      for (const [name, value] of Object.entries(goals))
        console.log(`| ${name} | ${value.ratio} | ${value.min}–${value.max} |`)
    }
    return 0
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

/** A short stable number for a path, to name a script file. */
function hash(text: string): number {
  let value = 0
  for (let i = 0; i < text.length; i++) value = (value * 31 + text.charCodeAt(i)) | 0
  return value
}
