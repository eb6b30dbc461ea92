import { MicrocredError } from '../errors.js'
import type { DocumentLoader } from '../context/loader.js'
import { defaultDocumentLoader } from '../context/loader.js'
import type { CredentialBase, Signed } from '../model/ob3.js'
import { type KeyPair, isKeyPair } from '../keys/keypair.js'
import { assertSigner, createSigner, type Signer } from '../keys/signer.js'
import { eddsaRdfc2022 } from '../proof/data-integrity/eddsa-rdfc-2022.js'
import { ed25519Signature2020 } from '../proof/ed25519-2020/ed25519-signature-2020.js'
import { ED25519_2020_CONTEXT } from '../context/urls.js'
import { addProof } from '../proof/sign.js'
import type { ProofFormat, ProofSuite } from '../proof/suite.js'
import { assertIssuable, type ValidationProfile } from '../schema/validate.js'
import { proofCreated } from '../util/dates.js'
import { assertOptions, isJsonObject } from '../util/json.js'
import { DEFAULT_MAX_BYTES } from '../limits.js'
import { assertList, statusEntry, withStatusEntry, type StatusList } from '../status/entry.js'
import { withContext } from '../context/with-context.js'

/** Options of {@link issue}: a `keyPair` or a `signer` (exactly one). */
export interface IssueOptions {
  /** Ed25519 key pair to sign with (from `generateKeyPair()` / `importKeyPair()`). */
  keyPair?: KeyPair
  /** Or any {@link Signer}, e.g. backed by a KMS or HSM. */
  signer?: Signer
  /**
   * Proof format; default `'eddsa-rdfc-2022'` (a `DataIntegrityProof`). `'Ed25519Signature2020'` adds its suite
   * context (`https://w3id.org/security/suites/ed25519-2020/v1`) to the credential's `@context` if missing.
   */
  proof?: ProofFormat
  /** The proof's `created` time; default now. Pass it to make signatures reproducible. */
  created?: string | Date
  /** Loader for JSON-LD contexts; default bundled contexts only. */
  documentLoader?: DocumentLoader
  /**
   * Rules applied before signing, besides JSON-LD safe mode and the VC Data Model's (always): default `'auto'`, the
   * OB 3.0 schema and rules for Open Badges, endorsement and CLR credentials, the EU profile for EU micro-credentials,
   * nothing more for other credentials; `'vc'`, `'ob3'` or `'eu'` to choose.
   */
  profile?: ValidationProfile
  /** Size cap in bytes of the credential's JSON; default 1 MiB. */
  maxBytes?: number
  /**
   * A status list to give the credential an entry in (revocation or suspension): an index is allocated (durably,
   * in the list's store) and `credentialStatus` is set before validation and signing.
   */
  status?: StatusList
}

const SUITES: Readonly<Record<ProofFormat, ProofSuite>> = {
  'eddsa-rdfc-2022': eddsaRdfc2022,
  Ed25519Signature2020: ed25519Signature2020,
}

/**
 * Signs a credential: validates it first (JSON-LD safe mode, the W3C VC Data Model rules, and for Open Badges the
 * official OB 3.0 schema and rules, the EU profile for EU micro-credentials), checks that the key belongs to the
 * issuer, then adds a `DataIntegrityProof` (`eddsa-rdfc-2022`) and returns a new object with `proof` as an array.
 * Any VC Data Model 2.0 or 1.1 credential can be signed, not only Open Badges. A credential that already has proofs
 * gets one more (a proof set). The input is not modified.
 *
 * @throws MicrocredError with the first issue's code and path (every issue in `error.issues`) when the
 *   credential is invalid; nothing is signed. `ERR_ISSUER_KEY_MISMATCH` when the key's controller is not the
 *   issuer; `ERR_SIGNING_FAILED` when the signer fails; `ERR_INPUT_TOO_LARGE` over the size cap.
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
export async function issue<C extends CredentialBase>(input: C, options: IssueOptions): Promise<Signed<C>> {
  return issueCredential(input, options, true)
}

/**
 * The same function as {@link issue}, under the name signing services look for (`sign()` to issue, `verify()` to check).
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
 * {@link issue} for a credential handed over: made for this call (a signing worker's freshly parsed one) and held by
 * nothing else, so it is signed as it is rather than copied first (copying is ~5% of signing), and signing may
 * change it (jsonld-signatures sets `proof` on what it signs). Internal.
 */
