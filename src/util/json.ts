/** Small JSON helpers shared by the builders, the validator and the verifier. */
import { frozenMemo } from './memo.js'

/** A JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Wraps a single value in an array; `undefined` gives an empty array. */
export function asArray<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return []
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T]
}

/** Freezes a JSON value and everything inside it, so shared data (bundled contexts, schemas) cannot be mutated. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value as object)) deepFreeze(child)
  }
  return value
}

/**
 * A deep copy of a JSON value, as JSON would carry it (drops `undefined` members, turns dates into strings):
 * always equal to `JSON.parse(JSON.stringify(value))`.
 *
 * @example
 * ```ts
 * const copy = cloneJson(credential) // later changes to either do not reach the other
 * ```
 */
export function cloneJson<T>(value: T): T {
  // Copying plain data directly is about three times faster than the text round trip (signing clones every
  // credential); anything JSON would transform (undefined, dates, toJSON, NaN, cycles...) takes the round trip.
  const copy = walkPlainJson(value, 0, true)
  return copy === NOT_PLAIN ? (JSON.parse(JSON.stringify(value)) as T) : (copy as T)
}

/**
 * A deep copy of `value` when it is plain JSON data (what JSON carries unchanged: no `undefined`, dates, `toJSON`,
 * NaN, class instances, cycles), `undefined` otherwise.
 *
 * @example
 * ```ts
 * copyIfPlainJson({ a: [1] }) // { a: [1] }
 * copyIfPlainJson({ when: new Date() }) // undefined
 * ```
 */
export function copyIfPlainJson(value: unknown): { copy: unknown } | undefined {
  const copy = walkPlainJson(value, 0, true)
  return copy === NOT_PLAIN ? undefined : { copy }
}

/**
 * Whether `value` is plain JSON data, which `JSON.parse(JSON.stringify(value))` gives back member for member (see
 * {@link copyIfPlainJson}, the same test without the copy).
 *
 * @example
 * ```ts
 * isPlainJson({ a: [1] }) // true
 * isPlainJson({ when: new Date() }) // false
 * ```
 */
export function isPlainJson(value: unknown): boolean {
  return walkPlainJson(value, 0, false) !== NOT_PLAIN
}

/**
 * Whether `value` is, member for member and in the same order, the plain JSON data `plain` (a copy made by
 * {@link copyIfPlainJson}): the same test as comparing their JSON texts, without writing either.
 *
 * @example
 * ```ts
 * sameAsPlainJson(JSON.parse(text), kept) // true when text is kept's JSON
 * ```
 */
export function sameAsPlainJson(value: unknown, plain: unknown): boolean {
  if (value === plain) return true
  if (typeof value !== 'object' || value === null || typeof plain !== 'object' || plain === null) return false
  const prototype = Object.getPrototypeOf(value) as unknown
  if (Array.isArray(plain)) {
    if (!Array.isArray(value) || prototype !== Array.prototype || value.length !== plain.length) return false
    for (let i = 0; i < plain.length; i++) if (!sameAsPlainJson(value[i], plain[i])) return false
    return true
  }
  if (Array.isArray(value) || (prototype !== Object.prototype && prototype !== null)) return false
  // for...in walks own members in Object.keys order, then inherited enumerable ones (skipped, as JSON skips them:
  // only an Object.prototype someone added to has any); unlike Object.keys it allocates nothing, and this runs on
  // every credential signed.
  const plainKeys = keysOfPlain(plain)
  let i = 0
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    if (key !== plainKeys[i]) return false
    if (!sameAsPlainJson((value as Record<string, unknown>)[key], (plain as Record<string, unknown>)[key])) return false
    i++
  }
  return i === plainKeys.length
}

/**
 * What `JSON.stringify()` writes for an object once `members` are set on it, from what it wrote before (`text`), when
 * none of them is a member the object has, none is named like an array index (JSON writes those first) and their
 * values are JSON data (as parsed from text): they come after its last member, in their order. Writing them out
 * costs far less than parsing the object again (a signing thread answers with a credential's proof only).
 *
 * @example
 * ```ts
 * jsonTextWithMembersAppended('{"id":"urn:x"}', { proof: { type: 'DataIntegrityProof' } })
 * // '{"id":"urn:x","proof":{"type":"DataIntegrityProof"}}'
 * ```
 */
