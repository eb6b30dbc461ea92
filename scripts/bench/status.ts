/**
 * `npm run bench -- --status [--seconds 2] [--rounds 5] [--json]`: what a status entry costs a verification. verify()
 * of one credential without status, and of the same credential with a `BitstringStatusListEntry` in lists of 131,072,
 * 1,048,576 and 8,388,608 entries, in one process, interleaved round by round. The lists are served by an in-process
 * fetch through one resolver (`createKeyResolver({ fetch })`), so every verification after the first finds the list
 * document in the resolver's cache, as a verifier checking many credentials against the same lists does. Each list
 * has one entry in a thousand set (a seeded pattern) and the credential's entry, near the end, is clear. A row with
 * the status check turned off shows what the entry itself costs (the credential is larger: more to canonicalize and
 * validate), the floor under the rows with status.
 *
 * Prints verifications per second and the cost against no status (time per verification with status / without),
 * overall and as the spread (min–max) of the per-round ratios: only ratios measured in the same run mean anything on
 * a shared machine.
 *
 * `--impl <path to dist/index.js>` measures another build of microcred (e.g. the commit before a change, built in a
 * temporary folder) with the same credentials and lists: `npx tsx scripts/bench/status.ts --impl /tmp/head-src/dist/index.js`.
 */
import { gzipSync } from 'node:zlib'
import { availableParallelism, cpus } from 'node:os'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { sampleCredential } from '../sample-credential.js'
import { seededRandom } from '../../test/helpers/random-credentials.js'

type Microcred = Pick<typeof import('../../src/index.js'), 'createKeyResolver' | 'generateKeyPair' | 'issue' | 'verify'>

/** The list sizes measured: the W3C minimum (herd privacy), 1 Mi and 8 Mi entries (1 MiB decoded). */
const SIZES = [131_072, 1_048_576, 8_388_608] as const
const created = '2025-09-01T00:00:00Z'
const now = new Date('2026-01-01T00:00:00Z')
const listUrl = (entries: number) => `https://uni.example/status/${entries}`

/** Options of {@link runStatus}; `impl` is the built microcred to measure (default: the sources). */
export interface StatusBenchOptions {
  rounds: number
  seconds: number
  asJson: boolean
  impl?: string
}

/** The `encodedList` of `entries` one-bit entries, about one in a thousand set, `clear` left clear. */
function encodedList(entries: number, clear: number): string {
  const bytes = Buffer.alloc(entries / 8)
  const generator = seededRandom(entries)
  const random = (): number => generator.next()
  for (let i = 0; i < entries / 1000; i++) {
    const bit = Math.floor(random() * entries)
    if (bit !== clear) bytes[bit >> 3] = bytes[bit >> 3]! | (0x80 >> (bit & 7))
  }
  return `u${gzipSync(bytes).toString('base64url')}`
}

interface Op {
  name: string
  entries: number | null
  run: () => Promise<void>
}

