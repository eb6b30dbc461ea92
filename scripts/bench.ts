/**
 * Throughput of microcred against the stack it builds on, in one process, interleaved on the same credential:
 * issue and verify with `eddsa-rdfc-2022` (microcred vs `@digitalbazaar/vc` + data-integrity + the eddsa-rdfc-2022
 * cryptosuite), `Ed25519Signature2020` issuing, VC-JWT (microcred vs jose doing only the signature), and a raw
 * Ed25519 signature as the floor. Also checks that both stacks produce the same proofValue for the same input.
 *
 * microcred does more per call than the bare stack: `issue()` validates (JSON-LD safe mode, OB 3.0 schema, EU
 * profile) before signing, and `verify()` runs every check (schema, EU profile, key binding, validity...), so
 * ratios below 1 are the cost of those checks.
 *
 *
 * Run: npm run bench [-- --seconds 2 --rounds 3 --json] [--previous <commit> | --no-previous]: the throughput rows also run
 * microcred as built at `--previous` (default the commit before issue 20, see bench/previous.ts) in the same process.
 * Other modes: `--differential [--seeds 10000]` (scripts/bench/differential.ts: the fast RDF path against jsonld.js on
 * generated credentials), `--stream [--count 100000]` (scripts/bench/stream.ts: memory while verifying a stream),
 * `--many [--count N] [--list N] [--rounds R]` (scripts/bench/many.ts: issueMany() against a loop, and one core
 * against two on `count` credentials in lists of `list`), `--cold [--rounds 10]` (scripts/bench/cold.ts: import and
 * first verification, and the command on one file, each in a fresh process), `--status [--rounds 10] [--seconds 5]
 * [--impl dist/index.js]` (scripts/bench/status.ts: verification against cached status lists of 131 k to 8 M entries)
 * and `--validate [--count 1000] [--sample 10]`
 * (scripts/bench/validate.ts: `microcred validate` on a folder in one process against one process per file).
 */
import { sign as edSign, generateKeyPairSync } from 'node:crypto'
import { cpus, availableParallelism } from 'node:os'
import * as vc from '@digitalbazaar/vc'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020'
import { SignJWT, jwtVerify } from 'jose'
import {
  createDocumentLoader,
  exportKeyPair,
  generateKeyPair,
  issue,
  issueJwt,
  verify,
  type DocumentLoader,
} from '../src/index.js'
import { sampleCredential } from './sample-credential.js'
import { runDifferential } from './bench/differential.js'
import { runStream } from './bench/stream.js'
import { runMany } from './bench/many.js'
import { runValidate } from './bench/validate.js'
import { BASELINE_COMMIT, importPrevious } from './bench/previous.js'
import { runCold } from './bench/cold.js'
import { runStatus } from './bench/status.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? Number(args[at + 1]) : fallback
}
const asJson = args.includes('--json')
if (args.includes('--differential'))
  process.exit(await runDifferential({ seeds: option('seeds', 10_000), from: option('from', 1), asJson }))
if (args.includes('--stream')) process.exit(await runStream({ count: option('count', 100_000), asJson }))
const previousAt = args.indexOf('--previous')
/** The commit compared with: `--previous <commit>`, none with `--no-previous`, else the baseline (bench/previous.ts). */
const previousCommit = args.includes('--no-previous')
  ? null
  : previousAt >= 0
    ? (args[previousAt + 1] ?? BASELINE_COMMIT)
    : BASELINE_COMMIT
if (args.includes('--cold'))
  process.exit(await runCold({ rounds: option('rounds', 10), asJson, previous: previousCommit }))
if (args.includes('--status'))
  process.exit(
    await runStatus({
      rounds: option('rounds', 10),
      seconds: option('seconds', 5),
      asJson,
      ...(args.includes('--impl') ? { impl: args[args.indexOf('--impl') + 1] } : {}),
    }),
  )
if (args.includes('--validate'))
  process.exit(await runValidate({ count: option('count', 1000), sample: option('sample', 10), asJson }))
if (args.includes('--many'))
  process.exit(
    await runMany({
      count: args.includes('--count') ? option('count', 20_000) : undefined,
      list: option('list', 10_000),
      rounds: option('rounds', 3),
      asJson,
    }),
  )
const seconds = option('seconds', 2)
const rounds = option('rounds', 3)
type Library = Pick<typeof import('../src/index.js'), 'issue' | 'issueJwt' | 'verify' | 'importKeyPair'>
const previous = previousCommit === null ? undefined : await importPrevious<Library>('dist/index.js', previousCommit)
const previousLabel = `microcred at ${(previousCommit ?? '').slice(0, 7)}`

