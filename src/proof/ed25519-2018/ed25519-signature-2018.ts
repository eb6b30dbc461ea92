/**
 * `Ed25519Signature2018` (W3C CCG Linked Data Signatures Ed25519Signature2018): the linked-data signature of
 * 2018-era credentials, among them the JFF plugfest Open Badges. Verifies only; microcred never signs with it.
 *
 * The proof is a detached JWS (RFC 7515 Appendix F) with unencoded payload (RFC 7797): its header must be
 * exactly `{"alg":"EdDSA","b64":false,"crit":["b64"]}` and the Ed25519 signature covers
 * `ASCII(BASE64URL(header) || '.') || SHA-256(RDFC-1.0(proof options)) || SHA-256(RDFC-1.0(document))`.
 * The hashing and canonicalization are jsonld-signatures' `LinkedDataSignature` (the fast RDF path where it
 * handles the document); the key is whatever Ed25519 key microcred's resolver found (a `Ed25519VerificationKey2018`,
 * `Ed25519VerificationKey2020` or `Multikey`, all normalised to Multikey).
 *
 * Written on `LinkedDataSignature` rather than with `@digitalbazaar/ed25519-signature-2018`: that package's JWS
 * header check lets a header without `crit` through (an operator-precedence slip), it refuses (with a console
 * warning) documents that carry both the credentials/v1 and the suite context, and it accepts only key documents
 * typed and contexted for it, which the resolver's normalised keys are not.
 */
import { verify as verifySignature } from 'node:crypto'
import type { DocumentLoader, RemoteDocument } from '../../context/loader.js'
import { ED25519_2018_CONTEXT } from '../../context/urls.js'
import {
  normalizeVerificationMethod,
  publicJwkOfMethod,
  publicKeyObject,
  type VerificationMethod,
} from '../../keys/verification-method.js'
import { withFastCanonize, type CanonizeHook } from '../../rdf/canonize.js'
import { isJsonObject } from '../../util/json.js'
import type { ProofSuite } from '../suite.js'
import { jsonldSignatures } from '../library.js'
import { lazy } from '../../util/memo.js'

/** What jsonld-signatures passes to a suite's `verifyProof`. */
interface VerifyProofOptions {
  proof: Record<string, unknown>
  document: object
  proofSet?: unknown[]
  documentLoader: DocumentLoader
}

/** The outcome jsonld-signatures expects from `verifyProof`. */
interface VerifyProofResult {
  verified: boolean
  verificationMethod?: object
  error?: unknown
}

/** The members of jsonld-signatures' `LinkedDataSignature` this suite uses or overrides. */
interface LinkedDataSignatureBase {
  canonize: CanonizeHook
  verifyProof(options: VerifyProofOptions): Promise<VerifyProofResult>
  getVerificationMethod(options: { proof: Record<string, unknown>; documentLoader: DocumentLoader }): Promise<object>
  verifySignature(options: {
    verifyData: Uint8Array
    verificationMethod: object
    proof: Record<string, unknown>
  }): Promise<boolean>
}

/** The one header the suite allows (RFC 7797 §3 and §6: `b64: false` must be listed in `crit`). */
const HEADER_MEMBERS = ['alg', 'b64', 'crit']

const BASE64URL = /^[A-Za-z0-9_-]+$/

/** Decodes unpadded base64url, refusing anything that does not re-encode to the same text (no aliases of one value). */
function base64url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined
  const bytes = Buffer.from(text, 'base64url')
  return bytes.toString('base64url') === text ? bytes : undefined
}

/** A parsed detached JWS: the header as written (it is part of the signed bytes) and the 64-byte signature. */
interface DetachedJws {
  encodedHeader: string
  signature: Buffer
}

/**
 * Parses the proof's `jws` member, or returns why it is not an Ed25519Signature2018 detached JWS.
 *
 * @example
 * ```ts
 * const jws = parseDetachedJws(proof.jws)
 * if (typeof jws === 'string') throw new Error(jws)
 * ```
 */
export function parseDetachedJws(jws: unknown): DetachedJws | string {
  if (typeof jws !== 'string') return 'the proof has no "jws" string'
  const parts = jws.split('.')
  if (parts.length !== 3)
    return `the "jws" must have three dot-separated parts (header..signature), not ${parts.length}`
  const [encodedHeader = '', payload, encodedSignature = ''] = parts
  if (payload !== '') return 'the "jws" must be detached (RFC 7515 Appendix F): its payload part must be empty'
  const headerBytes = base64url(encodedHeader)
  let header: unknown
  try {
    header =
      headerBytes === undefined ? undefined : JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes))
  } catch {
    header = undefined
  }
  if (!isJsonObject(header)) return 'the "jws" header is not base64url-encoded JSON'
  const crit = header['crit']
  const exact =
    header['alg'] === 'EdDSA' &&
    header['b64'] === false &&
    Array.isArray(crit) &&
    crit.length === 1 &&
    crit[0] === 'b64' &&
    Object.keys(header).every((member) => HEADER_MEMBERS.includes(member))
  if (!exact)
    return `the "jws" header must be {"alg":"EdDSA","b64":false,"crit":["b64"]}, not ${JSON.stringify(header)}`
  const signature = base64url(encodedSignature)
  if (signature?.length !== 64) return 'the "jws" signature is not a base64url-encoded 64-byte Ed25519 signature'
  return { encodedHeader, signature }
}

