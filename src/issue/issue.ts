import { MicrocredError } from '../errors.js'
import { defaultDocumentLoader } from '../context/loader.js'
import type { CredentialBase, Signed } from '../model/ob3.js'
import { type KeyPair, isKeyPair } from '../keys/keypair.js'
import { assertSigner, createSigner, type Signer } from '../keys/signer.js'
import { eddsaRdfc2022 } from '../proof/data-integrity/eddsa-rdfc-2022.js'
import { ed25519Signature2020 } from '../proof/ed25519-2020/ed25519-signature-2020.js'
import { ED25519_2020_CONTEXT } from '../context/urls.js'
import { addProof } from '../proof/sign.js'
import type { ProofFormat, ProofSuite } from '../proof/suite.js'
import { jwtSigning, signVcJwt, type JwtSigning } from '../proof/jwt/issue-jwt.js'
import { assertIssuable } from '../schema/validate.js'
import { assertOptions, isJsonObject, jsonTextSizeBound } from '../util/json.js'
import { DEFAULT_MAX_DEPTH } from '../limits.js'
import { statusEntry, statusEntryRefusal, withStatusEntry } from '../status/entry.js'
import { withContext } from '../context/with-context.js'
import {
  assertOptionNames,
  checkCredentialOptions,
  checkProofChoice,
  ISSUING_OPTION_NAMES,
  type IssuingOptions,
} from './options.js'
import { withoutFragment } from '../util/iri.js'

/**
 * Options of {@link issue}: a `keyPair` or a `signer` (exactly one), and the {@link IssuingOptions} every issuing call
 * takes (the proof, `created`, `status`, `documentLoader`, `profile`, `maxBytes`).
 *
 * @example
 * ```ts
 * const options: IssueOptions = { keyPair, proof: 'Ed25519Signature2020', created: '2025-09-01T00:00:00Z' }
 * ```
 */
export interface IssueOptions extends IssuingOptions {
  /**
   * Key pair to sign with (from `generateKeyPair()` / `importKeyPair()`): Ed25519 for a Data Integrity proof; Ed25519
   * (EdDSA), P-256 (ES256) or RSA (RS256) for a VC-JWT.
   */
  keyPair?: KeyPair
  /** Or any {@link Signer}, e.g. backed by a KMS or HSM; its `algorithm` decides what it can sign, as for a key pair. */
  signer?: Signer
}

/**
 * Options of {@link issueJwt}: those of {@link issue} but `proof` (always `'vc-jwt'`).
 *
 * @example
 * ```ts
 * const options: IssueJwtOptions = { keyPair, jwtAlgorithm: 'ES256', keyIn: 'jwk' }
 * ```
 */
export type IssueJwtOptions = Omit<IssueOptions, 'proof'>

/** The option names {@link issue} takes. */
const ISSUE_OPTION_NAMES: readonly string[] = ['keyPair', 'signer', ...ISSUING_OPTION_NAMES]

const SUITES: Readonly<Record<ProofFormat, ProofSuite>> = {
  'eddsa-rdfc-2022': eddsaRdfc2022,
  Ed25519Signature2020: ed25519Signature2020,
}

/**
 * Signs a credential as a VC-JWT (`proof: 'vc-jwt'`), as {@link issueJwt} does: the compact JWT string.
 *
 * @throws as the Data Integrity form below.
 * @example
 * ```ts
 * const keyPair = await generateKeyPair({ algorithm: 'ES256', controller: 'https://uni.example/issuer' })
 * const jwt = await issue(credential, { keyPair, proof: 'vc-jwt' }) // 'eyJhbGciOiJFUzI1NiIs...'
 * ```
 */