const keyPair = await generateKeyPair()
const exported = exportKeyPair(keyPair, { secret: true })
const theirKey = await Ed25519Multikey.from({ ...exported })
const contexts = createDocumentLoader()
const created = '2025-09-01T00:00:00Z'

/** The loader the Digital Bazaar stack verifies with: bundled contexts, and the did:key document of our key. */
const theirLoader: DocumentLoader = async (url) => {
  if (url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#') as [string, string | undefined]
    const multibase = did.slice('did:key:'.length)
    const method = {
      '@context': 'https://w3id.org/security/multikey/v1',
      id: `${did}#${multibase}`,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: multibase,
    }
    const document = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [method],
      assertionMethod: [method.id],
    }
    return { contextUrl: null, documentUrl: url, document: fragment === undefined ? document : method }
  }
  return contexts(url)
}

const credential = sampleCredential(
  { id: keyPair.controller, name: 'Benchmark University' },
  {
    id: 'urn:uuid:2f0b6c3e-9a51-4c7e-8d2a-5b4f1e6a7c90',
    achievementId: 'https://uni.example/courses/distributed-systems',
  },
)

const ours = await issue(credential, { keyPair, created })
// The earlier build keeps its own key-pair registry: the same key, imported there.
const previousKeyPair = previous === undefined ? undefined : await previous.importKeyPair(exported)
const theirs = (await vc.issue({
  credential: structuredClone(credential),
  suite: new DataIntegrityProof({ signer: theirKey.signer(), cryptosuite, date: created }),
  documentLoader: theirLoader,
})) as { proof: { proofValue?: string } | { proofValue?: string }[] }
const theirProof = Array.isArray(theirs.proof) ? theirs.proof[0] : theirs.proof
const identical = ours.proof[0]?.proofValue !== undefined && ours.proof[0].proofValue === theirProof?.proofValue
const jwt = await issueJwt(credential, { keyPair })
const { privateKey: rawKey, publicKey: rawPublicKey } = generateKeyPairSync('ed25519')
// jose's baseline signs and verifies the same payload with a node:crypto key: the signature and JOSE work only.
const joseJwt = await new SignJWT({ vc: credential }).setProtectedHeader({ alg: 'EdDSA', kid: keyPair.id }).sign(rawKey)
const message = new TextEncoder().encode('x'.repeat(64))
const now = new Date('2026-01-01T00:00:00Z')

interface Op {
  name: string
  group: string
  side: 'microcred' | 'previous' | 'baseline' | 'floor'
  run: () => unknown
}
const ops: Op[] = [
  {
    group: 'issue eddsa-rdfc-2022',
    side: 'microcred',
    name: 'microcred issue()',
    run: () => issue(credential, { keyPair, created }),
  },
  ...(previous === undefined || previousKeyPair === undefined
    ? []
    : [
        {
          group: 'issue eddsa-rdfc-2022',
          side: 'previous' as const,
          name: `${previousLabel} issue()`,
          run: () => previous.issue(credential, { keyPair: previousKeyPair, created }),
        },
      ]),

  {
    group: 'issue eddsa-rdfc-2022',
    side: 'baseline',
    name: '@digitalbazaar/vc issue',
    run: () =>
      vc.issue({
        credential: structuredClone(credential),
        suite: new DataIntegrityProof({ signer: theirKey.signer(), cryptosuite, date: created }),
        documentLoader: theirLoader,
      }),
  },
  {
    group: 'verify eddsa-rdfc-2022',
    side: 'microcred',
    name: 'microcred verify()',
    run: async () => {
      if (!(await verify(ours, { now })).verified) throw new Error('not verified')
    },
  },
  ...(previous === undefined || previousKeyPair === undefined
    ? []
    : [
        {
          group: 'verify eddsa-rdfc-2022',
          side: 'previous' as const,
          name: `${previousLabel} verify()`,
          run: async () => {
            if (!(await previous.verify(ours, { now })).verified) throw new Error('not verified')
          },
        },
      ]),

  {
    group: 'verify eddsa-rdfc-2022',
    side: 'baseline',
    name: '@digitalbazaar/vc verifyCredential',
    run: async () => {
      if (
        !(
          await vc.verifyCredential({
            credential: ours,
            suite: new DataIntegrityProof({ cryptosuite }),
            documentLoader: theirLoader,
            now,
          })
        ).verified
      )
        throw new Error('not verified')
    },
  },
  {
    group: 'issue Ed25519Signature2020',
    side: 'microcred',
    name: "microcred issue({ proof: 'Ed25519Signature2020' })",
    run: () => issue(credential, { keyPair, created, proof: 'Ed25519Signature2020' }),
  },
  {
    group: 'issue Ed25519Signature2020',
    side: 'baseline',
    name: '@digitalbazaar/vc + ed25519-signature-2020',
    run: () =>
      vc.issue({
        credential: {
          ...structuredClone(credential),
          '@context': [...credential['@context'], 'https://w3id.org/security/suites/ed25519-2020/v1'],
        },
        suite: new Ed25519Signature2020({ signer: theirKey.signer(), date: created }),
        documentLoader: theirLoader,
      }),
  },
  {
    group: 'issue VC-JWT',
    side: 'microcred',
    name: 'microcred issueJwt()',
    run: () => issueJwt(credential, { keyPair }),
  },
  ...(previous === undefined || previousKeyPair === undefined
    ? []
    : [
        {
          group: 'issue VC-JWT',
          side: 'previous' as const,
          name: `${previousLabel} issueJwt()`,
          run: () => previous.issueJwt(credential, { keyPair: previousKeyPair }),
        },
      ]),

  {
    group: 'issue VC-JWT',
    side: 'baseline',
    name: 'jose SignJWT (signature only)',
    run: () => new SignJWT({ vc: credential }).setProtectedHeader({ alg: 'EdDSA', kid: keyPair.id }).sign(rawKey),
  },
  {
    group: 'verify VC-JWT',
    side: 'microcred',
    name: 'microcred verify(jwt)',
    run: async () => {
      if (!(await verify(jwt, { now })).verified) throw new Error('not verified')
    },
  },
  ...(previous === undefined || previousKeyPair === undefined
    ? []
    : [
        {
          group: 'verify VC-JWT',
          side: 'previous' as const,
          name: `${previousLabel} verify(jwt)`,
          run: async () => {
            if (!(await previous.verify(jwt, { now })).verified) throw new Error('not verified')
          },
        },
      ]),

  {
    group: 'verify VC-JWT',
    side: 'baseline',
    name: 'jose jwtVerify (signature only)',
    run: () => jwtVerify(joseJwt, rawPublicKey),
  },
  {
    group: 'floor',
    side: 'floor',
    name: 'raw Ed25519 signature (node:crypto)',
    run: () => edSign(null, message, rawKey),
  },
]

