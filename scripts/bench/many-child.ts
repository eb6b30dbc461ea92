/**
 * One measurement of `npm run bench -- --many`, in a process of its own so that it can be pinned to one core:
 * `tsx scripts/bench/many-child.ts loop|many|pool <count> <list>` warms up, then issues `count` credentials in lists
 * of `list`, as a service issuing cohort after cohort would (each list's results kept until the next list): with
 * issue() in a loop, with issueMany() per list (its workers start anew each time), or with one openIssuingPool()
 * for all lists (opened in the timed part: its workers' start counts, once). Prints `{"perSecond": n}`.
 */
import { existsSync } from 'node:fs'
import { sampleCredentials } from '../sample-credential.js'

const DIST = new URL('../../dist/index.js', import.meta.url)
const created = '2025-09-01T00:00:00Z'

type Dist = typeof import('../../src/index.js')

const [mode, countText, listText] = process.argv.slice(2)
const count = Number(countText)
const listSize = Number(listText)
if ((mode !== 'loop' && mode !== 'many' && mode !== 'pool') || ![count, listSize].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error('usage: tsx scripts/bench/many-child.ts loop|many|pool <count> <list>')
  process.exit(2)
}
if (!existsSync(DIST)) {
  console.error('the bench runs the built package: npm run build first')
  process.exit(1)
}
const m = (await import(DIST.href)) as Dist
const keyPair = await m.generateKeyPair()
const all = sampleCredentials({ id: keyPair.controller, name: 'Benchmark University' }, count) as never[]
const lists = Array.from({ length: Math.ceil(count / listSize) }, (_, i) => all.slice(i * listSize, (i + 1) * listSize))
for (let i = 0; i < 500; i++) await m.issue(all[i % count]!, { keyPair, created })

async function issueList(list: never[], pool: ReturnType<Dist['openIssuingPool']> | undefined): Promise<unknown[]> {
  if (mode === 'loop') {
    const kept: unknown[] = []
    for (const credential of list) kept.push(await m.issue(credential, { keyPair, created }))
    return kept
  }
  const results = pool === undefined ? await m.issueMany(list, { keyPair, created }) : await pool.issueMany(list, { created })
  if (!results.every((result) => result.ok)) throw new Error('issueMany failed')
  return results
}

const start = performance.now()
const pool = mode === 'pool' ? m.openIssuingPool({ keyPair }) : undefined
let kept: unknown[] = []
for (const list of lists) kept = await issueList(list, pool)
console.log(JSON.stringify({ perSecond: (count * 1000) / (performance.now() - start), kept: kept.length }))
await pool?.close()
