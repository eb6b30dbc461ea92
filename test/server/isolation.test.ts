/**
 * The public verify endpoints under hostile load: verification (and issuing) runs in worker threads with a hard deadline (503 and
 * the work stopped), a request waiting on a slow server does not hold up another, fetched documents are reused within
 * the cache's time to live, and the rate limit counts both verify routes together. Outcomes are decided by order
 * (a fetch that answers only when the test says so), never by how fast this machine is.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, issue, type Ed25519KeyPair } from '../../src/index.js'
import { didWebDocument } from '../../src/keys/documents.js'
import {
  createBearerToken,
  createVcApiServer,
  type VcApiServer,
  type VcApiServerOptions,
} from '../../src/entries/server.js'
import { TASKS_PER_THREAD } from '../../src/server/thread-pool.js'
import { euCredential } from '../helpers/credentials.js'

let issuerKey: Ed25519KeyPair
let serviceKey: Ed25519KeyPair
let webCredential: object
let didDocument: { url: string; document: object }
const servers: VcApiServer[] = []

beforeAll(async () => {
  serviceKey = await generateKeyPair()
  issuerKey = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
  didDocument = didWebDocument('did:web:uni.example', { keyPairs: [issuerKey] })
  webCredential = await issue(euCredential(issuerKey), { keyPair: issuerKey })
})

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function start(options: Partial<VcApiServerOptions>): Promise<VcApiServer> {
  // The verify endpoints are public; a token is configured only because a service must have one to issue.
  const server = await createVcApiServer({
    keyPair: serviceKey,
    publicUrl: 'https://issuer.example',
    auth: { tokens: [createBearerToken('lms').entry] },
    logger: false,
    threads: 1,
    ...options,
  })
  servers.push(server)
  return server
}

const verifyBody = (verifiableCredential: unknown) => ({
  method: 'POST' as const,
  url: '/credentials/verify',
  payload: { verifiableCredential },
})

/** A fetch serving the issuer's DID document, counting calls; `hold` makes every call wait for `release()`. */
function issuerFetch(hold = false) {
  let calls = 0
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let called!: () => void
  const firstCall = new Promise<void>((resolve) => (called = resolve))
  const signals: AbortSignal[] = []
  const fetch = async (url: string, init?: RequestInit) => {
    calls++
    called()
    if (init?.signal) signals.push(init.signal)
    if (hold) await released
    return url === didDocument.url ? Response.json(didDocument.document) : new Response('not found', { status: 404 })
  }
  return {
    fetch,
    release,
    firstCall,
    signals,
    get calls() {
      return calls
    },
  }
}

describe('verification off the event loop', () => {
  it('verifies in a worker thread: a did:web credential, its DID document fetched through the service', async () => {
    const source = issuerFetch()
    const server = await start({ fetch: source.fetch })
    const response = await server.fastify.inject(verifyBody(webCredential))
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ verified: true, proofUsed: 0 })
    expect(source.calls).toBe(1)
  })

  it('answers a cheap request while another waits on a slow server', async () => {
    const slow = issuerFetch(true)
    const server = await start({ fetch: slow.fetch, verification: { maxWorkMs: 600_000 } })
    const held = server.fastify.inject(verifyBody(webCredential))
    let heldDone = false
    void held.then(() => (heldDone = true))
    await slow.firstCall
    // A did:key credential needs no fetch: it is answered while the other still waits for its DID document.
    const cheapKey = await generateKeyPair()
    const cheap = await server.fastify.inject(verifyBody(await issue(euCredential(cheapKey), { keyPair: cheapKey })))
    expect(cheap.statusCode).toBe(200)
    expect(heldDone).toBe(false)
    slow.release()
    expect((await held).statusCode).toBe(200)
  })

  it('past requestTimeoutMs: 503 ERR_UNAVAILABLE, the work stopped, and the service keeps answering', async () => {
    const never = issuerFetch(true)
    // A budget far above the time limit: only the deadline can end this verification.
    const server = await start({ fetch: never.fetch, requestTimeoutMs: 1_500, verification: { maxWorkMs: 600_000 } })
    const response = await server.fastify.inject(verifyBody(webCredential))
    expect(response.statusCode).toBe(503)
    expect(response.headers['retry-after']).toBeDefined()
    expect(response.json()).toMatchObject({ code: 'ERR_UNAVAILABLE' })
    // Whatever the verification had asked for by then is abandoned with it.
    await expect.poll(() => never.signals.filter((signal) => !signal.aborted), { timeout: 30_000 }).toEqual([])
    // The stopped thread is replaced; requests are answered again once it has started.
    const cheapKey = await generateKeyPair()
    const cheap = await issue(euCredential(cheapKey), { keyPair: cheapKey })
    await expect
      .poll(async () => (await server.fastify.inject(verifyBody(cheap))).statusCode, { timeout: 60_000, interval: 200 })
      .toBe(200)
  })

  it('a verification over its budget gets a report (422 ERR_BUDGET_EXCEEDED), not a late answer', async () => {
    const never = issuerFetch(true)
    const server = await start({ fetch: never.fetch, verification: { maxWorkMs: 0 } })
    const response = await server.fastify.inject(verifyBody(webCredential))
    expect(response.statusCode).toBe(422)
    expect(response.json().issues).toContainEqual(expect.objectContaining({ code: 'ERR_BUDGET_EXCEEDED' }))
  })

  it('refuses invalid verification options (TypeError)', async () => {
    await expect(start({ threads: 0 })).rejects.toThrow(/options\.threads must be a whole number/)
    await expect(start({ verification: { maxFetches: -1 } })).rejects.toThrow(
      /verification\.maxFetches must be a non-negative number/,
    )
    await expect(start({ cacheTtlMs: -5 })).rejects.toThrow(/cacheTtlMs must be a non-negative number/)
  })
})

