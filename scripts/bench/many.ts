/**
 * `npm run bench -- --many [--count N] [--list N] [--rounds R]`: issueMany() against issue() in a loop in one process (both
 * keeping every result, as a caller would), at several list sizes; then one core against two on 50,000 credentials
 * issued in lists of 10,000: a loop in a process pinned to one core, issueMany() per list and one pool for all lists
 * in processes with both cores, and two pinned loops at once (see many-child.ts); the same with every result kept
 * as JSON text (`output: 'text'`). Runs the built package (`npm run build` first), as users do, so that worker
 * threads load plain JavaScript rather than TypeScript through tsx.
 */
import { execFile, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { IssueManyOutput } from '../../src/entries/batch.js'
import { sampleCredentials } from '../sample-credential.js'

const DIST = new URL('../../dist/index.js', import.meta.url)
const DIST_BATCH = new URL('../../dist/batch.js', import.meta.url)
const SIZES = [1_000, 5_000, 20_000, 50_000]
const created = '2025-09-01T00:00:00Z'

type Dist = typeof import('../../src/index.js') & typeof import('../../src/entries/batch.js')

const CHILD = fileURLToPath(new URL('./many-child.ts', import.meta.url))

/** CPUs the runs use: one for the baseline, both for the runs with two cores (whatever the machine has). */
const ONE_CORE = '0'
const TWO_CORES = '0,1'

/** Whether `taskset` (util-linux) can pin a process to CPU 0, CPU 1, and both, here. */
function canPin(): boolean {
  return [ONE_CORE, '1', TWO_CORES].every(
    (cpus) => spawnSync('taskset', ['-c', cpus, process.execPath, '-e', ''], { stdio: 'ignore' }).status === 0,
  )
}

/**
 * Credentials per second of one scripts/bench/many-child.ts process, pinned to `cpus` (a taskset list). A process
 * pinned to two CPUs sees two (`availableParallelism()` follows the affinity), so issueMany() uses two threads.
 */
function child(
  mode: 'loop' | 'many' | 'pool',
  output: Output,
  count: number,
  list: number,
  cpus: string,
): Promise<ChildRate> {
  const args = ['-c', cpus, process.execPath, '--import', 'tsx', CHILD, mode, String(count), String(list), output]
  return new Promise((resolve, reject) => {
    execFile('taskset', args, { maxBuffer: 1 << 20 }, (error, stdout) => {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- ExecFileException is an Error (its type omits `code`)
      if (error !== null) reject(error)
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildRate)
    })
  })
}

type Output = IssueManyOutput

