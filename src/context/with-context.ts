/** Adding a context URL to a document's `@context`. */

/**
 * The document with `url` appended to its `@context` when it is not there yet: a shallow copy, the input kept (or the
 * document itself when the URL is already there).
 *
 * @example
 * ```ts
 * withContext({ '@context': ['https://www.w3.org/ns/credentials/v2'] }, 'https://w3id.org/security/suites/ed25519-2020/v1')
 * // { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/security/suites/ed25519-2020/v1'] }
 * ```
 */
export function withContext<D extends object>(document: D, url: string): D {
  const context = (document as Record<string, unknown>)['@context']
  const list: unknown[] = Array.isArray(context) ? context : [context]
  return list.includes(url) ? document : { ...document, '@context': [...list, url] }
}
