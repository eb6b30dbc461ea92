/**
 * fetchJson(): GET + JSON through the caller's fetch, with microcred's own time and size limits whatever that
 * fetch does. Every fetch here is injected and answers with `new Response(...)`: nothing touches the network.
 */
import { describe, expect, it } from 'vitest'
import { MicrocredError, isMicrocredError, type MicrocredErrorCode } from '../../../src/index.js'
import { DEFAULT_FETCH_LIMITS, fetchJson, type FetchLike, type FetchLimits } from '../../../src/net/fetch-json.js'

const limits = (overrides: Partial<FetchLimits> = {}): FetchLimits => ({
  timeoutMs: 5_000,
  maxBytes: 1_000,
  ...overrides,
})
const URL_ = 'https://issuer.example/doc.json'

async function expectCode(promise: Promise<unknown>, code: MicrocredErrorCode): Promise<MicrocredError> {
  let error: unknown
  try {
    await promise
  } catch (caught) {
    error = caught
  }
  expect(error, 'expected a rejection').toBeDefined()
  expect(isMicrocredError(error), `expected a MicrocredError, got ${String(error)}`).toBe(true)
  expect((error as MicrocredError).code).toBe(code)
  return error as MicrocredError
}

/** A fetch that records its calls and answers with `make()`. */
function recordingFetch(
  make: () => Response | Promise<Response>,
): FetchLike & { calls: { url: string; init: RequestInit | undefined }[] } {
  const calls: { url: string; init: RequestInit | undefined }[] = []
  const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    calls.push({ url, init })
    return make()
  }
  return Object.assign(fetch, { calls })
}

/** A body stream that yields `chunks` then ends (or never ends), and records whether it was cancelled. */
function chunkStream(
  chunks: Uint8Array[],
  { endless = false } = {},
): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean; pulled: () => number } {
  let cancelled = false
  let pulled = 0
  let index = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++
      if (index < chunks.length) controller.enqueue(chunks[index++]!)
      else if (endless) controller.enqueue(new Uint8Array(100).fill(0x20))
      else controller.close()
    },
    cancel() {
      cancelled = true
    },
  })
  return { stream, cancelled: () => cancelled, pulled: () => pulled }
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

describe('fetchJson(): success', () => {
  it('GETs the URL with an Accept header and a signal, and parses the JSON', async () => {
    const document = { id: 'https://issuer.example/doc.json', list: [1, 'two', { three: 3 }], unicode: 'Universität' }
    const fetch = recordingFetch(
      () => new Response(JSON.stringify(document), { headers: { 'content-type': 'application/json' } }),
    )
    expect(await fetchJson(fetch, URL_, limits())).toEqual(document)
    expect(fetch.calls).toHaveLength(1)
    expect(fetch.calls[0]!.url).toBe(URL_)
    const init = fetch.calls[0]!.init
    expect(new Headers(init?.headers).get('accept')).toBe('application/json')
    expect(init?.signal).toBeInstanceOf(AbortSignal)
  })

  it('sends the accept value it is given', async () => {
    const fetch = recordingFetch(() => new Response('{}'))
    await fetchJson(fetch, URL_, limits(), 'application/did+json')
    expect(new Headers(fetch.calls[0]!.init?.headers).get('accept')).toBe('application/did+json')
  })

  it('returns any JSON value, not only objects', async () => {
    expect(await fetchJson(async () => new Response('[1,2]'), URL_, limits())).toEqual([1, 2])
    expect(await fetchJson(async () => new Response('"text"'), URL_, limits())).toBe('text')
  })

  it('reads a body delivered in many chunks', async () => {
    const json = JSON.stringify({ a: 'x'.repeat(300), b: [1, 2, 3] })
    const pieces = json.match(/.{1,7}/g)!.map(bytes)
    const { stream } = chunkStream(pieces)
    expect(await fetchJson(async () => new Response(stream), URL_, limits())).toEqual(JSON.parse(json))
  })

  it('accepts a body of exactly maxBytes', async () => {
    const json = JSON.stringify({ pad: 'p'.repeat(1_000 - '{"pad":""}'.length) })
    expect(bytes(json).byteLength).toBe(1_000)
    expect(await fetchJson(async () => new Response(json), URL_, limits({ maxBytes: 1_000 }))).toEqual(JSON.parse(json))
  })

  it('has sane defaults (10 s, 256 KiB)', () => {
    expect(DEFAULT_FETCH_LIMITS).toEqual({ timeoutMs: 10_000, maxBytes: 256 * 1024 })
  })
})

