/** Identifiers as URLs and DIDs write them. */

/**
 * The identifier without its fragment: a key id's controller (`did:web:uni.example#key-1` → `did:web:uni.example`),
 * a document's own id. An id without `#` is returned as it is.
 */
export function withoutFragment(id: string): string {
  const hash = id.indexOf('#')
  return hash < 0 ? id : id.slice(0, hash)
}
