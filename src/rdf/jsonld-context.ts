/**
 * jsonld.js's own context processing (`jsonld.processContext`), reached through the library's modules rather than its
 * entry point. The entry point also sets up its Node document loader, which loads an HTTP client (undici): about a
 * tenth of a second at import that microcred never uses, since every context comes from the caller's document loader.
 * What runs is jsonld.js's code, unchanged; only the ten lines of `processContext` are repeated here (jsonld.js 9,
 * lib/jsonld.js), with the same defaults: an empty base, a resolver sharing one bounded cache of resolved contexts, and
 * the caller's event handler (safe mode is the caller's handler's job, as with `processContext`).
 */
import { createRequire } from 'node:module'
import { LRUCache } from 'lru-cache'
import type contextModule from 'jsonld/lib/context.js'
import type ContextResolverClass from 'jsonld/lib/ContextResolver.js'
import type eventsModule from 'jsonld/lib/events.js'
import type utilModule from 'jsonld/lib/util.js'
import type { DocumentLoader } from '../context/loader.js'

// Required rather than imported: they are CommonJS, and an ES import of CommonJS first scans each file's source for
// its export names (cjs-module-lexer), which costs more at start than the modules' own loading.
const load = createRequire(import.meta.url)
const contextApi = load('jsonld/lib/context.js') as typeof contextModule
const ContextResolver = load('jsonld/lib/ContextResolver.js') as typeof ContextResolverClass
const events = load('jsonld/lib/events.js') as typeof eventsModule
const jsonldUtil = load('jsonld/lib/util.js') as typeof utilModule

/** jsonld.js keeps resolved contexts of every processing in one cache of this size (`RESOLVED_CONTEXT_CACHE_MAX_SIZE`). */
const resolvedContexts = new LRUCache<string, object>({ max: 100 })

/** Options of {@link processContext}: those microcred passes to `jsonld.processContext`. */
export interface ProcessContextOptions {
  base?: string | null
  documentLoader?: DocumentLoader
  eventHandler?: (handler: { event: { code: string; level: string }; next: () => void }) => void
}

/**
 * `jsonld.processContext(active, local, options)`: the active context that applying `local` to `active` gives (JSON-LD
 * 1.1 Processing Algorithms §4.1), or the initial context for a `null` local context.
 *
 * @example
 * ```ts
 * const initial = await processContext(null, null, { base: null })
 * const active = await processContext(initial, 'https://www.w3.org/ns/credentials/v2', { base: null, documentLoader })
 * ```
 */
export async function processContext<Active extends object>(
  active: Active | null,
  local: unknown,
  options: ProcessContextOptions,
): Promise<Active> {
  const settings = {
    documentLoader: options.documentLoader ?? refuseToLoad,
    base: '',
    contextResolver: new ContextResolver({ sharedCache: resolvedContexts }),
    ...options,
    eventHandler: events.setupEventHandler({ options }),
  }
  if (local === null) return contextApi.getInitialContext(settings) as Active
  let wrapped: unknown = jsonldUtil.clone(local)
  if (!(typeof wrapped === 'object' && wrapped !== null && !Array.isArray(wrapped) && '@context' in wrapped))
    wrapped = { '@context': wrapped }
  return (await contextApi.process({ activeCtx: active, localCtx: wrapped, options: settings })) as Active
}

/** The loader when none is given: jsonld.js would fetch from the network; nothing here does. */
const refuseToLoad: DocumentLoader = (url) => Promise.reject(new Error(`no document loader to load ${url}`))
