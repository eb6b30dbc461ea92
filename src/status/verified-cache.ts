/**
 * The status lists the `status` check of `verify()` has verified and decoded, kept per key resolver so that checking
 * a credential against a list already seen costs a lookup and a bit read, not a proof verification and an inflate.
 *
 * What is kept is what a fresh verification of the list would conclude, so it is kept only as long as that holds:
 * - per resolver (a `WeakMap` on the resolver object): verifications with different resolvers never share, and only a
 *   resolver made by `createKeyResolver()` keeps any (a caller's own resolver says nothing of how long its documents
 *   hold);
 * - per key {@link statusListKey}: the list URL, the entry type (a `StatusList2021Entry` reads the list differently),
 *   and every verification option that the list's verification depends on (policy, profile, document loader,
 *   allowed contexts, clock skew, size caps...). `now` is not in it: the list's validity window is the one part of its
 *   verification that depends on it, and the `status` check judges that window again at each use;
 * - while the resolver still gives the very document object that was verified, and every document the verification
 *   looked up through the resolver (DID and controller documents, JWKS) is still the resolver's cached copy: when any
 *   expires, is evicted, re-fetched or failed, the kept list is verified again. Kept lists also expire with the list
 *   document itself, so none outlives the resolver's `cacheTtlMs`;
 * - only lists whose verification passed (apart from the validity window), whose type is the entry's, and whose
 *   `encodedList` decoded: a list that failed is verified again at each use, as before;
 * - bounded by `statusListCacheMaxEntries` and `statusListCacheMaxBytes` (decoded bytes) of the resolver, least
 *   recently used first out.
 */
import { LRUCache } from 'lru-cache'
import { documentCacheOf, type DocumentCacheView, type DocumentLookups, type KeyResolver } from '../keys/resolve.js'

/** What every kept status list holds: what it was verified from, and its decoded bitstring. */
export interface KeptStatusList {
  /** The document (as the resolver gave it) that was verified: the entry holds only while the resolver gives this object. */
  readonly document: unknown
  /** The documents the verification looked up through the resolver: the entry holds only while each is unchanged. */
  readonly lookups: DocumentLookups
  /** The decoded bitstring. */
  readonly bits: Uint8Array
}

/** What the status list cache of one resolver holds and has done, for tests and monitoring. */
export interface StatusListCacheStats {
  /** Lists kept now. */
  entries: number
  /** Decoded bytes kept now. */
  bytes: number
  /** Uses of a kept list. */
  hits: number
  /** Lookups that found no list kept, or one that no longer holds. */
  misses: number
  /** Status lists verified (each one a miss, or a list that is never kept). */
  verifications: number
  /** `encodedList`s decoded to be kept. */
  decodes: number
  /** Lists dropped to stay within the entry count or the byte cap. */
  evictions: number
}

/**
 * The verified status lists of one resolver (see the module description); get it with {@link StatusListCaches.of}.
 *
 * @example
 * ```ts
 * const lists = keptLists.of(resolver)
 * const kept = lists?.get(key, document) // undefined: verify the list, then lists.set(key, url, verifiedList)
 * ```
 */
export class VerifiedStatusLists<List extends KeptStatusList> {
  readonly #lists: LRUCache<string, List>
  readonly #counts = { hits: 0, misses: 0, verifications: 0, decodes: 0, evictions: 0 }

  constructor(
    /** The document cache of the resolver the lists belong to. */
    readonly documents: DocumentCacheView,
  ) {
    this.#lists = new LRUCache<string, List>({
      max: documents.statusLists.maxEntries,
      maxSize: documents.statusLists.maxBytes,
      sizeCalculation: (list) => Math.max(1, list.bits.byteLength),
      // The clock is read on every lookup, as the resolver's own cache does: a list is never served past its TTL.
      ttlResolution: 0,
      dispose: (_list, _key, reason) => {
        if (reason === 'evict') this.#counts.evictions++
      },
    })
  }

  /** The list kept under `key`, if it was verified from `document` and every document it used is unchanged. */
  get(key: string, document: unknown): List | undefined {
    const list = this.#lists.get(key)
    if (list !== undefined && list.document === document && this.documents.unchanged(list.lookups)) {
      this.#counts.hits++
      return list
    }
    if (list !== undefined) this.#lists.delete(key)
    this.#counts.misses++
    return undefined
  }

  /** Keeps `list` under `key` for as long as the resolver keeps the document at `url` (not at all when it keeps none). */
  set(key: string, url: string, list: List): void {
    const ttl = Math.floor(this.documents.remainingMs(url))
    if (ttl < 1 || !this.documents.unchanged(list.lookups)) return
    this.#lists.set(key, list, Number.isFinite(ttl) ? { ttl } : {})
  }

  /** Counts a verification of a list, or a decode of one. */
  count(what: 'verifications' | 'decodes'): void {
    this.#counts[what]++
  }

  /** What is kept, and the counts so far. */
  stats(): StatusListCacheStats {
    return { ...this.#counts, entries: this.#lists.size, bytes: this.#lists.calculatedSize }
  }
}