export async function issueOwned<C extends CredentialBase>(input: C, options: IssueOptions): Promise<Signed<C>> {
  return issueCredential(input, options, false)
}

async function issueCredential<C extends CredentialBase>(
  input: C,
  options: IssueOptions,
  copyInput: boolean,
): Promise<Signed<C>> {
  if (!isJsonObject(input)) throw new TypeError('issue(credential, options): credential must be an object')
  if (options === undefined || options === null)
    throw new TypeError('issue(credential, options): options with a keyPair or a signer are required')
  assertOptions(options, 'issue(credential, options)')
  const signer = signerFrom(options)
  const format = options.proof ?? 'eddsa-rdfc-2022'
  const suite = SUITES[format]
  if (suite === undefined)
    throw new TypeError(`issue(credential, options): unknown proof format ${JSON.stringify(format)}`)
  const created = proofCreated(options.created, 'issue(credential, options)')
  const documentLoader = options.documentLoader ?? defaultDocumentLoader
  let credential = format === 'Ed25519Signature2020' ? withContext(input, ED25519_2020_CONTEXT) : input
  if (credential !== input && input['proof'] !== undefined) {
    throw new MicrocredError(
      'ERR_CONTEXT_INVALID',
      `the credential is already signed and its @context lacks ${ED25519_2020_CONTEXT}, which an Ed25519Signature2020 proof needs: adding it now would change what the existing proofs signed; add it before the first signature`,
      { path: '@context' },
    )
  }

  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const size = Buffer.byteLength(JSON.stringify(credential), 'utf8')
  if (size > maxBytes) {
    throw new MicrocredError(
      'ERR_INPUT_TOO_LARGE',
      `the credential is ${size} bytes of JSON, over the ${maxBytes}-byte cap (options.maxBytes)`,
    )
  }

  if (options.status !== undefined) {
    assertList(options.status, 'issue(credential, options): options.status')
    if (credential.credentialStatus !== undefined)
      throw new TypeError('issue(credential, options): the credential already has a credentialStatus')
    if (credential['proof'] !== undefined)
      throw new TypeError(
        'issue(credential, options): the credential is already signed; a status entry added now would break its proofs',
      )
    const index = await options.status.store.allocate(options.status.id)
    credential = withStatusEntry(credential, statusEntry(options.status, index))
  }
  await assertIssuable(credential, {
    documentLoader,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  })

  const issuerId = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id
  const keyController = signer.id.includes('#') ? signer.id.slice(0, signer.id.indexOf('#')) : signer.id
  if (keyController !== issuerId) {
    throw new MicrocredError(
      'ERR_ISSUER_KEY_MISMATCH',
      `the key ${signer.id} is controlled by ${keyController}, but the credential's issuer is ${issuerId}: ` +
        'verifiers would reject it; sign with a key of the issuer, or set the issuer id to the key controller',
      { path: typeof credential.issuer === 'string' ? 'issuer' : 'issuer.id' },
    )
  }
  return addProof(credential, { suite, signer, created, documentLoader, copy: copyInput }) as Promise<Signed<C>>
}

function signerFrom(options: IssueOptions): Signer {
  const { keyPair, signer } = options
  if ((keyPair === undefined) === (signer === undefined)) {
    throw new TypeError('issue(credential, options): pass exactly one of options.keyPair and options.signer')
  }
  if (keyPair !== undefined) {
    if (!isKeyPair(keyPair))
      throw new TypeError(
        'issue(credential, options): options.keyPair is not a key pair made by generateKeyPair() or importKeyPair()',
      )
    if (keyPair.algorithm !== 'Ed25519') {
      throw new MicrocredError(
        'ERR_KEY_INVALID',
        `Data Integrity proofs are signed with Ed25519 keys; this is an ${keyPair.algorithm} key (use issueJwt() for ES256 and RS256)`,
      )
    }
    return createSigner(keyPair)
  }
  assertSigner(signer, 'issue(credential, options)')
  if (signer.algorithm !== 'Ed25519')
    throw new TypeError(
      `issue(credential, options): Data Integrity proofs need an Ed25519 signer, not ${signer.algorithm}`,
    )
  return signer
}
