/**
 * `npm run bench -- --many [--count N]`: issueMany() against issue() in a loop (both keeping every result, as a
 * caller would), at several list sizes, and what the machine's cores give at best: two threads each issuing on
 * their own, with no coordination, against one (10,000 credentials each). Runs the built package (`npm run build` first), as users do, so
 * that worker threads load plain JavaScript rather than TypeScript through tsx.
 */
import { existsSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { Worker } from 'node:worker_threads'
import { sampleCredential } from '../sample-credential.js'

const DIST = new URL('../../dist/index.js', import.meta.url)
const SIZES = [1_000, 5_000, 20_000, 50_000]
const created = '2025-09-01T00:00:00Z'

type Dist = typeof import('../../src/index.js')

function credentials(controller: string, count: number): object[] {
  const base = sampleCredential({ id: controller, name: 'Benchmark University' })
  return Array.from({ length: count }, (_, i) => ({ ...base, id: `urn:uuid:2f0b6c3e-9a51-4c7e-8d2a-${String(i).padStart(12, '0')}` }))
}

/** Credentials per second of `threads` threads each issuing `count` credentials in a loop, started together. */
async function independentThreads(threads: number, count: number): Promise<number> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads')
    ;(async () => {
      const m = await import(workerData.dist)
      const keyPair = await m.generateKeyPair()
      const list = workerData.credentials.map((c) => ({ ...c, issuer: { ...c.issuer, id: keyPair.controller } }))
      for (let i = 0; i < 300; i++) await m.issue(list[i % list.length], { keyPair, created: workerData.created })
      parentPort.postMessage('ready')
      await new Promise((resolve) => parentPort.once('message', resolve))
      const kept = []
      const start = performance.now()
      for (const c of list) kept.push(await m.issue(c, { keyPair, created: workerData.created }))
      parentPort.postMessage(performance.now() - start)
    })()
  `
  const list = credentials('did:example:placeholder', count)
  const workers = Array.from({ length: threads }, () => new Worker(source, { eval: true, workerData: { dist: DIST.href, credentials: list, created } }))
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))))
  const times = workers.map((worker) => new Promise<number>((resolve) => worker.once('message', resolve)))
  for (const worker of workers) worker.postMessage('go')
  const ms = Math.max(...(await Promise.all(times)))
  await Promise.all(workers.map((worker) => worker.terminate()))
  return (threads * count * 1000) / ms
}

export async function runMany(options: { count: number | undefined; asJson: boolean }): Promise<number> {
  if (!existsSync(DIST)) {
    console.error('npm run bench -- --many runs the built package: npm run build first')
    return 1
  }
  const m = (await import(DIST.href)) as Dist
  const keyPair = await m.generateKeyPair()
  const sizes = options.count === undefined ? SIZES : [options.count]
  const warm = credentials(keyPair.controller, 500)
  for (const c of warm) await m.issue(c as never, { keyPair, created })

  const rows: Array<{ credentials: number; loopPerSecond: number; issueManyPerSecond: number; ratio: number }> = []
  for (const size of sizes) {
    const list = credentials(keyPair.controller, size) as never[]
    let start = performance.now()
    const kept: unknown[] = []
    for (const c of list) kept.push(await m.issue(c, { keyPair, created }))
    const loopMs = performance.now() - start
    start = performance.now()
    const results = await m.issueMany(list, { keyPair, created })
    const manyMs = performance.now() - start
    if (!results.every((result) => result.ok)) throw new Error('issueMany failed')
    rows.push({ credentials: size, loopPerSecond: Math.round((size * 1000) / loopMs), issueManyPerSecond: Math.round((size * 1000) / manyMs), ratio: Math.round((loopMs / manyMs) * 100) / 100 })
  }
  // 10,000 each (a few seconds), fewer when only a short list was asked for.
  const perThread = Math.min(10_000, Math.max(...sizes))
  const one = await independentThreads(1, perThread)
  const two = await independentThreads(2, perThread)
  const ceiling = { oneThreadPerSecond: Math.round(one), twoThreadsPerSecond: Math.round(two), ratio: Math.round((two / one) * 100) / 100 }

  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`
  if (options.asJson) console.log(JSON.stringify({ machine, rows, ceiling }))
  else {
    console.log(`issueMany() (default: ${availableParallelism()} threads, the calling thread among them) vs issue() in a loop; built package; ${machine}\n`)
    console.log('| credentials | issue() in a loop | issueMany() | ratio |')
    console.log('| --- | --- | --- | --- |')
    for (const row of rows) console.log(`| ${row.credentials} | ${row.loopPerSecond}/s | ${row.issueManyPerSecond}/s | ${row.ratio}x |`)
    console.log(`\nWhat two cores give at best: two threads issuing on their own ${ceiling.twoThreadsPerSecond}/s vs one ${ceiling.oneThreadPerSecond}/s (${ceiling.ratio}x)`)
  }
  return 0
}
