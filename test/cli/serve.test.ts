/**
 * `microcred token` and `microcred serve`, from the built binary: a token is shown once and stored hashed; the
 * service issues with it, refuses without it, serves https with a given certificate, and stops gracefully.
 */
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fullInput } from '../fixtures/inputs.js'
import { CLI, runCli, startCli } from '../helpers/cli.js'

let dir: string
const cli = (...args: string[]) => runCli(args, { cwd: dir })

/** Starts `microcred serve` and resolves with the child and the URL it announces on stderr. */
function serve(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = startCli(['serve', ...args], { cwd: dir })
  let stderr = ''
  child.stdout!.resume()
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8')
      const match = /serving the VC-API at (\S+)/.exec(stderr)
      if (match !== null) resolve({ child, url: match[1]!, stderr: () => stderr })
    })
    child.once('exit', (code) => {
      reject(new Error(`serve exited with ${code}: ${stderr}`))
    })
  })
}

/**
 * Runs `microcred serve` expected to refuse to start. Stopped after 60 s (a guard, never an outcome: a server that
 * started would otherwise hold the test until vitest gives up, and the assertions on its exit code then fail).
 */
function refusedToServe(args: string[]): { code: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'serve', ...args], {
    cwd: dir,
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  })
  return { code: result.status, stderr: result.stderr.toString('utf8') }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code)
    }),
  )

function credentialFor(controller: string): Record<string, unknown> {
  const input = fullInput()
  return { ...input, issuer: { ...input.issuer, id: controller } }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-serve-'))
  expect(cli('keygen', '--out', 'issuer.json').code).toBe(0)
  writeFileSync(
    join(dir, 'uni-context.json'),
    JSON.stringify({ '@context': { '@protected': true, gpa: 'https://uni.example/vocab#gpa' } }),
  )
  writeFileSync(join(dir, 'not-a-context.json'), JSON.stringify({ gpa: 'https://uni.example/vocab#gpa' }))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** A port free on 127.0.0.1 right now (for a test that must name its port before the server starts). */
async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) =>
    probe.close(() => {
      resolve()
    }),
  )
  return port
}

