/**
 * JSON-LD safe-mode checking with located issues.
 *
 * jsonld.js in safe mode stops at the first problem and does not say where it is. This module runs the same
 * processing (expansion and RDF conversion, as the eddsa-rdfc-2022 cryptosuite does before signing) with an
 * event handler that records every problem safe mode would reject, and serves the document to jsonld.js
 * through a read-tracking proxy: jsonld.js reads a member just before it reports a problem with it, so the
 * last member read is where the problem is. Hand-written because jsonld.js exposes no path in its events.
 */
import type jsonld from 'jsonld'
import type { Issue, MicrocredErrorCode } from '../errors.js'
import { isMicrocredError } from '../errors.js'
import { formatPath } from '../util/path.js'
import { fastPathHandles } from './to-rdf.js'
import { findInJson, prototypeNameIn } from '../util/json.js'
import type { DocumentLoader } from '../context/loader.js'
import { defaultDocumentLoader } from '../context/loader.js'

/** The event codes jsonld.js's own safe mode rejects (jsonld.js `lib/events.js`, `_notSafeEventCodes`). */
const UNSAFE_EVENT_CODES = new Set([
  'empty object',
  'free-floating scalar',
  'invalid @language value',
  'invalid property',
  'null @id value',
  'null @value value',
  'object with only @id',
  'object with only @language',
  'object with only @list',
  'object with only @value',
  'relative @id reference',
  'relative @type reference',
  'relative @vocab reference',
  'reserved @id value',
  'reserved @reverse value',
  'reserved term',
  'blank node predicate',
  'relative graph reference',
  'relative object reference',
  'relative predicate reference',
  'relative subject reference',
  'rdfDirection not set',
])

/** Events of the RDF conversion that repeat a problem expansion already reported with its path. */
const RDF_REFERENCE_EVENTS = new Set([
  'relative object reference',
  'relative subject reference',
  'relative predicate reference',
  'relative graph reference',
])

const INPUT_URL = 'urn:microcred:document-under-check'

interface JsonLdEvent {
  code: string
  level: string
  message: string
  details?: Record<string, unknown>
}

/** Options of {@link jsonLdSafeModeIssues}. */
export interface SafeModeOptions {
  /** Loader for remote contexts; defaults to the bundled-only loader. */
  documentLoader?: DocumentLoader
}

/**
 * Processes `document` as JSON-LD in safe mode and returns every problem safe mode rejects, each with its
 * JSON path (issues of check `context`). An empty array means the document can be canonicalized and signed.
 *
 * Embedded proofs are left out: a proof is not part of what it signs (VC Data Integrity §4.2), each proof is
 * canonicalized separately by its own suite when verified, and proofs of types nobody here knows must be
 * ignorable (VC Data Integrity §4.3) rather than make the whole credential fail.
 *
 * @example
 * ```ts
 * const issues = await jsonLdSafeModeIssues({ ...credential, gpa: '3.9' })
 * // [{ code: 'ERR_JSONLD_UNDEFINED_TERM', path: 'gpa', check: 'context', message: '"gpa" is not defined ...' }]
 * ```
 */
