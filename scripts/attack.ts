/**
 * Replays the hostile requests of issue 17 against the VC-API service (from source through tsx, listening on 127.0.0.1 over
 * HTTP) and prints, per case, the hostile request's answer (status, first error code) and time, a cheap request's time
 * sent 100 ms into it (a small genuine credential), and the process's peak resident memory while it ran. The service's
 * "internet" is simulated: a tarpit host that never answers, hosts that do not resolve, and the documents the binding
 * cases need. Then the image cases, which go through `verify()` (the service takes no images), in this process.
 *
 * Run: npm run attack [-- --json]
 * Goal (issue 17): every hostile case answered (4xx or 503) in under 3 s, the cheap request in under 1 s.
 */
import { deflateSync } from 'node:zlib'
import jsigs from 'jsonld-signatures'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import {
  createDocumentLoader,
  exportKeyPair,
  generateKeyPair,
  issue,
  issueJwt,
  safeFetch,
  verify,
  type Ed25519KeyPair,
} from '../src/index.js'
import { createBearerToken, createVcApiServer } from '../src/entries/server.js'
import { sampleCredential } from './sample-credential.js'

const asJson = process.argv.includes('--json')
const GOAL_HOSTILE_MS = 3_000
const GOAL_CHEAP_MS = 1_000

/** Signs anything (no validation), as an attacker with their own did:key does. */
async function signAsAttacker(document: object, keyPair: Ed25519KeyPair): Promise<Record<string, unknown>> {
  const key = await Ed25519Multikey.from({ ...exportKeyPair(keyPair, { secret: true }) })
  return jsigs.sign(structuredClone(document), {
    suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite }),
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader: createDocumentLoader(),
  })
}

// --- The simulated internet ----------------------------------------------------------------------------------------
const served = new Map<string, unknown>()
const internet = async (url: string, init?: RequestInit): Promise<Response> => {
  const host = new URL(url).hostname
  if (host.endsWith('.tarpit.example')) {
    // Never answers; only the caller's signal ends the wait.
    return new Promise<Response>((_, reject) =>
      init?.signal?.addEventListener(
        'abort',
        () => {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as fetch does: the signal's reason
          reject(init.signal!.reason)
        },
        { once: true },
      ),
    )
  }
  if (host.endsWith('.invalid')) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    throw new TypeError(`getaddrinfo ENOTFOUND ${host}`)
  }
  const document = served.get(url)
  return document === undefined ? new Response('not found', { status: 404 }) : Response.json(document)
}

// --- Credentials ---------------------------------------------------------------------------------------------------
const attacker = await generateKeyPair()
const genuine = await issue(sampleCredential({ id: attacker.controller, name: 'Attacker University' }), {
  keyPair: attacker,
})
const cheapKey = await generateKeyPair()
const cheap = await issue(sampleCredential({ id: cheapKey.controller, name: 'Cheap University' }), {
  keyPair: cheapKey,
})
const copy = (): any => structuredClone(genuine)
const { proof: _proof, ...unsigned } = copy()

const garbageProof = (verificationMethod: string) => ({
  ...genuine.proof[0],
  verificationMethod,
  proofValue: `z${'1'.repeat(87)}`,
})
const withProofs = (count: number, vm: (i: number) => string) => ({
  ...unsigned,
  proof: Array.from({ length: count }, (_, i) => garbageProof(vm(i))),
})
const statusEntry = (url: string, i: number) => ({
  id: `${url}#${i}`,
  type: 'BitstringStatusListEntry',
  statusPurpose: 'revocation',
  statusListIndex: String(i),
  statusListCredential: url,
})
const withStatus = (count: number, url: (i: number) => string) => ({
  ...unsigned,
  credentialStatus: Array.from({ length: count }, (_, i) => statusEntry(url(i), i)),
})
const withTypes = () => {
  const c = copy()
  c.credentialSubject.achievement.type = Array(60_000).fill('Achievement')
  return c
}
const withResults = (count: number) => ({
  ...unsigned,
  credentialSubject: {
    ...unsigned.credentialSubject,
    result: Array.from({ length: count }, () => ({ type: ['Result'], value: 'A' })),
  },
})
const endorsements = (count: number) => ({
  ...unsigned,
  endorsement: Array.from({ length: count }, () => ({
    ...genuine,
    type: ['VerifiableCredential', 'EndorsementCredential'],
  })),
})
const clr = (count: number) => ({
  ...unsigned,
  '@context': [...unsigned['@context'], 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json'],
  type: ['VerifiableCredential', 'ClrCredential'],
  credentialSubject: {
    id: 'did:example:learner',
    type: ['ClrSubject'],
    verifiableCredential: Array.from({ length: count }, () => genuine),
  },
})
const presentation = (count: number) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiablePresentation'],
  verifiableCredential: Array.from({ length: count }, () => genuine),
})
const svgOf = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg">${body}</svg>`