describe('microcred token / serve', () => {
  it('a trial on 127.0.0.1 needs no public URL: it serves, issues and verifies at http://127.0.0.1:<port>', async () => {
    const port = await freePort()
    const { child, url } = await serve([
      '--key',
      'issuer.json',
      '--insecure-no-auth',
      '--port',
      String(port),
      '--status-store',
      'trial-status',
      '--quiet',
    ])
    try {
      expect(url).toBe(`http://127.0.0.1:${port}`)
      const controller = JSON.parse(readFileSync(join(dir, 'issuer.json'), 'utf8')).controller as string
      const post = (path: string, body: unknown) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      const issued = await post('/micro-credentials/issue', {
        input: credentialFor(controller),
        options: { credentialStatus: { statusPurpose: 'revocation' } },
      })
      expect(issued.status).toBe(201)
      const vc = (
        (await issued.json()) as { verifiableCredential: { credentialStatus: { statusListCredential: string } } }
      ).verifiableCredential
      expect(vc.credentialStatus.statusListCredential).toBe(`http://127.0.0.1:${port}/status/revocation`)
      const verified = await post('/credentials/verify', { verifiableCredential: vc })
      const report = (await verified.json()) as { issues: unknown[] }
      expect(verified.status, JSON.stringify(report.issues)).toBe(200)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited(child)).toBe(0)
  })

  it('token prints the token once and stores only its SHA-256 (file mode 0600)', () => {
    const result = cli('token', '--name', 'lms', '--tokens', 'tokens.json')
    expect(result.code).toBe(0)
    const token = result.stdout.trim()
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const stored = readFileSync(join(dir, 'tokens.json'), 'utf8')
    expect(stored).not.toContain(token)
    expect(JSON.parse(stored)).toEqual([{ name: 'lms', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }])
    expect(statSync(join(dir, 'tokens.json')).mode & 0o777).toBe(0o600)
    expect(cli('token', '--name', 'lms', '--tokens', 'tokens.json').code).toBe(2)
  })

  it('serves: issues with the token (201), refuses without (401), and stops gracefully on SIGTERM', async () => {
    const token = cli('token', '--name', 'registrar', '--tokens', 'tokens.json').stdout.trim()
    const { child, url, stderr } = await serve([
      '--key',
      'issuer.json',
      '--tokens',
      'tokens.json',
      '--public-url',
      'https://issuer.example',
      '--port',
      '0',
      '--status-store',
      'status',
      '--threads',
      '1',
      '--quiet',
    ])
    try {
      const controller = JSON.parse(readFileSync(join(dir, 'issuer.json'), 'utf8')).controller as string
      const { createMicroCredential } = await import('../../src/index.js')
      const credential = createMicroCredential(credentialFor(controller) as never)
      const post = (authorization?: string) =>
        fetch(`${url}/credentials/issue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
          body: JSON.stringify({ credential, options: { credentialStatus: { statusPurpose: 'revocation' } } }),
        })
      expect((await post()).status).toBe(401)
      const issued = await post(`Bearer ${token}`)
      expect(issued.status).toBe(201)
      const vc = ((await issued.json()) as { verifiableCredential: { id: string } }).verifiableCredential
      const verified = await fetch(`${url}/credentials/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verifiableCredential: vc }),
      })
      expect(verified.status).toBe(200)
      expect(readFileSync(join(dir, 'status', 'issued.jsonl'), 'utf8')).toContain(vc.id)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited(child)).toBe(0)
    expect(stderr()).toContain('shutting down')
  })

  it('refuses to start without authorization, or open on a public address (exit 2, one line)', () => {
    const noAuth = cli('serve', '--key', 'issuer.json', '--public-url', 'https://issuer.example')
    expect(noAuth.code).toBe(2)
    expect(noAuth.stderr.trim().split('\n')).toHaveLength(1)
    expect(noAuth.stderr).toMatch(/--tokens/)
    const open = cli(
      'serve',
      '--key',
      'issuer.json',
      '--public-url',
      'https://issuer.example',
      '--insecure-no-auth',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
    )
    expect(open.code).toBe(2)
    expect(open.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without authorization/)
    // Only a trial on a fixed loopback port has a public URL of its own (its http address).
    expect(refusedToServe(['--key', 'issuer.json', '--insecure-no-auth', '--port', '0']).stderr).toMatch(/--public-url/)
    expect(refusedToServe(['--key', 'issuer.json', '--insecure-no-auth', '--host', '0.0.0.0']).stderr).toMatch(
      /--public-url/,
    )
    const noThreads = cli(
      'serve',
      '--key',
      'issuer.json',
      '--insecure-no-auth',
      '--public-url',
      'https://issuer.example',
      '--threads',
      '0',
    )
    expect(noThreads.code).toBe(2)
    expect(noThreads.stderr).toMatch(/--threads 0 is not a positive whole number/)
  })

  it('serve --strict --context: credentials using the context issue and verify; a warning fails, whatever a request asks', async () => {
    const contextUrl = 'https://uni.example/contexts/transcript/v1'
    const { child, url } = await serve([
      '--key',
      'issuer.json',
      '--insecure-no-auth',
      '--public-url',
      'https://issuer.example',
      '--port',
      '0',
      '--strict',
      '--context',
      `${contextUrl}=uni-context.json`,
      '--quiet',
    ])
    try {
      const issuer = JSON.parse(readFileSync(join(dir, 'issuer.json'), 'utf8')).controller as string
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
        return { status: response.status, body: (await response.json()) as Record<string, any> }
      }
      const subject = { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', gpa: '3.9' }
      const transcript = await post('/credentials/issue', {
        credential: {
          '@context': ['https://www.w3.org/ns/credentials/v2', contextUrl],
          type: ['VerifiableCredential'],
          issuer,
          credentialSubject: subject,
        },
      })
      expect(transcript.status).toBe(201)
      expect(
        await post('/credentials/verify', { verifiableCredential: transcript.body['verifiableCredential'] }),
      ).toMatchObject({ status: 200, body: { verified: true, policy: 'strict' } })

      const related = {
        relatedResource: [{ id: 'https://uni.example/logo.png', digestSRI: `sha384-${'A'.repeat(64)}` }],
      }
      const warned = await post('/credentials/issue', {
        credential: {
          '@context': ['https://www.w3.org/ns/credentials/v2', contextUrl],
          type: ['VerifiableCredential'],
          issuer,
          credentialSubject: subject,
          ...related,
        },
      })
      expect(warned.status).toBe(201)
      const vc = warned.body['verifiableCredential']
      expect(await post('/credentials/verify', { verifiableCredential: vc })).toMatchObject({
        status: 422,
        body: { verified: false, policy: 'strict' },
      })
      expect(
        await post('/credentials/verify', { verifiableCredential: vc, options: { policy: 'default' } }),
      ).toMatchObject({ status: 422, body: { verified: false, policy: 'strict' } })
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited(child)).toBe(0)
  })

  it('serve --context with a bundled URL or a file that is not a context: exit 2, one line', () => {
    for (const [spec, message] of [
      ['https://www.w3.org/ns/credentials/v2=uni-context.json', /bundled/],
      ['https://uni.example/ctx=not-a-context.json', /not a JSON-LD context document/],
    ] as const) {
      const result = refusedToServe([
        '--key',
        'issuer.json',
        '--insecure-no-auth',
        '--public-url',
        'https://issuer.example',
        '--port',
        '0',
        '--context',
        spec,
      ])
      expect(result.code).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(message)
    }
  })

  it('serves https with --tls-cert and --tls-key', async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'tls-key.pem',
        '-out',
        'tls-cert.pem',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { cwd: dir, stdio: 'ignore' },
    )
    const { child, url } = await serve([
      '--key',
      'issuer.json',
      '--insecure-no-auth',
      '--tls-cert',
      'tls-cert.pem',
      '--tls-key',
      'tls-key.pem',
      '--port',
      '0',
      '--public-url',
      'https://issuer.example',
      '--status-store',
      'status-tls',
      '--quiet',
    ])
    try {
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${url}/status/revocation`, { rejectUnauthorized: false }, (res) => {
          let text = ''
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8')
          })
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: text })
          })
        })
        req.on('error', reject)
        req.end()
      })
      expect(status).toBe(200)
      expect(JSON.parse(body)).toMatchObject({
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        id: 'https://issuer.example/status/revocation',
      })
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited(child)).toBe(0)
  })
})
