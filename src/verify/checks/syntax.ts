/**
 * Check `syntax`: the input is a JSON object (or JSON text / UTF-8 bytes of one) within the size and depth
 * caps, and looks like a verifiable credential. Caps are applied before parsing, so a 50 MB body or a
 * 10,000-deep nesting is rejected without being processed.
 */
import type { Issue } from '../../errors.js'
import { looksLikeCompactJws } from '../../proof/jwt/format.js'
import { decodeVcJwt, type DecodedJwt } from '../../proof/jwt/verify-jwt.js'
import { isJsonObject } from '../../util/json.js'
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH } from '../../limits.js'
import type { VerifyOptions } from '../options.js'
import type { CheckOutcome } from '../state.js'

/** The syntax check's outcome, with the parsed credential when it passed. */
export interface ParsedInput extends CheckOutcome {
  format: 'ldp' | 'jwt'
  credential?: Record<string, unknown>
  /** The decoded VC-JWT, for format `jwt`. */
  jwt?: DecodedJwt
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
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return false
}

/** The nesting depth of a value, stopping past `limit`; `true` also for cycles (not JSON). */
function valueDepthExceeds(value: unknown, limit: number, seen = new Set<object>(), depth = 0): boolean {
  if (value === null || typeof value !== 'object') return false
  if (depth >= limit || seen.has(value)) return true
  seen.add(value)
  for (const child of Object.values(value)) if (valueDepthExceeds(child, limit, seen, depth + 1)) return true
  seen.delete(value)
  return false
}

/** Parses and checks the input. */
export function parseInput(input: unknown, options: VerifyOptions): ParsedInput {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  let value: unknown = input

  if (input instanceof Uint8Array) {
    if (input.byteLength > maxBytes) return fail('ERR_INPUT_TOO_LARGE', `the input is ${input.byteLength} bytes, over the ${maxBytes}-byte cap (options.maxBytes)`)
    value = new TextDecoder('utf-8', { fatal: false }).decode(input)
  }
  if (typeof value === 'string') {
    const bytes = Buffer.byteLength(value, 'utf8')
    if (bytes > maxBytes) return fail('ERR_INPUT_TOO_LARGE', `the input is ${bytes} bytes, over the ${maxBytes}-byte cap (options.maxBytes)`)
    const text = value.trim().replace(/^\uFEFF/, '')
    if (looksLikeCompactJws(text)) {
      const decoded = decodeVcJwt(text)
      if ('problem' in decoded) return { format: 'jwt', status: 'failed', issues: [{ code: 'ERR_JWT_INVALID', check: 'syntax', message: decoded.problem }] }
      if (valueDepthExceeds(decoded.payload, maxDepth)) return { ...fail('ERR_INPUT_TOO_LARGE', `the JWT payload is nested deeper than ${maxDepth} levels (options.maxDepth)`), format: 'jwt' }
      const checked = credentialShape(decoded.credential)
      return checked === undefined
        ? { format: 'jwt', status: 'passed', issues: [], credential: decoded.credential, jwt: decoded }
        : { ...checked, format: 'jwt' }
    }
    if (textDepthExceeds(text, maxDepth)) return fail('ERR_INPUT_TOO_LARGE', `the JSON is nested deeper than ${maxDepth} levels (options.maxDepth)`)
    try {
      value = JSON.parse(text)
    } catch (error) {
      return fail('ERR_SYNTAX', `the input is not valid JSON: ${(error as Error).message}`)
    }
  } else if (isJsonObject(value)) {
    if (valueDepthExceeds(value, maxDepth)) return fail('ERR_INPUT_TOO_LARGE', `the object is nested deeper than ${maxDepth} levels, or is cyclic (options.maxDepth)`)
    let bytes: number
    try {
      bytes = Buffer.byteLength(JSON.stringify(value), 'utf8')
    } catch (error) {
      return fail('ERR_SYNTAX', `the object is not JSON-serializable: ${(error as Error).message}`)
    }
    if (bytes > maxBytes) return fail('ERR_INPUT_TOO_LARGE', `the credential is ${bytes} bytes of JSON, over the ${maxBytes}-byte cap (options.maxBytes)`)
  }

  if (!isJsonObject(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value
    return fail('ERR_SYNTAX', `a credential must be a JSON object, not ${what}`)
  }
  return credentialShape(value) ?? { format: 'ldp', status: 'passed', issues: [], credential: value }
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
