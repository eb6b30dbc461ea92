/**
 * safeFetch(): https only, no connection to non-public addresses (IP literals, DNS answers, redirect targets),
 * capped redirects, size and time. Everything runs against HTTP servers on 127.0.0.1 (reachable only through
 * `allowHttp` and an `allowAddress` that admits 127.0.0.1) and injected `resolve` functions: nothing here
 * touches the internet. Each server counts TCP connections, so "refused" also means "nothing was connected".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { isMicrocredError, safeFetch, type MicrocredErrorCode, type SafeFetchOptions } from '../../../src/index.js'

interface SeenRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string
  port: number
  requests: SeenRequest[]
  /** TCP connections accepted so far. */
  connections(): number
}

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void

const servers: ReturnType<typeof createServer>[] = []

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve()
      }),
    )
  }
})

async function startServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = []
  let connections = 0
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
      handler(request, response, body)
    })
  })
  server.on('connection', () => connections++)
  servers.push(server)
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve()
    }),
  )
  const { port } = server.address() as AddressInfo
  return { origin: `http://127.0.0.1:${port}`, port, requests, connections: () => connections }
}

/** A safeFetch that may reach the local test servers (and only 127.0.0.1). */
const localFetch = (options: SafeFetchOptions = {}): typeof fetch =>
  safeFetch({ allowHttp: true, allowAddress: (address) => address === '127.0.0.1', timeoutMs: 5_000, ...options })

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection, but the promise resolved')
}

async function expectCode(promise: Promise<unknown>, code: MicrocredErrorCode): Promise<Error> {
  const error = await rejection(promise)
  expect(isMicrocredError(error), `expected a MicrocredError, got ${String(error)}`).toBe(true)
  expect((error as { code: string }).code).toBe(code)
  return error as Error
}

const ok =
  (body = 'hello', headers: Record<string, string> = {}): Handler =>
  (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain', ...headers })
    response.end(body)
  }

describe('safeFetch(): only https, unless allowHttp', () => {
  it('refuses an http: URL by default, without connecting', async () => {
    const server = await startServer(ok())
    // allowAddress admits everything, so only the scheme can be the reason for the refusal
    const fetch = safeFetch({ allowAddress: () => true, timeoutMs: 5_000 })
    const error = await expectCode(fetch(`${server.origin}/doc.json`), 'ERR_FETCH_REFUSED')
    expect(error.message).toMatch(/http:/)
    expect(server.connections()).toBe(0)
    expect(server.requests).toHaveLength(0)
  })

  it('refuses an http: URL given as a URL object too', async () => {
    const server = await startServer(ok())
    const fetch = safeFetch({ allowAddress: () => true, timeoutMs: 5_000 })
    await expectCode(fetch(new URL(`${server.origin}/doc.json`)), 'ERR_FETCH_REFUSED')
    expect(server.connections()).toBe(0)
  })

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/x', 'data:application/json,{}', 'ws://127.0.0.1/'])(
    'refuses %s even with allowHttp',
    async (url) => {
      const fetch = safeFetch({ allowHttp: true, allowAddress: () => true, timeoutMs: 5_000 })
      await expectCode(fetch(url), 'ERR_FETCH_REFUSED')
    },
  )

  it('fetches http: with allowHttp (and an allowAddress admitting 127.0.0.1)', async () => {
    const server = await startServer(ok('fine'))
    const response = await localFetch()(`${server.origin}/x`)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('fine')
    expect(server.requests.map((r) => r.url)).toEqual(['/x'])
  })
})