export function issue(input: CredentialBase, options: IssueOptions & { proof: 'vc-jwt' }): Promise<string>
/**
 * Signs a credential: validates it first (JSON-LD safe mode, the W3C VC Data Model rules, and for Open Badges the
 * official OB 3.0 schema and rules, the EU profile for EU micro-credentials), checks that the key belongs to the
 * issuer, then adds a `DataIntegrityProof` (`eddsa-rdfc-2022`; or the `proof` asked for) and returns a new object with
 * `proof` as an array. Any VC Data Model 2.0 or 1.1 credential can be signed, not only Open Badges. A credential that
 * already has proofs gets one more (a proof set). The input is not modified. With `proof: 'vc-jwt'` it returns a
 * VC-JWT instead (see {@link issueJwt}); the return type follows `proof`.
 *
 * @throws TypeError for a caller's mistake (no key, an unknown option: an old name such as `format` or `alg` says
 *   what replaced it). MicrocredError with the first issue's code and path (every issue in `error.issues`) when the
 *   credential is invalid; nothing is signed. `ERR_KEY_INVALID` for a Data Integrity proof asked of a P-256 or RSA
 *   key (they sign `proof: 'vc-jwt'`); `ERR_ISSUER_KEY_MISMATCH` when the key's controller is not the issuer;
 *   `ERR_SIGNING_FAILED` when the signer fails; `ERR_INPUT_TOO_LARGE` over the size cap.
 * @example
 * ```ts
 * import { createMicroCredential, generateKeyPair, issue } from 'microcred'
 *
 * const keyPair = await generateKeyPair()
 * const credential = createMicroCredential({ ...input, issuer: { ...input.issuer, id: keyPair.controller } })
 * const signed = await issue(credential, { keyPair })
 * signed.proof[0].cryptosuite // 'eddsa-rdfc-2022'
 * ```
 */
export function issue<C extends CredentialBase>(
  input: C,
  options: IssueOptions & { proof?: ProofFormat },
): Promise<Signed<C>>
/**
 * Signs a credential with the proof chosen at run time: a signed credential for a Data Integrity proof, a VC-JWT
 * string for `'vc-jwt'`.
 *
 * @throws as above.
 * @example
 * ```ts
 * const signed = await issue(credential, { keyPair, proof: asJwt ? 'vc-jwt' : 'eddsa-rdfc-2022' })
 * const text = typeof signed === 'string' ? signed : JSON.stringify(signed)
 * ```
 */
export function issue<C extends CredentialBase>(input: C, options: IssueOptions): Promise<Signed<C> | string>
export async function issue<C extends CredentialBase>(input: C, options: IssueOptions): Promise<Signed<C> | string> {
  return issueCredential(input, options, true, 'issue(credential, options)')
}

/**
 * The same function as {@link issue}, under the name signing services look for (`sign()` to issue, `verify()` to
 * check): every form of it, `proof: 'vc-jwt'` giving a VC-JWT included.
 *
 * @example
 * ```ts
 * import { sign, verify } from 'microcred'
 *
 * const signed = await sign(credential, { keyPair })
 * const report = await verify(signed)
 * ```
 */
export const sign: typeof issue = issue

/**
 * Signs a credential as an OB 3.0 VC-JWT (compact JWS): `issue(credential, { ...options, proof: 'vc-jwt' })`. The
 * header has `alg`, `kid` (or `jwk`) and `typ: "JWT"`, nothing else; the payload is the credential with the registered
 * claims `iss` (issuer id), `jti` (credential id), `sub` (learner id, when there is one), `nbf` (`validFrom`) and `exp`
 * (`validUntil`, when there is one). A VC 1.1 credential goes in a `vc` claim instead, with `nbf`/`exp` from
 * `issuanceDate`/`expirationDate`. The credential is validated first, and the key must belong to the issuer.
 *
 * @throws TypeError for a caller's mistake (`options.proof` too: this is always a VC-JWT). MicrocredError with the
 *   first validation issue's code and path when the credential is invalid; `ERR_ISSUER_KEY_MISMATCH` when the key's
 *   controller is not the issuer; `ERR_SIGNING_FAILED` when the signer fails.
 * @example
 * ```ts
 * const keyPair = await generateKeyPair({ algorithm: 'RS256', controller: 'https://uni.example/issuer' })
 * const jwt = await issueJwt(credential, { keyPair })   // 'eyJhbGciOiJSUzI1NiIs...'
 * const report = await verify(jwt, { fetch: safeFetch() })
 * ```
 */
