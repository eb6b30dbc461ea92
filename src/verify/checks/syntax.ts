/**
 * Check `syntax`: the input is a JSON object (or JSON text / UTF-8 bytes of one) within the size and depth
 * caps, and looks like a verifiable credential. Caps are applied before parsing, so a 50 MB body or a
 * 10,000-deep nesting is rejected without being processed. A baked badge image (PNG bytes, SVG text or bytes)
 * is opened first, within its own cap, and the credential it carries is checked as if it had been given.
 */
import { isMicrocredError, type Issue } from '../../errors.js'
import type { ImageFormat } from '../../bake/baked.js'
import { imageFormat } from '../../bake/image.js'
import { extractFromPng } from '../../bake/png.js'
import { extractFromSvg } from '../../bake/svg.js'
import { looksLikeCompactJws } from '../../proof/jwt/format.js'
import { decodeVcJwt, type DecodedJwt } from '../../proof/jwt/verify-jwt.js'
import { findInJson, isJsonObject, jsonTextSizeBound, prototypeNameIn } from '../../util/json.js'
import { prototypeNameIssue } from '../../rdf/safe-mode.js'
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_IMAGE_BYTES, MAX_ARRAY_ENTRIES } from '../../limits.js'
import type { VerifyOptions } from '../options.js'
import type { CheckOutcome } from '../state.js'

/** The syntax check's outcome, with the parsed credential when it passed. */
export interface ParsedInput extends CheckOutcome {
  format: 'ldp' | 'jwt'
  credential?: Record<string, unknown>
  /** The decoded VC-JWT, for format `jwt`. */
  jwt?: DecodedJwt
  /** The image the credential was baked in, when the input was one. */
  baked?: ImageFormat
}

const fail = (code: Issue['code'], message: string, path?: string): ParsedInput => ({
  format: 'ldp',
  status: 'failed',
  issues: [{ code, check: 'syntax', message, ...(path === undefined ? {} : { path }) }],
})

/** The nesting depth of JSON text, counted without parsing it; stops counting past `limit`. */
function textDepthExceeds(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return false
}

const IMAGE_NAMES: Readonly<Record<ImageFormat, string>> = { png: 'PNG image', svg: 'SVG image' }

/**
 * Opens a baked image and checks the credential inside as if it had been given. Its text is JSON or a compact JWS
 * (the extract functions accept nothing else), so it is never taken for an image again.
 */
function parseImage(input: Uint8Array | string, image: ImageFormat, options: VerifyOptions): ParsedInput {
  const caps = {
    maxImageBytes: options.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
  }
  let text: string
  try {
    const baked = image === 'png' ? extractFromPng(input as Uint8Array, caps) : extractFromSvg(input, caps)
    if (baked.version === 'ob2') {
      return {
        ...fail(
          'ERR_OB2_ASSERTION',
          `the ${IMAGE_NAMES[image]} carries an Open Badges 2.0 assertion, not an Open Badges 3.0 credential: ${baked.description}. microcred verifies Open Badges 3.0 credentials only; ask the issuer for the badge as an Open Badges 3.0 credential`,
        ),
        baked: image,
      }
    }
    text = baked.format === 'jwt' ? baked.jwt : baked.text
  } catch (error) {
    if (isMicrocredError(error)) return { ...fail(error.code, error.message), baked: image }
    return {
      ...fail(
        'ERR_IMAGE_INVALID',
        `the ${IMAGE_NAMES[image]} could not be read: ${error instanceof Error ? error.message : String(error)}`,
      ),
      baked: image,
    }
  }
  return { ...parseInput(text, options), baked: image }
}

