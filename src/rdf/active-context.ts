/**
 * Processed JSON-LD contexts, computed once and kept: the fast RDF path's term tables.
 *
 * jsonld.js processes contexts correctly but the expansion that uses them re-derives (and clones) the active
 * context at every node object. Here each (active context, local context) pair is processed once by jsonld.js's
 * own public `processContext` and the result is cached, so a warm conversion never processes a context again.
 * What jsonld.js keeps internal is modelled here: which context a type-scoped context reverts to when the walk
 * enters a new node object (JSON-LD 1.1 Processing Algorithms §4.1.2, "previous context", `@propagate`).
 *
 * Anything this module cannot reproduce exactly (an `@propagate` entry, an unsafe event or an error while
 * processing, a property-scoped context that overrides a protected term) marks the pair unsupported, and the
 * caller falls back to jsonld.js for the whole document.
 */
import jsonld from 'jsonld'
import type { DocumentLoader } from '../context/loader.js'

/** A jsonld.js term definition (the members the fast path reads). */
export interface TermDefinition {
  readonly '@id'?: string | null
  readonly '@type'?: string
  readonly '@container'?: readonly string[]
  readonly '@context'?: unknown
  readonly '@language'?: string | null
  readonly '@direction'?: string | null
  readonly '@index'?: string
  readonly '@nest'?: string
  readonly reverse?: boolean
  readonly _prefix?: boolean
}

/** A jsonld.js active context (the members the fast path reads). */
interface JsonLdActiveContext {
  readonly mappings: ReadonlyMap<string, TermDefinition | null>
  readonly '@vocab'?: string
  readonly '@language'?: string
  readonly '@direction'?: string
  readonly '@base'?: string | null
}

/** Thrown by {@link ProcessedContext.child} when a context has not been processed yet (the walk awaits it and retries). */
export class ContextPending {
  constructor(readonly parent: ProcessedContext, readonly local: unknown, readonly scope: ContextScope) {}
}

/** Thrown when a context cannot be handled by the fast path. */
export class Unsupported {
  constructor(readonly reason: string) {}
}

/**
 * How a local context is applied: `embedded` (`@context` in the document), `property` (a property-scoped
 * context: propagates, may override protected terms) or `type` (a type-scoped context: does not propagate).
 */
export type ContextScope = 'embedded' | 'property' | 'type'

/** One active context, with its processed children cached. */
export class ProcessedContext {
  /** Term definitions by term. */
  readonly mappings: ReadonlyMap<string, TermDefinition | null>
  /** `@vocab`, when the context sets one (the fast path then falls back for undefined terms). */
  readonly vocab: string | undefined
  /** True when strings get a default language or direction (the fast path falls back). */
  readonly hasDefaultLanguage: boolean
  /** Scoped contexts from term definitions, by identity (stable for the life of this context). */
  private readonly byIdentity = new WeakMap<object, Map<ContextScope, ProcessedContext | Unsupported>>()
  /** URLs and a document's own `@context` values (new objects each time), by text. */
  private readonly byText = new Map<string, ProcessedContext | Unsupported>()

  constructor(
    private readonly active: JsonLdActiveContext,
    /** What a new node object reverts to while a type-scoped context is active (§4.1.2 step 5.1). */
    readonly previous: ProcessedContext | undefined,
    private readonly owner: ContextCache,
  ) {
    this.mappings = active.mappings
    this.vocab = active['@vocab']
    this.hasDefaultLanguage = active['@language'] !== undefined || active['@direction'] !== undefined
  }

  /** The term definition of `term`, `null` for a term mapped to null, `undefined` when not defined. */
  term(term: string): TermDefinition | null | undefined {
    return this.mappings.get(term)
  }

  /** The active context after reverting a non-propagated type-scoped context. */
  reverted(): ProcessedContext {
    return this.previous ?? this
  }

  /**
   * The active context after applying `local` in `scope`. Synchronous: throws {@link ContextPending} when the
   * pair has not been processed yet, {@link Unsupported} when it cannot be handled.
   */
  child(local: unknown, scope: ContextScope): ProcessedContext {
    const cached = this.cached(local, scope)
    if (cached instanceof ProcessedContext) return cached
    if (cached instanceof Unsupported) throw cached
    throw new ContextPending(this, local, scope)
  }