export async function jsonLdSafeModeIssues(document: object, options: SafeModeOptions = {}): Promise<Issue[]> {
  const loader = options.documentLoader ?? defaultDocumentLoader
  const { proof: _proofs, ...unsecured } = document as Record<string, unknown>
  const memberName = prototypeNameIn(unsecured)
  if (memberName !== undefined) return [prototypeNameIssue(memberName)]
  // What the fast conversion handles, jsonld.js accepts in safe mode without a single warning (rdf/to-rdf.ts).
  const fast = await fastPathHandles(unsecured, loader)
  if (fast === true) return []
  if (fast.emptyIri !== undefined) return [emptyIriIssue(unsecured, fast.emptyIri)]
  // jsonld.js keeps node ids and types as keys of plain objects (its node map), even in safe mode, where "constructor"
  // reaches Object itself. The fast path knows which values are IRIs; past it, every string value is suspect.
  const valueName = prototypeNameIn(unsecured, { values: true })
  if (valueName !== undefined) return [prototypeNameIssue(valueName)]
  const tracker = trackReads(unsecured)
  const issues: Issue[] = []
  const reportedValues = new Set<string>()

  const eventHandler = ({ event, next }: { event: JsonLdEvent; next: () => void }): void => {
    if (event.level === 'warning' && UNSAFE_EVENT_CODES.has(event.code)) {
      const issue = eventIssue(event, tracker.lastPath(), document, reportedValues)
      if (issue !== undefined) issues.push(issue)
    }
    next()
  }

  try {
    // jsonld.js is loaded only for a document past the fast path (see rdf/jsonld-context.ts for what loading it costs).
    const library = (await import('jsonld')).default
    // jsonld.js accepts a URL as input and loads it through the document loader; the typings do not say so.
    await library.toRDF(
      INPUT_URL as unknown as object,
      {
        base: null,
        rdfDirection: 'i18n-datatype',
        eventHandler,
        documentLoader: async (url: string) =>
          url === INPUT_URL ? { contextUrl: null, documentUrl: url, document: tracker.proxy } : loader(url),
      } as unknown as jsonld.Options.ToRdf,
    )
  } catch (error) {
    issues.push(thrownIssue(error, tracker.lastPath()))
  }
  return dedupeIssues(issues)
}

/**
 * The issue for a name of `Object.prototype` used as a member name, or as a value in a document only jsonld.js can
 * process (see `prototypeNameIn`): refused before jsonld.js could write into a prototype.
 */
export function prototypeNameIssue(found: { path: string; name: string }, check: Issue['check'] = 'context'): Issue {
  return {
    code: 'ERR_JSONLD_INVALID',
    check,
    ...(found.path === '' ? {} : { path: found.path }),
    message: `"${found.name}" is the name of a JavaScript Object.prototype member, refused here: JSON-LD processors keep member names and ids as object keys, where this one would reach the prototype`,
  }
}

/** The issue for `""` where an IRI is expected, at the first such value under `member`. */
function emptyIriIssue(document: Record<string, unknown>, member: string): Issue {
  const names = member === '@id' ? ['id', '@id'] : member === '@type' ? ['type', '@type'] : [member]
  const path = pathOfEmptyString(document, names)
  return {
    code: 'ERR_JSONLD_RELATIVE_IRI',
    check: 'context',
    ...(path === undefined ? {} : { path }),
    message: `"${member}" has the empty string where an IRI is expected: a relative IRI, which JSON-LD drops, so it would not be signed`,
  }
}

/** The path of the first `""` that is (or is in an array that is) the value of a member named one of `names`. */
function pathOfEmptyString(document: unknown, names: readonly string[]): string | undefined {
  return findInJson(document, {
    member: (name, value, at) => {
      if (!names.includes(name)) return undefined
      if (value === '') return at
      const index = Array.isArray(value) ? value.indexOf('') : -1
      return index >= 0 ? `${at}[${index}]` : undefined
    },
  })
}

function eventIssue(
  event: JsonLdEvent,
  last: (string | number)[],
  document: object,
  reportedValues: Set<string>,
): Issue | undefined {
  const details = event.details ?? {}
  const path = formatPath(last)
  switch (event.code) {
    case 'invalid property':
      return {
        code: 'ERR_JSONLD_UNDEFINED_TERM',
        check: 'context',
        path,
        message: `"${String(details['property'])}" is not defined by any @context, so JSON-LD drops it and it would not be signed`,
      }
    case 'relative @type reference':
      reportedValues.add(String(details['type']))
      return {
        code: 'ERR_JSONLD_UNDEFINED_TYPE',
        check: 'context',
        path,
        message: `type "${String(details['type'])}" is not defined by any @context`,
      }
    case 'relative @id reference':
      reportedValues.add(String(details['id']))
      return {
        code: 'ERR_JSONLD_RELATIVE_IRI',
        check: 'context',
        path,
        message: `id "${String(details['id'])}" is not an absolute IRI`,
      }
    default:
      break
  }
  if (RDF_REFERENCE_EVENTS.has(event.code)) {
    // Raised while writing RDF, after expansion: no member is being read, so find the value in the document.
    const reported: unknown = details['object'] ?? details['subject'] ?? details['predicate'] ?? details['graph'] ?? ''
    const value = String(reported)
    if (reportedValues.has(value)) return undefined
    reportedValues.add(value)
    const where = findStringValue(document, value)
    return {
      code: 'ERR_JSONLD_RELATIVE_IRI',
      check: 'context',
      ...(where === undefined ? {} : { path: formatPath(where) }),
      message: `"${value}" is used as an IRI but is not an absolute IRI`,
    }
  }
  return {
    code: 'ERR_JSONLD_INVALID',
    check: 'context',
    path,
    message: `JSON-LD safe mode rejects this: ${event.message} (${event.code})`,
  }
}