/** Parses and checks the input. */
export function parseInput(input: unknown, options: VerifyOptions): ParsedInput {
  const image = imageFormat(input)
  if (image !== undefined) return parseImage(input as Uint8Array | string, image, options)
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  // Bytes are UTF-8 text (JSON or a VC-JWT), capped before they are decoded.
  if (input instanceof Uint8Array && input.byteLength > maxBytes)
    return fail(
      'ERR_INPUT_TOO_LARGE',
      `the input is ${input.byteLength} bytes, over the ${maxBytes}-byte cap (options.maxBytes)`,
    )
  const given = input instanceof Uint8Array ? new TextDecoder('utf-8', { fatal: false }).decode(input) : input
  const text = typeof given === 'string' ? given.trim().replace(/^\uFEFF/, '') : undefined
  if (text !== undefined && looksLikeCompactJws(text)) {
    const bytes = Buffer.byteLength(text, 'utf8')
    if (bytes > maxBytes)
      return fail(
        'ERR_INPUT_TOO_LARGE',
        `the input is ${bytes} bytes, over the ${maxBytes}-byte cap (options.maxBytes)`,
      )
    const decoded = decodeVcJwt(text)
    if ('problem' in decoded)
      return {
        format: 'jwt',
        status: 'failed',
        issues: [{ code: 'ERR_JWT_INVALID', check: 'syntax', message: decoded.problem }],
      }
    if (jsonTextSizeBound(decoded.payload, maxDepth) === undefined)
      return {
        ...fail('ERR_INPUT_TOO_LARGE', `the JWT payload is nested deeper than ${maxDepth} levels (options.maxDepth)`),
        format: 'jwt',
      }
    const checked = credentialShape(decoded.credential) ?? refused(decoded.credential)
    return checked === undefined
      ? { format: 'jwt', status: 'passed', issues: [], credential: decoded.credential, jwt: decoded }
      : { ...checked, format: 'jwt' }
  }
  const read = readJsonObject(given, options, 'a credential')
  if ('issue' in read) return { format: 'ldp', status: 'failed', issues: [read.issue] }
  return (
    credentialShape(read.value) ??
    refused(read.value) ?? { format: 'ldp', status: 'passed', issues: [], credential: read.value }
  )
}

/**
 * Reads a JSON object given as an object, JSON text or UTF-8 bytes of it, within the size (`maxBytes`) and depth
 * (`maxDepth`) caps, which are applied before parsing; `what` names the object in messages ("a credential").
 *
 * @example
 * ```ts
 * const read = readJsonObject('{"type":"VerifiablePresentation"}', {}, 'a presentation') // { value: { type: ... } }
 * ```
 */
