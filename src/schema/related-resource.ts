/**
 * Integrity of related resources (W3C VC Data Model 2.0 §5.3): the `relatedResource` list, and the `digestSRI` /
 * `digestMultibase` digests that any object with an `id` may carry. Checks their form and, when the caller knows
 * the resource's bytes (microcred knows its bundled contexts), compares the digests with them. Nothing is fetched.
 *
 * Hand-written: no maintained library parses SRI hash expressions together with multibase/multihash digests.
 */
import * as base58 from 'base58-universal'
import type { Issue } from '../errors.js'
import { isJsonObject } from '../util/json.js'
import { formatPath } from '../util/path.js'

/** A SHA-2 algorithm a resource's digest can be asked for. */
export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512'

/**
 * The digest of a resource's raw bytes for an algorithm, or `undefined` when the resource is not available. May
 * return several digests when several published versions of the resource are known to be the same resource (a
 * digest then matches when it equals any of them).
 */
export type ResourceDigest = (url: string, algorithm: DigestAlgorithm) => Uint8Array | readonly Uint8Array[] | undefined

/** Options of {@link relatedResourceIssues} and {@link digestIssues}. */
export interface RelatedResourceOptions {
  /** The digest of a resource microcred has (see {@link ResourceDigest}); without it, no digest can be compared. */
  resourceDigest?: ResourceDigest | undefined
}

/** One digest read from a `digestSRI` or `digestMultibase` value. */
export interface ParsedDigest {
  /** The hash function; SHA-3 digests (multihash only) are well-formed but cannot be compared here. */
  algorithm: DigestAlgorithm | 'sha3-256' | 'sha3-384' | 'sha3-512'
  /** The raw digest. */
  bytes: Uint8Array
}

/** What {@link parseDigestSri} and {@link parseDigestMultibase} return: the digests, or why the value is malformed. */
export type DigestParse = { ok: true; digests: ParsedDigest[] } | { ok: false; reason: string }

const SECTION = 'VC Data Model 2.0 §5.3'
const MULTIBASE_SECTION = 'VC Data Model 2.0 §5.3 (VC Data Integrity 1.0 §2.6)'

const DIGEST_LENGTH: Record<DigestAlgorithm, number> = { sha256: 32, sha384: 48, sha512: 64 }

/** Multihash codes (all one-byte varints) of the full-length SHA-2 and SHA-3 digests. */
const MULTIHASH: ReadonlyMap<number, ParsedDigest['algorithm']> = new Map([
  [0x12, 'sha256'],
  [0x20, 'sha384'],
  [0x13, 'sha512'],
  [0x16, 'sha3-256'],
  [0x15, 'sha3-384'],
  [0x14, 'sha3-512'],
])

const MULTIHASH_LENGTH: Record<ParsedDigest['algorithm'], number> = {
  sha256: 32,
  sha384: 48,
  sha512: 64,
  'sha3-256': 32,
  'sha3-384': 48,
  'sha3-512': 64,
}

// A SHA-512 multihash is 66 bytes: 89 characters of base64url or at most 91 of base58btc, plus the prefix. Longer
// values cannot be a digest, and capping them keeps base58 decoding (quadratic) cheap.
const MAX_MULTIBASE_LENGTH = 128
// Room for a few hash expressions; SRI lists several only to allow several versions of a resource.
const MAX_SRI_LENGTH = 2048