/**
 * The verified status lists of every resolver, for one kind of kept list: a resolver's lists are made when first asked
 * for, and go with the resolver.
 *
 * @example
 * ```ts
 * const keptLists = new StatusListCaches<KeptStatusList & { report: VerificationReport }>()
 * const lists = keptLists.of(state.resolver) // undefined for a resolver that keeps no lists
 * const kept = lists?.get(statusListKey(state.options, 'BitstringStatusListEntry', url), document)
 * ```
 */
export class StatusListCaches<List extends KeptStatusList> {
  readonly #byResolver = new WeakMap<KeyResolver, VerifiedStatusLists<List> | null>()

  /**
   * The verified status lists of `resolver`: undefined unless it was made by `createKeyResolver()` with a document
   * cache and a status list cache (`cacheTtlMs`, `cacheMaxEntries`, `statusListCacheMaxEntries`,
   * `statusListCacheMaxBytes` all above 0).
   */
  of(resolver: KeyResolver): VerifiedStatusLists<List> | undefined {
    let lists = this.#byResolver.get(resolver)
    if (lists === undefined) {
      const documents = documentCacheOf(resolver)
      lists = documents === undefined ? null : new VerifiedStatusLists<List>(documents)
      this.#byResolver.set(resolver, lists)
    }
    return lists ?? undefined
  }

  /** What the lists of `resolver` hold and have done: undefined for a resolver that keeps none (or none yet). */
  stats(resolver: KeyResolver): StatusListCacheStats | undefined {
    return this.#byResolver.get(resolver)?.stats()
  }
}

/**
 * Options that cannot change how a status list verifies: `now` (the list's validity window is judged at each use),
 * the resolver (a cache belongs to one), `fetch` (unused once a resolver is given), the budget's (a kept list costs no
 * fetch; the time budget and the nested verification are still taken at each use), and what a list's verification
 * replaces or drops (`checks`, `expectedRecipient`, `statusUnavailable`, the holder's proof). Every other option,
 * including any added later, is part of the key.
 */
const IRRELEVANT_OPTIONS: ReadonlySet<string> = new Set([
  'now',
  'resolver',
  'fetch',
  'signal',
  'maxFetches',
  'maxWorkMs',
  'checks',
  'expectedRecipient',
  'statusUnavailable',
  'holderProof',
])

const identities = new WeakMap<object, number>()
let nextIdentity = 1

/** A value as part of a key: primitives and arrays of them by value, anything else (a loader) by identity. */
function keyOf(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value instanceof Date) return `date:${value.getTime()}`
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return `[${value.map((item) => JSON.stringify(item)).join(',')}]`
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
    let identity = identities.get(value)
    if (identity === undefined) {
      identity = nextIdentity++
      identities.set(value, identity)
    }
    return `#${identity}`
  }
  return `${typeof value}:${String(value)}`
}

/**
 * The key of the list at `url` read for an entry of `entryType`, verified with `options`: equal keys (with the same
 * resolver) verify the same document to the same conclusion, apart from the validity window.
 *
 * @example
 * ```ts
 * statusListKey({ policy: 'strict' }, 'BitstringStatusListEntry', 'https://uni.example/status/1')
 * // 'BitstringStatusListEntry "https://uni.example/status/1"\npolicy="strict"'
 * ```
 */
export function statusListKey(options: object, entryType: string, url: string): string {
  let key = `${entryType} ${JSON.stringify(url)}`
  for (const name of Object.keys(options).sort()) {
    const value = (options as Record<string, unknown>)[name]
    if (value !== undefined && !IRRELEVANT_OPTIONS.has(name)) key += `\n${name}=${keyOf(value)}`
  }
  return key
}