export async function issueJwt(credential: CredentialBase, options: IssueJwtOptions): Promise<string> {
  const where = 'issueJwt(credential, options)'
  if (isJsonObject(options) && Object.hasOwn(options, 'proof'))
    throw new TypeError(`${where}: issueJwt() always signs a VC-JWT; leave out options.proof (or call issue() with it)`)
  const jwtOptions: IssueOptions | undefined = isJsonObject(options) ? { ...options, proof: 'vc-jwt' } : options
  return (await issueCredential(credential, jwtOptions, true, where)) as string
}

/**
 * {@link issue} for a credential handed over: made for this call (a signing worker's freshly parsed one) and held by
 * nothing else, so it is signed as it is rather than copied first (copying is ~5% of signing), and signing may
 * change it (jsonld-signatures sets `proof` on what it signs). Internal.
 */
export const issueOwned: typeof issue = ((input: CredentialBase, options: IssueOptions) =>
  issueCredential(input, options, false, 'issue(credential, options)')) as typeof issue

/**
 * The steps every proof shares: the options checked, the key checked for the proof, the size cap, the status entry,
 * validation; then a Data Integrity proof added, or the VC-JWT signed.
 */
async function issueCredential<C extends CredentialBase>(
  input: C,
  // Callers in JavaScript can leave the options out whatever the public signatures say.
  options: IssueOptions | null | undefined,
  copyInput: boolean,
  where: string,
): Promise<Signed<C> | string> {
  if (!isJsonObject(input)) throw new TypeError(`${where}: credential must be an object`)
  if (options === undefined || options === null)
    throw new TypeError(`${where}: options with a keyPair or a signer are required`)
  assertOptions(options, where)
  assertOptionNames(options, ISSUE_OPTION_NAMES, where)
  const choice = checkProofChoice(options, where)
  const { signer, jwt } = signingFor(options, choice, where)
  const { created, maxBytes, profile, status, ...checked } = checkCredentialOptions(options, where)
  const documentLoader = checked.documentLoader ?? defaultDocumentLoader
  let credential = choice.proof === 'Ed25519Signature2020' ? withContext(input, ED25519_2020_CONTEXT) : input
  if (credential !== input && input.proof !== undefined) {
    throw new MicrocredError(
      'ERR_CONTEXT_INVALID',
      `the credential is already signed and its @context lacks ${ED25519_2020_CONTEXT}, which an Ed25519Signature2020 proof needs: adding it now would change what the existing proofs signed; add it before the first signature`,
      { path: '@context' },
    )
  }

  // Written out to measure only when it could be over the cap (or is not JSON: writing it throws as it always has).
  const bound = jsonTextSizeBound(credential, DEFAULT_MAX_DEPTH)
  const size = bound !== undefined && bound <= maxBytes ? bound : Buffer.byteLength(JSON.stringify(credential), 'utf8')
  if (size > maxBytes) {
    throw new MicrocredError(
      'ERR_INPUT_TOO_LARGE',
      `the credential is ${size} bytes of JSON, over the ${maxBytes}-byte cap (options.maxBytes)`,
    )
  }

  // The key must be the issuer's: checked before a status entry is spent on a credential that cannot be signed. (An
  // issuer that is not yet readable is left to validation, which names what is wrong with it.)
  const keyController = jwt?.keyController ?? withoutFragment(signer.id)
  const readableIssuer = issuerIdOf(credential)
  if (readableIssuer !== undefined && readableIssuer !== keyController) {
    throw issuerKeyMismatch(jwt?.keyId ?? signer.id, keyController, readableIssuer, credential)
  }

  if (status !== undefined) {
    const refusal = statusEntryRefusal(credential)
    if (refusal !== undefined) throw new TypeError(`${where}: the credential ${refusal}`)
    const index = await status.store.allocate(status.id)
    credential = withStatusEntry(credential, statusEntry(status, index))
  }
  await assertIssuable(credential, { documentLoader, ...(profile === undefined ? {} : { profile }) })
  if (jwt !== undefined) return signVcJwt(credential, jwt)

  const issuerId = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id
  if (keyController !== issuerId) throw issuerKeyMismatch(signer.id, keyController, issuerId, credential)
  const suite = SUITES[choice.proof as ProofFormat]
  return addProof(credential, { suite, signer, created, documentLoader, copy: copyInput })
}