// Binding: a key document at another path of the issuer's origin, naming the issuer as controller, that the issuer's
// own document does not list; and a path issuer whose host publishes a JWKS with the key.
const pathIssuer = 'https://tenant.example/users/alice'
const rogue = await generateKeyPair({
  algorithm: 'ES256',
  controller: pathIssuer,
  id: 'https://tenant.example/keys/rogue',
})
const issuerDocument = await generateKeyPair({ algorithm: 'ES256', controller: pathIssuer })
served.set(pathIssuer, {
  '@context': ['https://www.w3.org/ns/cid/v1'],
  id: pathIssuer,
  verificationMethod: [],
  assertionMethod: [issuerDocument.id],
})
const { '@context': _ctx, ...rogueDocument } = exportKeyPair(rogue)
served.set(rogue.id, rogueDocument)
const jwtFor = async (keyPair: typeof rogue, keyIn: 'kid' | 'jwk') =>
  issueJwt(
    { ...sampleCredential({ id: pathIssuer, name: 'Tenant' }), id: 'urn:uuid:7d0b2f4e-1c3a-4e5f-9a8b-0c1d2e3f4a5b' },
    { keyPair, keyIn },
  )
const hostKey = await generateKeyPair({ algorithm: 'ES256', controller: pathIssuer })
served.set('https://tenant.example/.well-known/jwks.json', { keys: [exportKeyPair(hostKey, { format: 'jwk' })] })

interface Case {
  name: string
  path?: '/credentials/verify' | '/presentations/verify' | '/credentials/issue'
  body: () => unknown
  /**
   * True for a case within the caps, signed by the attacker as their own issuer (authentic, so it may verify in time),
   * or issued with the service's token (a costly credential the institution's own LMS sends).
   */
  mayVerify?: boolean
  /** Hostile requests sent at once (default 1); the slowest is reported. */
  copies?: number
}

const credentialCase = (name: string, credential: () => unknown, mayVerify = false): Case => ({
  name,
  mayVerify,
  body: async () => ({ verifiableCredential: await credential() }),
})
const cases: Case[] = [
  credentialCase('achievement.type x 60,000 (841 KB)', withTypes),
  credentialCase('3,000 garbage proofs', () => withProofs(3_000, () => attacker.id)),
  credentialCase('3,000 https verification methods', () =>
    withProofs(3_000, (i) => `https://k${i}.tarpit.example/key`),
  ),
  credentialCase('8 proofs, keys on a tarpit (within the cap)', () =>
    withProofs(8, (i) => `https://k${i}.tarpit.example/key`),
  ),
  {
    ...credentialCase('6 requests at once, each 8 status entries on a tarpit, signed', () =>
      signAsAttacker(
        withStatus(8, (i) => `https://s${i}.tarpit.example/list`),
        attacker,
      ),
    ),
    copies: 6,
  },
  {
    ...credentialCase(
      '6 requests at once, each a CLR of 100 credentials, signed',
      () => signAsAttacker(clr(100), attacker),
      true,
    ),
    copies: 6,
  },
  credentialCase('SVG: 2 MiB of <g/> as verifiableCredential', () => svgOf('<g/>'.repeat(450_000))),
  credentialCase('SVG: 150,000 nesting levels as verifiableCredential', () =>
    svgOf(`${'<g>'.repeat(150_000)}${'</g>'.repeat(150_000)}`),
  ),
  credentialCase('5,000 credentialStatus entries', () => withStatus(5_000, (i) => `https://s${i}.example/list`)),
  credentialCase('2,000 status entries at names that do not resolve', () =>
    withStatus(2_000, (i) => `https://s${i}.invalid/list`),
  ),
  credentialCase('400 status entries', () => withStatus(400, (i) => `https://s${i}.invalid/list`)),
  credentialCase('8 status entries on a tarpit, signed (authenticated)', () =>
    signAsAttacker(
      withStatus(8, (i) => `https://s${i}.tarpit.example/list`),
      attacker,
    ),
  ),
  credentialCase('CLR bundling 200 credentials', () => signAsAttacker(clr(200), attacker)),
  credentialCase(
    'CLR bundling 100 credentials (within the cap), signed',
    () => signAsAttacker(clr(100), attacker),
    true,
  ),
  credentialCase('1,200 embedded endorsements', () => endorsements(1_200)),
  credentialCase('51 embedded endorsements', () => endorsements(51)),
  credentialCase(
    '50 embedded endorsements (within the cap), signed',
    () => signAsAttacker(endorsements(50), attacker),
    true,
  ),
  credentialCase('12,000 results', () => withResults(12_000)),
  credentialCase('1,000 results (within the cap), signed', () => signAsAttacker(withResults(1_000), attacker), true),
  {
    name: 'presentation of 400 credentials',
    path: '/presentations/verify',
    body: () => ({ verifiablePresentation: presentation(400), options: { challenge: 'c' } }),
  },
  {
    name: 'presentation of 100 credentials (within the cap)',
    path: '/presentations/verify',
    body: () => ({ verifiablePresentation: presentation(100), options: { challenge: 'c' } }),
  },
  credentialCase("VC-JWT: key document at another path of the issuer's origin", () => jwtFor(rogue, 'kid')),
  credentialCase('VC-JWT: host JWKS for a path issuer', () => jwtFor(hostKey, 'jwk')),
  credentialCase('proof created in 2099', () =>
    issue(sampleCredential({ id: attacker.controller, name: 'Future' }), {
      keyPair: attacker,
      created: '2099-01-01T00:00:00Z',
    }),
  ),
  // Issuing runs in the service's threads too: a costly issue request (authorized) holds up no verification.
  {
    name: '6 issue requests at once, each 1,000 results (authorized)',
    path: '/credentials/issue',
    mayVerify: true,
    copies: 6,
    body: () => ({ credential: withResults(1_000) }),
  },
]

