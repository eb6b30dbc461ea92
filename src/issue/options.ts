/**
 * The one options shape of every issuing call (`issue()`, `issueJwt()`, `issueMany()`, `openIssuingPool()` and its
 * calls, `issueBatch()`; the CLI and the service map their flags and fields onto it): which proof, the JWT algorithm
 * beside it, and what the credential is checked and given before signing. The checks here are shared, so that a
 * mistake gets the same TypeError from every call.
 */
import type { DocumentLoader } from '../context/loader.js'
import { JWT_ALGORITHMS, type JwtAlgorithm } from '../proof/jwt/format.js'
import { VALIDATION_PROFILES, type ValidationProfile } from '../schema/validate.js'
import { assertList, type StatusList } from '../status/entry.js'
import { proofCreated } from '../util/dates.js'
import { DEFAULT_MAX_BYTES } from '../limits.js'

/**
 * The proofs microcred issues, the default first: a Data Integrity proof (`eddsa-rdfc-2022`), an
 * `Ed25519Signature2020` proof, or a VC-JWT (`vc-jwt`, OB 3.0 §8.2: the credential as a compact JWS).
 *
 * @example
 * ```ts
 * if (!ISSUING_PROOFS.includes(choice as IssuingProof)) throw new Error(`choose one of ${ISSUING_PROOFS.join(', ')}`)
 * ```
 */
export const ISSUING_PROOFS = ['eddsa-rdfc-2022', 'Ed25519Signature2020', 'vc-jwt'] as const

/**
 * One of {@link ISSUING_PROOFS}: `'eddsa-rdfc-2022'` (the default) and `'Ed25519Signature2020'` embed a proof in the
 * credential and need an Ed25519 key; `'vc-jwt'` gives a compact JWT, signed with the key's algorithm (EdDSA, ES256 or
 * RS256).
 *
 * @example
 * ```ts
 * const proof: IssuingProof = keyPair.algorithm === 'Ed25519' ? 'eddsa-rdfc-2022' : 'vc-jwt'
 * ```
 */
export type IssuingProof = (typeof ISSUING_PROOFS)[number]

/**
 * What every issuing call shares: the proof, and what the credential is checked against and given before it is
 * signed. `issue()`, `issueJwt()`, `issueMany()`, `openIssuingPool()` (the proof; the rest per call) and
 * `issueBatch()` all take these names.
 *
 * @example
 * ```ts
 * const choices: IssuingOptions = { proof: 'vc-jwt', jwtAlgorithm: 'ES256', profile: 'eu', status: list }
 * const jwt = await issue(credential, { keyPair, ...choices })
 * ```
 */
export interface IssuingOptions {
  /**
   * The proof (see {@link IssuingProof}); default `'eddsa-rdfc-2022'`, whatever the key: a P-256 or RSA key signs only
   * `'vc-jwt'`, and a Data Integrity proof asked of it is refused (`ERR_KEY_INVALID`). `'Ed25519Signature2020'` adds
   * its suite context (`https://w3id.org/security/suites/ed25519-2020/v1`) to the credential's `@context` if missing.
   */
  proof?: IssuingProof
  /**
   * VC-JWT only: the JOSE `alg` expected; an error if the key does not sign it. Default: the key's own (EdDSA for
   * Ed25519, ES256 for P-256, RS256 for RSA).
   */
  jwtAlgorithm?: JwtAlgorithm
  /**
   * VC-JWT only: how the header names the key: `'kid'` (default; the key id, dereferenced by verifiers) or `'jwk'`
   * (the public key itself, which verifiers then find in the issuer's JWKS or controller document). `'jwk'` needs a
   * `keyPair`.
   */
  keyIn?: 'kid' | 'jwk'
  /**
   * The proof's `created` time; default now. Pass it to make signatures reproducible. Checked for a VC-JWT too, but
   * not used: a VC-JWT carries no signing time (its `nbf` is the credential's `validFrom`).
   */
  created?: string | Date
  /**
   * A status list to give the credential an entry in (revocation or suspension): an index is allocated (durably, in
   * the list's store) and `credentialStatus` is set before validation and signing.
   */
  status?: StatusList
  /**
   * Loader for JSON-LD contexts; default bundled contexts only. A function cannot cross to worker threads: the
   * threaded calls sign on the calling thread when given one (see `issueMany()`).
   */
  documentLoader?: DocumentLoader
  /**
   * Rules applied before signing, besides JSON-LD safe mode and the VC Data Model's (always): default `'auto'`, the
   * OB 3.0 schema and rules for Open Badges, endorsement and CLR credentials, the EU profile for EU micro-credentials,
   * nothing more for other credentials; `'vc'`, `'ob3'` or `'eu'` to choose.
   */
  profile?: ValidationProfile
  /** Size cap in bytes of the credential's JSON; default 1 MiB. */
  maxBytes?: number
}

/** Every option name of {@link IssuingOptions}. */
export const ISSUING_OPTION_NAMES = [
  'proof',
  'jwtAlgorithm',
  'keyIn',
  'created',
  'status',
  'documentLoader',
  'profile',
  'maxBytes',
] as const satisfies readonly (keyof IssuingOptions)[]

/** Option names of earlier releases, and what replaced each (said in the TypeError a call with one gets). */
const REPLACED_OPTIONS: Readonly<Record<string, string>> = {
  format:
    "options.format was replaced by options.proof ('vc-jwt' for a VC-JWT; 'eddsa-rdfc-2022' or 'Ed25519Signature2020' for a Data Integrity proof)",
  alg: 'options.alg was replaced by options.jwtAlgorithm',
}

