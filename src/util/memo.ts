/** Memos for pure computations: bounded by key (first in, first out), or kept as long as an object key lives. */

/**
 * Remembers up to `capacity` results of `compute` by key. A rejected promise is forgotten, so a failure is
 * retried rather than remembered.
 *
 * @example
 * ```ts
 * const documentOf = boundedMemo(1024, (did: string) => resolveDidKey(did))
 * await documentOf('did:key:z6Mk...') // computed once, then reused
 * ```
 */
export function boundedMemo<K, V>(capacity: number, compute: (key: K) => V): (key: K) => V {
  const entries = new Map<K, V>()
  return (key) => {
    if (entries.has(key)) return entries.get(key) as V
    const value = compute(key)
    if (entries.size >= capacity) entries.delete(entries.keys().next().value as K)
    entries.set(key, value)
    forgetIfRejected(entries, key, value)
    return value
  }
}

/**
 * Remembers the result of `compute` for each object key while the key lives (a WeakMap: nothing to bound). For
 * values that depend on the key's identity, or on contents that cannot change (see {@link frozenMemo}). A rejected
 * promise is forgotten, as in {@link boundedMemo}.
 *
 * @example
 * ```ts
 * const cacheOf = weakMemo((documentLoader: DocumentLoader) => new ContextCache(documentLoader))
 * cacheOf(loader) === cacheOf(loader) // true
 * ```
 */
export function weakMemo<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const entries = new WeakMap<K, V>()
  return (key) => {
    // One lookup in the usual case (some memos run on every credential signed); `has` only for a kept undefined.
    const kept = entries.get(key)
    if (kept !== undefined || entries.has(key)) return kept as V
    const value = compute(key)
    entries.set(key, value)
    forgetIfRejected(entries, key, value)
    return value
  }
}

/**
 * {@link weakMemo} for values computed from an object's contents: a frozen object's are remembered (they cannot
 * change), any other object's are computed each time.
 *
 * @example
 * ```ts
 * const thumbprintOfJwk = frozenMemo(thumbprintOf)
 * thumbprintOfJwk(Object.freeze(jwk)) // computed once for this object
 * ```
 */
export function frozenMemo<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const remembered = weakMemo(compute)
  return (key) => (Object.isFrozen(key) ? remembered(key) : compute(key))
}

function forgetIfRejected<K, V>(entries: Pick<Map<K, V>, 'get' | 'delete'>, key: K, value: V): void {
  if (value instanceof Promise) value.catch(() => entries.get(key) === value && entries.delete(key))
}

/**
 * A module (or anything costly) made the first time it is asked for, then shared: importing microcred does not pay
 * for what only some operations use. A failed load is forgotten, so the next call tries again.
 *
 * @example
 * ```ts
 * const xml = lazy(() => import('@xmldom/xmldom'))
 * const { DOMParser } = await xml()
 * ```
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined
      throw error
    }))
}
