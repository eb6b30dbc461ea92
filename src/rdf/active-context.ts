/**
 * Processed JSON-LD contexts, computed once and kept: the fast RDF path's term tables.
 *
 * jsonld.js processes contexts correctly but the expansion that uses them re-derives (and clones) the active
 * context at every node object. Here each (active context, local context) pair is processed once by jsonld.js's
 * own public `processContext` and the result is cached, so a warm conversion never processes a context again.
 * What jsonld.js keeps internal is modelled here: which context a type-scoped context reverts to when the walk
 * enters a new node object (JSON-LD 1.1 Processing Algorithms §4.1.2, "previous context", `@propagate`).
 *
 * Anything this module cannot reproduce exactly (an `@propagate` or `@import` entry, a null outside a
 * property-scoped context, an unsafe event or an error while processing, a property-scoped context that overrides a
 * protected term) marks the pair unsupported, and the caller falls back to jsonld.js for the whole document.
 */
import jsonld from 'jsonld'
import type { DocumentLoader } from '../context/loader.js'
import { copyIfPlainJson, deepFreeze, isJsonObject, sameAsPlainJson } from '../util/json.js'
import { weakMemo } from '../util/memo.js'

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
  /** URL contexts, by scope and URL. */
  private readonly byUrl = new Map<string, ProcessedContext | Unsupported>()
  /**
   * A document's own `@context` values (new objects each time), by {@link outline}; each kept as a plain copy and
   * recognised by deep equality, which costs a fraction of writing the context out as JSON text on every lookup.
   */
  private readonly inline = new Map<string, Array<{ local: unknown; result: ProcessedContext | Unsupported }>>()

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
    // Past the cap nothing new is processed or kept, so memory stays bounded whatever documents bring.
    if (this.owner.full) throw new Unsupported('too many distinct contexts for this document loader')
    throw new ContextPending(this, local, scope)
  }

  /**
   * Processes and caches `local` in `scope` (what {@link ContextPending} asks for); answers {@link Unsupported}
   * when the result cannot be kept (the walk would only meet the same context again).
   */
  async process(local: unknown, scope: ContextScope): Promise<Unsupported | undefined> {
    if (this.cached(local, scope) !== undefined || this.owner.full) return undefined
    if (typeof local === 'string') {
      if (local.length > MAX_CONTEXT_TEXT) return new Unsupported('a context URL over 64 KiB')
      const result = await this.owner.apply(this, this.active, local, scope)
      this.byUrl.set(`${scope} ${local}`, result)
      return undefined
    }
    if (scope !== 'embedded' && typeof local === 'object' && local !== null) {
      const result = await this.owner.apply(this, this.active, local, scope)
      let entry = this.byIdentity.get(local)
      if (entry === undefined) this.byIdentity.set(local, (entry = new Map()))
      entry.set(scope, result)
      return undefined
    }
    // A copy, so that the caller changing its document later cannot change what the cache recognises.
    const plain = copyIfPlainJson(local)
    if (plain === undefined) return new Unsupported('a context that is not plain JSON')
    if (JSON.stringify(plain.copy).length > MAX_CONTEXT_TEXT) return new Unsupported('an inline context over 64 KiB')
    const key = outline(local, scope)
    if ((this.inline.get(key)?.length ?? 0) >= MAX_INLINE_PER_OUTLINE) return new Unsupported('too many inline contexts of one outline')
    const result = await this.owner.apply(this, this.active, local, scope)
    // Another walk may have processed the same context meanwhile.
    if (this.cached(local, scope) !== undefined) return undefined
    let candidates = this.inline.get(key)
    if (candidates === undefined) this.inline.set(key, (candidates = []))
    candidates.push({ local: deepFreeze(plain.copy), result })
    return undefined
  }

  private cached(local: unknown, scope: ContextScope): ProcessedContext | Unsupported | undefined {
    if (typeof local === 'string') return this.byUrl.get(`${scope} ${local}`)
    if (scope !== 'embedded' && typeof local === 'object' && local !== null) return this.byIdentity.get(local)?.get(scope)
    return this.inline.get(outline(local, scope))?.find((candidate) => sameAsPlainJson(local, candidate.local))?.result
  }
}

/** Inline contexts (as JSON) and URLs longer than this are not kept: the general path takes those documents. */
const MAX_CONTEXT_TEXT = 65_536

/**
 * Inline contexts kept per {@link outline}. Real documents bring one or two, and differing ones rarely share an
 * outline; documents crafted to share one would otherwise make every lookup compare against all of them.
 */
