/** A bounded memo for pure computations (first in, first out). */

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
    if (value instanceof Promise) value.catch(() => entries.get(key) === value && entries.delete(key))
    return value
  }
}
