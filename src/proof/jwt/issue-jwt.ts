import { MicrocredError } from '../../errors.js'
import type { DocumentLoader } from '../../context/loader.js'
import { defaultDocumentLoader } from '../../context/loader.js'
import { DEFAULT_MAX_BYTES } from '../../limits.js'
import type { CredentialBase } from '../../model/ob3.js'
import { isKeyPair, joseAlgorithm, publicJwkOf, type KeyPair } from '../../keys/keypair.js'
import { assertSigner, createSigner, type Signer } from '../../keys/signer.js'
import { assertIssuable, type ValidationProfile } from '../../schema/validate.js'
import { assertOptions, isJsonObject } from '../../util/json.js'
import { claimsOf, isVc11Credential, type JwtAlgorithm } from './format.js'

/** Options of {@link issueJwt}: a `keyPair` or a `signer` (exactly one). */
export interface IssueJwtOptions {
  /** Key pair to sign with: Ed25519 (EdDSA), P-256 (ES256) or RSA (RS256). */
  keyPair?: KeyPair
  /** Or any {@link Signer} (KMS/HSM); its `algorithm` decides the JOSE `alg`. */
  signer?: Signer
  /** Expected JOSE `alg`; an error if the key does not produce it. Default: the key's algorithm. */
  alg?: JwtAlgorithm
  /**
   * How the header names the key: `'kid'` (default; the key id, dereferenced by verifiers) or `'jwk'` (the public
   * key itself, which verifiers then find in the issuer's JWKS or controller document). `'jwk'` needs a `keyPair`.
   */
  keyIn?: 'kid' | 'jwk'
  /** Loader for JSON-LD contexts; default bundled contexts only. */
  documentLoader?: DocumentLoader
  /** Validation rules applied before signing; default `'auto'`. */
  profile?: ValidationProfile
  /** Size cap in bytes of the credential's JSON; default 1 MiB. */
  maxBytes?: number
}

const ALG_OF_SIGNER: Readonly<Record<Signer['algorithm'], JwtAlgorithm>> = {
  Ed25519: 'EdDSA',
  ES256: 'ES256',
  RS256: 'RS256',
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')

/**
 * Signs a credential as an OB 3.0 VC-JWT (compact JWS). The header has `alg`, `kid` (or `jwk`) and `typ: "JWT"`,
 * nothing else; the payload is the credential with the registered claims `iss` (issuer id), `jti` (credential
 * id), `sub` (learner id, when there is one), `nbf` (`validFrom`) and `exp` (`validUntil`, when there is one).
 * A VC 1.1 credential goes in a `vc` claim instead, with `nbf`/`exp` from `issuanceDate`/`expirationDate`.
 * The credential is validated first, and the key must belong to the issuer.
 *
 * @throws MicrocredError with the first validation issue's code and path when the credential is invalid;
 *   `ERR_ISSUER_KEY_MISMATCH` when the key's controller is not the issuer; `ERR_SIGNING_FAILED` when the signer fails.
 * @example
 * ```ts
 * const keyPair = await generateKeyPair({ algorithm: 'RS256', controller: 'https://uni.example/issuer' })
 * const jwt = await issueJwt(credential, { keyPair })   // 'eyJhbGciOiJSUzI1NiIs...'
 * const report = await verify(jwt, { fetch: safeFetch() })
 * ```
 */
export async function issueJwt(credential: CredentialBase, options: IssueJwtOptions): Promise<string> {
  if (!isJsonObject(credential)) throw new TypeError('issueJwt(credential, options): credential must be an object')
  if (options === undefined || options === null)
    throw new TypeError('issueJwt(credential, options): options with a keyPair or a signer are required')
  assertOptions(options, 'issueJwt(credential, options)')
  const { keyPair, signer } = options
  if ((keyPair === undefined) === (signer === undefined))
    throw new TypeError('issueJwt(credential, options): pass exactly one of options.keyPair and options.signer')
  if (keyPair !== undefined && !isKeyPair(keyPair))
    throw new TypeError(
      'issueJwt(credential, options): options.keyPair is not a key pair made by generateKeyPair() or importKeyPair()',
    )
  if (signer !== undefined) assertSigner(signer, 'issueJwt(credential, options)')
  const keyIn = options.keyIn ?? 'kid'
  if (keyIn !== 'kid' && keyIn !== 'jwk')
    throw new TypeError(`issueJwt(credential, options): keyIn must be 'kid' or 'jwk', not ${JSON.stringify(keyIn)}`)
  if (keyIn === 'jwk' && keyPair === undefined)
    throw new TypeError(
      "issueJwt(credential, options): keyIn 'jwk' needs a keyPair (a signer does not expose its public key)",
    )
  const keyId = keyPair?.id ?? signer!.id
  const alg =
    keyPair !== undefined ? (joseAlgorithm(keyPair.algorithm) as JwtAlgorithm) : ALG_OF_SIGNER[signer!.algorithm]
  if (options.alg !== undefined && options.alg !== alg)
    throw new TypeError(`issueJwt(credential, options): the key signs ${alg}, not ${options.alg}`)
  if (keyPair !== undefined && !keyPair.canSign)
    throw new MicrocredError('ERR_KEY_INVALID', `key ${keyPair.id} has no secret key, so it cannot sign`)

  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const size = Buffer.byteLength(JSON.stringify(credential), 'utf8')
  if (size > maxBytes)
    throw new MicrocredError(
      'ERR_INPUT_TOO_LARGE',
      `the credential is ${size} bytes of JSON, over the ${maxBytes}-byte cap (options.maxBytes)`,
    )
  await assertIssuable(credential, {
    documentLoader: options.documentLoader ?? defaultDocumentLoader,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  })

  const claims = claimsOf(credential as unknown as Record<string, unknown>)
  const keyController = keyPair?.controller ?? keyId.split('#')[0]!
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
  const payload = isVc11Credential(credential as unknown as Record<string, unknown>)
    ? { ...registered, vc: credential }
    : { ...credential, ...registered }
  const header = keyIn === 'jwk' ? { alg, typ: 'JWT', jwk: publicJwkOf(keyPair!) } : { alg, typ: 'JWT', kid: keyId }

  // The compact JWS (RFC 7515 §7.1) is assembled here and signed with node:crypto (keys/signer.ts) or the caller's
  // signer: jose would sign through WebCrypto, an asynchronous job that cost more than the signature itself.
  const signingInput = `${encode(header)}.${encode(payload)}`
  const jwsSigner = keyPair !== undefined ? createSigner(keyPair) : signer!
  let signature: Uint8Array
  try {
    signature = await jwsSigner.sign(new TextEncoder().encode(signingInput))
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
