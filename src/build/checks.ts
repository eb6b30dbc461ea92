/**
 * Input checks shared by the builders. Each throws `MicrocredError` with the JSON path of the field in the
 * builder's input: `ERR_EU_ELEMENT_MISSING` when a mandatory EU element is absent, `ERR_INVALID_INPUT` when
 * a value is present but unusable.
 */
import { MicrocredError } from '../errors.js'
import { isJsonObject } from '../util/json.js'
import { formatPath, type PathSegments } from '../util/path.js'

/** The EU mandatory elements (Annex I), for messages. */
export const EU_ELEMENTS = {
  learner: '1. identification of the learner',
  title: '2. title of the micro-credential',
  country: '3. country/region of the issuer',
  awardingBody: '4. awarding body',
  issued: '5. date of issuing',
  learningOutcomes: '6. learning outcomes',
  workload: '7. notional workload',
  assessment: '9. type of assessment',
  participation: '10. form of participation',
  qualityAssurance: '11. type of quality assurance',
} as const

/** Throws `ERR_EU_ELEMENT_MISSING` for a mandatory EU element. */
export function missingElement(path: PathSegments, element: string, hint = ''): never {
  const where = formatPath(path)
  throw new MicrocredError(
    'ERR_EU_ELEMENT_MISSING',
    `The mandatory EU micro-credential element "${element}" is missing: set ${where}${hint === '' ? '' : ` (${hint})`}`,
    { path: where },
  )
}

/** Throws `ERR_INVALID_INPUT` for the field at `path`. */
export function invalid(path: PathSegments, problem: string): never {
  const where = formatPath(path)
  throw new MicrocredError('ERR_INVALID_INPUT', `${where}: ${problem}`, { path: where })
}

/** True when the value counts as absent (`undefined` or `null`). */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null
}

/** A non-empty string (after trimming), or `ERR_INVALID_INPUT`. */
export function requireText(value: unknown, path: PathSegments): string {
  if (isAbsent(value)) invalid(path, 'is required')
  if (typeof value !== 'string') invalid(path, `must be a string, not ${describeType(value)}`)
  if (value.trim() === '') invalid(path, 'must not be empty')
  return value
}

/** Like {@link requireText}, for an optional field: `undefined` when absent. */
export function optionalText(value: unknown, path: PathSegments): string | undefined {
  return isAbsent(value) ? undefined : requireText(value, path)
}

/** A mandatory EU element given as text. */
export function requireElementText(value: unknown, path: PathSegments, element: string): string {
  if (isAbsent(value)) missingElement(path, element)
  return requireText(value, path)
}

/** An object, or `ERR_INVALID_INPUT`. */
export function requireObject(value: unknown, path: PathSegments): Record<string, unknown> {
  if (!isJsonObject(value)) invalid(path, `must be an object, not ${describeType(value)}`)
  return value
}

/** A non-empty array for a mandatory EU element: absent or empty is `ERR_EU_ELEMENT_MISSING`. */
export function requireElementList(value: unknown, path: PathSegments, element: string): unknown[] {
  if (isAbsent(value)) missingElement(path, element)
  if (!Array.isArray(value)) invalid(path, `must be an array, not ${describeType(value)}`)
  if (value.length === 0) missingElement(path, element, 'give at least one')
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

/** An absolute IRI, or `ERR_INVALID_INPUT`. */
export function requireIri(value: unknown, path: PathSegments, what = 'an absolute URI (https://..., did:..., urn:...)'): string {
  const text = requireText(value, path)
  if (!isAbsoluteIri(text)) invalid(path, `${JSON.stringify(text)} is not ${what}`)
  return text
}

/** An http(s) URL or a `data:` URI (for images), or `ERR_INVALID_INPUT`. */
export function requireUrl(value: unknown, path: PathSegments): string {
  const text = requireText(value, path)
  if (!/^(https?:\/\/|data:)/i.test(text) || !URL.canParse(text)) {
    invalid(path, `${JSON.stringify(text)} is not an http(s) URL or data: URI`)
  }
  return text
}

/** An e-mail address (a pragmatic shape check, not RFC 5322), or `ERR_INVALID_INPUT`. */
export function requireEmail(value: unknown, path: PathSegments): string {
  const text = requireText(value, path)
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) invalid(path, `${JSON.stringify(text)} is not an e-mail address`)
  return text
}

/** A finite number within bounds, or `ERR_INVALID_INPUT`. */
export function requireNumber(value: unknown, path: PathSegments, { min, max, minExclusive = false }: { min: number; max: number; minExclusive?: boolean }): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    invalid(path, `must be a finite number, not ${typeof value === 'number' ? String(value) : describeType(value)}`)
  }
  if (minExclusive ? value <= min : value < min) invalid(path, `must be ${minExclusive ? 'greater than' : 'at least'} ${min}, not ${value}`)
  if (value > max) invalid(path, `must be at most ${max}, not ${value}`)
  return value
}

/** A BCP 47 language tag, or `ERR_INVALID_INPUT`. */
export function requireLanguage(value: unknown, path: PathSegments): string {
  const text = requireText(value, path)
  try {
    Intl.getCanonicalLocales(text)
  } catch {
    invalid(path, `${JSON.stringify(text)} is not a BCP 47 language tag (e.g. "en", "de-AT")`)
  }
  return text
}

/** Rejects members the input type does not have, so a typo (`learningOutcome` for `learningOutcomes`) is not silently ignored. */
export function rejectUnknownMembers(value: Record<string, unknown>, allowed: readonly string[], path: PathSegments): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const close = allowed.find((name) => name.toLowerCase().replace(/s$/, '') === key.toLowerCase().replace(/s$/, ''))
      invalid([...path, key], `is not a known member${close === undefined ? '' : `; did you mean "${close}"?`}`)
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
