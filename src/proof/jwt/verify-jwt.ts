/**
 * VC-JWT verification (OB 3.0 §8.2.4 "Verify a Credential" and "Verify a Credential VC-JWT Signature"): the
 * header may only hold `alg`, `kid`/`jwk` and `typ: "JWT"`; the key comes from `kid` (dereferenced) or `jwk`;
 * the signature is checked (node:crypto; see `jwsSignatureValid`); then `iss`, `jti`, `sub`, `nbf` and `exp` must equal the credential's
 * issuer id, id, subject id, `validFrom` and `validUntil`. Whether the key is the issuer's is the binding
 * check's question.
 */
import { verify as verifySignature } from 'node:crypto'
import type { Issue } from '../../errors.js'
import { MicrocredError } from '../../errors.js'
import { hasPrivateMembers, publicPartOf, type KeyJwk } from '../../keys/keypair.js'
import type { KeyResolver, ResolvedKey } from '../../keys/resolve.js'
import {
  algorithmsForJwk,
  keyThumbprint,
  normalizeVerificationMethod,
  publicJwkOfMethod,
  publicKeyObject,
} from '../../keys/verification-method.js'
import { isJsonObject } from '../../util/json.js'
import { ALLOWED_HEADER_MEMBERS, JWT_ALGORITHMS, claimsOf, credentialOfPayload, type JwtAlgorithm } from './format.js'

/** A decoded (not yet verified) VC-JWT. */
export interface DecodedJwt {
  token: string
  header: Record<string, unknown>
  payload: Record<string, unknown>
  /** The credential the payload carries. */
  credential: Record<string, unknown>
  /** Whether the credential came from a VC 1.1 `vc` claim. */
  vc11Claim: boolean
}

function decodePart(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
}

/** Decodes a compact JWS into header, payload and credential, or says why it cannot. */
export function decodeVcJwt(token: string): DecodedJwt | { problem: string } {
  const parts = token.split('.')
  const [encodedHeader, encodedPayload] = parts
  if (parts.length !== 3 || encodedHeader === undefined || encodedPayload === undefined)
    return { problem: 'a VC-JWT has three dot-separated parts' }
  let header: unknown
  let payload: unknown
  try {
    header = decodePart(encodedHeader)
    payload = decodePart(encodedPayload)
  } catch {
    return { problem: 'the JWT header or payload is not base64url-encoded JSON' }
  }
  if (!isJsonObject(header) || !isJsonObject(payload))
    return { problem: 'the JWT header and payload must be JSON objects' }
  const carried = credentialOfPayload(payload)
  if (carried === undefined)
    return { problem: 'the JWT payload carries no credential (neither a credential at top level nor a "vc" claim)' }
  return { token, header, payload, credential: carried.credential, vc11Claim: carried.vc11Claim }
}

/** The outcome of verifying a VC-JWT's signature and claims. */
export interface JwtOutcome {
  verified: boolean
  key?: ResolvedKey
  issues: Issue[]
}

const jwtIssue = (code: Issue['code'], message: string, path?: string): Issue => ({
  code,
  check: 'proof',
  message,
  ...(path === undefined ? {} : { path }),
})

/** Verifies the signature and the registered claims of a decoded VC-JWT. */
export async function verifyVcJwt(jwt: DecodedJwt, resolver: KeyResolver): Promise<JwtOutcome> {
  const { header, payload, credential } = jwt
  const headerIssues: Issue[] = []
  for (const member of Object.keys(header)) {
    if (!(ALLOWED_HEADER_MEMBERS as readonly string[]).includes(member)) {
      headerIssues.push(
        jwtIssue(
          'ERR_JWT_INVALID',
          `the JOSE header member "${member}" is not allowed: an OB 3.0 VC-JWT header has only alg, kid or jwk, and typ`,
        ),
      )
    }
  }
  const alg = header['alg']
  if (typeof alg !== 'string' || !(JWT_ALGORITHMS as readonly string[]).includes(alg)) {
    headerIssues.push(
      jwtIssue(
        'ERR_JWT_INVALID',
        alg === 'none'
          ? 'alg "none" (an unsigned JWT) is never accepted'
          : `alg ${JSON.stringify(alg)} is not supported (EdDSA, ES256, RS256)`,
      ),
    )
  }
  if (header['typ'] !== undefined && header['typ'] !== 'JWT')
    headerIssues.push(jwtIssue('ERR_JWT_INVALID', `typ must be "JWT", not ${JSON.stringify(header['typ'])}`))
  const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined
  const jwk = isJsonObject(header['jwk']) ? (header['jwk'] as KeyJwk) : undefined
  if (header['kid'] !== undefined && kid === undefined)
    headerIssues.push(jwtIssue('ERR_JWT_INVALID', 'kid must be a string (a URI)'))
  if (header['jwk'] !== undefined && jwk === undefined)
    headerIssues.push(jwtIssue('ERR_JWT_INVALID', 'jwk must be a JSON Web Key object'))
  if (kid === undefined && jwk === undefined)
    headerIssues.push(jwtIssue('ERR_JWT_INVALID', 'the header names no key: it needs a kid or a jwk'))
  if (jwk !== undefined && hasPrivateMembers(jwk))
    headerIssues.push(
      jwtIssue('ERR_JWT_INVALID', 'the header jwk contains private key material ("d"), which must never be sent'),
    )
  if (headerIssues.length > 0) return { verified: false, issues: headerIssues }

  // The key: kid is dereferenced; a jwk alone is used as given (the binding check then asks whose key it is).
  let key: ResolvedKey
  try {
    if (kid !== undefined) {
      key = await resolver.resolve(kid)
      if (jwk !== undefined && (await keyThumbprint(jwk)) !== (await keyThumbprint(key.verificationMethod))) {
        return {
          verified: false,
          issues: [jwtIssue('ERR_JWT_INVALID', `the header's kid (${kid}) and jwk name different keys`)],
        }
      }
    } else if (jwk !== undefined) {
      const claimedIssuer = claimsOf(credential).iss ?? ''
      const method = await normalizeVerificationMethod(
        {
          id: `${claimedIssuer}#jwk-header`,
          type: 'JsonWebKey',
          controller: claimedIssuer,
          publicKeyJwk: publicPartOf(jwk),
        },
        claimedIssuer,
      )
      if (method === undefined)
        return {
          verified: false,
          issues: [jwtIssue('ERR_KEY_INVALID', 'the header jwk is not an Ed25519, P-256 or RSA key')],
        }
      key = { verificationMethod: method, source: 'jwk-header' }
    } else {
      throw new Error('internal error: a JWT header naming no key got past the header checks')
    }
  } catch (error) {
    const code = error instanceof MicrocredError ? error.code : 'ERR_KEY_UNRESOLVED'
    return { verified: false, issues: [jwtIssue(code, error instanceof Error ? error.message : String(error))] }
  }

  const publicJwk = await publicJwkOfMethod(key.verificationMethod)
  if (!algorithmsForJwk(publicJwk).includes(alg as string)) {
    return {
      verified: false,
      key,
      issues: [
        jwtIssue(
          'ERR_JWT_INVALID',
          `alg ${String(alg)} does not match the key (${algorithmsForJwk(publicJwk).join(', ') || 'unsupported key type'})`,
        ),
      ],
    }
  }
  if (!jwsSignatureValid(jwt.token, publicJwk, alg as JwtAlgorithm)) {
    return {
      verified: false,
      key,
      issues: [
        jwtIssue(
          'ERR_PROOF_INVALID',
          'the JWT signature does not match: the token was changed after signing, or signed with another key',
        ),
      ],
    }
  }
  const claimIssues = claimMismatches(payload, credential)
  return { verified: claimIssues.length === 0, key, issues: claimIssues }
}

