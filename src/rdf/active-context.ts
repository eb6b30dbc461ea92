/**
 * Processed JSON-LD contexts, computed once and kept: the fast RDF path's term tables.
 *
 * jsonld.js processes contexts correctly but the expansion that uses them re-derives (and clones) the active
 * context at every node object. Here each (active context, local context) pair is processed once by jsonld.js's
 * own public `processContext` and the result is cached (in a bounded LRU cache per document loader), so a warm
 * conversion never processes a context again.
 * What jsonld.js keeps internal is modelled here: which context a type-scoped context reverts to when the walk
 * enters a new node object (JSON-LD 1.1 Processing Algorithms §4.1.2, "previous context", `@propagate`).
 *
 * Anything this module cannot reproduce exactly (an `@propagate` or `@import` entry, a null outside a
 * property-scoped context, an unsafe event or an error while processing, a property-scoped context that overrides a
 * protected term) marks the pair unsupported, and the caller falls back to jsonld.js for the whole document.
 */
import { processContext } from './jsonld-context.js'
import { LRUCache } from 'lru-cache'
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
export interface JsonLdActiveContext {
  readonly mappings: ReadonlyMap<string, TermDefinition | null>
  readonly '@vocab'?: string
  readonly '@language'?: string
  readonly '@direction'?: string
  readonly '@base'?: string | null
}

/** Thrown by {@link ProcessedContext.child} when a context has not been processed yet (the walk awaits it and retries). */
export class ContextPending {
  constructor(
    readonly parent: ProcessedContext,
    readonly local: unknown,
    readonly scope: ContextScope,
  ) {}
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

/** One active context; its processed children are kept in its {@link ContextCache}. */
export class ProcessedContext {
  /** Term definitions by term. */
  readonly mappings: ReadonlyMap<string, TermDefinition | null>
  /** `@vocab`, when the context sets one (the fast path then falls back for undefined terms). */
  readonly vocab: string | undefined
  /** True when strings get a default language or direction (the fast path falls back). */
  readonly hasDefaultLanguage: boolean
  private estimatedWeight: number | undefined

  constructor(
    readonly active: JsonLdActiveContext,
    /** What a new node object reverts to while a type-scoped context is active (§4.1.2 step 5.1). */
    readonly previous: ProcessedContext | undefined,
    private readonly owner: ContextCache,
    /** Names this context in its cache's keys (never reused, so an evicted context's children are never found). */
    readonly id: number,
  ) {
    this.mappings = active.mappings
    this.vocab = active['@vocab']
    this.hasDefaultLanguage = active['@language'] !== undefined || active['@direction'] !== undefined
  }

  /** Estimated size of the term definitions, for the cache's bound (jsonld.js keeps a deep copy per context). */
  get weight(): number {
    return (this.estimatedWeight ??= estimateSize(this.active.mappings))
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
   * pair has not been processed yet (or was evicted since), {@link Unsupported} when it cannot be handled.
   */
  child(local: unknown, scope: ContextScope): ProcessedContext {
    const cached = this.owner.lookup(this, local, scope)
    if (cached instanceof ProcessedContext) return cached
    // Signals the fast path catches (see to-rdf.ts), not Errors: no stack to capture on this hot path.
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a signal to leave the document to jsonld.js
    if (cached instanceof Unsupported) throw cached
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a signal to process the context first, then walk again
    throw new ContextPending(this, local, scope)
  }

  /**
   * Processes and caches `local` in `scope` (what {@link ContextPending} asks for): `processed` when jsonld.js
   * processed it, `cached` when it was already known, {@link Unsupported} when it cannot be kept (the walk would
   * only meet the same context again).
   */
  process(local: unknown, scope: ContextScope): Promise<'processed' | 'cached' | Unsupported> {
    return this.owner.process(this, local, scope)
  }
}

/** Inline contexts (as JSON) and URLs longer than this are not kept: the general path takes those documents. */
const MAX_CONTEXT_TEXT = 65_536

/**
 * Inline contexts kept per {@link outline} and parent context, the most recently used first. Real documents bring
 * one or two, and differing ones rarely share an outline; documents crafted to share one would otherwise make every
 * lookup compare against all of them. Past this the least recently used one is forgotten, so junk sharing the
 * outline of a real context cannot keep it out.
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

/** What a (parent context, local context, scope) triple gives. */
type Result = ProcessedContext | Unsupported

/** One kept inline context: a frozen plain copy to recognise it by, and what it gave. */
interface InlineCandidate {
  readonly local: unknown
  readonly result: Result
  /** Length of the context's JSON text. */
  readonly textLength: number
}

/** The inline contexts of one outline under one parent context, the most recently used first. */
class InlineContexts {
  constructor(readonly candidates: InlineCandidate[]) {}
}

/**
 * The processed contexts of one document loader. Contexts are pinned (bundled) or supplied by the caller, so a URL
 * always means the same document for a given loader; jsonld.js makes the same assumption with its shared cache.
 *
 * Documents can bring inline contexts of their own, so what is kept is bounded: an LRU cache of (parent context,
 * local context, scope) results, bounded in entries and in an estimate of their size. Junk contexts pass through
 * it and age out, while the contexts real credentials use stay recent and stay cached.
 */
export class ContextCache {
  /** The initial (empty) active context. */
  readonly root: Promise<ProcessedContext>

