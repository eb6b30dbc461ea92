import { MicrocredError } from '../errors.js'
import { assertOptions, deepFreeze, isJsonObject } from '../util/json.js'
import { weakMemo } from '../util/memo.js'
import { getBundledContext } from './bundled.js'

/** What a JSON-LD document loader returns (the jsonld.js `RemoteDocument` shape). */
export interface RemoteDocument {
  /** URL of a context given in an HTTP `Link` header; always `null` for bundled documents. */
  contextUrl: string | null
  /** The URL the document was loaded from. */
  documentUrl: string
  /** The parsed document. */
  document: unknown
}

/**
 * Loads a JSON-LD document (a context, or a controller document when verifying) by URL. jsonld.js,
 * jsonld-signatures and every microcred function that processes JSON-LD take one.
 */
export type DocumentLoader = (url: string) => Promise<RemoteDocument>

/** Options of {@link createDocumentLoader}. */
export interface DocumentLoaderOptions {
  /**
   * Extra context documents by URL, for contexts microcred does not bundle (e.g. an issuer's own extension).
   * A bundled URL cannot be remapped: the bundled copies are pinned.
   */
  contexts?: Readonly<Record<string, object>>
  /**
   * Called for any URL that is neither bundled nor in `contexts`. Without it such a URL is an error: nothing is
   * ever fetched unless the caller says so here.
   */
  fallback?: DocumentLoader
}

/**
 * Whether jsonld.js writes into `context` (a document's `@context` value) when it loads the document as a remote
 * context: it rewrites, in place, every URL inside an `@context` array and every scoped context given by URL to
 * its absolute form (jsonld.js ContextResolver, `_resolveContextUrls`), which a frozen document refuses. A URL that
 * is the whole top-level `@context` is rewritten in a wrapper jsonld.js makes, so it is no reason.
 */
function rewritesInPlace(context: unknown, topLevel: boolean): boolean {
  if (typeof context === 'string') return !topLevel
  if (Array.isArray(context)) return context.some((entry) => typeof entry === 'string' || rewritesInPlace(entry, true))
  if (!isJsonObject(context)) return false
  return Object.values(context).some(
    (definition) =>
      isJsonObject(definition) && '@context' in definition && rewritesInPlace(definition['@context'], false),
  )
}

/** {@link rewritesInPlace} of a (frozen, so unchanging) served document, decided once per document. */
const servedAsCopy = weakMemo(
  (document: object): boolean => isJsonObject(document) && rewritesInPlace(document['@context'], true),
)

/**
 * Creates the document loader microcred uses everywhere: bundled contexts first (offline, pinned), then the
 * caller's `contexts`, then the caller's `fallback`; any other URL is rejected with `ERR_CONTEXT_UNKNOWN`.
 *
 * @example
 * ```ts
 * import { createDocumentLoader } from 'microcred'
 *
 * const documentLoader = createDocumentLoader({
 *   contexts: { 'https://example.edu/ctx/v1': { '@context': { gpa: 'https://example.edu/vocab#gpa' } } },
 * })
 * await documentLoader('https://www.w3.org/ns/credentials/v2') // bundled, offline
 * await documentLoader('https://example.com/unknown') // throws MicrocredError ERR_CONTEXT_UNKNOWN
 * ```
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  assertOptions(options, 'createDocumentLoader(options)')
  const { fallback } = options
  if (fallback !== undefined && typeof fallback !== 'function') {
    throw new TypeError('createDocumentLoader(options): options.fallback must be a function')
  }
  const extra = new Map<string, object>()
  for (const [url, document] of Object.entries(options.contexts ?? {})) {
    if (!isJsonObject(document)) {
      throw new TypeError(`createDocumentLoader(options): the context for "${url}" must be a JSON object`)
    }
    if (getBundledContext(url) !== undefined) {
      throw new TypeError(`createDocumentLoader(options): "${url}" is bundled and pinned; it cannot be replaced`)
    }
    extra.set(url, deepFreeze(structuredClone(document)))
  }

  return async function microcredDocumentLoader(url: string): Promise<RemoteDocument> {
    const document = getBundledContext(url) ?? extra.get(url)
    // Contexts that import others by URL (security/v2, the VC 1.1 examples) go out as copies: jsonld.js writes into them.
    if (document !== undefined)
      return {
        contextUrl: null,
        documentUrl: url,
        document: servedAsCopy(document) ? structuredClone(document) : document,
      }
    if (fallback !== undefined) return fallback(url)
    throw new MicrocredError(
      'ERR_CONTEXT_UNKNOWN',
      `"${url}" is not a bundled JSON-LD context and nothing is fetched by default; ` +
        'pass its document in createDocumentLoader({ contexts }) if you trust it',
    )
  }
}

/** The default loader: bundled contexts only. */
export const defaultDocumentLoader: DocumentLoader = createDocumentLoader()