export async function runStatus(options: StatusBenchOptions): Promise<number> {
  const impl = options.impl === undefined ? undefined : resolve(options.impl)
  const mc = (impl === undefined
    ? await import('../../src/index.js')
    : await import(pathToFileURL(impl).href)) as unknown as Microcred
  const keyPair = await mc.generateKeyPair()
  const issuer = { id: keyPair.controller, name: 'Benchmark University' }
  const id = 'urn:uuid:2f0b6c3e-9a51-4c7e-8d2a-5b4f1e6a7c90'
  const plain = await mc.issue(sampleCredential(issuer, { id }), { keyPair, created })

  const served = new Map<string, string>()
  const withStatus = new Map<number, unknown>()
  for (const entries of SIZES) {
    const url = listUrl(entries)
    const index = entries - 3
    const list = await mc.issue(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        id: url,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: keyPair.controller,
        validFrom: created,
        credentialSubject: {
          id: `${url}#list`,
          type: 'BitstringStatusList',
          statusPurpose: 'revocation',
          encodedList: encodedList(entries, index),
        },
      } as never,
      { keyPair, created },
    )
    served.set(url, JSON.stringify(list))
    const credential = {
      ...sampleCredential(issuer, { id }),
      credentialStatus: {
        id: `${url}#${index}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(index),
        statusListCredential: url,
      },
    }
    withStatus.set(entries, await mc.issue(credential as never, { keyPair, created }))
  }
  const fetch = async (url: string): Promise<Response> => {
    const body = served.get(url)
    return body === undefined
      ? new Response('not found', { status: 404 })
      : new Response(body, { headers: { 'content-type': 'application/json' } })
  }
  const resolver = mc.createKeyResolver({ fetch })
  const verified = async (credential: unknown): Promise<void> => {
    const report = await mc.verify(credential, { now, resolver })
    if (!report.verified) throw new Error(`not verified: ${JSON.stringify(report.issues)}`)
  }
  const ops: Op[] = [
    { name: 'verify() without status', entries: null, run: () => verified(plain) },
    {
      // The floor: the same credential with its status entry, the check turned off (the entry's share of the proof).
      name: 'verify() with a status entry, status check off',
      entries: null,
      run: async () => {
        const report = await mc.verify(withStatus.get(SIZES[0]), { now, resolver, checks: { status: false } })
        if (!report.verified) throw new Error('not verified')
      },
    },
    ...SIZES.map((entries) => ({
      name: `verify() with status, ${entries.toLocaleString('en')} entries`,
      entries,
      run: () => verified(withStatus.get(entries)),
    })),
  ]

  const slice = (options.seconds * 1000) / options.rounds
  const perRound: Map<string, number>[] = []
  const totals = new Map<string, { count: number; ms: number }>()
  for (let round = 0; round < options.rounds; round++) {
    const rates = new Map<string, number>()
    // Each round in another order, so that no operation always runs right after the same one.
    const order = ops.map((_, i) => ops[(i + round) % ops.length]!)
    for (const op of order) {
      await op.run() // warm (and, in the first round, fetch the list)
      const start = performance.now()
      let count = 0
      while (performance.now() - start < slice) {
        await op.run()
        count++
      }
      const ms = performance.now() - start
      rates.set(op.name, (count / ms) * 1000)
      const total = totals.get(op.name) ?? { count: 0, ms: 0 }
      totals.set(op.name, { count: total.count + count, ms: total.ms + ms })
    }
    perRound.push(rates)
  }

  const base = ops[0]!.name
  const round2 = (value: number) => Math.round(value * 100) / 100
  const perSecond = (name: string) => (totals.get(name)!.count / totals.get(name)!.ms) * 1000
  const rows = ops.map((op) => {
    // Cost: time per verification against the time without status (rates the other way round).
    const ratios = perRound.map((rates) => rates.get(base)! / rates.get(op.name)!)
    return {
      name: op.name,
      entries: op.entries,
      perSecond: Math.round(perSecond(op.name)),
      msPerVerification: round2(1000 / perSecond(op.name)),
      costRatio: round2(perSecond(base) / perSecond(op.name)),
      costRatioMedian: round2([...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!),
      costRatioMin: round2(Math.min(...ratios)),
      costRatioMax: round2(Math.max(...ratios)),
    }
  })
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`
  const measured = impl ?? 'sources (src/)'
  if (options.asJson) {
    console.log(JSON.stringify({ machine, impl: measured, seconds: options.seconds, rounds: options.rounds, rows }))
    return 0
  }
  console.log(
    `verify() with a status entry against without, one process, interleaved (${options.rounds} rounds, ${options.seconds} s per operation; ${measured}; ${machine})`,
  )
  console.log('lists served by an in-process fetch through one resolver (documents cached)\n')
  console.log('| operation | per second | ms per verification | cost / no status | median round | spread over rounds |')
  console.log('| --- | --- | --- | --- | --- | --- |')
  for (const row of rows)
    console.log(
      `| ${row.name} | ${row.perSecond} | ${row.msPerVerification} | ${row.costRatio}x | ${row.costRatioMedian}x | ${row.costRatioMin}–${row.costRatioMax}x |`,
    )
  return 0
}

// Run on its own: npx tsx scripts/bench/status.ts [--seconds 2] [--rounds 5] [--json] [--impl path/to/dist/index.js]
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2)
  const option = (name: string): string | undefined => {
    const at = args.indexOf(`--${name}`)
    return at >= 0 ? args[at + 1] : undefined
  }
  const impl = option('impl')
  process.exit(
    await runStatus({
      seconds: Number(option('seconds') ?? 2),
      rounds: Number(option('rounds') ?? 5),
      asJson: args.includes('--json'),
      ...(impl === undefined ? {} : { impl }),
    }),
  )
}
