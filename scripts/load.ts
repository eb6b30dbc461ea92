/**
 * Load test of the VC-API service: starts `microcred serve` (the built binary, in its own process, with a bearer
 * token) on loopback, then drives `POST /credentials/issue` and `POST /credentials/verify` with autocannon and
 * prints throughput, p50/p99 latency, error counts and the server's memory (RSS sampled from /proc) per phase.
 *
 * Run: npm run load [-- --requests 10000 --connections 50 --rounds 2 --json]
 * (a round is one issue phase and one verify phase of --requests each)
 * (needs `npm run build` first; `npm test` builds too)
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { exportKeyPair, generateKeyPair, issue } from '../src/index.js'
import { sampleCredential } from './sample-credential.js'
import { createBearerToken } from '../src/entries/server.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? Number(args[at + 1]) : fallback
}
const requests = option('requests', 10_000)
const connections = option('connections', 50)
const rounds = option('rounds', 2)
const asJson = args.includes('--json')
const cli = join(import.meta.dirname, '..', 'dist', 'cli.js')

const folder = mkdtempSync(join(tmpdir(), 'microcred-load-'))
const keyPair = await generateKeyPair()
writeFileSync(join(folder, 'issuer.json'), JSON.stringify(exportKeyPair(keyPair, { secret: true })), { mode: 0o600 })
const { token, entry } = createBearerToken('load-test')
writeFileSync(join(folder, 'tokens.json'), JSON.stringify([entry]), { mode: 0o600 })

const server = spawn(
  process.execPath,
  [
    cli,
    'serve',
    '--key',
    'issuer.json',
    '--tokens',
    'tokens.json',
    '--public-url',
    'https://issuer.example',
    '--port',
    '0',
    '--quiet',
    '--rate-limit',
    String(requests * 10),
  ],
  { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] },
)
const url = await new Promise<string>((resolve, reject) => {
  let stderr = ''
  server.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
    const match = /serving the VC-API at (\S+)/.exec(stderr)
    if (match !== null) resolve(match[1]!)
  })
  server.once('exit', (code) => {
    reject(new Error(`microcred serve exited with ${code}: ${stderr}`))
  })
})

/** The server's resident memory in MiB (Linux /proc). */
const rss = (): number => {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

const credential = sampleCredential({ id: keyPair.controller, name: 'Load Test University' })
const signed = await issue(credential, { keyPair })
const headers = { 'content-type': 'application/json' }

interface Phase {
  phase: string
  requests: number
  ok: number
  errors: number
  non2xx: number
  timeouts: number
  throughput: number
  p50: number
  p99: number
  rssStartMiB: number
  rssEndMiB: number
  rssPeakMiB: number
}

async function run(
  phase: string,
  path: string,
  body: string,
  extraHeaders: Record<string, string> = {},
  amount = requests,
): Promise<Phase> {
  const start = rss()
  let peak = start
  const sampler = setInterval(() => {
    peak = Math.max(peak, rss())
  }, 250)
  const result = await autocannon({
    url: `${url}${path}`,
    method: 'POST',
    headers: { ...headers, ...extraHeaders },
    body,
    connections,
    amount,
    timeout: 30,
  })
  clearInterval(sampler)
  const end = rss()
  return {
    phase,
    requests: result.requests.total,
    ok: result['2xx'],
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    throughput: Math.round((result.requests.total / (result.duration || 1)) * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rssStartMiB: Math.round(start),
    rssEndMiB: Math.round(end),
    rssPeakMiB: Math.round(Math.max(peak, end)),
  }
}

const issueBody = JSON.stringify({ credential })
const verifyBody = JSON.stringify({ verifiableCredential: signed })
const auth = { authorization: `Bearer ${token}` }
try {
  // Warm up (JIT, caches, the service threads' heaps: both endpoints run in them), then measure; memory is compared
  // between the phases' starts and ends.
  await run('warm-up', '/credentials/issue', issueBody, auth, Math.min(1000, requests))
  await run('warm-up', '/credentials/verify', verifyBody, {}, Math.min(1000, requests))
  const phases = []
  for (let round = 1; round <= rounds; round++) {
    const label = round === 1 ? '' : round === 2 ? ' (again)' : ` (round ${round})`
    phases.push(await run(`issue${label}`, '/credentials/issue', issueBody, auth))
    phases.push(await run(`verify${label}`, '/credentials/verify', verifyBody))
  }
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ machine, connections, phases })}\n`)
  } else {
    console.log(`microcred serve under load: ${connections} connections, ${requests} requests a phase (${machine})\n`)
    console.log(
      '| phase | requests | ok | errors | non-2xx | timeouts | req/s | p50 ms | p99 ms | RSS start → end (peak) MiB |',
    )
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    for (const p of phases)
      console.log(
        `| ${p.phase} | ${p.requests} | ${p.ok} | ${p.errors} | ${p.non2xx} | ${p.timeouts} | ${p.throughput} | ${p.p50} | ${p.p99} | ${p.rssStartMiB} → ${p.rssEndMiB} (${p.rssPeakMiB}) |`,
      )
  }
  const failed = phases.some((p) => p.errors + p.non2xx + p.timeouts > 0)
  process.exitCode = failed ? 1 : 0
} finally {
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
  rmSync(folder, { recursive: true, force: true })
}