  /** Processes and caches `local` in `scope` (what {@link ContextPending} asks for). */
  async process(local: unknown, scope: ContextScope): Promise<void> {
    if (this.cached(local, scope) !== undefined) return
    const result = await this.owner.apply(this, this.active, local, scope)
    if (scope !== 'embedded' && typeof local === 'object' && local !== null) {
      let entry = this.byIdentity.get(local)
      if (entry === undefined) this.byIdentity.set(local, (entry = new Map()))
      entry.set(scope, result)
    } else {
      this.byText.set(textKey(local, scope), result)
    }
  }

  private cached(local: unknown, scope: ContextScope): ProcessedContext | Unsupported | undefined {
    return scope !== 'embedded' && typeof local === 'object' && local !== null
      ? this.byIdentity.get(local)?.get(scope)
      : this.byText.get(textKey(local, scope))
  }
}

function textKey(local: unknown, scope: ContextScope): string {
  return `${scope} ${typeof local === 'string' ? local : JSON.stringify(local)}`
}

/** jsonld.js's unsafe events during context processing (a redefined keyword, a relative `@vocab`...). */
interface JsonLdEvent {
  code: string
  level: string
}

/**
 * The processed contexts of one document loader. Contexts are pinned (bundled) or supplied by the caller, so a URL
 * always means the same document for a given loader; jsonld.js makes the same assumption with its shared cache.
 */
export class ContextCache {
  /** The initial (empty) active context. */
  readonly root: Promise<ProcessedContext>

  /** Processed contexts made so far; capped, since documents can bring inline contexts of their own. */
  private processed = 0

  constructor(private readonly documentLoader: DocumentLoader) {
    this.root = (jsonld as unknown as ProcessContextApi).processContext(null, null, { base: null }).then((active) => new ProcessedContext(active, undefined, this))
  }

  /** Runs jsonld.js context processing for one pair; see the module description. */
  async apply(parent: ProcessedContext, active: JsonLdActiveContext, local: unknown, scope: ContextScope): Promise<ProcessedContext | Unsupported> {
    // Beyond the cap, new contexts take the general path (jsonld.js keeps its own bounded cache) and memory stays bounded.
    if (this.processed >= MAX_PROCESSED_CONTEXTS) return new Unsupported('too many distinct contexts for this document loader')
    this.processed++
    try {
      if (await this.mentionsPropagate(local)) return new Unsupported('a context uses @propagate or @import')
      let unsafe: string | undefined
      const processed = await (jsonld as unknown as ProcessContextApi).processContext(active, local, {
        base: null,
        documentLoader: this.documentLoader,
        eventHandler: ({ event, next }: { event: JsonLdEvent; next: () => void }) => {
          if (event.level === 'warning') unsafe ??= event.code
          next()
        },
      })
      if (unsafe !== undefined) return new Unsupported(`context processing reported "${unsafe}"`)
      // A type-scoped context is not propagated: new node objects revert to the context before the first one.
      // Other scopes keep whatever the parent reverts to (jsonld.js clones `previousContext` along).
      const previous = scope === 'type' ? (parent.previous ?? parent) : parent.previous
      return new ProcessedContext(processed, previous, this)
    } catch (error) {
      // Includes protected-term redefinitions, which a property-scoped context may make (§4.1.2 `override protected`):
      // the public API cannot express that, so such documents take the general path.
      return new Unsupported(`context processing failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  /** True when `local` (or a context it loads by URL, one level) contains `@propagate` (not modelled here) or `@import` (which would load a context this check does not see). */
  private async mentionsPropagate(local: unknown): Promise<boolean> {
    for (const entry of Array.isArray(local) ? local : [local]) {
      const document = typeof entry === 'string' ? (await this.documentLoader(entry)).document : entry
      const text = JSON.stringify(document ?? null)
      if (text.includes('"@propagate"') || text.includes('"@import"')) return true
    }
    return false
  }
}

/** Enough for every bundled context in every scope many times over. */
const MAX_PROCESSED_CONTEXTS = 2048

interface ProcessContextApi {
  processContext(active: JsonLdActiveContext | null, local: unknown, options: object): Promise<JsonLdActiveContext>
}

const caches = new WeakMap<DocumentLoader, ContextCache>()

/** The context cache of `documentLoader` (one per loader, kept as long as the loader lives). */
export function contextCacheFor(documentLoader: DocumentLoader): ContextCache {
  let cache = caches.get(documentLoader)
  if (cache === undefined) {
    cache = new ContextCache(documentLoader)
    caches.set(documentLoader, cache)
  }
  return cache
}
