/**
 * `safeFetch()`: a `fetch` for servers that fetch what strangers' credentials point at (DID documents, key
 * documents, status lists). It refuses plain http, refuses to connect to loopback, private, link-local and
 * other non-public addresses (checked on the addresses DNS returns, which are the ones connected to, so DNS
 * rebinding cannot slip through), follows redirects itself and checks every hop again, and caps time and size.
 * Built on undici (the HTTP client of Node's own fetch) with a validating DNS lookup.
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import type { LookupAddress } from 'node:dns'
import type { Agent } from 'undici'
import { MicrocredError } from '../errors.js'
import { assertOptions } from '../util/json.js'
import { isIpLiteral, isPublicAddress } from './addresses.js'
import { lazy } from '../util/memo.js'

/** Options of {@link safeFetch}. */
export interface SafeFetchOptions {
  /** Whole-request time limit (all redirects included), in milliseconds. Default 10,000. */
  timeoutMs?: number
  /** Maximum response body size in bytes. Default 1 MiB. */
  maxBytes?: number
  /** Maximum number of redirects followed. Default 3. */
  maxRedirects?: number
  /** Allow `http:` URLs. Default `false`; only for tests and closed networks. */
  allowHttp?: boolean
  /** Decides which resolved addresses may be connected to. Default: public unicast only (`isPublicAddress`). */
  allowAddress?: (address: string) => boolean
  /** Resolves a host name to its addresses. Default: the system resolver (`dns.lookup`, all addresses). */
  resolve?: (hostname: string) => Promise<string[]>
}

const DEFAULTS = { timeoutMs: 10_000, maxBytes: 1024 * 1024, maxRedirects: 3 }

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/**
 * Creates a `fetch` that is safe to point at URLs taken from untrusted credentials. Use it (or your own
 * equivalent) wherever a credential decides what is fetched: pass it as `verify(..., { fetch: safeFetch() })`.
 * Refusals reject with `MicrocredError` `ERR_FETCH_REFUSED`; time-outs and oversized bodies with
 * `ERR_FETCH_FAILED`.
 *
 * @example
 * ```ts
 * import { safeFetch, verify } from 'microcred'
 *
 * const fetch = safeFetch({ timeoutMs: 5000 })
 * const report = await verify(untrustedCredential, { fetch })
 * await fetch('https://10.0.0.1/')  // rejects: ERR_FETCH_REFUSED (private address)
 * ```
 */
export function safeFetch(options: SafeFetchOptions = {}): typeof fetch {
  assertOptions(options, 'safeFetch(options)')
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs
  const maxBytes = options.maxBytes ?? DEFAULTS.maxBytes
  const maxRedirects = options.maxRedirects ?? DEFAULTS.maxRedirects
  const allowAddress = options.allowAddress ?? isPublicAddress
  const resolve =
    options.resolve ??
    (async (hostname: string) => (await dnsLookup(hostname, { all: true, order: 'verbatim' })).map((a) => a.address))

  const refuse = (why: string): MicrocredError => new MicrocredError('ERR_FETCH_REFUSED', `safeFetch refused: ${why}`)

  // Every connection undici opens goes through this lookup, so the address checked is the address used.
  const lookup = (hostname: string, lookupOptions: { all?: boolean } | number, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const refused = addresses.filter((address) => !allowAddress(address))
        const first = addresses[0]
        if (first === undefined) {
          callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), [])
          return
        }
        if (refused.length > 0) {
          callback(refuse(`${hostname} resolves to a non-public address (${refused.join(', ')})`), [])
          return
        }
        const all = typeof lookupOptions === 'object' && lookupOptions.all === true
        const familyOf = (address: string): 4 | 6 => (address.includes(':') ? 6 : 4)
        if (all)
          callback(
            null,
            addresses.map((address) => ({ address, family: familyOf(address) })),
          )
        else callback(null, first, familyOf(first))
      },
      (error: unknown) => {
        callback(error as NodeJS.ErrnoException, [])
      },
    )
  }
  // undici is loaded, and the connection pool made, on the first fetch: importing microcred does not pay for them.
  const client = lazy(async () => {
    const undici = await import('undici')
    const dispatcher: Agent = new undici.Agent({
      connect: { lookup: lookup },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    })
    return { fetch: undici.fetch, dispatcher }
  })

  function checkUrl(url: URL): void {
    if (url.protocol !== 'https:' && !(options.allowHttp === true && url.protocol === 'http:')) {
      throw refuse(`${url.protocol} URLs are not fetched, only https: (${url.href})`)
    }
    if (url.username !== '' || url.password !== '') throw refuse('URLs with credentials are not fetched')
    // IP literals are connected to without a DNS lookup, so they are checked here.
    const host = url.hostname.replace(/^\[|\]$/g, '')
    if (isIpLiteral(host) && !allowAddress(host)) throw refuse(`${host} is not a public address`)
  }

  return async function safeFetchImplementation(
    input: string | URL | Request,
    init: RequestInit = {},
  ): Promise<Response> {
    const signal = init.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs)
    let url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
    try {
      const { fetch: undiciFetch, dispatcher } = await client()
      for (let hop = 0; ; hop++) {
        checkUrl(url)
        const response = await undiciFetch(url, {
          method: init.method ?? 'GET',
          headers: init.headers as never,
          body: init.body as never,
          redirect: 'manual',
          signal,
          dispatcher,
        })
        const location = response.headers.get('location')
        if (response.status >= 300 && response.status < 400 && location !== null) {
          await response.body?.cancel()
          if (hop >= maxRedirects) throw refuse(`more than ${maxRedirects} redirects`)
          url = new URL(location, url)
          continue
        }
        const body = await readCapped(response.body, maxBytes, url.href)
        // Null-body statuses (Fetch standard): a Response with these cannot be given a body, not even an empty one.
        const nullBody = [101, 204, 205, 304].includes(response.status)
        return new Response(nullBody ? null : body, {
          status: response.status,
          statusText: response.statusText,
          headers: new Headers([...response.headers] as [string, string][]),
        })
      }
    } catch (error) {
      throw asFetchError(error, url.href, timeoutMs)
    }
  }
}

async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  where: string,
): Promise<Uint8Array> {
  if (body === null) return new Uint8Array()
  const chunks: Uint8Array[] = []
  let total = 0
  const reader = body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      throw new MicrocredError('ERR_FETCH_FAILED', `the response of ${where} is larger than ${maxBytes} bytes`)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

function asFetchError(error: unknown, where: string, timeoutMs: number): MicrocredError {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    if (current instanceof MicrocredError) return current
    current = (current as { cause?: unknown }).cause
  }
  const name = (error as { name?: string } | null)?.name
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new MicrocredError('ERR_FETCH_FAILED', `fetching ${where} did not finish within ${timeoutMs} ms`, {
      cause: error,
    })
  }
  const reason =
    (error as { cause?: { message?: string } } | null)?.cause?.message ??
    (error as Error | null)?.message ??
    String(error)
  return new MicrocredError('ERR_FETCH_FAILED', `fetching ${where} failed: ${reason}`, { cause: error })
}
