/** An injected `fetch` for tests: serves documents by exact URL, 404 for anything else, records every call. */
import type { FetchLike } from '../../src/index.js'

/** What a URL serves: a JSON document, a ready `Response`, or a function making one (to vary per call). */
export type Served = unknown

export function serveDocuments(
  documents: Record<string, Served> | Map<string, Served>,
): FetchLike & { calls: string[] } {
  const calls: string[] = []
  const lookup = (url: string): Served =>
    documents instanceof Map ? documents.get(url) : Object.hasOwn(documents, url) ? documents[url] : undefined
  const fetch = async (url: string): Promise<Response> => {
    calls.push(url)
    const served = lookup(url)
    if (served === undefined) return new Response('not found', { status: 404 })
    if (typeof served === 'function') return (served as () => Response | Promise<Response>)()
    if (served instanceof Response) return served
    return new Response(JSON.stringify(served), { headers: { 'content-type': 'application/json' } })
  }
  return Object.assign(fetch, { calls })
}
