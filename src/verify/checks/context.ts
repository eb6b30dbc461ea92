/**
 * Check `context`: every `@context` (at any depth) is a bundled context, a context the caller allowed, or
 * microcred's own EU context inline; nothing is fetched. Another inline context is reported as a warning (it
 * can add terms, and JSON-LD processing below rejects any attempt to redefine a protected one). Then the
 * credential is processed as JSON-LD in safe mode: every undefined term, undefined type or relative IRI fails.
 */
import type { Issue } from '../../errors.js'
import { bundledContextUrls, euContextObject } from '../../context/bundled.js'
import { jsonLdSafeModeIssues } from '../../rdf/safe-mode.js'
import { EU_VOCAB, VC_V1_CONTEXT, VC_V2_CONTEXT } from '../../context/urls.js'
import { isJsonObject } from '../../util/json.js'
import { formatPath } from '../../util/path.js'
import { fromIssues, type CheckOutcome, type VerificationState } from '../state.js'

const BUNDLED = new Set(bundledContextUrls())

let euContextText: string | undefined

/** True when `value` is microcred's EU context as embedded inline (JSON.stringify, native, is quicker than a walk). */
function isOurEuContext(value: unknown): boolean {
  euContextText ??= JSON.stringify(euContextObject())
  return JSON.stringify(value) === euContextText
}

/** True when an inline context defines terms in microcred's EU vocabulary (a copy of our context, possibly altered). */
function claimsOurVocabulary(value: Record<string, unknown>): boolean {
  return JSON.stringify(value).includes(EU_VOCAB)
}

/** Every `@context` value in the document, with its path. */
function contextsIn(
  node: unknown,
  path: (string | number)[],
  out: { value: unknown; path: (string | number)[] }[],
): void {
  if (Array.isArray(node))
    node.forEach((child, i) => {
      contextsIn(child, [...path, i], out)
    })
  else if (isJsonObject(node)) {
    for (const [key, child] of Object.entries(node)) {
      if (key === '@context') out.push({ value: child, path: [...path, key] })
      else contextsIn(child, [...path, key], out)
    }
  }
}

export async function checkContext(state: VerificationState): Promise<CheckOutcome> {
  const { credential, options } = state
  const allowed = new Set(options.allowedContexts ?? [])
  const issues: Issue[] = []
  const top = credential['@context']
  const topList = Array.isArray(top) ? top : [top]
  if (topList[0] !== VC_V2_CONTEXT && topList[0] !== VC_V1_CONTEXT) {
    issues.push({
      code: 'ERR_CONTEXT_INVALID',
      check: 'context',
      path: Array.isArray(top) ? '@context[0]' : '@context',
      message: `the first @context must be "${VC_V2_CONTEXT}" (or, for VC 1.1, "${VC_V1_CONTEXT}"), not ${JSON.stringify(topList[0])}`,
    })
  }

  const found: { value: unknown; path: (string | number)[] }[] = []
  contextsIn(credential, [], found)
  for (const { value, path } of found) {
    const entries = Array.isArray(value)
      ? (value as unknown[]).map((v, i) => ({ v, p: [...path, i] }))
      : [{ v: value, p: path }]
    for (const { v, p } of entries) {
      if (typeof v === 'string') {
        if (!BUNDLED.has(v) && !allowed.has(v)) {
          issues.push({
            code: 'ERR_CONTEXT_UNKNOWN',
            check: 'context',
            path: formatPath(p),
            message: `"${v}" is not a bundled context and not in options.allowedContexts; it is not fetched`,
          })
        }
      } else if (isJsonObject(v)) {
        if (isOurEuContext(v)) continue
        if (claimsOurVocabulary(v)) {
          // Our context is pinned: an altered copy (even one that yields the same statements) is not ours.
          issues.push({
            code: 'ERR_CONTEXT_INVALID',
            check: 'context',
            path: formatPath(p),
            message: `an inline @context defines terms of microcred's EU vocabulary (${EU_VOCAB}) but is not the published EU context: it was altered`,
          })
        } else {
          issues.push({
            code: 'ERR_CONTEXT_INLINE',
            check: 'context',
            path: formatPath(p),
            severity: 'warning',
            message:
              "an inline @context (other than microcred's EU context) adds its own term definitions; check that you trust them",
          })
        }
      } else if (v !== null) {
        issues.push({
          code: 'ERR_CONTEXT_INVALID',
          check: 'context',
          path: formatPath(p),
          message: `a @context entry must be a URL or an object, not ${JSON.stringify(v)}`,
        })
      }
    }
  }
  // Unknown contexts would make JSON-LD processing fail with the same cause; report them once.
  if (issues.some((issue) => issue.code === 'ERR_CONTEXT_UNKNOWN' || issue.code === 'ERR_CONTEXT_INVALID'))
    return fromIssues(issues)

  issues.push(...(await jsonLdSafeModeIssues(credential, { documentLoader: state.documentLoader })))
  return fromIssues(issues)
}