export function readJsonObject(
  input: unknown,
  options: Pick<VerifyOptions, 'maxBytes' | 'maxDepth'>,
  what: string,
): { value: Record<string, unknown> } | { issue: Issue } {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  const problem = (code: Issue['code'], message: string): { issue: Issue } => ({
    issue: { code, check: 'syntax', message },
  })
  let value: unknown = input
  // The commonest slip: verify(issue(...)) without await hands over a Promise, which has no "@context" either.
  if (
    input instanceof Promise ||
    (typeof input === 'object' && input !== null && typeof (input as { then?: unknown }).then === 'function')
  ) {
    return problem(
      'ERR_SYNTAX',
      `${what} was given as a Promise: await it first (e.g. verify(await issue(credential, options)))`,
    )
  }
  if (input instanceof Uint8Array) {
    if (input.byteLength > maxBytes)
      return problem(
        'ERR_INPUT_TOO_LARGE',
        `the input is ${input.byteLength} bytes, over the ${maxBytes}-byte cap (options.maxBytes)`,
      )
    value = new TextDecoder('utf-8', { fatal: false }).decode(input)
  }
  if (typeof value === 'string') {
    const bytes = Buffer.byteLength(value, 'utf8')
    if (bytes > maxBytes)
      return problem(
        'ERR_INPUT_TOO_LARGE',
        `the input is ${bytes} bytes, over the ${maxBytes}-byte cap (options.maxBytes)`,
      )
    const text = value.trim().replace(/^\uFEFF/, '')
    if (textDepthExceeds(text, maxDepth))
      return problem('ERR_INPUT_TOO_LARGE', `the JSON is nested deeper than ${maxDepth} levels (options.maxDepth)`)
    try {
      value = JSON.parse(text)
    } catch (error) {
      return problem('ERR_SYNTAX', `the input is not valid JSON: ${(error as Error).message}`)
    }
  } else if (isJsonObject(value)) {
    const bound = jsonTextSizeBound(value, maxDepth)
    if (bound === undefined)
      return problem(
        'ERR_INPUT_TOO_LARGE',
        `the object is nested deeper than ${maxDepth} levels, or is cyclic (options.maxDepth)`,
      )
    let bytes = 0
    if (bound > maxBytes) {
      try {
        bytes = Buffer.byteLength(JSON.stringify(value), 'utf8')
      } catch (error) {
        return problem('ERR_SYNTAX', `the object is not JSON-serializable: ${(error as Error).message}`)
      }
    }
    if (bytes > maxBytes)
      return problem(
        'ERR_INPUT_TOO_LARGE',
        `${what} is ${bytes} bytes of JSON, over the ${maxBytes}-byte cap (options.maxBytes)`,
      )
  }
  if (!isJsonObject(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value
    return problem('ERR_SYNTAX', `${what} must be a JSON object, not ${kind}`)
  }
  return { value }
}

/** A failure unless `value` has the shape of a verifiable credential. */
function credentialShape(value: Record<string, unknown>): ParsedInput | undefined {
  if (!('@context' in value)) return fail('ERR_SYNTAX', 'not a verifiable credential: it has no "@context"', '@context')
  const type = value['type']
  const types = Array.isArray(type) ? type : [type]
  if (!types.includes('VerifiableCredential')) {
    return fail('ERR_SYNTAX', 'not a verifiable credential: "type" does not contain "VerifiableCredential"', 'type')
  }
  return undefined
}

/** Which cap of {@link MAX_ARRAY_ENTRIES} bounds an array under each member name (`endorsementJwt` counts with `endorsement`). */
const CAPPED_MEMBERS: Readonly<Record<string, keyof typeof MAX_ARRAY_ENTRIES>> = {
  type: 'type',
  '@type': 'type',
  proof: 'proof',
  credentialStatus: 'credentialStatus',
  result: 'result',
  resultDescription: 'result',
  endorsement: 'endorsement',
  endorsementJwt: 'endorsement',
  verifiableCredential: 'verifiableCredential',
}

/**
 * The first array of `document` longer than its cap in {@link MAX_ARRAY_ENTRIES}, as a located issue; undefined when
 * none is. One iterative walk (the depth is already capped), so it costs far less than the work the caps prevent.
 *
 * @example
 * ```ts
 * overCapArrays({ type: Array(60_000).fill('VerifiableCredential') }) // { code: 'ERR_INPUT_TOO_LARGE', path: 'type', ... }
 * ```
 */
export function overCapArrays(document: Record<string, unknown>): Issue | undefined {
  return findInJson<Issue>(document, {
    member: (name, value, path, object) => {
      const cap = Object.hasOwn(CAPPED_MEMBERS, name) ? CAPPED_MEMBERS[name] : undefined
      if (cap === undefined || !Array.isArray(value)) return undefined
      const entries = cap === 'endorsement' ? endorsementCount(object) : value.length
      if (entries <= MAX_ARRAY_ENTRIES[cap]) return undefined
      const counted = cap === 'endorsement' ? 'endorsements (endorsement and endorsementJwt together)' : 'entries'
      return {
        code: 'ERR_INPUT_TOO_LARGE',
        check: 'syntax',
        path,
        message: `"${name}" has ${entries} ${counted}, over the cap of ${MAX_ARRAY_ENTRIES[cap]} (MAX_ARRAY_ENTRIES.${cap}): nothing was processed`,
      }
    },
  })
}

/** Embedded endorsements of an entity: `endorsement` and `endorsementJwt` count together. */
function endorsementCount(entity: Record<string, unknown>): number {
  return (
    (Array.isArray(entity['endorsement']) ? entity['endorsement'].length : 0) +
    (Array.isArray(entity['endorsementJwt']) ? entity['endorsementJwt'].length : 0)
  )
}

/**
 * Why `value` is refused before any processing, if it is: a name of `Object.prototype` used as a member name (no
 * vocabulary defines one, and jsonld.js drops `__proto__` unsigned), or an array over its cap ({@link overCapArrays}).
 *
 * @example
 * ```ts
 * refusedStructure(JSON.parse('{"credentialSubject": {"__proto__": {}}}')) // { code: 'ERR_SYNTAX', path: 'credentialSubject.__proto__', ... }
 * ```
 */
export function refusedStructure(value: Record<string, unknown>): Issue | undefined {
  const prototypeName = prototypeNameIn(value)
  return prototypeName === undefined
    ? overCapArrays(value)
    : { ...prototypeNameIssue(prototypeName, 'syntax'), code: 'ERR_SYNTAX' }
}

function refused(value: Record<string, unknown>): ParsedInput | undefined {
  const issue = refusedStructure(value)
  return issue === undefined ? undefined : { format: 'ldp', status: 'failed', issues: [issue] }
}
