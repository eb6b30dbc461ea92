/**
 * `GET /health` (liveness) and `GET /health/ready` (readiness) over real HTTP on 127.0.0.1: public, not rate-limited,
 * not logged per request; while the service closes, readiness (and every other route) answers a 503 problem and
 * liveness still 200. The closing case is decided by order (a request the server has begun to read, finished once
 * close() has begun), never by how fast this machine is.
 */
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair } from '../../src/index.js'
import { MemoryStatusListStore } from '../../src/entries/status.js'
import { createBearerToken, createVcApiServer, type VcApiServer } from '../../src/entries/server.js'
import { call, get } from '../helpers/http.js'

const PUBLIC_URL = 'https://issuer.example'

describe('health endpoints', () => {
  let server: VcApiServer
  let base: string
  const logs: string[] = []

  beforeAll(async () => {
    const keyPair = await generateKeyPair()
    server = await createVcApiServer({
      keyPair,
      publicUrl: PUBLIC_URL,
      auth: { tokens: [createBearerToken('lms').entry] },
      statusStore: new MemoryStatusListStore(),
      rateLimit: { max: 1 },
      threads: 1,
      logDestination: { write: (line) => void logs.push(line) },
    })
    base = await server.listen()
  })
  afterAll(() => server.close())

  it('GET /health answers 200 { status: "ok" } without authorization', async () => {
    const response = await get(base, '/health')
    expect(response).toMatchObject({ status: 200, body: { status: 'ok' } })
    expect(response.type).toMatch(/^application\/json/)
  })

  it('GET /health/ready answers 200 once the threads have warmed and the status lists are open', async () => {
    expect(await get(base, '/health/ready')).toMatchObject({ status: 200, body: { status: 'ready', queued: 0 } })
  })

  it('is not rate-limited (the verify routes are) and not logged per request', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await get(base, '/health')).status).toBe(200)
      expect((await get(base, '/health/ready')).status).toBe(200)
    }
    const verify = [
      await call(base, '/credentials/verify', { verifiableCredential: {} }),
      await call(base, '/credentials/verify', { verifiableCredential: {} }),
    ]
    expect(verify.map((response) => response.status)).toEqual([422, 429])
    const lines = logs.map((line) => JSON.parse(line) as { req?: { url?: string } })
    expect(lines.some((line) => line.req?.url === '/credentials/verify')).toBe(true)
    expect(lines.some((line) => line.req?.url?.startsWith('/health') === true)).toBe(false)
  })
})

/** A request sent but for its last line break, on its own connection, once the server has read it all. */
interface HeldRequest {
  /** Sends the rest; resolves to the response once the server closes the connection. */
  finish(): Promise<{ status: number; headers: string; body: any }>
}

/**
 * Opens a connection to `server` and sends all of a request but the blank line ending its header, resolving once the
 * server has read those bytes: the request has begun, so the connection is not idle and closing the server waits for it.
 */
async function holdRequest(
  server: VcApiServer,
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<HeldRequest> {
  const { hostname, port } = new URL(base)
  const accepted = new Promise<Socket>((resolve) => server.fastify.server.once('connection', resolve))
  const socket = connect(Number(port), hostname)
  const serverSide = await accepted
  const payload = body === undefined ? '' : JSON.stringify(body)
  const head = `${method} ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${body === undefined ? '' : `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n`}`
  let received = ''
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk))
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      resolve()
    }),
  )
  socket.write(head)
  while (serverSide.bytesRead < Buffer.byteLength(head)) await new Promise((resolve) => setImmediate(resolve))
  return {
    async finish() {
      socket.write(`\r\n${payload}`)
      await closed
      const [headers = '', text = ''] = received.split('\r\n\r\n')
      return {
        status: Number(headers.split(' ')[1]),
        headers: headers.toLowerCase(),
        body: text === '' ? undefined : JSON.parse(text),
      }
    },
  }
}

describe('health endpoints while the service closes', () => {
  it('readiness and every other route answer a 503 problem with Retry-After; liveness still answers 200', async () => {
    const keyPair = await generateKeyPair()
    const server = await createVcApiServer({
      keyPair,
      publicUrl: PUBLIC_URL,
      allowUnauthenticated: true,
      logger: false,
      threads: 1,
      statusStore: new MemoryStatusListStore(),
    })
    const base = await server.listen()
    expect((await get(base, '/health/ready')).status).toBe(200)
    const ready = await holdRequest(server, base, 'GET', '/health/ready')
    const live = await holdRequest(server, base, 'GET', '/health')
    const verify = await holdRequest(server, base, 'POST', '/credentials/verify', { verifiableCredential: {} })
    const closed = server.close()
    const [readiness, liveness, verification] = await Promise.all([ready.finish(), live.finish(), verify.finish()])
    await closed
    expect(readiness).toMatchObject({ status: 503, body: { code: 'ERR_UNAVAILABLE', status: 503 } })
    expect(readiness.headers).toContain('content-type: application/problem+json')
    expect(readiness.headers).toContain('retry-after: 5')
    expect(readiness.headers).toContain('connection: close')
    expect(liveness).toMatchObject({ status: 200, body: { status: 'ok' } })
    expect(verification).toMatchObject({ status: 503, body: { code: 'ERR_UNAVAILABLE' } })
  })
})
