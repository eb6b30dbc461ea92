/** JSON Web Key helpers: the public part, the RFC 7638 thumbprint, private members; and the `ERR_KEY_INVALID` error. */
import { createHash } from 'node:crypto'
import { MicrocredError } from '../errors.js'
import type { KeyJwk } from './key-types.js'

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const

/** @internal `ERR_KEY_INVALID` with a message about the key's form (never its material). */
export function invalidKey(message: string, cause?: unknown): MicrocredError {
  return new MicrocredError('ERR_KEY_INVALID', message, cause === undefined ? {} : { cause })
}

/** Only the public members of a JWK. */
export function publicPartOf(jwk: KeyJwk): KeyJwk {
  const { kty, crv, x, y, n, e } = jwk
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined)) as KeyJwk
}

/** RFC 7638 JWK thumbprint (SHA-256 of the required members in lexicographic order, base64url). */
export function thumbprintOf(jwk: KeyJwk): string {
  const required: Record<string, string[]> = {
    OKP: ['crv', 'kty', 'x'],
    EC: ['crv', 'kty', 'x', 'y'],
    RSA: ['e', 'kty', 'n'],
  }
  const members = required[jwk.kty]
  if (members === undefined) throw invalidKey(`cannot take the thumbprint of a ${JSON.stringify(jwk.kty)} key`)
  const canonical = `{${members.map((m) => `"${m}":${JSON.stringify(jwk[m])}`).join(',')}}`
  return createHash('sha256').update(canonical).digest('base64url')
}

/** True when a JWK carries private key material (which must never appear in headers or documents). */
export function hasPrivateMembers(jwk: Record<string, unknown>): boolean {
  return PRIVATE_JWK_MEMBERS.some((member) => member in jwk)
}