const perRound = new Map<string, number[]>()
for (let round = 0; round < rounds; round++) {
  for (const op of ops) {
    await op.run() // warm
    const start = performance.now()
    let count = 0
    while (performance.now() - start < (seconds * 1000) / rounds) {
      await op.run()
      count++
    }
    const rate = (count / (performance.now() - start)) * 1000
    perRound.set(op.name, [...(perRound.get(op.name) ?? []), rate])
  }
}
const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length
const round2 = (value: number): number => Math.round(value * 100) / 100
/** The ratio of two operations' rates: over all rounds, and its spread (the lowest and highest round). */
const ratio = (name: string, against: string): { ratio: number; min: number; max: number } => {
  const ours = perRound.get(name)!
  const theirs = perRound.get(against)!
  const each = ours.map((rate, i) => rate / theirs[i]!)
  return { ratio: round2(mean(ours) / mean(theirs)), min: round2(Math.min(...each)), max: round2(Math.max(...each)) }
}
const rows = ops.map((op) => {
  const baseline = ops.find((other) => other.group === op.group && other.side === 'baseline')
  const earlier = ops.find((other) => other.group === op.group && other.side === 'previous')
  return {
    group: op.group,
    name: op.name,
    perSecond: Math.round(mean(perRound.get(op.name)!)),
    ...(op.side === 'microcred' && baseline !== undefined ? { vsBaseline: ratio(op.name, baseline.name) } : {}),
    ...(op.side === 'microcred' && earlier !== undefined ? { vsPrevious: ratio(op.name, earlier.name) } : {}),
  }
})
const spread = (value: { ratio: number; min: number; max: number } | undefined): string =>
  value === undefined ? '' : `${value.ratio}x (${value.min}–${value.max})`
const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`
if (asJson) {
  console.log(JSON.stringify({ machine, seconds, rounds, previousCommit, identicalProofValue: identical, rows }))
} else {
  console.log(
    `microcred vs the Digital Bazaar stack and jose, and vs ${previousLabel}: one process, interleaved (${rounds} rounds, ${seconds} s per operation; ${machine})`,
  )
  console.log(`same key, created and credential -> same eddsa-rdfc-2022 proofValue: ${identical ? 'yes' : 'NO'}\n`)
  console.log(
    `| operation | implementation | per second | microcred / baseline (rounds) | microcred / ${previousLabel} (rounds) |`,
  )
  console.log('| --- | --- | --- | --- | --- |')
  for (const row of rows)
    console.log(
      `| ${row.group} | ${row.name} | ${row.perSecond} | ${spread(row.vsBaseline)} | ${spread(row.vsPrevious)} |`,
    )
  console.log('\nissueMany() on worker threads: npm run bench -- --many')
}
if (!identical) process.exitCode = 1