function thrownIssue(error: unknown, last: (string | number)[]): Issue {
  const path = formatPath(last)
  const microcred = findCause(error, isMicrocredError)
  if (microcred !== undefined) {
    return { code: microcred.code, check: 'context', message: microcred.message, ...(path === '' ? {} : { path }) }
  }
  const details = (error as { details?: Record<string, unknown> } | null)?.details ?? {}
  const jsonLdCode = typeof details['code'] === 'string' ? details['code'] : undefined
  if (jsonLdCode === 'protected term redefinition') {
    return {
      code: 'ERR_JSONLD_PROTECTED_TERM',
      check: 'context',
      path,
      message: `a context tries to redefine the protected term "${String(details['term'])}"`,
    }
  }
  if (error instanceof RangeError) {
    return { code: 'ERR_JSONLD_INVALID', check: 'context', message: 'the document is nested too deeply to process' }
  }
  const message = error instanceof Error ? error.message : String(error)
  const code: MicrocredErrorCode =
    jsonLdCode === 'loading remote context failed' ? 'ERR_CONTEXT_UNKNOWN' : 'ERR_JSONLD_INVALID'
  return {
    code,
    check: 'context',
    path,
    message: `JSON-LD processing failed: ${message}${jsonLdCode === undefined ? '' : ` (${jsonLdCode})`}`,
  }
}

function findCause<T>(error: unknown, guard: (value: unknown) => value is T): T | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (guard(current)) return current
    const next = (current as { cause?: unknown }).cause ?? (current as { details?: { cause?: unknown } }).details?.cause
    current = next
  }
  return undefined
}

interface ReadTracker {
  proxy: object
  lastPath(): (string | number)[]
}

/** Wraps `root` so that every member read through it records its path. */
function trackReads(root: object): ReadTracker {
  let last: (string | number)[] = []
  const proxies = new WeakMap<object, object>()
  const wrap = (value: unknown, path: (string | number)[]): unknown => {
    if (value === null || typeof value !== 'object') return value
    const existing = proxies.get(value)
    if (existing !== undefined) return existing
    const isArray = Array.isArray(value)
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const member: unknown = Reflect.get(target, key, receiver)
        if (typeof key !== 'string' || !Object.hasOwn(target, key) || (isArray && key === 'length')) return member
        const segment = isArray ? Number(key) : key
        last = [...path, segment]
        return wrap(member, last)
      },
    })
    proxies.set(value, proxy)
    return proxy
  }
  return { proxy: wrap(root, []) as object, lastPath: () => last }
}

function findStringValue(root: unknown, wanted: string): (string | number)[] | undefined {
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: root, path: [] }]
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, path } = top
    if (node === wanted) return path
    if (Array.isArray(node)) node.forEach((child, i) => stack.push({ node: child, path: [...path, i] }))
    else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node))
        if (key !== '@context') stack.push({ node: child, path: [...path, key] })
    }
  }
  return undefined
}

function dedupeIssues(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>()
  return issues.filter((issue) => {
    const key = `${issue.code}|${issue.path ?? ''}|${issue.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