describe('safeFetch(): IP literals outside the public unicast ranges are refused', () => {
  it.each([
    ['https://127.0.0.1/', 'loopback'],
    ['https://127.1/', 'loopback, short form'],
    ['https://2130706433/', 'loopback, decimal form'],
    ['https://0x7f000001/', 'loopback, hex form'],
    ['https://0.0.0.0/', 'unspecified'],
    ['https://10.0.0.1/', 'private'],
    ['https://172.16.5.4/', 'private'],
    ['https://192.168.1.1/', 'private'],
    ['https://169.254.169.254/latest/meta-data/', 'link-local (cloud metadata)'],
    ['https://100.64.0.1/', 'carrier-grade NAT'],
    ['https://[::1]/', 'IPv6 loopback'],
    ['https://[::]/', 'IPv6 unspecified'],
    ['https://[fd00::1]/', 'IPv6 unique local'],
    ['https://[fe80::1]/', 'IPv6 link-local'],
    ['https://[::ffff:10.0.0.1]/', 'IPv4-mapped private'],
    ['https://[::ffff:127.0.0.1]/', 'IPv4-mapped loopback'],
    ['https://[::ffff:169.254.169.254]/', 'IPv4-mapped cloud metadata'],
    // IPv6 forms embedding (or routing to) a non-public IPv4 address
    ['https://[::7f00:1]/', 'IPv4-compatible 127.0.0.1'],
    ['https://[::127.0.0.1]/', 'IPv4-compatible 127.0.0.1, dotted (the URL parser writes it ::7f00:1)'],
    ['https://[::a9fe:a9fe]/', 'IPv4-compatible cloud metadata'],
    ['https://[64:ff9b::a9fe:a9fe]/', 'NAT64 of cloud metadata'],
    ['https://[64:ff9b::10.0.0.1]/', 'NAT64 of 10.0.0.1, dotted'],
    ['https://[64:ff9b:1::808:808]/', 'local-use NAT64 prefix'],
    ['https://[2002:a9fe:a9fe::1]/', '6to4 of cloud metadata'],
    ['https://[2002:7f00:1::1]/', '6to4 of 127.0.0.1'],
    ['https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', 'Teredo, client 127.0.0.1'],
    ['https://[2001:0:a00:1:8000:63bf:f7f7:f7f7]/', 'Teredo, server 10.0.0.1'],
    ['https://[2001:4860:1::5efe:a9fe:a9fe]/', 'ISATAP interface id of cloud metadata'],
  ])('%s (%s)', async (url) => {
    let resolved = 0
    const fetch = safeFetch({
      timeoutMs: 2_000,
      resolve: async () => {
        resolved++
        return ['127.0.0.1']
      },
    })
    const error = await expectCode(fetch(url), 'ERR_FETCH_REFUSED')
    expect(error.message).toMatch(/refused/)
    expect(resolved).toBe(0)
  })

  it('refuses https://127.0.0.1:<port>/ of a listening local server without connecting to it', async () => {
    const server = await startServer(ok())
    const error = await expectCode(
      safeFetch({ timeoutMs: 2_000 })(`https://127.0.0.1:${server.port}/`),
      'ERR_FETCH_REFUSED',
    )
    expect(error.message).toContain('127.0.0.1')
    expect(server.connections()).toBe(0)
  })

  it('refuses a loopback IP literal with allowHttp too (allowHttp does not widen the addresses)', async () => {
    const server = await startServer(ok())
    await expectCode(safeFetch({ allowHttp: true, timeoutMs: 2_000 })(`${server.origin}/`), 'ERR_FETCH_REFUSED')
    expect(server.connections()).toBe(0)
  })

  it('refuses an IPv4-mapped spelling of an allowed address that allowAddress does not admit', async () => {
    const server = await startServer(ok())
    await expectCode(localFetch()(`http://[::ffff:127.0.0.1]:${server.port}/`), 'ERR_FETCH_REFUSED')
    expect(server.connections()).toBe(0)
  })
})

