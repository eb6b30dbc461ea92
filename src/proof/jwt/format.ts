/**
 * The OB 3.0 VC-JWT format (OB 3.0 §8.2, JSON Web Token Proof Format): what goes in the JOSE header, which
 * registered claims mirror which credential properties, and how a credential is read back out of a payload.
 */
import { isJsonObject } from '../../util/json.js'

/** The JOSE header members OB 3.0 allows ("Additional JOSE Headers are NOT allowed"). */
export const ALLOWED_HEADER_MEMBERS = ['alg', 'kid', 'jwk', 'typ'] as const

/** The signature algorithms microcred issues and verifies VC-JWTs with. */
export const JWT_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'] as const
/** A JOSE signing algorithm microcred issues and verifies VC-JWTs with: `'EdDSA'`, `'ES256'` or `'RS256'`. */
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number]

/** Registered claims microcred writes or reads; they are not part of the credential itself. */
export const REGISTERED_CLAIMS = ['iss', 'sub', 'jti', 'nbf', 'exp', 'iat', 'aud'] as const

/** A credential's dates and ids as VC-JWT claims (VC 2.0: `validFrom`/`validUntil`; VC 1.1: `issuanceDate`/`expirationDate`). */
export interface CredentialClaims {
  iss: string | undefined
  jti: string | undefined
  sub: string | undefined
  nbf: number | undefined
  exp: number | undefined
}

const seconds = (dateTime: unknown): number | undefined => {
  if (typeof dateTime !== 'string') return undefined
  const time = Date.parse(dateTime)
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000)
}

/** True for a VC 1.1 credential (first context is the VC 1.1 one). */
export function isVc11Credential(credential: Record<string, unknown>): boolean {
  const context = credential['@context']
  return (Array.isArray(context) ? context[0] : context) === 'https://www.w3.org/2018/credentials/v1'
}

/** The registered-claim values a credential implies (OB 3.0 §8.2 "JWT Payload Format"). */
export function claimsOf(credential: Record<string, unknown>): CredentialClaims {
  const issuer = credential['issuer']
  const subject = credential['credentialSubject']
  const vc11 = isVc11Credential(credential)
  return {
    iss:
      typeof issuer === 'string'
        ? issuer
        : isJsonObject(issuer) && typeof issuer['id'] === 'string'
          ? issuer['id']
          : undefined,
    jti: typeof credential['id'] === 'string' ? credential['id'] : undefined,
    sub: isJsonObject(subject) && typeof subject['id'] === 'string' ? subject['id'] : undefined,
    nbf: seconds(credential[vc11 ? 'issuanceDate' : 'validFrom']),
    exp: seconds(credential[vc11 ? 'expirationDate' : 'validUntil']),
  }
}

/**
 * The credential a VC-JWT payload carries: the payload itself without the registered claims (VC 2.0), or the
 * `vc` claim (VC 1.1). `undefined` when the payload carries no credential.
 */
export function credentialOfPayload(
  payload: Record<string, unknown>,
): { credential: Record<string, unknown>; vc11Claim: boolean } | undefined {
  if (isJsonObject(payload['vc'])) return { credential: withClaimsApplied(payload['vc'], payload), vc11Claim: true }
  if (!('@context' in payload)) return undefined
  const credential = Object.fromEntries(
    Object.entries(payload).filter(([key]) => !(REGISTERED_CLAIMS as readonly string[]).includes(key)),
  )
  return { credential, vc11Claim: false }
}

/**
 * VC Data Model 1.1 §6.3.1 (JWT decoding): the `vc` claim may leave out what the registered claims carry, and the
 * verifier MUST rebuild it: `iss` → `issuer`, `jti` → `id`, `nbf` → `issuanceDate`, `exp` → `expirationDate`, `sub` →
 * the subject's `id`. Only absent properties are filled in: present ones must equal their claim (OB 3.0 §8.2.6), which
 * the signature check compares.
 */
function withClaimsApplied(vc: Record<string, unknown>, payload: Record<string, unknown>): Record<string, unknown> {
  const credential: Record<string, unknown> = { ...vc }
  const v1 = isVc11Credential(credential)
  const dateOf = (claim: unknown): string | undefined =>
    typeof claim === 'number' && Number.isFinite(claim) && Math.abs(claim) < 8.64e12
      ? new Date(claim * 1000).toISOString().replace('.000Z', 'Z')
      : undefined
  const fill = (member: string, value: unknown): void => {
    if (value !== undefined && !Object.hasOwn(credential, member)) credential[member] = value
  }
  fill('issuer', typeof payload['iss'] === 'string' ? payload['iss'] : undefined)
  fill('id', typeof payload['jti'] === 'string' ? payload['jti'] : undefined)
  fill(v1 ? 'issuanceDate' : 'validFrom', dateOf(payload['nbf']))
  fill(v1 ? 'expirationDate' : 'validUntil', dateOf(payload['exp']))
  const subject = credential['credentialSubject']
  if (typeof payload['sub'] === 'string' && isJsonObject(subject) && !Object.hasOwn(subject, 'id'))
    credential['credentialSubject'] = { ...subject, id: payload['sub'] }
  return credential
}

/** True when `text` has the shape of a compact JWS (an unsecured JWT, RFC 7519 §6.1, has an empty signature). */
export function looksLikeCompactJws(text: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text)
}
