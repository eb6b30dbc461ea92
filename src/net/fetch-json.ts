/**
 * Fetching a JSON document through the caller's `fetch`, with microcred's own time and size limits applied
 * whatever that fetch does (a plain `globalThis.fetch` has neither).
 */
import { isUint8Array } from 'node:util/types'
import { MicrocredError } from '../errors.js'

/** What microcred needs of a `fetch`: the WHATWG signature. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/** Limits of one fetch. */
export interface FetchLimits {
  /** Time limit in milliseconds. */
  timeoutMs: number
  /** Body size limit in bytes. */
  maxBytes: number
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 10_000, maxBytes: 256 * 1024 }

/**
 * GETs `url` and parses JSON. Rejects with `MicrocredError` `ERR_FETCH_FAILED` (network error, time-out,
 * HTTP error status, oversize body, not JSON), or the fetch's own `MicrocredError` (e.g. `ERR_FETCH_REFUSED`).
 */
export async function fetchJson(
  fetch: FetchLike,
  url: string,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
  accept = 'application/json',
): Promise<unknown> {
  const signal = AbortSignal.timeout(limits.timeoutMs)
  // The time limit must hold even for a fetch that ignores the signal, so every wait is raced against it.
  const timedOut = new Promise<never>((_, reject) => {
    const onAbort = (): void => {
      reject(new MicrocredError('ERR_FETCH_FAILED', `fetching ${url} did not finish within ${limits.timeoutMs} ms`))
    }
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
  })
  timedOut.catch(() => undefined)
  let response: Response
  try {
    response = await Promise.race([fetch(url, { headers: { accept }, signal, redirect: 'follow' }), timedOut])
  } catch (error) {
    if (error instanceof MicrocredError) throw error
    const timedOut = (error as { name?: string } | null)?.name === 'TimeoutError' || signal.aborted
    throw new MicrocredError(
      'ERR_FETCH_FAILED',
      timedOut
        ? `fetching ${url} did not finish within ${limits.timeoutMs} ms`
        : `fetching ${url} failed: ${(error as Error).message}`,
      { cause: error },
    )
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined)
    throw new MicrocredError('ERR_FETCH_FAILED', `fetching ${url} failed: HTTP ${response.status}`)
  }
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw new MicrocredError('ERR_FETCH_FAILED', `${url} is larger than ${limits.maxBytes} bytes`)
  }
  const text = await Promise.race([readText(response, limits, url, signal), timedOut])
  try {
    return JSON.parse(text)
  } catch {
    throw new MicrocredError('ERR_FETCH_FAILED', `${url} did not return JSON`)
  }
}

async function readText(response: Response, limits: FetchLimits, url: string, signal: AbortSignal): Promise<string> {
  if (response.body === null) return ''
  // The caller's fetch may hand back a body of its own making: its chunks are checked, not assumed to be bytes.
  const reader: ReadableStreamDefaultReader<unknown> = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  const onAbort = (): void => void reader.cancel().catch(() => undefined)
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (!isUint8Array(value)) throw new MicrocredError('ERR_FETCH_FAILED', `${url} returned a body that is not bytes`)
      total += value.byteLength
      if (total > limits.maxBytes) {
        await reader.cancel().catch(() => undefined)
        throw new MicrocredError('ERR_FETCH_FAILED', `${url} is larger than ${limits.maxBytes} bytes`)
      }
      chunks.push(value)
    }
  } catch (error) {
    if (error instanceof MicrocredError) throw error
    throw new MicrocredError(
      'ERR_FETCH_FAILED',
      signal.aborted ? `fetching ${url} did not finish within ${limits.timeoutMs} ms` : `reading ${url} failed`,
      { cause: error },
    )
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
  if (signal.aborted)
    throw new MicrocredError('ERR_FETCH_FAILED', `fetching ${url} did not finish within ${limits.timeoutMs} ms`)
  return new TextDecoder().decode(Buffer.concat(chunks))
}