describe('safeFetch(): the DNS answer is checked, every address of it', () => {
  it.each([
    [['127.0.0.1'], 'loopback'],
    [['10.0.0.1'], 'private'],
    [['169.254.169.254'], 'cloud metadata'],
    [['::1'], 'IPv6 loopback'],
    [['::ffff:127.0.0.1'], 'IPv4-mapped loopback'],
    [['::7f00:1'], 'IPv4-compatible loopback'],
    [['::a00:1'], 'IPv4-compatible 10.0.0.1'],
    [['::'], 'IPv6 unspecified'],
    [['64:ff9b::7f00:1'], 'NAT64 of loopback'],
    [['64:ff9b::a9fe:a9fe'], 'NAT64 of cloud metadata'],
    [['2002:a00:1::1'], '6to4 of 10.0.0.1'],
    [['2001:0:4136:e378:8000:63bf:5601:5601'], 'Teredo, client 169.254.169.254'],
    [['2001:4860:1::200:5efe:7f00:1'], 'ISATAP interface id of loopback'],
    [['2606:4700:4700::1111', '::7f00:1'], 'a public address and an IPv4-compatible loopback'],
  ])('refuses a host name resolving to %j (%s) with the default address policy', async (addresses) => {
    const server = await startServer(ok())
    const asked: string[] = []
    const fetch = safeFetch({
      allowHttp: true,
      timeoutMs: 2_000,
      resolve: async (hostname) => {
        asked.push(hostname)
        return addresses
      },
    })
    const error = await expectCode(fetch(`http://internal.test:${server.port}/`), 'ERR_FETCH_REFUSED')
    expect(error.message).toContain('internal.test')
    expect(asked).toContain('internal.test')
    expect(server.connections()).toBe(0)
  })

  it.each([
    [['127.0.0.1', '10.0.0.1'], 'the refused address last'],
    [['10.0.0.1', '127.0.0.1'], 'the refused address first'],
    [['127.0.0.1', '::1'], 'a refused IPv6 address'],
    [['127.0.0.1', '127.0.0.1', '192.168.1.1'], 'one refused address among several admitted ones'],
  ])('refuses a host name whose answer %j mixes admitted and refused addresses (%s)', async (addresses) => {
    // In this test world 127.0.0.1 plays the public address: it is the only one allowAddress admits.
    const server = await startServer(ok())
    const fetch = localFetch({ resolve: async () => addresses })
    const error = await expectCode(fetch(`http://mixed.test:${server.port}/`), 'ERR_FETCH_REFUSED')
    expect(error.message).toContain('mixed.test')
    expect(server.connections()).toBe(0)
  })

  it('connects when every address of the answer is admitted, to the address the answer gave', async () => {
    const server = await startServer(ok('through dns'))
    const asked: string[] = []
    const fetch = localFetch({
      resolve: async (hostname) => {
        asked.push(hostname)
        return ['127.0.0.1']
      },
    })
    const response = await fetch(`http://issuer.test:${server.port}/did.json`)
    expect(await response.text()).toBe('through dns')
    expect(asked).toContain('issuer.test')
    // the Host header still names the host, not the address
    expect(server.requests[0]!.headers.host).toBe(`issuer.test:${server.port}`)
  })

  it('fails (ERR_FETCH_FAILED, not a refusal) when the name resolves to nothing or the resolver fails', async () => {
    const server = await startServer(ok())
    await expectCode(localFetch({ resolve: async () => [] })(`http://nowhere.test:${server.port}/`), 'ERR_FETCH_FAILED')
    await expectCode(
      localFetch({ resolve: async () => Promise.reject(new Error('SERVFAIL')) })(`http://nowhere.test:${server.port}/`),
      'ERR_FETCH_FAILED',
    )
    expect(server.connections()).toBe(0)
  })
})