export function jsonTextWithMembersAppended(text: string, members: Record<string, unknown>): string {
  let added = ''
  for (const [member, value] of Object.entries(members))
    added += `${added === '' ? '' : ','}${JSON.stringify(member)}:${JSON.stringify(value)}`
  if (added === '') return text
  return text === '{}' ? `{${added}}` : `${text.slice(0, -1)},${added}}`
}

/** Member names of plain data, computed once per frozen object (kept copies are compared again and again). */
const keysOfPlain = frozenMemo((plain: object): readonly string[] => Object.keys(plain))

const NOT_PLAIN: unique symbol = Symbol('not plain JSON')

/** Nesting past which {@link walkPlainJson} gives up (and the round trip reports a cycle, if that is why). */
const MAX_PLAIN_DEPTH = 256

/** A copy of plain JSON data (`copy`), or the data itself once checked (not `copy`); {@link NOT_PLAIN} otherwise. */
function walkPlainJson(value: unknown, depth: number, copy: boolean): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      // JSON writes -0 as 0, and has no NaN or Infinity.
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : NOT_PLAIN
    case 'object': {
      if (value === null) return null
      // JSON.stringify asks any object for toJSON (own, inherited, non-enumerable) before writing it.
      if (depth >= MAX_PLAIN_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN
      const prototype = Object.getPrototypeOf(value) as unknown
      if (Array.isArray(value)) {
        if (prototype !== Array.prototype) return NOT_PLAIN
        const out = copy ? new Array<unknown>(value.length) : value
        for (let i = 0; i < value.length; i++) {
          const item = walkPlainJson(value[i], depth + 1, copy)
          if (item === NOT_PLAIN) return NOT_PLAIN
          if (copy) out[i] = item
        }
        return out
      }
      if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN
      const out: Record<string, unknown> | undefined = copy ? {} : undefined
      // for...in walks own members in Object.keys order and allocates no key list; inherited ones (which JSON
      // skips) are skipped.
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue
        const item = walkPlainJson((value as Record<string, unknown>)[key], depth + 1, copy)
        if (item === NOT_PLAIN) return NOT_PLAIN
        if (out === undefined) continue
        // JSON.parse makes "__proto__" an own member; assigning it would set the prototype instead.
        if (key === '__proto__')
          Object.defineProperty(out, key, { value: item, writable: true, enumerable: true, configurable: true })
        else out[key] = item
      }
      return out ?? value
    }
    default:
      // undefined, functions, symbols, bigints: JSON drops, nulls or refuses them.
      return NOT_PLAIN
  }
}

/**
 * Throws `TypeError` (a caller's programming mistake) unless `options` is an object or `undefined`.
 * Not a type guard on purpose: it must not widen the caller's typed options to a plain record.
 */
export function assertOptions(options: unknown, where: string): void {
  if (options !== undefined && !isJsonObject(options)) throw new TypeError(`${where}: options must be an object`)
}

/**
 * The names of `Object.prototype`'s members (`__proto__`, `constructor`, `toString`...). jsonld.js keeps node ids and
 * other values as keys of plain objects: outside safe mode, a document using one of these names as an id reaches the
 * prototype (`subjects["__proto__"]`), and one request would corrupt every later one in the process.
 */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype))

/**
 * Where `value` uses a name of `Object.prototype` as a member name (or, with `values: true`, as a string value too):
 * its JSON path and the name; undefined when it does not. Member names are always refused (no vocabulary defines
 * them, and they cannot round-trip through plain objects); values only where a caller is about to hand the document to
 * code that would use them as keys, since a literal such as `"name": "constructor"` is otherwise harmless. Iterative,
 * so hostile nesting cannot overflow the stack.
 *
 * @example
 * ```ts
 * prototypeNameIn(JSON.parse('{"criteria": {"__proto__": {}}}'))          // { path: 'criteria.__proto__', name: '__proto__' }
 * prototypeNameIn({ credentialSubject: { id: '__proto__' } })              // undefined
 * prototypeNameIn({ credentialSubject: { id: '__proto__' } }, { values: true }) // { path: 'credentialSubject.id', name: '__proto__' }
 * ```
 */