// --- The service ---------------------------------------------------------------------------------------------------
const { entry, token } = createBearerToken('attack')
const server = await createVcApiServer({
  keyPair: attacker,
  publicUrl: 'https://issuer.example',
  auth: { tokens: [entry] },
  logger: false,
  fetch: internet,
  rateLimit: false,
})
const base = await server.listen({ port: 0 })

const post = async (path: string, body: string): Promise<{ status: number; code?: string; ms: number }> => {
  const started = performance.now()
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (path === '/credentials/issue') headers['authorization'] = `Bearer ${token}`
  const response = await fetch(`${base}${path}`, { method: 'POST', headers, body })
  const answer = (await response.json().catch(() => ({}))) as {
    code?: string
    issues?: { code: string; severity?: string }[]
  }
  const code = answer.code ?? answer.issues?.find((issue) => issue.severity !== 'warning')?.code
  return { status: response.status, ...(code === undefined ? {} : { code }), ms: performance.now() - started }
}

/** Peak RSS (MiB) while `work` runs, sampled every 20 ms. */
async function peakRss<T>(work: Promise<T>): Promise<[T, number]> {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20)
  try {
    return [await work, Math.round(peak / 1024 / 1024)]
  } finally {
    clearInterval(timer)
  }
}

interface Row {
  case: string
  status: number
  code?: string
  hostileMs: number
  cheapMs?: number
  cheapStatus?: number
  peakRssMiB: number
  mayVerify?: boolean
}
const rows: Row[] = []
const cheapBody = JSON.stringify({ verifiableCredential: cheap })
await post('/credentials/verify', cheapBody) // warm

for (const attack of cases) {
  const body = JSON.stringify(await attack.body())
  const hostile = Promise.all(
    Array.from({ length: attack.copies ?? 1 }, () => post(attack.path ?? '/credentials/verify', body)),
  ).then((answers) => answers.reduce((slowest, answer) => (answer.ms > slowest.ms ? answer : slowest)))
  await new Promise((resolve) => setTimeout(resolve, 100))
  const concurrent = post('/credentials/verify', cheapBody)
  const [[h, c], rss] = await peakRss(Promise.all([hostile, concurrent]))
  rows.push({
    case: attack.name,
    status: h.status,
    ...(h.code === undefined ? {} : { code: h.code }),
    hostileMs: Math.round(h.ms),
    cheapMs: Math.round(c.ms),
    cheapStatus: c.status,
    peakRssMiB: rss,
    mayVerify: attack.mayVerify === true,
  })
}