describe('safeFetch(): redirects are followed only after the same checks', () => {
  it('refuses a redirect to a private IP literal (http://10.0.0.1/x)', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(302, { location: 'http://10.0.0.1/x' })
      response.end()
    })
    const error = await expectCode(localFetch({ timeoutMs: 2_000 })(`${server.origin}/start`), 'ERR_FETCH_REFUSED')
    expect(error.message).toContain('10.0.0.1')
    expect(server.requests.map((r) => r.url)).toEqual(['/start'])
  })

  it('refuses a redirect to a host name that resolves to a private address (192.168.1.1)', async () => {
    const asked: string[] = []
    const server = await startServer((_request, response) => {
      response.writeHead(301, { location: 'http://intranet.test/admin' })
      response.end()
    })
    const fetch = localFetch({
      timeoutMs: 2_000,
      resolve: async (hostname) => {
        asked.push(hostname)
        return hostname === 'intranet.test' ? ['192.168.1.1'] : ['127.0.0.1']
      },
    })
    const error = await expectCode(fetch(`${server.origin}/start`), 'ERR_FETCH_REFUSED')
    expect(error.message).toContain('intranet.test')
    expect(asked).toContain('intranet.test')
    expect(server.requests.map((r) => r.url)).toEqual(['/start'])
  })

  it('refuses a redirect to a URL with credentials, and to a non-http(s) scheme', async () => {
    const target = await startServer(ok())
    const toCredentials = await startServer((_request, response) => {
      response.writeHead(307, { location: `http://user:secret@127.0.0.1:${target.port}/` })
      response.end()
    })
    await expectCode(localFetch()(`${toCredentials.origin}/`), 'ERR_FETCH_REFUSED')
    const toFile = await startServer((_request, response) => {
      response.writeHead(302, { location: 'file:///etc/passwd' })
      response.end()
    })
    await expectCode(localFetch()(`${toFile.origin}/`), 'ERR_FETCH_REFUSED')
    expect(target.connections()).toBe(0)
  })

  it('follows an admitted redirect (relative Location) and returns the final response', async () => {
    const server = await startServer((request, response) => {
      if (request.url === '/old') {
        response.writeHead(308, { location: '/new?x=1' })
        response.end()
        return
      }
      ok(`final ${request.url ?? ''}`)(request, response, '')
    })
    const response = await localFetch()(`${server.origin}/old`)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('final /new?x=1')
    expect(server.requests.map((r) => r.url)).toEqual(['/old', '/new?x=1'])
  })

  it('follows a redirect to another admitted host name, checking its DNS answer', async () => {
    const asked: string[] = []
    const target = await startServer(ok('moved here'))
    const source = await startServer((_request, response) => {
      response.writeHead(302, { location: `http://mirror.test:${target.port}/doc` })
      response.end()
    })
    const fetch = localFetch({
      resolve: async (hostname) => {
        asked.push(hostname)
        return ['127.0.0.1']
      },
    })
    const response = await fetch(`${source.origin}/doc`)
    expect(await response.text()).toBe('moved here')
    expect(asked).toContain('mirror.test')
  })

  it('a 3xx without Location is a response, not a redirect', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(300, { 'content-type': 'text/plain' })
      response.end('choose')
    })
    const response = await localFetch()(`${server.origin}/`)
    expect(response.status).toBe(300)
    expect(await response.text()).toBe('choose')
  })
})