describe('fetchJson(): HTTP errors → ERR_FETCH_FAILED', () => {
  it.each([404, 410, 500, 503])('HTTP %i', async (status) => {
    const { stream, cancelled } = chunkStream([bytes('{"error":"nope"}')])
    const error = await expectCode(
      fetchJson(async () => new Response(stream, { status }), URL_, limits()),
      'ERR_FETCH_FAILED',
    )
    expect(error.message).toContain(String(status))
    expect(error.message).toContain(URL_)
    // the body of a failed response is released, not left open
    expect(cancelled()).toBe(true)
  })
})

describe('fetchJson(): not JSON → ERR_FETCH_FAILED', () => {
  it.each([
    ['an HTML page', '<!doctype html><html><body>Not found</body></html>'],
    ['an empty body', ''],
    ['truncated JSON', '{"id": "https://issuer.example/'],
    ['JSON followed by garbage', '{"a":1} trailing'],
  ])('%s', async (_name, body) => {
    const error = await expectCode(
      fetchJson(async () => new Response(body, { headers: { 'content-type': 'application/json' } }), URL_, limits()),
      'ERR_FETCH_FAILED',
    )
    expect(error.message).toContain(URL_)
  })

  it('a 204 (no body at all)', async () => {
    await expectCode(
      fetchJson(async () => new Response(null, { status: 204 }), URL_, limits()),
      'ERR_FETCH_FAILED',
    )
  })
})

describe('fetchJson(): oversize → ERR_FETCH_FAILED', () => {
  it('by declared content-length, before the body is read (even if the body itself would be small)', async () => {
    const { stream, cancelled } = chunkStream([bytes('{}')])
    const error = await expectCode(
      fetchJson(
        async () => new Response(stream, { headers: { 'content-length': '5000000' } }),
        URL_,
        limits({ maxBytes: 1_000 }),
      ),
      'ERR_FETCH_FAILED',
    )
    expect(error.message).toContain('1000')
    expect(cancelled()).toBe(true)
  })

  it('by declared content-length of an endless body', async () => {
    const { stream, cancelled } = chunkStream([], { endless: true })
    await expectCode(
      fetchJson(
        async () => new Response(stream, { headers: { 'content-length': '1001' } }),
        URL_,
        limits({ maxBytes: 1_000 }),
      ),
      'ERR_FETCH_FAILED',
    )
    expect(cancelled()).toBe(true)
  })

  it('by streamed length when no content-length is given', async () => {
    const { stream, cancelled } = chunkStream(Array.from({ length: 20 }, () => bytes('[' + ' '.repeat(98) + ']')))
    await expectCode(
      fetchJson(async () => new Response(stream), URL_, limits({ maxBytes: 1_000 })),
      'ERR_FETCH_FAILED',
    )
    expect(cancelled()).toBe(true)
  })

  it('by streamed length when the content-length lies (claims less than is sent)', async () => {
    const { stream } = chunkStream(Array.from({ length: 20 }, () => bytes(' '.repeat(100))))
    await expectCode(
      fetchJson(
        async () => new Response(stream, { headers: { 'content-length': '10' } }),
        URL_,
        limits({ maxBytes: 1_000 }),
      ),
      'ERR_FETCH_FAILED',
    )
  })

  it('an endless body stops at maxBytes instead of being read forever', async () => {
    const { stream, cancelled, pulled } = chunkStream([], { endless: true })
    await expectCode(
      fetchJson(async () => new Response(stream), URL_, limits({ maxBytes: 10_000, timeoutMs: 20_000 })),
      'ERR_FETCH_FAILED',
    )
    expect(cancelled()).toBe(true)
    // 100-byte chunks: a little over 100 reads reach 10,000 bytes; reading stopped there
    expect(pulled()).toBeLessThan(200)
  })

  it('one byte over maxBytes is over', async () => {
    const json = JSON.stringify({ pad: 'p'.repeat(1_001 - '{"pad":""}'.length) })
    expect(bytes(json).byteLength).toBe(1_001)
    await expectCode(
      fetchJson(async () => new Response(json), URL_, limits({ maxBytes: 1_000 })),
      'ERR_FETCH_FAILED',
    )
  })
})

