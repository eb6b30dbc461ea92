/** RFC 9457 problem details carrying microcred's error codes and paths. */
import { isMicrocredError, type Issue, type MicrocredErrorCode } from '../errors.js'

/**
 * Base of the problem `type` URIs: `<base>#<code>`.
 *
 * @example
 * ```ts
 * if (problem.type === `${PROBLEM_TYPE_BASE}#ERR_UNAUTHORIZED`) await refreshToken()
 * ```
 */
export const PROBLEM_TYPE_BASE = 'https://w3id.org/microcred/problems'

/** An RFC 9457 problem details object, with microcred's `code`, `path` and `issues` as extension members. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  /** The library's stable error code (one of `ERROR_CODES`). */
  code: MicrocredErrorCode
  /** JSON path of the offending field in the request body. */
  path?: string
  /** Every issue found, for a credential that failed validation. */
  issues?: Issue[]
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/** A problem with the given status and code. */
export function problem(
  status: number,
  code: Problem['code'],
  detail: string,
  extra: { path?: string | undefined; issues?: readonly Issue[] | undefined } = {},
): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}#${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(extra.path === undefined ? {} : { path: extra.path }),
    ...(extra.issues === undefined || extra.issues.length === 0 ? {} : { issues: [...extra.issues] }),
  }
}

/** Statuses of MicrocredError codes that are not a plain 422 (the credential is well-formed JSON but unusable). */
const STATUS_OF: Partial<Record<MicrocredErrorCode, number>> = {
  ERR_INPUT_TOO_LARGE: 413,
  ERR_STATUS_LIST_UNKNOWN: 404,
  ERR_STATUS_ENTRY_UNKNOWN: 404,
  ERR_SYNTAX: 400,
  ERR_STATUS_LIST_FULL: 503,
  ERR_LOCKED: 503,
  ERR_FETCH_FAILED: 503,
  ERR_INTERNAL: 500,
}

/** The problem for an error thrown while handling a request, or `undefined` for an unexpected one (a 500). */
export function problemOf(error: unknown): Problem | undefined {
  if (isMicrocredError(error)) {
    return problem(STATUS_OF[error.code] ?? 422, error.code, error.message, { path: error.path, issues: error.issues })
  }
  return undefined
}