const MAX_INLINE_PER_OUTLINE = 16

/**
 * A cheap summary of an inline context that tells different contexts apart in practice: the scope, then per entry
 * the URL, or an object's number of members with its first and last member names. Contexts with equal outlines
 * are told apart by deep equality.
 */
function outline(local: unknown, scope: ContextScope): string {
  let text = Array.isArray(local) ? `${scope}[` : scope
  for (const entry of Array.isArray(local) ? (local as unknown[]) : [local]) {
    if (typeof entry === 'string') text += `\n${entry}`
    else if (entry === null || typeof entry !== 'object') text += `\n${String(entry)}`
    else {
      // Counted with for...in rather than Object.keys: this runs on every lookup, and allocates nothing.
      let count = 0
      let first = ''
      let last = ''
      for (const key in entry) {
        if (!Object.hasOwn(entry, key)) continue
        if (count++ === 0) first = key
        last = key
      }
      text += `\n{${count} ${first} ${last}`
    }
  }
  return text
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

  /** True once {@link MAX_PROCESSED_CONTEXTS} contexts are processed: new ones then take the general path. */
  get full(): boolean {
    return this.processed >= MAX_PROCESSED_CONTEXTS
  }

  constructor(private readonly documentLoader: DocumentLoader) {
    this.root = (jsonld as unknown as ProcessContextApi).processContext(null, null, { base: null }).then((active) => new ProcessedContext(active, undefined, this))
  }

  /** Runs jsonld.js context processing for one pair; see the module description. */
  async apply(parent: ProcessedContext, active: JsonLdActiveContext, local: unknown, scope: ContextScope): Promise<ProcessedContext | Unsupported> {
    this.processed++
    try {
      const { unsupported, resets } = await this.inspect(local)
      if (unsupported !== undefined) return new Unsupported(unsupported)
      // A null resets to the initial context (§4.1.2 step 5.1.1); only a property-scoped context may do that while
      // protected terms are active, and jsonld.js's public API does not say which scope it processes in.
      if (resets && scope !== 'property') return new Unsupported(`a ${scope === 'type' ? 'type-scoped' : 'document'} context with null`)
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
      // Other scopes keep whatever the parent reverts to (jsonld.js clones `previousContext` along), unless a null
      // reset the context: the fresh initial context jsonld.js continues from has nothing to revert to.
      const previous = resets ? undefined : scope === 'type' ? (parent.previous ?? parent) : parent.previous
      return new ProcessedContext(processed, previous, this)
    } catch (error) {
      // Includes protected-term redefinitions, which a property-scoped context may make (§4.1.2 `override protected`):
      // the public API cannot express that, so such documents take the general path.
      return new Unsupported(`context processing failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  /**
   * What processing `local` involves, following the URLs it loads (as jsonld.js resolves them into one list):
   * whether a null resets the context on the way, and anything not modelled here (`@propagate`, `@import`).
   */
  private async inspect(local: unknown, seen = new Set<string>()): Promise<{ unsupported?: string; resets: boolean }> {
    let resets = false
    for (const entry of Array.isArray(local) ? local : [local]) {
      if (entry === null) {
        resets = true
        continue
      }
      if (typeof entry === 'string') {
        if (seen.has(entry)) continue
        if (seen.size >= 16) return { unsupported: 'contexts that load too many others', resets }
        seen.add(entry)
        const document = (await this.documentLoader(entry)).document
        const inner = await this.inspect(isJsonObject(document) && '@context' in document ? document['@context'] : document, seen)
        if (inner.unsupported !== undefined) return inner
        resets ||= inner.resets
        continue
      }
      const text = JSON.stringify(entry ?? null)
      if (text.includes('"@propagate"') || text.includes('"@import"')) return { unsupported: 'a context uses @propagate or @import', resets }
    }
    return { resets }
  }
}

/** Enough for every bundled context in every scope many times over. */
const MAX_PROCESSED_CONTEXTS = 2048

interface ProcessContextApi {
  processContext(active: JsonLdActiveContext | null, local: unknown, options: object): Promise<JsonLdActiveContext>
}

/**
 * The context cache of `documentLoader` (one per loader, kept as long as the loader lives).
 *
 * @example
 * ```ts
 * const root = await contextCacheFor(defaultDocumentLoader).root
 * ```
 */
export const contextCacheFor: (documentLoader: DocumentLoader) => ContextCache = weakMemo((documentLoader: DocumentLoader) => new ContextCache(documentLoader))
