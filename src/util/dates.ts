/** Dates in builder input: RFC 3339 date-times (what OB 3.0 `DateTimeZ` requires) and plain dates. */
import { describeType, invalid } from './input-checks.js'
import type { PathSegments } from './path.js'

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/

function isRealDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day)
  )
}

/** A `Date` as RFC 3339 UTC, without milliseconds when they are zero: `2024-06-30T00:00:00Z`. */
export function formatDateTime(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z')
}

/** Now, to the second, as RFC 3339 UTC: the default of every `validFrom` and proof `created` microcred writes. */
export function nowDateTime(): string {
  return formatDateTime(new Date(Math.floor(Date.now() / 1000) * 1000))
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/**
 * A proof's `created` option (`where` names the function, for the message): now when absent, a `Date` in UTC, or
 * an RFC 3339 date-time kept as given. A caller's mistake (an invalid value) is a `TypeError`.
 */
export function proofCreated(created: unknown, where: string): string {
  if (created === undefined) return nowDateTime()
  if (created instanceof Date) {
    if (Number.isNaN(created.getTime())) throw new TypeError(`${where}: options.created is an invalid Date`)
    return formatDateTime(created)
  }
  if (typeof created !== 'string' || !RFC3339.test(created) || Number.isNaN(Date.parse(created))) {
    throw new TypeError(
      `${where}: options.created must be an RFC 3339 date-time (e.g. "2025-01-01T00:00:00Z"), not ${JSON.stringify(created)}`,
    )
  }
  return created
}

/**
 * Normalises a date-time input: a valid RFC 3339 date-time with time zone is kept as given; a plain date
 * becomes midnight UTC; a `Date` is written in UTC to the second. Anything else is `ERR_INVALID_INPUT`.
 */
export function toDateTime(value: unknown, path: PathSegments): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) invalid(path, 'is an invalid Date')
    // RFC 3339 has four-digit years only.
    if (value.getUTCFullYear() < 0 || value.getUTCFullYear() > 9999)
      invalid(path, `the year ${value.getUTCFullYear()} cannot be written as an RFC 3339 date-time`)
    return formatDateTime(new Date(Math.floor(value.getTime() / 1000) * 1000))
  }
  if (typeof value !== 'string') invalid(path, `must be a date-time string or a Date, not ${describeType(value)}`)
  const full = DATE_TIME.exec(value)
  if (full !== null) {
    const [, year = '', month = '', day = '', hour, minute, second, , offsetHour = '00', offsetMinute = '00'] = full
    if (
      isRealDate(year, month, day) &&
      Number(hour) < 24 &&
      Number(minute) < 60 &&
      Number(second) < 60 &&
      Number(offsetHour) < 24 &&
      Number(offsetMinute) < 60
    )
      return value
  }
  const dateOnly = DATE_ONLY.exec(value)
  if (dateOnly !== null) {
    const [, year, month, day] = dateOnly as unknown as [string, string, string, string]
    if (isRealDate(year, month, day)) return `${value}T00:00:00Z`
  }
  return invalid(
    path,
    `${JSON.stringify(value)} is not a date-time with a time zone (e.g. "2024-06-30T09:00:00Z") or a date ("2024-06-30")`,
  )
}

/** Normalises a date input to `YYYY-MM-DD` (a `Date` gives its UTC date). */
export function toDate(value: unknown, path: PathSegments): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) invalid(path, 'is an invalid Date')
    if (value.getUTCFullYear() < 0 || value.getUTCFullYear() > 9999)
      invalid(path, `the year ${value.getUTCFullYear()} cannot be written as a date`)
    return value.toISOString().slice(0, 10)
  }
  if (typeof value === 'string') {
    const match = DATE_ONLY.exec(value)
    if (match !== null) {
      const [, year, month, day] = match as unknown as [string, string, string, string]
      if (isRealDate(year, month, day)) return value
    }
  }
  return invalid(path, `${JSON.stringify(value)} is not a date ("YYYY-MM-DD") or a Date`)
}

/** Milliseconds since the epoch of a normalised date-time. */
export function timeOf(dateTime: string): number {
  return Date.parse(dateTime)
}
