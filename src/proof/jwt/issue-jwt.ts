/**
 * Signing a credential as an OB 3.0 VC-JWT (compact JWS): the key checks and the JOSE header ({@link jwtSigning}), then
 * the payload and the signature ({@link signVcJwt}). `issue(credential, { proof: 'vc-jwt' })` and `issueJwt()`
 * (issue/issue.ts) run them around the checks every proof shares (size, status entry, validation).
 */
import { MicrocredError } from '../../errors.js'
import type { CredentialBase } from '../../model/ob3.js'
import { isKeyPair, joseAlgorithm, publicJwkOf, type KeyPair } from '../../keys/keypair.js'
import { assertSigner, createSigner, type Signer } from '../../keys/signer.js'
import { claimsOf, isVc11Credential, type JwtAlgorithm } from './format.js'
import { withoutFragment } from '../../util/iri.js'

const ALG_OF_SIGNER: Readonly<Record<Signer['algorithm'], JwtAlgorithm>> = {
  Ed25519: 'EdDSA',
  ES256: 'ES256',
  RS256: 'RS256',
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')

/** A VC-JWT's key, checked: the signer, the key id and controller, and the JOSE header. Internal. */
export interface JwtSigning {
  signer: Signer
  keyId: string
  keyController: string
  header: { alg: JwtAlgorithm; typ: 'JWT'; kid: string } | { alg: JwtAlgorithm; typ: 'JWT'; jwk: object }
}

/**
 * Checks the key a VC-JWT is to be signed with (exactly one of `keyPair` and `signer`; `jwtAlgorithm` is the key's;
 * `keyIn: 'jwk'` needs a key pair; the key pair can sign) and builds the header: TypeError for a caller's mistake,
 * `ERR_KEY_INVALID` for a key without its secret. `keyIn` was checked by the caller. Internal.
 */
export function jwtSigning(
  options: { keyPair?: KeyPair; signer?: Signer; jwtAlgorithm?: JwtAlgorithm; keyIn: 'kid' | 'jwk' },
  where: string,
): JwtSigning {
  const { keyPair, signer, keyIn } = options
  if ((keyPair === undefined) === (signer === undefined))
    throw new TypeError(`${where}: pass exactly one of options.keyPair and options.signer`)
  if (keyPair !== undefined && !isKeyPair(keyPair))
    throw new TypeError(`${where}: options.keyPair is not a key pair made by generateKeyPair() or importKeyPair()`)
  if (signer !== undefined) assertSigner(signer, where)
  if (keyIn === 'jwk' && keyPair === undefined)
    throw new TypeError(`${where}: keyIn 'jwk' needs a keyPair (a signer does not expose its public key)`)
  if (keyPair === undefined) {
    if (signer === undefined) throw new TypeError(`${where}: pass exactly one of options.keyPair and options.signer`)
    const alg = ALG_OF_SIGNER[signer.algorithm]
    if (options.jwtAlgorithm !== undefined && options.jwtAlgorithm !== alg)
      throw new TypeError(`${where}: the key signs ${alg}, not ${options.jwtAlgorithm} (options.jwtAlgorithm)`)
    const { id } = signer
    return { signer, keyId: id, keyController: withoutFragment(id), header: { alg, typ: 'JWT', kid: id } }
  }
  const alg = joseAlgorithm(keyPair.algorithm) as JwtAlgorithm
  if (options.jwtAlgorithm !== undefined && options.jwtAlgorithm !== alg)
    throw new TypeError(`${where}: the key signs ${alg}, not ${options.jwtAlgorithm} (options.jwtAlgorithm)`)
  if (!keyPair.canSign)
    throw new MicrocredError('ERR_KEY_INVALID', `key ${keyPair.id} has no secret key, so it cannot sign`)
  return {
    signer: createSigner(keyPair),
    keyId: keyPair.id,
    keyController: keyPair.controller,
    header: keyIn === 'jwk' ? { alg, typ: 'JWT', jwk: publicJwkOf(keyPair) } : { alg, typ: 'JWT', kid: keyPair.id },
  }
}

/**
 * Signs a validated credential as an OB 3.0 VC-JWT. The header has `alg`, `kid` (or `jwk`) and `typ: "JWT"`,
 * nothing else; the payload is the credential with the registered claims `iss` (issuer id), `jti` (credential id),
 * `sub` (learner id, when there is one), `nbf` (`validFrom`) and `exp` (`validUntil`, when there is one). A VC 1.1
 * credential goes in a `vc` claim instead, with `nbf`/`exp` from `issuanceDate`/`expirationDate`. Internal: the
 * public way is `issue(credential, { proof: 'vc-jwt' })` or `issueJwt()`, which validate first.
 *
 * @throws MicrocredError `ERR_ISSUER_KEY_MISMATCH` when the key's controller is not the issuer; `ERR_SIGNING_FAILED`
 *   when the signer fails.
 */
export async function signVcJwt(credential: CredentialBase, signing: JwtSigning): Promise<string> {
  const { keyId, keyController, header } = signing
  const json = credential as unknown as Record<string, unknown>
  const claims = claimsOf(json)
  if (keyController !== claims.iss) {
    throw new MicrocredError(
      'ERR_ISSUER_KEY_MISMATCH',
      `the key ${keyId} is controlled by ${keyController}, but the credential's issuer is ${claims.iss ?? '(none)'}`,
      {
        path: typeof credential.issuer === 'string' ? 'issuer' : 'issuer.id',
      },
    )
  }

  const registered = Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined))
  const payload = isVc11Credential(json) ? { ...registered, vc: credential } : { ...credential, ...registered }

  // The compact JWS (RFC 7515 §7.1) is assembled here and signed with node:crypto (keys/signer.ts) or the caller's
  // signer: jose would sign through WebCrypto, an asynchronous job that cost more than the signature itself.
  const signingInput = `${encode(header)}.${encode(payload)}`
  let signature: Uint8Array
  try {
    signature = await signing.signer.sign(new TextEncoder().encode(signingInput))
  } catch (error) {
    throw new MicrocredError(
      'ERR_SIGNING_FAILED',
      `the signer ${keyId} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    )
  }
  if (!(signature instanceof Uint8Array) || signature.length === 0)
    throw new MicrocredError('ERR_SIGNING_FAILED', `the signer ${keyId} returned no signature`)
  return `${signingInput}.${Buffer.from(signature).toString('base64url')}`
}