/** What a child prints: credentials per second over all lists, and over the lists after the first (none: `null`). */
interface ChildRate {
  perSecond: number
  afterFirstList: number | null
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/** `faster` against `slower` (rates, or times the other way round), to two decimals. */
const ratio = (faster: number, slower: number): number => Math.round((faster / slower) * 100) / 100

const rate = (perSecond: number, against: number): Rate => ({
  perSecond: Math.round(perSecond),
  ratio: ratio(perSecond, against),
})

/**
 * "About 2x on 2 cores" measured as stated, on `count` credentials issued in lists (as a service would, cohort after
 * cohort): issue() in a loop in a process pinned to one core (its garbage collector's helper threads included, which
 * an unpinned loop runs on another core for free), against issueMany() per list and one openIssuingPool() for all
 * lists in processes pinned to two cores, and two loops at once, each pinned to its core (what two cores give when
 * nothing is shared). Each of the first three with results kept as objects and as JSON text (`output: 'text'`; the
 * loop writes out what issue() returns), each output compared with its own loop.
 * Medians of `rounds`, the kinds of run interleaved.
 */
async function oneCoreAgainstTwo(count: number, listSize: number, rounds: number): Promise<OneCoreAgainstTwo> {
  const list = Math.min(listSize, count)
  const runsOf = (): Record<'one' | 'many' | 'pool', ChildRate[]> => ({ one: [], many: [], pool: [] })
  const runs = { objects: runsOf(), text: runsOf(), two: [] as number[] }
  for (let round = 0; round < rounds; round++) {
    for (const output of ['objects', 'text'] as const) {
      runs[output].one.push(await child('loop', output, count, list, ONE_CORE))
      runs[output].many.push(await child('many', output, count, list, TWO_CORES))
      runs[output].pool.push(await child('pool', output, count, list, TWO_CORES))
    }
    const [first, second] = await Promise.all([
      child('loop', 'objects', count, list, '0'),
      child('loop', 'objects', count, list, '1'),
    ])
    runs.two.push(first.perSecond + second.perSecond)
  }
  const rates = (output: Output): OutputRates => {
    const one = median(runs[output].one.map((run) => run.perSecond))
    const oneAfterFirst = median(runs[output].one.map((run) => run.afterFirstList ?? Number.NaN))
    const poolAfterFirst = median(runs[output].pool.map((run) => run.afterFirstList ?? Number.NaN))
    return {
      oneCorePerSecond: Math.round(one),
      issueMany: rate(median(runs[output].many.map((run) => run.perSecond)), one),
      pool: rate(median(runs[output].pool.map((run) => run.perSecond)), one),
      poolAfterFirstList: Number.isNaN(poolAfterFirst) ? null : rate(poolAfterFirst, oneAfterFirst),
    }
  }
  const objects = rates('objects')
  return { count, list, objects, text: rates('text'), twoPinnedLoops: rate(median(runs.two), objects.oneCorePerSecond) }
}

interface Rate {
  perSecond: number
  /** Against the loop pinned to one core (with the same output). */
  ratio: number
}

/** One output's runs: the pinned loop, and issueMany() per list and one pool against it. */
interface OutputRates {
  oneCorePerSecond: number
  issueMany: Rate
  /** Its workers' start included. */
  pool: Rate
  /** Over the lists after the first (its workers started and warm), against the loop over the same lists; `null` with one list. */
  poolAfterFirstList: Rate | null
}

interface OneCoreAgainstTwo {
  count: number
  list: number
  objects: OutputRates
  text: OutputRates
  twoPinnedLoops: Rate
}

/** `count`: credentials (default: several sizes in one process, 50,000 one core against two); `list`: their list size there (a cohort, default 10,000). */
export async function runMany(options: {
  count: number | undefined
  list: number
  rounds: number
  asJson: boolean
}): Promise<number> {
  if (!existsSync(DIST)) {
    console.error('npm run bench -- --many runs the built package: npm run build first')
    return 1
  }
  for (const [name, value] of [
    ['--count', options.count ?? 1],
    ['--list', options.list],
    ['--rounds', options.rounds],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      console.error(`npm run bench -- --many: ${name} must be a whole number of at least 1`)
      return 2
    }
  }
  const m = { ...(await import(DIST.href)), ...(await import(DIST_BATCH.href)) } as Dist
  const keyPair = await m.generateKeyPair()
  const sizes = options.count === undefined ? SIZES : [options.count]
  const issuer = { id: keyPair.controller, name: 'Benchmark University' }
  const warm = sampleCredentials(issuer, 500)
  for (const c of warm) await m.issue(c as never, { keyPair, created })

  const rows: { credentials: number; loopPerSecond: number; issueManyPerSecond: number; ratio: number }[] = []
  for (const size of sizes) {
    const list = sampleCredentials(issuer, size) as never[]
    let start = performance.now()
    const kept: unknown[] = []
    for (const c of list) kept.push(await m.issue(c, { keyPair, created }))
    const loopMs = performance.now() - start
    start = performance.now()
    const results = await m.issueMany(list, { keyPair, created })
    const manyMs = performance.now() - start
    if (!results.every((result) => result.ok)) throw new Error('issueMany failed')
    rows.push({
      credentials: size,
      loopPerSecond: Math.round((size * 1000) / loopMs),
      issueManyPerSecond: Math.round((size * 1000) / manyMs),
      ratio: ratio(loopMs, manyMs),
    })
  }
  // 50,000 credentials (or the size asked for) in processes of their own; skipped where no process can be pinned.
  const cores = canPin() ? await oneCoreAgainstTwo(options.count ?? 50_000, options.list, options.rounds) : undefined

  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`
  if (options.asJson) console.log(JSON.stringify({ machine, rows, cores: cores ?? null }))
  else {
    console.log(
      `issueMany() (default: ${availableParallelism()} threads, the calling thread among them) vs issue() in a loop; built package; ${machine}\n`,
    )
    console.log('| credentials | issue() in a loop | issueMany() | ratio |')
    console.log('| --- | --- | --- | --- |')
    for (const row of rows)
      console.log(`| ${row.credentials} | ${row.loopPerSecond}/s | ${row.issueManyPerSecond}/s | ${row.ratio}x |`)
    if (cores === undefined) console.log('\nOne core against two: skipped (needs taskset and CPUs 0 and 1)')
    else {
      console.log(
        `\nOne core against two (${cores.count} credentials in lists of ${cores.list}, processes of their own, medians of ${options.rounds}):\n`,
      )
      console.log(
        '| results kept as | issue() in a loop, one pinned core | issueMany() per list, two cores | one pool, its start included | one pool, after its first list |',
      )
      console.log('| --- | --- | --- | --- | --- |')
      const show = (rate: Rate | null): string =>
        rate === null ? 'n/a (one list)' : `${rate.perSecond}/s (${rate.ratio}x)`
      for (const output of ['objects', 'text'] as const) {
        const rates = cores[output]
        console.log(
          `| ${output} | ${rates.oneCorePerSecond}/s | ${show(rates.issueMany)} | ${show(rates.pool)} | ${show(rates.poolAfterFirstList)} |`,
        )
      }
      console.log(
        `\nTwo loops at once, each pinned to its core, nothing shared: ${cores.twoPinnedLoops.perSecond}/s (${cores.twoPinnedLoops.ratio}x the objects loop)`,
      )
    }
  }
  return 0
}
