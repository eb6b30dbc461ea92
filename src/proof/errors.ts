/** Maps failures inside the signing and verifying libraries to microcred codes. */
import { isMicrocredError, MicrocredError, type MicrocredErrorCode } from '../errors.js'

/** Walks `cause`, `details.cause` and jsonld-signatures' `errors[]` for the first error matching `test`. */
export function findInErrorChain(error: unknown, test: (candidate: unknown) => boolean): unknown {
  const queue: unknown[] = [error]
  const seen = new Set<unknown>()
  while (queue.length > 0) {
    const current = queue.shift()
    if (current === undefined || current === null || seen.has(current)) continue
    seen.add(current)
    if (test(current)) return current
    if (typeof current === 'object') {
      const record = current as { cause?: unknown; details?: { cause?: unknown }; errors?: unknown[]; error?: unknown }
      queue.push(
        record.cause,
        record.details?.cause,
        record.error,
        ...(Array.isArray(record.errors) ? record.errors : []),
      )
    }
  }
  return undefined
}

/** The microcred error inside `error`, or a new one with `fallback` as its code. */
export function toMicrocredError(error: unknown, fallback: MicrocredErrorCode, context: string): MicrocredError {
  const inner = findInErrorChain(error, isMicrocredError)
  if (inner !== undefined) return inner as MicrocredError
  const message = messageOf(error)
  if (/Maximum deep iterations exceeded|Abort signal received/i.test(message)) {
    return new MicrocredError(
      'ERR_CANONICALIZATION_LIMIT',
      `${context}: RDF canonicalization exceeded its work limit (the data contains a pathological blank-node graph)`,
      { cause: error },
    )
  }
  if (/Safe mode validation error|protected term|Dereferencing a URL|loading remote context/i.test(message)) {
    return new MicrocredError('ERR_JSONLD_INVALID', `${context}: JSON-LD processing failed: ${message}`, {
      cause: error,
    })
  }
  return new MicrocredError(fallback, `${context}: ${message}`, { cause: error })
}

/** The most specific message of an error chain. */
export function messageOf(error: unknown): string {
  const withMessage = findInErrorChain(
    error,
    (e) =>
      e instanceof Error &&
      e.message !== '' &&
      !/^(Verification error|Invalid signature)\.?$/.test(e.message) &&
      !('errors' in e && Array.isArray((e as { errors?: unknown }).errors)),
  )
  if (withMessage instanceof Error) return withMessage.message
  return error instanceof Error ? error.message : String(error)
}