/** Values of `options.proof` of earlier releases, and what replaced each. */
const REPLACED_PROOFS: Readonly<Record<string, string>> = {
  jwt: "options.proof 'jwt' was replaced by 'vc-jwt'",
  ldp: "options.proof 'ldp' is not a proof: leave it out for the default 'eddsa-rdfc-2022', or give 'Ed25519Signature2020'",
}

/**
 * Refuses option names not in `allowed`: an old name (`format`, `alg`) with what replaced it, any other with the list
 * of names the call takes (`hint` may say why a name is not among them). Internal.
 */
export function assertOptionNames(options: object, allowed: readonly string[], where: string, hint = ''): void {
  for (const name of Object.keys(options)) {
    if (allowed.includes(name)) continue
    const replaced = REPLACED_OPTIONS[name]
    if (replaced !== undefined) throw new TypeError(`${where}: ${replaced}`)
    throw new TypeError(
      `${where}: unknown option ${JSON.stringify(name)}${hint === '' ? ` (the options are ${allowed.join(', ')})` : ` (${hint})`}`,
    )
  }
}

/**
 * What the proof fields of {@link IssuingOptions} say, checked: the proof (default `'eddsa-rdfc-2022'`), and for a
 * VC-JWT its algorithm and key header. The JWT fields with a Data Integrity proof are refused. Internal.
 */
export function checkProofChoice(
  options: Pick<IssuingOptions, 'proof' | 'jwtAlgorithm' | 'keyIn'>,
  where: string,
): { proof: IssuingProof; jwtAlgorithm?: JwtAlgorithm; keyIn: 'kid' | 'jwk' } {
  const proof: unknown = options.proof ?? 'eddsa-rdfc-2022'
  if (typeof proof !== 'string' || !(ISSUING_PROOFS as readonly string[]).includes(proof)) {
    const replaced = typeof proof === 'string' ? REPLACED_PROOFS[proof] : undefined
    throw new TypeError(
      `${where}: ${replaced ?? `options.proof must be ${ISSUING_PROOFS.map((p) => `'${p}'`).join(', ')}, not ${JSON.stringify(proof)}`}`,
    )
  }
  const { jwtAlgorithm } = options
  const keyIn: unknown = options.keyIn ?? 'kid'
  if (proof !== 'vc-jwt') {
    if (jwtAlgorithm !== undefined || options.keyIn !== undefined)
      throw new TypeError(
        `${where}: options.${jwtAlgorithm !== undefined ? 'jwtAlgorithm' : 'keyIn'} applies to options.proof 'vc-jwt' only, not '${proof}'`,
      )
    return { proof: proof as IssuingProof, keyIn: 'kid' }
  }
  if (jwtAlgorithm !== undefined && !(JWT_ALGORITHMS as readonly unknown[]).includes(jwtAlgorithm))
    throw new TypeError(
      `${where}: options.jwtAlgorithm must be ${JWT_ALGORITHMS.join(', ')}, not ${JSON.stringify(jwtAlgorithm)}`,
    )
  if (keyIn !== 'kid' && keyIn !== 'jwk')
    throw new TypeError(`${where}: options.keyIn must be 'kid' or 'jwk', not ${JSON.stringify(keyIn)}`)
  return { proof: 'vc-jwt', keyIn, ...(jwtAlgorithm === undefined ? {} : { jwtAlgorithm }) }
}

/** The credential-side fields of {@link IssuingOptions}, checked, with their defaults. Internal. */
export interface CheckedCredentialOptions {
  /** `options.created`, or now. */
  created: string
  maxBytes: number
  profile?: ValidationProfile
  documentLoader?: DocumentLoader
  status?: StatusList
}

/**
 * Checks `created`, `status`, `documentLoader`, `profile` and `maxBytes` as every issuing call does: a value of the
 * wrong kind is a TypeError naming the option. Internal.
 */
export function checkCredentialOptions(
  options: Pick<IssuingOptions, 'created' | 'status' | 'documentLoader' | 'profile' | 'maxBytes'>,
  where: string,
): CheckedCredentialOptions {
  const created = proofCreated(options.created, where)
  const { maxBytes, profile, documentLoader, status } = options
  if (maxBytes !== undefined && !(typeof maxBytes === 'number' && maxBytes > 0 && !Number.isNaN(maxBytes)))
    throw new TypeError(`${where}: options.maxBytes must be a positive number of bytes, not ${String(maxBytes)}`)
  if (profile !== undefined && !VALIDATION_PROFILES.includes(profile))
    throw new TypeError(
      `${where}: options.profile must be ${VALIDATION_PROFILES.map((p) => `'${p}'`).join(', ')}, not ${JSON.stringify(profile)}`,
    )
  if (documentLoader !== undefined && typeof documentLoader !== 'function')
    throw new TypeError(`${where}: options.documentLoader must be a function (see createDocumentLoader())`)
  if (status !== undefined) assertList(status, `${where}: options.status`)
  return {
    created,
    maxBytes: maxBytes ?? DEFAULT_MAX_BYTES,
    ...(profile === undefined ? {} : { profile }),
    ...(documentLoader === undefined ? {} : { documentLoader }),
    ...(status === undefined ? {} : { status }),
  }
}