describe('issuing off the event loop', () => {
  it("issues in the service's threads: with every slot of the only thread taken, an issue request waits its turn", async () => {
    const slow = issuerFetch(true)
    const { token, entry } = createBearerToken('lms')
    const server = await start({
      fetch: slow.fetch,
      auth: { tokens: [entry] },
      verification: { maxWorkMs: 600_000 },
      requestTimeoutMs: 600_000,
    })
    const held = Array.from({ length: TASKS_PER_THREAD }, () => server.fastify.inject(verifyBody(webCredential)))
    await expect.poll(() => slow.calls, { timeout: 30_000 }).toBe(TASKS_PER_THREAD)
    const queued = async () =>
      (await server.fastify.inject({ method: 'GET', url: '/health/ready' })).json().queued as number
    expect(await queued()).toBe(0)
    const issuing = server.fastify.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: { authorization: `Bearer ${token}` },
      payload: { credential: euCredential(serviceKey) },
    })
    let issued = false
    void issuing.then(() => (issued = true))
    // The issue request waits in the threads' queue (on the event loop it would never be there), and stays unanswered
    // while it does: it cannot start until a slot frees.
    await expect.poll(queued, { timeout: 30_000 }).toBe(1)
    expect(issued).toBe(false)
    slow.release()
    const response = await issuing
    expect(response.statusCode).toBe(201)
    expect(response.json().verifiableCredential).toMatchObject({
      issuer: expect.objectContaining({ id: serviceKey.controller }),
      proof: expect.anything(),
    })
    for (const request of held) expect((await request).statusCode).toBe(200)
  })

  it('a credential the thread refuses gets its located problem (422 with code and path), as issue() reports it', async () => {
    const { token, entry } = createBearerToken('lms')
    const server = await start({ auth: { tokens: [entry] } })
    const credential = euCredential(serviceKey) as any
    credential.validFrom = 'yesterday'
    const response = await server.fastify.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: { authorization: `Bearer ${token}` },
      payload: { credential },
    })
    expect(response.statusCode).toBe(422)
    expect(response.json()).toMatchObject({
      code: expect.stringMatching(/^ERR_/),
      path: expect.stringMatching(/^credential\.validFrom/),
    })
  })
})

describe('the service fetch cache', () => {
  it('reuses a fetched DID document within its time to live', async () => {
    const source = issuerFetch()
    const server = await start({ fetch: source.fetch })
    for (let i = 0; i < 3; i++) expect((await server.fastify.inject(verifyBody(webCredential))).statusCode).toBe(200)
    expect(source.calls).toBe(1)
  })

  it('fetches each time with cacheTtlMs: 0, and never caches a failure', async () => {
    const source = issuerFetch()
    const server = await start({ fetch: source.fetch, cacheTtlMs: 0 })
    for (let i = 0; i < 2; i++) await server.fastify.inject(verifyBody(webCredential))
    expect(source.calls).toBe(2)

    let failures = 0
    const failing = await start({ fetch: async () => (failures++, new Response('busy', { status: 503 })) })
    for (let i = 0; i < 2; i++) expect((await failing.fastify.inject(verifyBody(webCredential))).statusCode).toBe(422)
    expect(failures).toBe(2)
  })
})

describe('rate limit', () => {
  it('counts /credentials/verify and /presentations/verify together, per client', async () => {
    const server = await start({ rateLimit: { max: 2 } })
    expect((await server.fastify.inject(verifyBody({}))).statusCode).toBe(422)
    const presentation = {
      method: 'POST' as const,
      url: '/presentations/verify',
      payload: { verifiablePresentation: {}, options: { challenge: 'c' } },
    }
    expect((await server.fastify.inject(presentation)).statusCode).toBe(422)
    const third = await server.fastify.inject(presentation)
    expect(third.statusCode).toBe(429)
    expect(third.json()).toMatchObject({ code: 'ERR_RATE_LIMITED' })
    expect((await server.fastify.inject(verifyBody({}))).statusCode).toBe(429)
  })
})
