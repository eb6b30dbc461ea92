/**
 * `npm run bench -- --stream [--count 100000]`: verifies credentials one after another from a stream of JSON
 * texts (what a registrar's backlog or a JSON-lines file is), sampling the resident set size, to show memory stays
 * flat: every cache microcred keeps (processed contexts, did:key documents, public keys) is bounded.
 *
 * Run with `node --expose-gc --import tsx scripts/bench.ts --stream` to also see the retained heap after a collection.
 *
 * The stream yields fresh JSON text each time (parsed like a line read from disk), cycling through a pool of
 * distinct signed credentials from several issuers.
 */
import { generateKeyPair, issue, verify } from '../../src/index.js'
import { sampleCredential } from '../sample-credential.js'

const ISSUERS = 20
const POOL = 1000

export async function runStream(options: { count: number; asJson: boolean }): Promise<number> {
  const created = '2025-09-01T00:00:00Z'
  const keys = await Promise.all(Array.from({ length: ISSUERS }, () => generateKeyPair()))
  const pool: string[] = []
  for (let i = 0; i < POOL; i++) {
    const keyPair = keys[i % ISSUERS]!
    const credential = sampleCredential(
      { id: keyPair.controller, name: `Issuer ${i % ISSUERS}` },
      {
        id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        learner: { id: `did:example:learner-${i}` },
      },
    )
    pool.push(JSON.stringify(await issue(credential, { keyPair, created })))
  }
  // Text as it would arrive from a JSON-lines file or a socket, one credential at a time.
  async function* texts(): AsyncGenerator<string> {
    for (let i = 0; i < options.count; i++) yield pool[i % POOL]!
  }

  const now = new Date('2026-01-01T00:00:00Z')
  const samples: { verified: number; rssMb: number; heapMb: number }[] = []
  // With --expose-gc, collect before each sample so the heap figure is what is retained, not garbage not yet collected.
  const collect = (globalThis as { gc?: () => void }).gc
  const sample = (verified: number): void => {
    collect?.()
    const { rss, heapUsed } = process.memoryUsage()
    samples.push({ verified, rssMb: Math.round(rss / 1048576), heapMb: Math.round(heapUsed / 1048576) })
  }
  sample(0)
  let verified = 0
  let failed = 0
  const started = performance.now()
  for await (const text of texts()) {
    const report = await verify(JSON.parse(text) as object, { now })
    if (report.verified) verified++
    else failed++
    if ((verified + failed) % 1000 === 0) sample(verified + failed)
  }
  const seconds = (performance.now() - started) / 1000
  const peak = Math.max(...samples.map((s) => s.rssMb))
  const atTenth = samples.find((s) => s.verified >= options.count / 10) ?? samples[0]!
  const end = samples[samples.length - 1]!
  const result = {
    count: options.count,
    verified,
    failed,
    seconds: Math.round(seconds),
    perSecond: Math.round((verified + failed) / seconds),
    rssStartMb: samples[0]!.rssMb,
    rssAtTenthMb: atTenth.rssMb,
    rssEndMb: end.rssMb,
    rssPeakMb: peak,
    heapEndMb: end.heapMb,
  }
  if (options.asJson) console.log(JSON.stringify(result))
  else {
    console.log(
      `streaming verify: ${result.count} credentials (${POOL} distinct, ${ISSUERS} issuers), ${verified} verified, ${failed} failed, ${result.seconds} s (${result.perSecond}/s)`,
    )
    console.log(
      `RSS: ${result.rssStartMb} MB before, ${result.rssAtTenthMb} MB after ${atTenth.verified}, ${result.rssEndMb} MB at the end, peak ${peak} MB (heap in use at the end: ${result.heapEndMb} MB)`,
    )
    for (const s of samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 10)) === 0))
      console.log(`  ${String(s.verified).padStart(7)} verified: RSS ${s.rssMb} MB, heap ${s.heapMb} MB`)
  }
  return failed === 0 ? 0 : 1
}