// SRI §3.5: hash-expression = hash-algo "-" base64-value, hash-algo from CSP3's hash-token (ABNF strings match
// case-insensitively), base64-value = 1*( ALPHA / DIGIT / "+" / "/" ) *2( "=" ).
const SRI_EXPRESSION = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})$/i
const BASE64URL = /^[A-Za-z0-9_-]+$/
const BASE58BTC = /^[1-9A-HJ-NP-Za-km-z]+$/
// RFC 6838 §4.2 type and subtype names, with optional parameters.
const MEDIA_TYPE =
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(?:[ \t]*;[ \t]*[A-Za-z0-9!#$%&'*+.^_`|~-]+=(?:[A-Za-z0-9!#$%&'*+.^_`|~-]+|"[^"\\\r\n]*"))*$/
// RFC 3986 generic syntax: a scheme, then no whitespace, controls or characters URLs never carry unescaped.
// eslint-disable-next-line no-control-regex -- control characters are what this rejects
const URL_SYNTAX = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s"<>\\^`{|}\u0000-\u001F\u007F]+$/u
const BAD_PERCENT_ESCAPE = /%(?![0-9A-Fa-f]{2})/

/**
 * Whether `value` is a URL as VC Data Model 2.0 §4.4 means it (VC 1.1 §4.2: a URI): an absolute URL with a scheme
 * (`https:`, `urn:`, `did:`, `data:`...) that the WHATWG URL Standard parses and that has nothing a URL cannot carry
 * unescaped (spaces, quotes, braces, controls, stray `%`). Relative references are not URLs here.
 *
 * @example
 * ```ts
 * isUrl('did:example:123')         // true
 * isUrl('urn:uuid:0c07c1ce-57cb-41af-bef2-1b932b986873') // true
 * isUrl('https ://not-a-url/vc/1') // false
 * isUrl('fake-issuer')             // false
 * ```
 */
export function isUrl(value: unknown): value is string {
  return typeof value === 'string' && URL_SYNTAX.test(value) && !BAD_PERCENT_ESCAPE.test(value) && URL.canParse(value)
}

/**
 * Reads a `digestSRI` value: one or more SRI hash expressions (`sha256-`, `sha384-` or `sha512-` and the standard
 * base64 of the digest), separated by spaces. Each digest must have its algorithm's length; options (`?...`) are
 * not part of a hash expression.
 *
 * @example
 * ```ts
 * parseDigestSri('sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg')
 * // { ok: true, digests: [{ algorithm: 'sha384', bytes: Uint8Array(48) }] }
 * parseDigestSri('sha384-_rCV...') // { ok: false, reason: '... base64 ...' }
 * ```
 */
export function parseDigestSri(value: string): DigestParse {
  if (value.length > MAX_SRI_LENGTH) return { ok: false, reason: `is longer than ${MAX_SRI_LENGTH} characters` }
  const expressions = value.split(/[ \t]+/).filter((token) => token !== '')
  if (expressions.length === 0) return { ok: false, reason: 'holds no hash expression' }
  const digests: ParsedDigest[] = []
  for (const expression of expressions) {
    const [, algorithmText, base64Text] = SRI_EXPRESSION.exec(expression) ?? []
    if (algorithmText === undefined || base64Text === undefined) {
      return {
        ok: false,
        reason: `${JSON.stringify(shorten(expression))} is not an SRI hash expression ("sha256-", "sha384-" or "sha512-" followed by standard base64, not base64url)`,
      }
    }
    const algorithm = algorithmText.toLowerCase() as DigestAlgorithm
    const text = base64Text.replace(/=+$/, '')
    const bytes = decodeCanonical(text, 'base64')
    if (bytes?.length !== DIGEST_LENGTH[algorithm]) {
      return {
        ok: false,
        reason: `${JSON.stringify(shorten(expression))} is not a ${algorithmName(algorithm)} digest (${DIGEST_LENGTH[algorithm]} bytes in base64)`,
      }
    }
    digests.push({ algorithm, bytes })
  }
  return { ok: true, digests }
}

/**
 * Reads a `digestMultibase` value: multibase (`u` base64url without padding, or `z` base58btc) of either a
 * multihash (SHA-2 or SHA-3, full length) or a raw SHA-256/384/512 digest, told apart by length (a raw digest of
 * 32, 48 or 64 bytes; a multihash of 34, 50 or 66).
 *
 * @example
 * ```ts
 * parseDigestMultibase('uJKGMkOmFbVJhEfKTduMC2XCyvRAYLjOVmZWwIH1wQ7k')
 * // { ok: true, digests: [{ algorithm: 'sha256', bytes: Uint8Array(32) }] }
 * parseDigestMultibase('zQmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n') // a sha2-256 multihash
 * ```
 */
export function parseDigestMultibase(value: string): DigestParse {
  if (value.length < 2 || value.length > MAX_MULTIBASE_LENGTH)
    return { ok: false, reason: 'is not the multibase encoding of a digest (wrong length)' }
  const prefix = value[0]
  const body = value.slice(1)
  let bytes: Uint8Array | undefined
  if (prefix === 'u') bytes = BASE64URL.test(body) ? decodeCanonical(body, 'base64url') : undefined
  else if (prefix === 'z') bytes = BASE58BTC.test(body) ? decodeBase58(body) : undefined
  else
    return {
      ok: false,
      reason: `must start with a multibase prefix "u" (base64url, no padding) or "z" (base58btc), not ${JSON.stringify(prefix)}`,
    }
  if (bytes === undefined)
    return {
      ok: false,
      reason: `is not valid ${prefix === 'u' ? 'base64url (no padding)' : 'base58btc'} after its "${prefix}" prefix`,
    }
  const raw = rawAlgorithm(bytes.length)
  if (raw !== undefined) return { ok: true, digests: [{ algorithm: raw, bytes }] }
  const algorithm = MULTIHASH.get(bytes[0] ?? -1)
  if (
    algorithm !== undefined &&
    bytes[1] === MULTIHASH_LENGTH[algorithm] &&
    bytes.length === 2 + MULTIHASH_LENGTH[algorithm]
  ) {
    return { ok: true, digests: [{ algorithm, bytes: bytes.subarray(2) }] }
  }
  return {
    ok: false,
    reason: `decodes to ${bytes.length} bytes, which is neither a SHA-256/384/512 digest nor a full-length SHA-2/SHA-3 multihash`,
  }
}

/**
 * Issues of the `relatedResource` member of a credential or presentation (VC Data Model 2.0 §5.3): one or more
 * objects, each with an `id` URL unique in the list, an optional media type, and at least a `digestSRI` or a
 * `digestMultibase`; each digest well-formed and, when `resourceDigest` knows the resource, equal to its digest
 * (`ERR_DIGEST_MISMATCH`), or else a warning that it could not be checked (`ERR_RELATED_RESOURCE_UNVERIFIED`).
 *
 * @example
 * ```ts
 * const issues = relatedResourceIssues(credential, { resourceDigest: (url, algorithm) => bundledDigest(url, algorithm) })
 * // [{ code: 'ERR_DIGEST_MISMATCH', path: 'relatedResource[0].digestSRI', check: 'data-model', message: '...' }]
 * ```
 */
export function relatedResourceIssues(
  document: Record<string, unknown>,
  options: RelatedResourceOptions = {},
): Issue[] {
  if (!Object.hasOwn(document, 'relatedResource')) return []
  const value = document['relatedResource']
  const issues: Issue[] = []
  const entries: [unknown, (string | number)[]][] = Array.isArray(value)
    ? value.map((entry, i): [unknown, (string | number)[]] => [entry, ['relatedResource', i]])
    : [[value, ['relatedResource']]]
  if (Array.isArray(value) && value.length === 0) {
    issues.push(
      dataModelIssue(['relatedResource'], `${SECTION}: relatedResource must be one or more objects, not an empty list`),
    )
  }
  const seen = new Map<string, string>()
  for (const [entry, segments] of entries) {
    if (!isJsonObject(entry)) {
      issues.push(
        dataModelIssue(
          segments,
          `${SECTION}: each relatedResource must be an object with an id and a digestSRI or digestMultibase, not ${describe(entry)}`,
        ),
      )
      continue
    }
    const id = Object.hasOwn(entry, 'id') ? entry['id'] : undefined
    if (id === undefined)
      issues.push(
        dataModelIssue([...segments, 'id'], `${SECTION}: a relatedResource must have an id identifying the resource`),
      )
    else if (!isUrl(id))
      issues.push(
        dataModelIssue(
          [...segments, 'id'],
          `${SECTION}: a relatedResource id must be a single URL (§4.4), not ${describe(id)}`,
        ),
      )
    else {
      const first = seen.get(id)
      if (first !== undefined)
        issues.push(
          dataModelIssue(
            [...segments, 'id'],
            `${SECTION}: relatedResource ids must be unique, and ${first} has the same id ${JSON.stringify(shorten(id))}`,
          ),
        )
      else seen.set(id, formatPath(segments))
    }
    if (Object.hasOwn(entry, 'mediaType')) {
      const mediaType = entry['mediaType']
      if (typeof mediaType !== 'string' || !MEDIA_TYPE.test(mediaType)) {
        issues.push(
          dataModelIssue(
            [...segments, 'mediaType'],
            `${SECTION}: a relatedResource mediaType must be a media type such as "application/ld+json", not ${describe(mediaType)}`,
          ),
        )
      }
    }
    if (!Object.hasOwn(entry, 'digestSRI') && !Object.hasOwn(entry, 'digestMultibase')) {
      issues.push(
        dataModelIssue(segments, `${SECTION}: each relatedResource must contain a digestSRI or a digestMultibase`),
      )
      continue
    }
    issues.push(...checkDigests(entry, segments, options.resourceDigest, isUrl(id)))
  }
  return issues
}

/**
 * Issues of the `digestSRI` / `digestMultibase` members of one object (VC Data Model 2.0 §5.3: any object with an
 * `id` may carry them): malformed values (`ERR_DATA_MODEL`), digests that differ from the resource's
 * (`ERR_DIGEST_MISMATCH`), and a warning when the resource (or the algorithm) is not available to compare
 * (`ERR_RELATED_RESOURCE_UNVERIFIED`). `segments` is the object's path; an object without digests gives no issue.
 *
 * @example
 * ```ts
 * digestIssues(credential.credentialSchema, ['credentialSchema'], { resourceDigest })
 * ```
 */
export function digestIssues(
  node: Record<string, unknown>,
  segments: readonly (string | number)[],
  options: RelatedResourceOptions = {},
): Issue[] {
  return checkDigests(node, segments, options.resourceDigest, true)
}

/** The digest checks; `reportMissingId` is false where a missing or invalid `id` is already an error. */
function checkDigests(
  node: Record<string, unknown>,
  segments: readonly (string | number)[],
  resourceDigest: ResourceDigest | undefined,
  reportMissingId: boolean,
): Issue[] {
  const issues: Issue[] = []
  const found: { digest: ParsedDigest; segments: (string | number)[]; anyOf: boolean }[] = []
  for (const member of ['digestSRI', 'digestMultibase'] as const) {
    if (!Object.hasOwn(node, member)) continue
    const value = node[member]
    const section = member === 'digestSRI' ? SECTION : MULTIBASE_SECTION
    const values: [unknown, (string | number)[]][] = Array.isArray(value)
      ? value.map((item, k): [unknown, (string | number)[]] => [item, [...segments, member, k]])
      : [[value, [...segments, member]]]
    if (Array.isArray(value) && value.length === 0) {
      issues.push(
        dataModelIssue([...segments, member], `${section}: ${member} must be one or more digests, not an empty list`),
      )
    }
    for (const [item, path] of values) {
      if (typeof item !== 'string') {
        issues.push(
          dataModelIssue(path, `${section}: ${member} must be a string (or a list of strings), not ${describe(item)}`),
        )
        continue
      }
      const parsed = member === 'digestSRI' ? parseDigestSri(item) : parseDigestMultibase(item)
      if (!parsed.ok) {
        issues.push(dataModelIssue(path, `${section}: ${member} ${parsed.reason}`))
        continue
      }
      // Subresource Integrity §3.3.4-3.3.5: of the hashes one metadata string lists, only the strongest algorithm's
      // count, and any one of them matching is a match (a list names acceptable versions of the resource).
      const digests = member === 'digestSRI' ? strongestOnly(parsed.digests) : parsed.digests
      for (const digest of digests) found.push({ digest, segments: path, anyOf: member === 'digestSRI' })
    }
  }
  if (found.length === 0) return issues
  const id = Object.hasOwn(node, 'id') ? node['id'] : undefined
  if (!isUrl(id)) {
    if (reportMissingId) issues.push(unverified(segments, 'it has a digest but no id URL naming the resource'))
    return issues
  }
  let unavailable: string | undefined
  const mismatched = new Set<string>()
  const asked = new Map<DigestAlgorithm, ReturnType<ResourceDigest>>()
  const knownDigest = (algorithm: DigestAlgorithm): ReturnType<ResourceDigest> => {
    if (!asked.has(algorithm)) asked.set(algorithm, resourceDigest?.(id, algorithm))
    return asked.get(algorithm)
  }
  // An SRI string whose hashes do not all match reports a mismatch only when none of them does.
  const matchedSri = new Set<string>()
  for (const { digest, segments: path, anyOf } of found) {
    if (!anyOf || (digest.algorithm !== 'sha256' && digest.algorithm !== 'sha384' && digest.algorithm !== 'sha512'))
      continue
    const known = knownDigest(digest.algorithm)
    const candidates: readonly Uint8Array[] = known === undefined ? [] : known instanceof Uint8Array ? [known] : known
    if (candidates.some((candidate) => sameBytes(candidate, digest.bytes))) matchedSri.add(formatPath(path))
  }
  for (const { digest, segments: path } of found) {
    const key = formatPath(path)
    if (mismatched.has(key) || matchedSri.has(key)) continue
    if (digest.algorithm !== 'sha256' && digest.algorithm !== 'sha384' && digest.algorithm !== 'sha512') {
      unavailable ??= `${algorithmName(digest.algorithm)} digests cannot be computed here`
      continue
    }
    const known = knownDigest(digest.algorithm)
    if (known === undefined) {
      unavailable ??= `the resource ${JSON.stringify(shorten(id))} is not available to microcred (it is not bundled, and nothing is fetched)`
      continue
    }
    const candidates: readonly Uint8Array[] = known instanceof Uint8Array ? [known] : known
    if (!candidates.some((candidate) => sameBytes(candidate, digest.bytes))) {
      mismatched.add(key)
      issues.push({
        code: 'ERR_DIGEST_MISMATCH',
        check: 'data-model',
        path: key,
        message: `${SECTION}: the ${algorithmName(digest.algorithm)} digest of ${JSON.stringify(shorten(id))} does not match the resource: it has changed since the document was secured, or the digest is wrong`,
      })
    }
  }
  if (unavailable !== undefined) issues.push(unverified(segments, unavailable))
  return issues
}

const SRI_STRENGTH: Readonly<Record<string, number>> = { sha256: 1, sha384: 2, sha512: 3 }

/** The digests of the strongest algorithm among `digests` (SRI §3.3.4 "get the strongest metadata from set"). */
function strongestOnly(digests: ParsedDigest[]): ParsedDigest[] {
  const strongest = Math.max(...digests.map((digest) => SRI_STRENGTH[digest.algorithm] ?? 0))
  return digests.filter((digest) => (SRI_STRENGTH[digest.algorithm] ?? 0) === strongest)
}

function unverified(segments: readonly (string | number)[], why: string): Issue {
  return {
    code: 'ERR_RELATED_RESOURCE_UNVERIFIED',
    check: 'data-model',
    severity: 'warning',
    path: formatPath(segments),
    message: `${SECTION}: the digest at ${formatPath(segments) || 'the document'} could not be checked: ${why}`,
  }
}

function dataModelIssue(segments: readonly (string | number)[], message: string): Issue {
  return { code: 'ERR_DATA_MODEL', check: 'data-model', path: formatPath(segments), message }
}

/** 'sha384' -> 'SHA-384', 'sha3-256' -> 'SHA3-256'. */
function algorithmName(algorithm: ParsedDigest['algorithm']): string {
  return algorithm.startsWith('sha3-') ? algorithm.toUpperCase() : `SHA-${algorithm.slice(3)}`
}

function rawAlgorithm(length: number): DigestAlgorithm | undefined {
  return length === 32 ? 'sha256' : length === 48 ? 'sha384' : length === 64 ? 'sha512' : undefined
}

/** Decodes (unpadded) base64 or base64url, refusing texts that are not the exact encoding of their bytes. */
function decodeCanonical(text: string, encoding: 'base64' | 'base64url'): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined
  const bytes = Buffer.from(text, encoding)
  return bytes.toString(encoding).replace(/=+$/, '') === text ? new Uint8Array(bytes) : undefined
}

function decodeBase58(text: string): Uint8Array | undefined {
  const bytes = base58.decode(text) as Uint8Array | undefined
  return bytes !== undefined && base58.encode(bytes) === text ? bytes : undefined
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/**
 * A short description of a JSON value for issue messages.
 *
 * @example
 * ```ts
 * describe(null)  // 'null'
 * describe([1])   // 'a list'
 * describe(42)    // 'a number'
 * describe('abc') // '"abc"'
 * ```
 */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return JSON.stringify(shorten(value))
  if (typeof value === 'object') return 'an object'
  return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`
}