describe('safeFetch(): maxRedirects', () => {
  /** A server that redirects /0 → /1 → /2 ... and answers 200 at /<stop>. */
  const chain =
    (stop: number): Handler =>
    (request, response) => {
      const step = Number((request.url ?? '/0').slice(1))
      if (step >= stop) {
        response.writeHead(200, { 'content-type': 'text/plain' })
        response.end(`arrived at ${step}`)
        return
      }
      response.writeHead(302, { location: `/${step + 1}` })
      response.end()
    }

  it('refuses the redirect after the maxRedirects-th (ERR_FETCH_REFUSED), having followed exactly maxRedirects', async () => {
    const server = await startServer(chain(Number.POSITIVE_INFINITY))
    const error = await expectCode(localFetch({ maxRedirects: 2 })(`${server.origin}/0`), 'ERR_FETCH_REFUSED')
    expect(error.message).toMatch(/redirect/)
    // the first request plus the 2 redirects followed
    expect(server.requests.map((r) => r.url)).toEqual(['/0', '/1', '/2'])
  })

  it('follows exactly maxRedirects redirects', async () => {
    const server = await startServer(chain(2))
    const response = await localFetch({ maxRedirects: 2 })(`${server.origin}/0`)
    expect(await response.text()).toBe('arrived at 2')
  })

  it('maxRedirects: 0 refuses the first redirect', async () => {
    const server = await startServer(chain(1))
    await expectCode(localFetch({ maxRedirects: 0 })(`${server.origin}/0`), 'ERR_FETCH_REFUSED')
    expect(server.requests.map((r) => r.url)).toEqual(['/0'])
  })

  it('the default allows 3 redirects and refuses a 4th', async () => {
    const three = await startServer(chain(3))
    expect(await (await localFetch()(`${three.origin}/0`)).text()).toBe('arrived at 3')
    const four = await startServer(chain(4))
    await expectCode(localFetch()(`${four.origin}/0`), 'ERR_FETCH_REFUSED')
  })
})

describe('safeFetch(): maxBytes', () => {
  it('fails a body larger than maxBytes (with content-length)', async () => {
    const server = await startServer(ok('x'.repeat(2_000)))
    const error = await expectCode(localFetch({ maxBytes: 1_000 })(`${server.origin}/`), 'ERR_FETCH_FAILED')
    expect(error.message).toContain('1000')
  })

  it('fails a chunked body (no content-length) that grows past maxBytes', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' })
      for (let i = 0; i < 20; i++) response.write('y'.repeat(100))
      response.end()
    })
    await expectCode(localFetch({ maxBytes: 1_000 })(`${server.origin}/`), 'ERR_FETCH_FAILED')
  })

  it('fails an endless body once it passes maxBytes (it does not read forever)', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' })
      let open = true
      response.on('close', () => (open = false))
      const pump = (): void => {
        if (!open) return
        response.write(Buffer.alloc(16 * 1024, 0x61), () => setImmediate(pump))
      }
      pump()
    })
    await expectCode(localFetch({ maxBytes: 64 * 1024, timeoutMs: 20_000 })(`${server.origin}/`), 'ERR_FETCH_FAILED')
  })

  it('accepts a body of exactly maxBytes', async () => {
    const body = 'z'.repeat(1_000)
    const server = await startServer(ok(body))
    const response = await localFetch({ maxBytes: 1_000 })(`${server.origin}/`)
    expect(await response.text()).toBe(body)
  })
})

describe('safeFetch(): timeoutMs', () => {
  it('fails with ERR_FETCH_FAILED when the server never answers', async () => {
    const server = await startServer(() => {
      // never answer
    })
    const error = await expectCode(localFetch({ timeoutMs: 300 })(`${server.origin}/slow`), 'ERR_FETCH_FAILED')
    expect(error.message).toMatch(/300/)
    expect(server.requests).toHaveLength(1)
  })

  it('fails with ERR_FETCH_FAILED when the body never ends', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"partial":')
      // and never more
    })
    await expectCode(localFetch({ timeoutMs: 300 })(`${server.origin}/stall`), 'ERR_FETCH_FAILED')
  })

  it("fails with ERR_FETCH_FAILED when the caller's own signal aborts", async () => {
    const controller = new AbortController()
    // The server never answers; the caller aborts once the request has reached it (an event, not a delay).
    const server = await startServer(() => {
      controller.abort()
    })
    const pending = localFetch({ timeoutMs: 20_000 })(`${server.origin}/`, { signal: controller.signal })
    await expectCode(pending, 'ERR_FETCH_FAILED')
    expect(server.requests).toHaveLength(1)
  })
})

