/** Small JSON helpers shared by the builders, the validator and the verifier. */

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

/** A deep copy of a JSON value, as JSON would carry it (drops `undefined` members, turns dates into strings). */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/**
 * Throws `TypeError` (a caller's programming mistake) unless `options` is an object or `undefined`.
 * Not a type guard on purpose: it must not widen the caller's typed options to a plain record.
 */
export function assertOptions(options: unknown, where: string): void {
  if (options !== undefined && !isJsonObject(options)) throw new TypeError(`${where}: options must be an object`)
}
