/**
 * `eddsa-rdfc-2022` signed and verified here for the common case, without going through jsonld-signatures and
 * `@digitalbazaar/data-integrity`: one proof with no `@context` of its own and no `previousProof`, a credential whose
 * `@context` already carries the VC 2.0 or Data Integrity v2 context, an Ed25519 `Multikey`, and a document the fast
 * RDF path handles. Hand-written because those libraries re-wrap the document, the proof and the key on every call
 * (about a quarter of a verification once canonicalization is fast) and load jsonld.js, with its HTTP client, even
 * when nothing but the fast path runs.
 *
 * The algorithm is VC-DI-EdDSA §3.3 (transformation RDFC-1.0, hashing SHA-256 of the canonical proof configuration
 * followed by SHA-256 of the canonical document, Ed25519 over the 64 bytes, proofValue base58btc multibase), with the
 * proof configuration built as jsonld-signatures builds it (the document's `@context`, then the proof's members but
 * `proofValue`), so the bytes signed are the bytes the library signs: the test vectors, the differential test and the
 * interop tests compare the proofValues.
 *
 * Anything outside the common case, and every proof that does not verify here, is left to the library path
 * (`undefined` / `false`): its rules and error messages stay the reference, and a failure is reported by it.
 */
import { createHash, verify as verifyEd25519, type KeyObject } from 'node:crypto'
import type { DocumentLoader } from '../../context/loader.js'
import type { Proof } from '../../model/ob3.js'
import type { VerificationMethod } from '../../keys/verification-method.js'
import { publicKeyObject } from '../../keys/verification-method.js'
import type { Signer } from '../../keys/signer.js'
import { fastCanonize } from '../../rdf/canonize.js'
import { boundedMemo } from '../../util/memo.js'
import { decodeBase58btc, encodeBase58btc } from '../../util/base58.js'

const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2'
const DATA_INTEGRITY_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2'
const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1'
/** Multicodec `ed25519-pub` (0xed, varint 0xed 0x01) followed by the 32-byte key. */
const ED25519_PUB_HEADER = [0xed, 0x01] as const
/** XML Schema dateTimeStamp with a required time zone; `created`/`expires` not in this form go to the library. */
const DATE_TIME_STAMP =
  /^-?(?:[1-9]\d{3,}|0\d{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))$/

/** Whether the Digital Bazaar suite writes `created` unchanged: its `w3cDate(new Date(created))`, UTC whole seconds. */
function writtenUnchanged(created: string): boolean {
  const time = new Date(created)
  return !Number.isNaN(time.getTime()) && `${time.toISOString().slice(0, -5)}Z` === created
}

/** The document's `@context` when it already carries the suite's context (VC Data Integrity §4.2), else undefined. */
function contextWithSuite(document: Readonly<Record<string, unknown>>): unknown {
  const context = document['@context']
  if (context === VC_V2_CONTEXT || context === DATA_INTEGRITY_V2_CONTEXT) return context
  if (Array.isArray(context) && (context.includes(VC_V2_CONTEXT) || context.includes(DATA_INTEGRITY_V2_CONTEXT)))
    return context
  return undefined
}

/** SHA-256(canonical proof configuration) ‖ SHA-256(canonical document), or undefined when the fast path declines. */
async function hashData(
  unsecured: Readonly<Record<string, unknown>>,
  proofConfiguration: Readonly<Record<string, unknown>>,
  documentLoader: DocumentLoader,
): Promise<Buffer | undefined> {
  const canonicalConfiguration = await fastCanonize(proofConfiguration, documentLoader)
  if (canonicalConfiguration === undefined) return undefined
  const canonicalDocument = await fastCanonize(unsecured, documentLoader)
  if (canonicalDocument === undefined) return undefined
  return Buffer.concat([
    createHash('sha256').update(canonicalConfiguration).digest(),
    createHash('sha256').update(canonicalDocument).digest(),
  ])
}

