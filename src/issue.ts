import { MicrocredError } from './errors.js'
import type { DocumentLoader } from './context/loader.js'
import { defaultDocumentLoader } from './context/loader.js'
import type { CredentialBase, Signed } from './model/ob3.js'
import { type Ed25519KeyPair, isKeyPair } from './keys/keypair.js'
import { assertSigner, createSigner, type Signer } from './keys/signer.js'
import { eddsaRdfc2022 } from './proof/data-integrity/eddsa-rdfc-2022.js'
import { addProof } from './proof/sign.js'
import type { ProofFormat, ProofSuite } from './proof/suite.js'
import { validateCredential, type ValidationProfile } from './schema/validate.js'
import { formatDateTime } from './build/dates.js'
import { assertOptions, isJsonObject } from './util/json.js'
import { DEFAULT_MAX_BYTES } from './limits.js'

/** Options of {@link issue}: a `keyPair` or a `signer` (exactly one). */
export interface IssueOptions {
  /** Key pair to sign with (from `generateKeyPair()` / `importKeyPair()`). */
  keyPair?: Ed25519KeyPair
  /** Or any {@link Signer}, e.g. backed by a KMS or HSM. */
  signer?: Signer
  /** Proof format; default `'eddsa-rdfc-2022'`. */
  proof?: ProofFormat
  /** The proof's `created` time; default now. Pass it to make signatures reproducible. */
  created?: string | Date
  /** Loader for JSON-LD contexts; default bundled contexts only. */
  documentLoader?: DocumentLoader
  /** Validation rules applied before signing; default `'auto'` (the EU profile for EU micro-credentials). */
  profile?: ValidationProfile
  /** Size cap in bytes of the credential's JSON; default 1 MiB. */
  maxBytes?: number
}

const SUITES: Readonly<Record<ProofFormat, ProofSuite>> = { 'eddsa-rdfc-2022': eddsaRdfc2022 }

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/**
 * Signs a credential: validates it first (official OB 3.0 schema, the EU profile for EU micro-credentials, and
 * JSON-LD safe mode), checks that the key belongs to the issuer, then adds a `DataIntegrityProof`
 * (`eddsa-rdfc-2022`) and returns a new object with `proof` as an array. The input is not modified.
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
export async function issue<C extends CredentialBase>(credential: C, options: IssueOptions): Promise<Signed<C>> {
  if (!isJsonObject(credential)) throw new TypeError('issue(credential, options): credential must be an object')
  if (options === undefined || options === null) throw new TypeError('issue(credential, options): options with a keyPair or a signer are required')
  assertOptions(options, 'issue(credential, options)')
  const signer = signerFrom(options)
  const format = options.proof ?? 'eddsa-rdfc-2022'
  const suite = SUITES[format]
  if (suite === undefined) throw new TypeError(`issue(credential, options): unknown proof format ${JSON.stringify(format)}`)
  const created = createdTime(options.created)
  const documentLoader = options.documentLoader ?? defaultDocumentLoader

  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const size = Buffer.byteLength(JSON.stringify(credential), 'utf8')
  if (size > maxBytes) {
    throw new MicrocredError('ERR_INPUT_TOO_LARGE', `the credential is ${size} bytes of JSON, over the ${maxBytes}-byte cap (options.maxBytes)`)
  }

  const issues = await validateCredential(credential, { documentLoader, ...(options.profile === undefined ? {} : { profile: options.profile }) })
  if (issues.length > 0) throw MicrocredError.fromIssues(issues)

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
  return addProof(credential, { suite, signer, created, documentLoader }) as Promise<Signed<C>>
}

function signerFrom(options: IssueOptions): Signer {
  const { keyPair, signer } = options
  if ((keyPair === undefined) === (signer === undefined)) {
    throw new TypeError('issue(credential, options): pass exactly one of options.keyPair and options.signer')
  }
  if (keyPair !== undefined) {
    if (!isKeyPair(keyPair)) throw new TypeError('issue(credential, options): options.keyPair is not a key pair made by generateKeyPair() or importKeyPair()')
    return createSigner(keyPair)
  }
  assertSigner(signer, 'issue(credential, options)')
  return signer
}

function createdTime(created: string | Date | undefined): string {
  if (created === undefined) return formatDateTime(new Date(Math.floor(Date.now() / 1000) * 1000))
  if (created instanceof Date) {
    if (Number.isNaN(created.getTime())) throw new TypeError('issue(credential, options): options.created is an invalid Date')
    return formatDateTime(created)
  }
  if (typeof created !== 'string' || !RFC3339.test(created) || Number.isNaN(Date.parse(created))) {
    throw new TypeError(`issue(credential, options): options.created must be an RFC 3339 date-time (e.g. "2025-01-01T00:00:00Z"), not ${JSON.stringify(created)}`)
  }
  return created
}