/**
 * The suite's class, made when a proof first needs it: it extends jsonld-signatures' `LinkedDataSignature`, and
 * loading jsonld-signatures loads jsonld.js.
 */
const verifierClass = lazy(async () => {
  // microcred's declaration of jsonld-signatures (src/types/vendor.d.ts) leaves out its `suites` export.
  const { LinkedDataSignature } = (
    (await jsonldSignatures()) as unknown as {
      suites: { LinkedDataSignature: new (options: { type: string; contextUrl: string }) => LinkedDataSignatureBase }
    }
  ).suites

  class Ed25519Signature2018Verifier extends LinkedDataSignature {
    constructor() {
      super({ type: 'Ed25519Signature2018', contextUrl: ED25519_2018_CONTEXT })
    }

    /** Rejects a malformed `jws` before anything is canonicalized. */
    override async verifyProof(options: VerifyProofOptions): Promise<VerifyProofResult> {
      const jws = parseDetachedJws(options.proof['jws'])
      if (typeof jws === 'string') return { verified: false, error: new Error(jws) }
      return super.verifyProof(options)
    }

    /** The key the proof names, as the document loader gives it (in microcred: the resolver's key), if it is Ed25519. */
    override async getVerificationMethod({
      proof,
      documentLoader,
    }: {
      proof: Record<string, unknown>
      documentLoader: DocumentLoader
    }): Promise<VerificationMethod> {
      const named = proof['verificationMethod']
      const id = isJsonObject(named) ? named['id'] : named
      if (typeof id !== 'string' || id === '') throw new Error('the proof names no verificationMethod')
      const { document }: RemoteDocument = await documentLoader(id)
      const raw = typeof document === 'string' ? (JSON.parse(document) as unknown) : document
      if (isJsonObject(raw) && raw['revoked'] !== undefined)
        throw new Error(`the verification method ${id} has been revoked`)
      const method = await normalizeVerificationMethod(raw, id)
      if (method === undefined || method.publicKeyMultibase?.startsWith('z6Mk') !== true) {
        throw new Error(
          `the verification method ${id} is not an Ed25519 key (Ed25519VerificationKey2018, Ed25519VerificationKey2020 or Multikey)`,
        )
      }
      return method
    }

    override async verifySignature({
      verifyData,
      verificationMethod,
      proof,
    }: {
      verifyData: Uint8Array
      verificationMethod: object
      proof: Record<string, unknown>
    }): Promise<boolean> {
      const jws = parseDetachedJws(proof['jws'])
      if (typeof jws === 'string') throw new Error(jws)
      const jwk = await publicJwkOfMethod(verificationMethod as VerificationMethod)
      // RFC 7797 §3: with b64 false the signing input is the encoded header, a period, then the raw payload.
      const data = Buffer.concat([Buffer.from(`${jws.encodedHeader}.`, 'ascii'), verifyData])
      return verifySignature(null, data, publicKeyObject(jwk), jws.signature)
    }
  }
  return Ed25519Signature2018Verifier
})

/** The suite, its `canonize` method (RDFC-1.0 of documents and proof options) routed through the fast path. */
async function verifier(documentLoader: DocumentLoader): Promise<LinkedDataSignatureBase> {
  const instance = new (await verifierClass())()
  instance.canonize = withFastCanonize(instance.canonize.bind(instance), documentLoader)
  return instance
}

const suite: ProofSuite = {
  name: 'Ed25519Signature2018',
  matches: (proof) => proof.type === 'Ed25519Signature2018',
  verifyingSuite: (documentLoader) => verifier(documentLoader),
}

/**
 * The `Ed25519Signature2018` proof format, for verifying (it has no `signingSuite`).
 *
 * @example
 * ```ts
 * const outcomes = await verifyProofs(credential, { documentLoader, resolver: createKeyResolver(), suites: [ed25519Signature2018] })
 * outcomes[0]?.status // 'verified'
 * ```
 */
export const ed25519Signature2018: ProofSuite = Object.freeze(suite)