/**
 * Checks that the key pair (or signer) can make the chosen proof, as `issue()` checks it for each credential: for
 * the calls that sign many (`issueMany()`, a pool, `issueBatch()`), which check once, before a status entry is
 * allocated or a file written. Internal.
 *
 * @throws as `issue()` does: TypeError for a key that cannot sign the proof or the JWT algorithm, `ERR_KEY_INVALID` for a
 *   P-256 or RSA key pair asked for a Data Integrity proof.
 */
export function assertCanSign(
  options: Pick<IssueOptions, 'keyPair' | 'signer'>,
  choice: ReturnType<typeof checkProofChoice>,
  where: string,
): void {
  signingFor(options, choice, where)
}

/** The signer for the chosen proof, and for a VC-JWT its header and key checks; refused as {@link assertCanSign} says. */
function signingFor(
  options: Pick<IssueOptions, 'keyPair' | 'signer'>,
  choice: ReturnType<typeof checkProofChoice>,
  where: string,
): { signer: Signer; jwt?: JwtSigning } {
  if (choice.proof !== 'vc-jwt') return { signer: signerFrom(options, where) }
  const jwt = jwtSigning(
    {
      ...(options.keyPair === undefined ? {} : { keyPair: options.keyPair }),
      ...(options.signer === undefined ? {} : { signer: options.signer }),
      ...(choice.jwtAlgorithm === undefined ? {} : { jwtAlgorithm: choice.jwtAlgorithm }),
      keyIn: choice.keyIn,
    },
    where,
  )
  return { signer: jwt.signer, jwt }
}

/** The issuer's id when the credential gives one in a readable shape (a string, or an object's string `id`). */
function issuerIdOf(credential: CredentialBase): string | undefined {
  const issuer: unknown = credential.issuer
  if (typeof issuer === 'string') return issuer
  const id: unknown = isJsonObject(issuer) ? issuer['id'] : undefined
  return typeof id === 'string' ? id : undefined
}

/** `ERR_ISSUER_KEY_MISMATCH`: verifiers would reject a credential signed by a key its issuer does not control. */
function issuerKeyMismatch(keyId: string, keyController: string, issuerId: string, credential: CredentialBase) {
  return new MicrocredError(
    'ERR_ISSUER_KEY_MISMATCH',
    `the key ${keyId} is controlled by ${keyController}, but the credential's issuer is ${issuerId}: ` +
      'verifiers would reject it; sign with a key of the issuer, or set the issuer id to the key controller',
    { path: typeof credential.issuer === 'string' ? 'issuer' : 'issuer.id' },
  )
}

/** The Ed25519 signer a Data Integrity proof is made with, from `keyPair` or `signer`. */
function signerFrom(options: IssueOptions, where: string): Signer {
  const { keyPair, signer } = options
  if ((keyPair === undefined) === (signer === undefined)) {
    throw new TypeError(`${where}: pass exactly one of options.keyPair and options.signer`)
  }
  if (keyPair !== undefined) {
    if (!isKeyPair(keyPair))
      throw new TypeError(`${where}: options.keyPair is not a key pair made by generateKeyPair() or importKeyPair()`)
    if (keyPair.algorithm !== 'Ed25519') {
      throw new MicrocredError(
        'ERR_KEY_INVALID',
        `Data Integrity proofs are signed with Ed25519 keys; this is an ${keyPair.algorithm} key (an ES256 or RS256 key signs options.proof 'vc-jwt')`,
      )
    }
    return createSigner(keyPair)
  }
  assertSigner(signer, where)
  if (signer.algorithm !== 'Ed25519')
    throw new TypeError(
      `${where}: Data Integrity proofs need an Ed25519 signer, not ${signer.algorithm} (it signs options.proof 'vc-jwt')`,
    )
  return signer
}
