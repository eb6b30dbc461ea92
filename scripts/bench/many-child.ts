/**
 * One measurement of `npm run bench -- --many`, in a process of its own so that it can be pinned to one core:
 * `tsx scripts/bench/many-child.ts loop|many <count>` warms up, issues `count` credentials with issue() in a loop
 * (keeping the results, as a caller would) or with issueMany(), and prints `{"perSecond": n}`.
 */
import { existsSync } from 'node:fs'
import { sampleCredential } from '../sample-credential.js'

const DIST = new URL('../../dist/index.js', import.meta.url)
const created = '2025-09-01T00:00:00Z'

type Dist = typeof import('../../src/index.js')

const [mode, countText] = process.argv.slice(2)
const count = Number(countText)
if ((mode !== 'loop' && mode !== 'many') || !Number.isInteger(count) || count < 1) {
  console.error('usage: tsx scripts/bench/many-child.ts loop|many <count>')
  process.exit(2)
}
if (!existsSync(DIST)) {
  console.error('the bench runs the built package: npm run build first')
  process.exit(1)
}
const m = (await import(DIST.href)) as Dist
const keyPair = await m.generateKeyPair()
const base = sampleCredential({ id: keyPair.controller, name: 'Benchmark University' })
const list = Array.from({ length: count }, (_, i) => ({ ...base, id: `urn:uuid:2f0b6c3e-9a51-4c7e-8d2a-${String(i).padStart(12, '0')}` })) as never[]
for (let i = 0; i < 500; i++) await m.issue(list[i % count]!, { keyPair, created })

const start = performance.now()
if (mode === 'loop') {
  const kept: unknown[] = []
  for (const credential of list) kept.push(await m.issue(credential, { keyPair, created }))
} else {
  const results = await m.issueMany(list, { keyPair, created })
  if (!results.every((result) => result.ok)) throw new Error('issueMany failed')
}
console.log(JSON.stringify({ perSecond: (count * 1000) / (performance.now() - start) }))