/** The Ed25519 public key of a `Multikey` verification method (`z6Mk…`), cached; undefined for anything else. */
const ed25519KeyOf = boundedMemo(1024, (publicKeyMultibase: string): KeyObject | undefined => {
  if (!publicKeyMultibase.startsWith('z') || publicKeyMultibase.length > 60) return undefined
  const bytes = decodeBase58btc(publicKeyMultibase.slice(1))
  if (bytes?.length !== 34 || bytes[0] !== ED25519_PUB_HEADER[0] || bytes[1] !== ED25519_PUB_HEADER[1]) return undefined
  return publicKeyObject({ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes.subarray(2)).toString('base64url') })
})

/** The method's key when the Digital Bazaar suite would read it the same way: a `Multikey` in the Multikey context. */
function multikeyOf(method: VerificationMethod): KeyObject | undefined {
  const record = method as unknown as Record<string, unknown>
  if (record['type'] !== 'Multikey' || typeof record['publicKeyMultibase'] !== 'string') return undefined
  const context = record['@context']
  if (
    context !== undefined &&
    context !== MULTIKEY_V1_CONTEXT &&
    !(Array.isArray(context) && context.includes(MULTIKEY_V1_CONTEXT))
  )
    return undefined
  return ed25519KeyOf(record['publicKeyMultibase'])
}

/**
 * Signs `unsecured` (a document without `proof`) in the common case and returns the proof, members in the order the
 * Digital Bazaar suite writes them; `undefined` when the case is not the common one (the caller then signs through the
 * library). The signer's failures propagate.
 */
export async function signEddsaRdfc2022Directly(
  unsecured: Readonly<Record<string, unknown>>,
  signer: Signer,
  created: string,
  documentLoader: DocumentLoader,
): Promise<Proof | undefined> {
  const context = contextWithSuite(unsecured)
  // The library writes `created` as UTC seconds (its w3cDate): any other form is left to it, so the bytes stay its own.
  if (context === undefined || !writtenUnchanged(created)) return undefined
  const proof = {
    type: 'DataIntegrityProof',
    created,
    verificationMethod: signer.id,
    cryptosuite: 'eddsa-rdfc-2022',
    proofPurpose: 'assertionMethod',
  }
  const data = await hashData(unsecured, { '@context': context, ...proof }, documentLoader)
  if (data === undefined) return undefined
  const signature = await signer.sign(data)
  return { ...proof, proofValue: `z${encodeBase58btc(signature)}` }
}

/**
 * True when `proof` over `unsecured` verifies with `verificationMethod` in the common case. `false` means "not
 * established here" (another case, or a signature that does not verify): the caller then asks the library, which
 * decides and explains.
 */
export async function verifyEddsaRdfc2022Directly(
  unsecured: Readonly<Record<string, unknown>>,
  proof: Readonly<Record<string, unknown>>,
  verificationMethod: VerificationMethod,
  documentLoader: DocumentLoader,
): Promise<boolean> {
  const { proofValue, ...configuration } = proof
  if (
    '@context' in proof ||
    'previousProof' in proof ||
    // The library reads only a string (or an object's id) and fails anything else: one answer for both paths.
    typeof proof['verificationMethod'] !== 'string' ||
    typeof proofValue !== 'string' ||
    !proofValue.startsWith('z') ||
    proofValue.length > 100 ||
    (configuration['created'] !== undefined &&
      !(typeof configuration['created'] === 'string' && DATE_TIME_STAMP.test(configuration['created']))) ||
    (configuration['expires'] !== undefined &&
      !(typeof configuration['expires'] === 'string' && DATE_TIME_STAMP.test(configuration['expires'])))
  )
    return false
  const context = contextWithSuite(unsecured)
  if (context === undefined) return false
  const key = multikeyOf(verificationMethod)
  if (key === undefined) return false
  const signature = decodeBase58btc(proofValue.slice(1))
  if (signature?.length !== 64) return false
  let data: Buffer | undefined
  try {
    data = await hashData(unsecured, { '@context': context, ...configuration }, documentLoader)
  } catch {
    return false
  }
  return data !== undefined && verifyEd25519(null, data, key, signature)
}
