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
 * Run: npm run bench [-- --seconds 2 --rounds 3 --json]
 * Other modes: `--differential [--seeds 10000]` (scripts/bench/differential.ts: the fast RDF path against jsonld.js on
 * generated credentials), `--stream [--count 100000]` (scripts/bench/stream.ts: memory while verifying a stream),
 * `--many [--count N] [--list N] [--rounds R]` (scripts/bench/many.ts: issueMany() against a loop, and one core
 * against two on `count` credentials in lists of `list`) and `--validate [--count 1000] [--sample 10]`
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

const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? Number(args[at + 1]) : fallback
}
const asJson = args.includes('--json')
if (args.includes('--differential'))
  process.exit(await runDifferential({ seeds: option('seeds', 10_000), from: option('from', 1), asJson }))
if (args.includes('--stream')) process.exit(await runStream({ count: option('count', 100_000), asJson }))
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
  side: 'microcred' | 'baseline' | 'floor'
  run: () => unknown
}
const ops: Op[] = [
  {
    group: 'issue eddsa-rdfc-2022',
    side: 'microcred',
    name: 'microcred issue()',
    run: () => issue(credential, { keyPair, created }),
  },
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

const totals = new Map<string, { count: number; ms: number }>()
for (let round = 0; round < rounds; round++) {
  for (const op of ops) {
    await op.run() // warm
    const start = performance.now()
    let count = 0
    while (performance.now() - start < (seconds * 1000) / rounds) {
      await op.run()
      count++
    }
    const total = totals.get(op.name) ?? { count: 0, ms: 0 }
    totals.set(op.name, { count: total.count + count, ms: total.ms + (performance.now() - start) })
  }
}
const perSecond = (name: string) => {
  const t = totals.get(name)!
  return (t.count / t.ms) * 1000
}
const rows = ops.map((op) => {
  const baseline = ops.find((other) => other.group === op.group && other.side === 'baseline')
  return {
    group: op.group,
    name: op.name,
    perSecond: Math.round(perSecond(op.name)),
    ratio:
      op.side === 'microcred' && baseline !== undefined
        ? Math.round((perSecond(op.name) / perSecond(baseline.name)) * 100) / 100
        : undefined,
  }
})
const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`
if (asJson) {
  console.log(JSON.stringify({ machine, seconds, rounds, identicalProofValue: identical, rows }))
} else {
  console.log(
    `microcred vs the Digital Bazaar stack, one process, interleaved (${rounds} rounds, ${seconds} s per operation; ${machine})`,
  )
  console.log(`same key, created and credential -> same eddsa-rdfc-2022 proofValue: ${identical ? 'yes' : 'NO'}\n`)
  console.log('| operation | implementation | per second | microcred / baseline |')
  console.log('| --- | --- | --- | --- |')
  for (const row of rows)
    console.log(`| ${row.group} | ${row.name} | ${row.perSecond} | ${row.ratio === undefined ? '' : `${row.ratio}x`} |`)
  console.log('\nissueMany() on worker threads: npm run bench -- --many')
}
if (!identical) process.exitCode = 1