  private contextsProcessed = 0
  private nextContextId = 1
  private nextObjectId = 1
  /** Ids of scoped-context objects (from term definitions, stable for the life of their context), for the keys. */
  private readonly objectIds = new WeakMap<object, number>()
  private readonly entries = new LRUCache<string, Result | InlineContexts>({
    max: MAX_CACHED_ENTRIES,
    maxSize: MAX_CACHED_WEIGHT,
    sizeCalculation: (entry) =>
      entry instanceof InlineContexts
        ? entry.candidates.reduce((sum, candidate) => sum + candidate.textLength + weightOf(candidate.result), 0)
        : weightOf(entry),
  })

  constructor(private readonly documentLoader: DocumentLoader) {
    this.root = processContext<JsonLdActiveContext>(null, null, { base: null }).then(
      (active) => new ProcessedContext(active, undefined, this, 0),
    )
  }

  /** How many times this cache has run jsonld.js context processing (for tests and diagnostics). */
  get processedCount(): number {
    return this.contextsProcessed
  }

  /** What is kept now: entries, and their estimated size (see {@link CONTEXT_CACHE_LIMITS}). */
  get kept(): { readonly entries: number; readonly weight: number } {
    return { entries: this.entries.size, weight: this.entries.calculatedSize }
  }

  /** What applying `local` in `scope` to `parent` gives, when kept; marks it recently used. */
  lookup(parent: ProcessedContext, local: unknown, scope: ContextScope): Result | undefined {
    if (typeof local === 'string') return this.result(`${parent.id} ${scope} U${local}`)
    if (scope !== 'embedded' && typeof local === 'object' && local !== null) {
      const id = this.objectIds.get(local)
      return id === undefined ? undefined : this.result(`${parent.id} ${scope} O${id}`)
    }
    const entry = this.entries.get(`${parent.id} I${outline(local, scope)}`)
    if (!(entry instanceof InlineContexts)) return undefined
    const { candidates } = entry
    const i = candidates.findIndex((candidate) => sameAsPlainJson(local, candidate.local))
    const candidate = candidates[i]
    if (candidate === undefined) return undefined
    if (i > 0) {
      candidates.splice(i, 1)
      candidates.unshift(candidate)
    }
    return candidate.result
  }

  /** See {@link ProcessedContext.process}. */
  async process(
    parent: ProcessedContext,
    local: unknown,
    scope: ContextScope,
  ): Promise<'processed' | 'cached' | Unsupported> {
    if (this.lookup(parent, local, scope) !== undefined) return 'cached'
    if (typeof local === 'string') {
      if (local.length > MAX_CONTEXT_TEXT) return new Unsupported('a context URL over 64 KiB')
      this.entries.set(`${parent.id} ${scope} U${local}`, await this.apply(parent, local, scope))
      return 'processed'
    }
    if (scope !== 'embedded' && typeof local === 'object' && local !== null) {
      const result = await this.apply(parent, local, scope)
      let id = this.objectIds.get(local)
      if (id === undefined) this.objectIds.set(local, (id = this.nextObjectId++))
      this.entries.set(`${parent.id} ${scope} O${id}`, result)
      return 'processed'
    }
    // A frozen copy, both to recognise the context by and to process: the caller changing its document later can
    // change neither what the cache recognises nor the scoped contexts the processed term definitions hold.
    const plain = copyIfPlainJson(local)
    if (plain === undefined) return new Unsupported('a context that is not plain JSON')
    const textLength = JSON.stringify(plain.copy).length
    if (textLength > MAX_CONTEXT_TEXT) return new Unsupported('an inline context over 64 KiB')
    const frozen = deepFreeze(plain.copy)
    const result = await this.apply(parent, frozen, scope)
    // Another walk may have processed the same context meanwhile.
    if (this.lookup(parent, local, scope) !== undefined) return 'processed'
    const key = `${parent.id} I${outline(local, scope)}`
    const kept = this.entries.get(key)
    const candidates = [
      { local: frozen, result, textLength },
      ...(kept instanceof InlineContexts ? kept.candidates : []),
    ].slice(0, MAX_INLINE_PER_OUTLINE)
    this.entries.set(key, new InlineContexts(candidates))
    return 'processed'
  }

  private result(key: string): Result | undefined {
    const entry = this.entries.get(key)
    return entry instanceof InlineContexts ? undefined : entry
  }