describe('fetchJson(): time limit → ERR_FETCH_FAILED', () => {
  it('a body stream that never delivers anything', async () => {
    let cancelled = false
    const stream = new ReadableStream<Uint8Array>({
      pull: () => new Promise<void>(() => undefined),
      cancel() {
        cancelled = true
      },
    })
    const error = await expectCode(
      fetchJson(async () => new Response(stream), URL_, limits({ timeoutMs: 300 })),
      'ERR_FETCH_FAILED',
    )
    expect(error.message).toMatch(/300 ms/)
    expect(cancelled).toBe(true)
  })

  it('a body stream that delivers a first chunk and then stalls', async () => {
    let sent = false
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true
          controller.enqueue(bytes('{"a":'))
          return
        }
        return new Promise<void>(() => undefined)
      },
    })
    await expectCode(
      fetchJson(async () => new Response(stream), URL_, limits({ timeoutMs: 300 })),
      'ERR_FETCH_FAILED',
    )
  })

  it('a fetch that honours the signal and never answers', async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as fetch does: with the signal's reason
          reject(init.signal?.reason)
        })
      })
    const error = await expectCode(fetchJson(fetch, URL_, limits({ timeoutMs: 300 })), 'ERR_FETCH_FAILED')
    expect(error.message).toMatch(/300 ms/)
  })

  it(
    'a fetch that ignores the signal and never answers (the limit applies whatever the fetch does)',
    { timeout: 10_000 },
    async () => {
      // e.g. a wrapper `(url) => globalThis.fetch(url)` that drops init: the time limit must still hold
      const fetch: FetchLike = () => new Promise<Response>(() => undefined)
      await expectCode(fetchJson(fetch, URL_, limits({ timeoutMs: 300 })), 'ERR_FETCH_FAILED')
    },
  )
})

describe("fetchJson(): the fetch's own errors", () => {
  it('a MicrocredError thrown by the fetch passes through unchanged (e.g. safeFetch refusing)', async () => {
    const refusal = new MicrocredError('ERR_FETCH_REFUSED', 'safeFetch refused: 10.0.0.1 is not a public address')
    const error = await expectCode(
      fetchJson(
        async () => {
          throw refusal
        },
        URL_,
        limits(),
      ),
      'ERR_FETCH_REFUSED',
    )
    expect(error).toBe(refusal)
  })

  it('a MicrocredError rejected synchronously-created passes through too', async () => {
    const failure = new MicrocredError('ERR_FETCH_FAILED', 'custom failure')
    const error = await expectCode(
      fetchJson(() => Promise.reject(failure), URL_, limits()),
      'ERR_FETCH_FAILED',
    )
    expect(error).toBe(failure)
  })

  it('any other error becomes ERR_FETCH_FAILED, keeping the original as cause', async () => {
    const network = new TypeError('fetch failed: ECONNREFUSED')
    const error = await expectCode(
      fetchJson(
        async () => {
          throw network
        },
        URL_,
        limits(),
      ),
      'ERR_FETCH_FAILED',
    )
    expect(error.cause).toBe(network)
    expect(error.message).toContain(URL_)
  })

  it('a body stream that errors becomes ERR_FETCH_FAILED', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes('{"a":'))
        controller.error(new Error('connection reset'))
      },
    })
    await expectCode(
      fetchJson(async () => new Response(stream), URL_, limits()),
      'ERR_FETCH_FAILED',
    )
  })
})
