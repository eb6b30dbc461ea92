/**
 * JSON paths as microcred writes them in errors and issues: `credentialSubject.identifier[0].type`.
 * One segment list, one string form, so every part of the library points at fields the same way.
 */

/** A path as a list of object keys and array indexes. */
export type PathSegments = readonly (string | number)[]

const PLAIN_KEY = /^[A-Za-z_@$][\w@$-]*$/

/**
 * Formats path segments: plain keys joined by dots, indexes in brackets, other keys quoted.
 *
 * @example
 * ```ts
 * formatPath(['credentialSubject', 'identifier', 0, 'type']) // 'credentialSubject.identifier[0].type'
 * formatPath(['@context', 2])                                 // '@context[2]'
 * ```
 */
export function formatPath(segments: PathSegments): string {
  let out = ''
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`
    else out += `[${JSON.stringify(segment)}]`
  }
  return out
}

/**
 * Converts an RFC 6901 JSON Pointer (as Ajv reports it) into segments, reading the data to tell array
 * indexes from object keys that happen to be digits.
 */
export function pointerToSegments(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return []
  const segments: (string | number)[] = []
  let node: unknown = data
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      const index = Number(key)
      segments.push(index)
      node = node[index]
    } else {
      segments.push(key)
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined
    }
  }
  return segments
}

/** Joins a base path and a child segment list into the string form. */
export function childPath(base: PathSegments, ...rest: (string | number)[]): string {
  return formatPath([...base, ...rest])
}