export function prototypeNameIn(
  value: unknown,
  options: { values?: boolean } = {},
): { path: string; name: string } | undefined {
  return findInJson(value, {
    value: (node, path) =>
      options.values === true && typeof node === 'string' && PROTOTYPE_NAMES.has(node)
        ? { path, name: node }
        : undefined,
    member: (name, _member, path) => (PROTOTYPE_NAMES.has(name) ? { path, name } : undefined),
  })
}

/** What {@link findInJson} asks about each value and each member; a result other than undefined ends the walk. */
export interface JsonFinder<T> {
  /** Every value (the root, each member's value, each array entry) as the walk reaches it. */
  value?(node: unknown, path: string): T | undefined
  /** Every member of every object, in order, as the object is reached (before anything under it is walked). */
  member?(name: string, value: unknown, path: string, object: Record<string, unknown>): T | undefined
}

/**
 * Walks a JSON value and returns the first result a {@link JsonFinder} hook gives, with JSON paths as reports write
 * them (`a.b[2].c`). Iterative, so hostile nesting cannot overflow the stack: the one walker of the caps and guards
 * that look at a whole document before anything processes it.
 *
 * @example
 * ```ts
 * findInJson({ a: [1, { b: 'x' }] }, { value: (node, path) => (node === 'x' ? path : undefined) }) // 'a[1].b'
 * ```
 */
export function findInJson<T>(root: unknown, finder: JsonFinder<T>): T | undefined {
  const stack: [unknown, string][] = [[root, '']]
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, path] = top
    const found = finder.value?.(node, path)
    if (found !== undefined) return found
    if (node === null || typeof node !== 'object') continue
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], `${path}[${i}]`])
      continue
    }
    const object = node as Record<string, unknown>
    for (const [name, member] of Object.entries(object)) {
      const memberPath = path === '' ? name : `${path}.${name}`
      const hit = finder.member?.(name, member, memberPath, object)
      if (hit !== undefined) return hit
      stack.push([member, memberPath])
    }
  }
  return undefined
}

/**
 * One walk of a value: `undefined` when it nests deeper than `limit` or is cyclic (not JSON), otherwise an upper bound
 * of the bytes of its JSON text in UTF-8 (a string's every UTF-16 unit counted as a 6-byte escape, a number as 25
 * bytes), so that a size cap writes the JSON to measure it exactly only for a value that could be over the cap.
 * `Infinity` for what only writing can measure (a `toJSON` method, a BigInt, which JSON refuses, a boxed primitive or
 * any object that is not plain data).
 *
 * @example
 * ```ts
 * const bound = jsonTextSizeBound(credential, 64)
 * const bytes = bound !== undefined && bound <= maxBytes ? bound : Buffer.byteLength(JSON.stringify(credential))
 * ```
 */
export function jsonTextSizeBound(value: unknown, limit: number): number | undefined {
  return sizeBound(value, limit, new Set(), 0)
}

function sizeBound(value: unknown, limit: number, seen: Set<object>, depth: number): number | undefined {
  switch (typeof value) {
    case 'string':
      return 2 + 6 * value.length
    case 'number':
      return 25
    case 'boolean':
      return 5
    case 'bigint':
      return Infinity
    case 'object':
      break
    default:
      // undefined, a function or a symbol: "null" in an array, left out of an object.
      return 4
  }
  if (value === null) return 4
  if (depth >= limit || seen.has(value)) return undefined
  seen.add(value)
  // JSON writes a boxed Number, String or Boolean as its value, and what `toJSON` returns: only writing measures those
  // (and other objects that are not plain data), so they are bounded by Infinity.
  const prototype = Object.getPrototypeOf(value) as unknown
  const plain = prototype === Object.prototype || prototype === Array.prototype || prototype === null
  let bound = !plain || typeof (value as { toJSON?: unknown }).toJSON === 'function' ? Infinity : 2
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const size = sizeBound(item, limit, seen, depth + 1)
      if (size === undefined) return undefined
      bound += size + 1
    }
  } else {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue
      const size = sizeBound((value as Record<string, unknown>)[key], limit, seen, depth + 1)
      if (size === undefined) return undefined
      bound += 6 * key.length + 4 + size
    }
  }
  seen.delete(value)
  return bound
}