  /** Runs jsonld.js context processing for one triple; see the module description. */
  private async apply(parent: ProcessedContext, local: unknown, scope: ContextScope): Promise<Result> {
    this.contextsProcessed++
    try {
      const { unsupported, resets } = await this.inspect(local)
      if (unsupported !== undefined) return new Unsupported(unsupported)
      // A null resets to the initial context (§4.1.2 step 5.1.1); only a property-scoped context may do that while
      // protected terms are active, and jsonld.js's public API does not say which scope it processes in.
      if (resets && scope !== 'property')
        return new Unsupported(`a ${scope === 'type' ? 'type-scoped' : 'document'} context with null`)
      let unsafe: string | undefined
      const processed = await processContext(parent.active, local, {
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
      // Applying a context again usually changes nothing: a node whose `type` repeats a value applies its
      // type-scoped context once per value (Processing Algorithms §5.1.2 step 11), nested nodes repeat their
      // parents' `@context`. When the result equals the parent in everything jsonld.js reads, the parent is the
      // answer, so repetitions cost a lookup each instead of a new context each. Not assumed from the local context
      // alone: a relative `@vocab` or `@base` resolves against the previous one, and does change on repetition.
      if (previous === parent.previous && sameActiveContext(processed, parent.active)) return parent
      return new ProcessedContext(processed, previous, this, this.nextContextId++)
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
        const inner = await this.inspect(
          isJsonObject(document) && '@context' in document ? document['@context'] : document,
          seen,
        )
        if (inner.unsupported !== undefined) return inner
        resets ||= inner.resets
        continue
      }
      const text = JSON.stringify(entry ?? null)
      if (text.includes('"@propagate"') || text.includes('"@import"'))
        return { unsupported: 'a context uses @propagate or @import', resets }
    }
    return { resets }
  }
}

/**
 * Kept (parent context, local context, scope) results per document loader: the bundled contexts in every scope
 * they are used in take a few dozen, so this leaves room for many issuers' own contexts.
 */
const MAX_CACHED_ENTRIES = 2048

/**
 * Bound on the estimated size of what is kept per document loader ({@link estimateSize}: a unit is about a byte to
 * half a byte of heap). A context made of the W3C credentials v2 and OB 3.0 contexts weighs about 35,000 (their
 * type-scoped contexts are copied into every term definition that has one), one with a 64 KiB inline context on top
 * about 400,000.
 */
const MAX_CACHED_WEIGHT = 64_000_000

/** The bounds of a {@link ContextCache}: entries, and estimated size. */
export const CONTEXT_CACHE_LIMITS = Object.freeze({ entries: MAX_CACHED_ENTRIES, weight: MAX_CACHED_WEIGHT })

/** Estimated size of a result. */
function weightOf(result: Result): number {
  return result instanceof ProcessedContext ? result.weight : 64
}

/**
 * Whether two jsonld.js active contexts are the same in everything processing reads: every member but the
 * `inverse` cache, deeply (term definitions are plain data: strings, booleans, arrays, objects, a Map of them).
 */
function sameActiveContext(a: JsonLdActiveContext, b: JsonLdActiveContext): boolean {
  if (a.mappings.size !== b.mappings.size) return false
  try {
    return sameData(a, b)
  } catch {
    // A context nested beyond the stack is simply not recognised as a repetition.
    return false
  }
}

function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false
    for (const [key, value] of a) if (!b.has(key) || !sameData(value, b.get(key))) return false
    return true
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, i) => sameData(item, b[i]))
  }
  if (b instanceof Map || Array.isArray(b)) return false
  const keysA = Object.keys(a).filter((key) => key !== 'inverse')
  const keysB = Object.keys(b).filter((key) => key !== 'inverse')
  if (keysA.length !== keysB.length) return false
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) && sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  )
}

/** About a character per unit: strings by length, other values and containers by a small constant. */
function estimateSize(root: unknown): number {
  let size = 0
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value === 'string') size += value.length + 8
    else if (value instanceof Map) {
      size += 32
      for (const [key, item] of value as Map<unknown, unknown>) stack.push(key, item)
    } else if (Array.isArray(value)) {
      size += 16
      for (const item of value) stack.push(item)
    } else if (value !== null && typeof value === 'object') {
      size += 32
      for (const key of Object.keys(value)) stack.push(key, (value as Record<string, unknown>)[key])
    } else size += 8
  }
  return size
}

/**
 * The context cache of `documentLoader` (one per loader, kept as long as the loader lives).
 *
 * @example
 * ```ts
 * const root = await contextCacheFor(defaultDocumentLoader).root
 * ```
 */
export const contextCacheFor: (documentLoader: DocumentLoader) => ContextCache = weakMemo(
  (documentLoader: DocumentLoader) => new ContextCache(documentLoader),
)
