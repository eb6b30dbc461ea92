/**
 * One measurement of `npm run bench -- --many`, in a process of its own so that it can be pinned to one core:
 * `tsx scripts/bench/many-child.ts loop|many|pool <count> <list> [objects|text]` warms up, then issues `count`
 * credentials in lists of `list`, as a service issuing cohort after cohort would (each list built when its turn
 * comes, not timed; its results kept until the next list): with issue() in a loop, with issueMany() per list (its
 * workers start anew each time), or with one openIssuingPool() for all lists (opened in the timed part: its
 * workers' start counts, once). With `text`, every
 * result is kept as JSON text (the loop writes out what issue() returns; issueMany() is asked for `output: 'text'`).
 * Prints `{"perSecond": n, "afterFirstList": n}`: over all lists, and over the lists after the first (a pool's
 * workers are started and warm by then).
 */
import { existsSync } from 'node:fs'
import { sampleCredentials } from '../sample-credential.js'

const DIST = new URL('../../dist/index.js', import.meta.url)
const DIST_BATCH = new URL('../../dist/batch.js', import.meta.url)
const created = '2025-09-01T00:00:00Z'

type Dist = typeof import('../../src/index.js') & typeof import('../../src/entries/batch.js')

const [mode, countText, listText, output = 'objects'] = process.argv.slice(2)
const count = Number(countText)
const listSize = Number(listText)
if (
  (mode !== 'loop' && mode !== 'many' && mode !== 'pool') ||
  (output !== 'objects' && output !== 'text') ||
  ![count, listSize].every((n) => Number.isInteger(n) && n >= 1)
) {
  console.error('usage: tsx scripts/bench/many-child.ts loop|many|pool <count> <list> [objects|text]')
  process.exit(2)
}
if (!existsSync(DIST)) {
  console.error('the bench runs the built package: npm run build first')
  process.exit(1)
}
const m = { ...(await import(DIST.href)), ...(await import(DIST_BATCH.href)) } as Dist
const keyPair = await m.generateKeyPair()
const issuer = { id: keyPair.controller, name: 'Benchmark University' }
for (const credential of sampleCredentials(issuer, 500)) await m.issue(credential, { keyPair, created })

async function issueList(list: never[], pool: ReturnType<Dist['openIssuingPool']> | undefined): Promise<unknown[]> {
  if (mode === 'loop') {
    const kept: unknown[] = []
    for (const credential of list) {
      const signed = await m.issue(credential, { keyPair, created })
      kept.push(output === 'text' ? JSON.stringify(signed) : signed)
    }
    return kept
  }
  const options = { created, output: output as 'objects' | 'text' }
  const results =
    pool === undefined ? await m.issueMany(list, { keyPair, ...options }) : await pool.issueMany(list, options)
  if (!results.every((result) => result.ok)) throw new Error('issueMany failed')
  return results
}

let kept: unknown[] = []
let pool: ReturnType<Dist['openIssuingPool']> | undefined
let firstListMs = 0
let laterListsMs = 0
for (let first = 0; first < count; first += listSize) {
  const list = sampleCredentials(issuer, Math.min(listSize, count - first), first) as never[]
  const start = performance.now()
  if (first === 0 && mode === 'pool') pool = m.openIssuingPool({ keyPair })
  kept = await issueList(list, pool)
  const ms = performance.now() - start
  if (first === 0) firstListMs = ms
  else laterListsMs += ms
}
const firstList = Math.min(listSize, count)
console.log(
  JSON.stringify({
    perSecond: (count * 1000) / (firstListMs + laterListsMs),
    afterFirstList: count === firstList ? null : ((count - firstList) * 1000) / laterListsMs,
    kept: kept.length,
  }),
)
await pool?.close()