/** RFC 7518 §3.3: RS256 keys must be 2048 bits or larger. */
const MIN_RSA_BITS = 2048

/**
 * Checks a compact JWS signature (RFC 7515 §5.2) with node:crypto's one-shot verify. Hand-written rather than
 * jose's `compactVerify` because jose goes through WebCrypto (an asynchronous job per signature), which made
 * verifying a VC-JWT several times slower than the signature itself; the header was already checked (only
 * `alg`, `kid`/`jwk`, `typ`: no `crit`, no `b64`) and `alg` matched to the key.
 */
function jwsSignatureValid(token: string, jwk: KeyJwk, alg: JwtAlgorithm): boolean {
  // The token's characters were checked when it was recognised as a compact JWS (format.ts `looksLikeCompactJws`).
  const lastDot = token.lastIndexOf('.')
  const signingInput = Buffer.from(token.slice(0, lastDot), 'ascii')
  const signature = Buffer.from(token.slice(lastDot + 1), 'base64url')
  try {
    const key = publicKeyObject(jwk)
    if (alg === 'EdDSA') return verifySignature(null, signingInput, key, signature)
    if (alg === 'ES256') return verifySignature('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature)
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) return false
    return verifySignature('sha256', signingInput, key, signature)
  } catch {
    return false
  }
}

/** OB 3.0 §8.2.4.2: each registered claim must equal the credential property it mirrors. */
function claimMismatches(payload: Record<string, unknown>, credential: Record<string, unknown>): Issue[] {
  const expected = claimsOf(credential)
  const issuerPath = typeof credential['issuer'] === 'string' ? 'issuer' : 'issuer.id'
  const vc11 = 'vc' in payload
  const checks: { claim: keyof typeof expected; path: string; required: boolean }[] = [
    { claim: 'iss', path: issuerPath, required: true },
    // A claim mirrors a property: it is required when the credential has the property (VC Data Model 2.0 makes `id` and
    // `validFrom` optional; a present claim must still match, and a claim without its property is a mismatch).
    { claim: 'jti', path: 'id', required: expected.jti !== undefined },
    { claim: 'sub', path: 'credentialSubject.id', required: expected.sub !== undefined },
    { claim: 'nbf', path: vc11 ? 'issuanceDate' : 'validFrom', required: expected.nbf !== undefined },
    { claim: 'exp', path: vc11 ? 'expirationDate' : 'validUntil', required: expected.exp !== undefined },
  ]
  const issues: Issue[] = []
  for (const { claim, path, required } of checks) {
    const actual = payload[claim]
    if (actual === undefined && !required) continue
    if (actual === undefined) {
      issues.push({
        code: 'ERR_JWT_CLAIM_MISMATCH',
        check: 'proof',
        path,
        message: `the "${claim}" claim is missing; it must carry ${path}`,
      })
    } else if (actual !== expected[claim]) {
      issues.push({
        code: 'ERR_JWT_CLAIM_MISMATCH',
        check: 'proof',
        path,
        message: `the "${claim}" claim (${JSON.stringify(actual)}) does not match ${path} (${JSON.stringify(expected[claim] ?? null)})`,
      })
    }
  }
  return issues
}
