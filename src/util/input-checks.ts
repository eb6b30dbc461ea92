/**
 * Checks of caller input shared by the builders (credentials, endorsements, CLRs, stacks) and the status lists.
 * Each throws `MicrocredError` with the JSON path of the field in the caller's input: `ERR_INPUT_REQUIRED` for a
 * required field that is absent, `ERR_INPUT_UNKNOWN_MEMBER` for a member the input type does not have, and
 * `ERR_INVALID_INPUT` for a value that is present but unusable.
 */
import { MicrocredError } from '../errors.js'
import { isJsonObject } from './json.js'
import { formatPath, type PathSegments } from './path.js'

/** Throws `ERR_INVALID_INPUT` for the field at `path`: it is present, but its value cannot be used. */
export function invalid(path: PathSegments, problem: string): never {
  const where = formatPath(path)
  throw new MicrocredError('ERR_INVALID_INPUT', `${where}: ${problem}`, { path: where })
}

/** Throws `ERR_INPUT_REQUIRED` for the field at `path`: it is absent (or `null`), and the input needs it. */
export function required(path: PathSegments, problem = 'is required'): never {
  const where = formatPath(path)
  throw new MicrocredError('ERR_INPUT_REQUIRED', `${where}: ${problem}`, { path: where })
}

/** True when the value counts as absent (`undefined` or `null`). */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null
}

/** A non-empty string (after trimming); `ERR_INPUT_REQUIRED` when absent, `ERR_INVALID_INPUT` otherwise. */
export function requireText(value: unknown, path: PathSegments): string {
  if (isAbsent(value)) required(path)
  if (typeof value !== 'string') invalid(path, `must be a string, not ${describeType(value)}`)
  if (value.trim() === '') invalid(path, 'must not be empty')
  return value
}

/** Like {@link requireText}, for an optional field: `undefined` when absent. */
export function optionalText(value: unknown, path: PathSegments): string | undefined {
  return isAbsent(value) ? undefined : requireText(value, path)
}

/** An object; `ERR_INPUT_REQUIRED` when absent, `ERR_INVALID_INPUT` otherwise. */
export function requireObject(value: unknown, path: PathSegments): Record<string, unknown> {
  if (isAbsent(value)) required(path)
  if (!isJsonObject(value)) invalid(path, `must be an object, not ${describeType(value)}`)
  return value
}

/** An optional array: `[]` when absent. */
export function optionalList(value: unknown, path: PathSegments): unknown[] {
  if (isAbsent(value)) return []
  if (!Array.isArray(value)) invalid(path, `must be an array, not ${describeType(value)}`)
  return value
}

const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/

/** True for an absolute IRI/URI without spaces (`https://...`, `did:...`, `urn:uuid:...`). */
export function isAbsoluteIri(value: string): boolean {
  return ABSOLUTE_IRI.test(value) && URL.canParse(value)
}

/** An absolute IRI; `ERR_INPUT_REQUIRED` when absent, `ERR_INVALID_INPUT` otherwise. */
export function requireIri(
  value: unknown,
  path: PathSegments,
  what = 'an absolute URI (https://..., did:..., urn:...)',
): string {
  const text = requireText(value, path)
  if (!isAbsoluteIri(text)) invalid(path, `${JSON.stringify(text)} is not ${what}`)
  return text
}

/** An http(s) URL or a `data:` URI (for images); `ERR_INPUT_REQUIRED` when absent, `ERR_INVALID_INPUT` otherwise. */
export function requireUrl(value: unknown, path: PathSegments): string {
  const text = requireText(value, path)
  if (!/^(https?:\/\/|data:)/i.test(text) || !URL.canParse(text)) {
    invalid(path, `${JSON.stringify(text)} is not an http(s) URL or data: URI`)
  }
  return text
}

/** An e-mail address (a pragmatic shape check, not RFC 5322); `ERR_INPUT_REQUIRED` when absent, `ERR_INVALID_INPUT` otherwise. */
export function requireEmail(value: unknown, path: PathSegments): string {
  const text = requireText(value, path)
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) invalid(path, `${JSON.stringify(text)} is not an e-mail address`)
  return text
}

/** A finite number within bounds; `ERR_INPUT_REQUIRED` when absent, `ERR_INVALID_INPUT` otherwise. */
export function requireNumber(
  value: unknown,
  path: PathSegments,
  { min, max, minExclusive = false }: { min: number; max: number; minExclusive?: boolean },
): number {
  if (isAbsent(value)) required(path)
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    invalid(path, `must be a finite number, not ${typeof value === 'number' ? String(value) : describeType(value)}`)
  }
  if (minExclusive ? value <= min : value < min)
    invalid(path, `must be ${minExclusive ? 'greater than' : 'at least'} ${min}, not ${value}`)
  if (value > max) invalid(path, `must be at most ${max}, not ${value}`)
  return value
}

/** A BCP 47 language tag; `ERR_INPUT_REQUIRED` when absent, `ERR_INVALID_INPUT` otherwise. */
export function requireLanguage(value: unknown, path: PathSegments): string {
  const text = requireText(value, path)
  try {
    Intl.getCanonicalLocales(text)
  } catch {
    invalid(path, `${JSON.stringify(text)} is not a BCP 47 language tag (e.g. "en", "de-AT")`)
  }
  return text
}

/**
 * Rejects members the input type does not have (`ERR_INPUT_UNKNOWN_MEMBER` at the member's path), so a typo
 * (`learningOutcome` for `learningOutcomes`) is not silently ignored.
 */
export function rejectUnknownMembers(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: PathSegments,
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const close = allowed.find((name) => name.toLowerCase().replace(/s$/, '') === key.toLowerCase().replace(/s$/, ''))
      const where = formatPath([...path, key])
      throw new MicrocredError(
        'ERR_INPUT_UNKNOWN_MEMBER',
        `${where}: is not a known member${close === undefined ? '' : `; did you mean "${close}"?`}`,
        { path: where },
      )
    }
  }
}

/** Names a value's JSON type for messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN'
  const type = typeof value
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

/**
 * The text of a JSON scalar for an id, a field read back or a message: a string as it is, a number as `String()`
 * writes it, and `fallback` for anything else (absent, an object, an array, a boolean), so that a value of the wrong
 * type never turns into `[object Object]`.
 */
export function scalarText(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value
  return typeof value === 'number' ? String(value) : fallback
}