describe('safeFetch(): a normal response', () => {
  it('returns status, headers and body', async () => {
    const json = JSON.stringify({ id: 'did:web:issuer.test', keys: [1, 2, 3] })
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/did+json', 'x-served-by': 'test-server', etag: '"abc"' })
      response.end(json)
    })
    const response = await localFetch()(`${server.origin}/.well-known/did.json`)
    expect(response).toBeInstanceOf(Response)
    expect(response.status).toBe(200)
    expect(response.ok).toBe(true)
    expect(response.headers.get('content-type')).toBe('application/did+json')
    expect(response.headers.get('x-served-by')).toBe('test-server')
    expect(response.headers.get('etag')).toBe('"abc"')
    expect(await response.json()).toEqual(JSON.parse(json))
  })

  it('returns an error status as a response (it is not an exception)', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/plain' })
      response.end('no such document')
    })
    const response = await localFetch()(`${server.origin}/missing`)
    expect(response.status).toBe(404)
    expect(response.ok).toBe(false)
    expect(await response.text()).toBe('no such document')
  })

  it('returns a 204 with an empty body', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(204)
      response.end()
    })
    const response = await localFetch()(`${server.origin}/`)
    expect(response.status).toBe(204)
    expect(await response.text()).toBe('')
  })

  it('returns a 205 Reset Content (a null-body status, like 204) as a response, as fetch does', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(205)
      response.end()
    })
    const plain = await fetch(`${server.origin}/`)
    expect(plain.status).toBe(205) // what the platform fetch does with the same answer
    const response = await localFetch()(`${server.origin}/`)
    expect(response.status).toBe(205)
    expect(await response.text()).toBe('')
  })

  it('sends the method, headers and body it is given', async () => {
    const server = await startServer(ok('posted'))
    const response = await localFetch()(`${server.origin}/submit`, {
      method: 'POST',
      headers: { accept: 'application/json', 'x-test': 'yes' },
      body: '{"a":1}',
    })
    expect(await response.text()).toBe('posted')
    const [seen] = server.requests
    expect(seen?.method).toBe('POST')
    expect(seen?.headers.accept).toBe('application/json')
    expect(seen?.headers['x-test']).toBe('yes')
    expect(seen?.body).toBe('{"a":1}')
  })

  it('accepts a URL object and a Request as input', async () => {
    const server = await startServer((request, response) => {
      ok(`at ${request.url ?? ''}`)(request, response, '')
    })
    expect(await (await localFetch()(new URL(`${server.origin}/as-url`))).text()).toBe('at /as-url')
    expect(await (await localFetch()(new Request(`${server.origin}/as-request`))).text()).toBe('at /as-request')
  })
})

describe('safeFetch(): URLs with credentials', () => {
  it.each(['user:password@', 'user@', ':password@'])(
    'refuses http://%s127.0.0.1:<port>/ without connecting',
    async (userinfo) => {
      const server = await startServer(ok())
      const error = await expectCode(localFetch()(`http://${userinfo}127.0.0.1:${server.port}/`), 'ERR_FETCH_REFUSED')
      expect(error.message).toMatch(/credentials/)
      expect(error.message).not.toContain('password')
      expect(server.connections()).toBe(0)
    },
  )

  it('refuses https://user:password@issuer.test/ before resolving the name', async () => {
    let resolved = 0
    const fetch = safeFetch({
      timeoutMs: 2_000,
      resolve: async () => {
        resolved++
        return ['127.0.0.1']
      },
    })
    await expectCode(fetch('https://user:password@issuer.test/'), 'ERR_FETCH_REFUSED')
    expect(resolved).toBe(0)
  })
})

describe('safeFetch(options): a caller mistake is a TypeError', () => {
  it.each([
    ['a string', 'x'],
    ['a number', 42],
    ['null', null],
    ['an array', []],
  ])('options as %s', (_name, options) => {
    expect(() => safeFetch(options as never)).toThrow(TypeError)
  })

  it('no options at all, or an empty object, is fine', () => {
    expect(typeof safeFetch()).toBe('function')
    expect(typeof safeFetch({})).toBe('function')
  })
})