// The context cache cannot be filled for good: 80 junk documents, each with its own inline context, then a genuine
// credential with a context combination the cache has not seen, timed before and after.
const fresh = async (label: string): Promise<number> => {
  const key = await generateKeyPair()
  const credential = await issue(sampleCredential({ id: key.controller, name: label }), { keyPair: key })
  return (await post('/credentials/verify', JSON.stringify({ verifiableCredential: credential }))).ms
}
const before = await fresh('Before')
for (let i = 0; i < 80; i++) {
  const junk = { ...unsigned, '@context': [...unsigned['@context'], { [`junk${i}`]: `https://junk.example/${i}` }] }
  await post('/credentials/verify', JSON.stringify({ verifiableCredential: junk }))
}
const after = await fresh('After')
rows.push({
  case: `context cache: a new credential after 80 junk contexts (${Math.round(before)} ms before them)`,
  status: 200,
  hostileMs: Math.round(after),
  peakRssMiB: Math.round(process.memoryUsage.rss() / 1024 / 1024),
  mayVerify: true,
})
await server.close()

// --- Library cases: images (the service takes none) and addresses --------------------------------------------------
function pngWithChunks(count: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (bytes: Uint8Array) => {
    let c = 0xffffffff
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    out.write(type, 4, 'latin1')
    Buffer.from(data).copy(out, 8)
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length)
    return out
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(1, 0)
  ihdr.writeUInt32BE(1, 4)
  ihdr[8] = 8
  const empty = chunk('tEXt', new Uint8Array(0))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...Array(count).fill(empty),
    chunk('IDAT', deflateSync(Buffer.from([0, 0]))),
    chunk('IEND', new Uint8Array(0)),
  ])
}
const libraryCases: [string, () => unknown][] = [
  ['PNG with 1.04 million chunks', () => pngWithChunks(1_040_000)],
  ['SVG: 15 MiB of comments', () => svgOf('<!-- x -->'.repeat(1_500_000))],
  ['SVG: 2 MiB of <g/>', () => svgOf('<g/>'.repeat(500_000))],
  ['SVG: 150,000 nesting levels', () => svgOf(`${'<g>'.repeat(150_000)}${'</g>'.repeat(150_000)}`)],
]
for (const [name, make] of libraryCases) {
  const input = make()
  const started = performance.now()
  const [report, rss] = await peakRss(verify(input))
  rows.push({
    case: `verify(): ${name}`,
    status: 0,
    code: report.issues[0]?.code ?? '',
    hostileMs: Math.round(performance.now() - started),
    peakRssMiB: rss,
  })
}
for (const address of [
  '::7f00:1',
  '::ffff:10.0.0.1',
  '64:ff9b::a9fe:a9fe',
  '2002:7f00:1::',
  '2001:0:4136:e378:8000:63bf:80ff:fffe',
]) {
  const started = performance.now()
  const outcome = await safeFetch()(`https://[${address}]/key`).then(
    () => 'fetched',
    (error: unknown) => (error as { code?: string }).code ?? 'error',
  )
  rows.push({
    case: `safeFetch https://[${address}]/`,
    status: 0,
    code: outcome,
    hostileMs: Math.round(performance.now() - started),
    peakRssMiB: Math.round(process.memoryUsage.rss() / 1024 / 1024),
  })
}

if (asJson) console.log(JSON.stringify(rows, null, 2))
else {
  console.log(
    `hostile requests against microcred serve (goal: answered 4xx/503 < ${GOAL_HOSTILE_MS} ms; a concurrent cheap request < ${GOAL_CHEAP_MS} ms)\n`,
  )
  console.log('| case | answer | hostile ms | cheap ms | peak RSS MiB |')
  console.log('|---|---|---:|---:|---:|')
  for (const row of rows) {
    const answer = row.status === 0 ? row.code : `${row.status} ${row.code ?? ''}`.trim()
    const flag =
      row.hostileMs >= GOAL_HOSTILE_MS ||
      (row.cheapMs ?? 0) >= GOAL_CHEAP_MS ||
      (row.status >= 200 && row.status < 300 && row.mayVerify !== true)
        ? ' ✘'
        : ''
    console.log(`| ${row.case}${flag} | ${answer} | ${row.hostileMs} | ${row.cheapMs ?? ''} | ${row.peakRssMiB} |`)
  }
}
