/**
 * Verifies the embedded proofs of a document, one at a time: each supported proof is checked against the key
 * the resolver finds for its verification method. This establishes only that the key signed the document;
 * whether the key is the issuer's is the `issuer-binding` check's question (keys/binding.ts), so the proof
 * purpose is given a controller document that authorises exactly this key. Unknown proof types are ignored;
 * one verified proof is enough (VC Data Integrity §4.3, proof sets).
 */
import jsigs from 'jsonld-signatures'
import type { Issue } from '../errors.js'
import type { DocumentLoader } from '../context/loader.js'
import type { Proof } from '../model/ob3.js'
import type { KeyResolver, ResolvedKey } from '../keys/resolve.js'
import { isJsonObject } from '../util/json.js'
import { messageOf, toMicrocredError } from './errors.js'
import type { ProofSuite } from './suite.js'

/** What happened to one proof. */
export interface ProofOutcome {
  /** Index in the `proof` array (0 for a single proof object). */
  index: number
  type: string
  cryptosuite?: string
  verificationMethod?: string
  /** `verified`; `failed` (a supported proof that does not verify); `unsupported` (ignored). */
  status: 'verified' | 'failed' | 'unsupported'
  /** The resolved key, for a verified proof. */
  key?: ResolvedKey
  issue?: Issue
}

/** Options of {@link verifyProofs}. */
export interface VerifyProofsOptions {
  documentLoader: DocumentLoader
  resolver: KeyResolver
  suites: readonly ProofSuite[]
  /** JSON path prefix for issues (e.g. `endorsement[0]`). */
  basePath?: string
  /** The proof purpose: `assertionMethod` for credentials (default), `authentication` for presentations. */
  purpose?: { term: 'assertionMethod' } | { term: 'authentication'; challenge: string; domain?: string }
}

/** Verifies every proof of `document`; see the module description. */
export async function verifyProofs(document: Record<string, unknown>, options: VerifyProofsOptions): Promise<ProofOutcome[]> {
  const raw = document['proof']
  const proofs = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  const prefix = options.basePath === undefined || options.basePath === '' ? '' : `${options.basePath}.`
  const pathOf = (index: number): string => (Array.isArray(raw) ? `${prefix}proof[${index}]` : `${prefix}proof`)
  const { proof: _all, ...unsecured } = document

  return Promise.all(
    proofs.map(async (candidate, index): Promise<ProofOutcome> => {
      if (!isJsonObject(candidate) || typeof candidate['type'] !== 'string') {
        return { index, type: '?', status: 'failed', issue: { code: 'ERR_PROOF_INVALID', check: 'proof', path: pathOf(index), message: 'a proof must be an object with a "type"' } }
      }
      const proof = candidate as unknown as Proof
      const base: ProofOutcome = {
        index,
        type: proof.type,
        ...(typeof proof.cryptosuite === 'string' ? { cryptosuite: proof.cryptosuite } : {}),
        ...(typeof proof.verificationMethod === 'string' ? { verificationMethod: proof.verificationMethod } : {}),
        status: 'unsupported',
      }
      const suite = options.suites.find((s) => s.matches(proof))
      if (suite === undefined) return base

      const fail = (issue: Omit<Issue, 'check' | 'path'>): ProofOutcome => ({ ...base, status: 'failed', issue: { ...issue, check: 'proof', path: pathOf(index) } })
      const purpose = options.purpose ?? { term: 'assertionMethod' }
      if (proof.proofPurpose !== purpose.term) {
        return fail({ code: 'ERR_PROOF_INVALID', message: `proofPurpose must be "${purpose.term}" here, not ${JSON.stringify(proof.proofPurpose)}` })
      }
      let key: ResolvedKey
      try {
        key = await options.resolver.resolve(String(proof.verificationMethod ?? ''))
      } catch (error) {
        const mapped = toMicrocredError(error, 'ERR_KEY_UNRESOLVED', `cannot resolve ${String(proof.verificationMethod)}`)
        return fail({ code: mapped.code, message: mapped.message })
      }

      const requested = String(proof.verificationMethod)
      const loader: DocumentLoader = async (url) =>
        url === key.verificationMethod.id || url === requested
          ? { contextUrl: null, documentUrl: url, document: key.verificationMethod }
          : options.documentLoader(url)
      // Authorise exactly this key for the purpose; binding it to the issuer (or holder) is checked separately.
      const controller = { id: key.verificationMethod.controller, assertionMethod: [key.verificationMethod.id, requested], authentication: [key.verificationMethod.id, requested] }
      const proofPurpose =
        purpose.term === 'assertionMethod'
          ? new jsigs.purposes.AssertionProofPurpose({ controller })
          : new jsigs.purposes.AuthenticationProofPurpose({ controller, challenge: purpose.challenge, ...(purpose.domain === undefined ? {} : { domain: purpose.domain }) })
      try {
        const result = await jsigs.verify({ ...unsecured, proof: candidate }, { suite: suite.verifyingSuite(options.documentLoader), purpose: proofPurpose, documentLoader: loader })
        if (result.verified) return { ...base, status: 'verified', key }
        // ecdsa-sd-2023 base proofs (CBOR tag 0xd95d00, "u2V0A" in base64url multibase) are for the holder only.
        if (suite.name === 'ecdsa-sd-2023' && typeof proof.proofValue === 'string' && proof.proofValue.startsWith('u2V0A')) {
          return fail({ code: 'ERR_PROOF_INVALID', message: 'this is an ecdsa-sd-2023 base proof, which only the holder uses: verifiers check a proof the holder derived from it (selective disclosure)' })
        }
        const error = result.results?.[0]?.error ?? result.error
        const mapped = toMicrocredError(error, 'ERR_PROOF_INVALID', `the ${suite.name} proof does not verify`)
        const signatureMismatch = /Invalid signature/i.test(String((error as Error | undefined)?.message ?? '')) || mapped.message.endsWith('Invalid signature.')
        return fail({
          code: mapped.code,
          message: signatureMismatch
            ? `the ${suite.name} signature does not match the credential: it was changed after signing, or signed with another key`
            : mapped.code === 'ERR_PROOF_INVALID' ? `the ${suite.name} proof does not verify: ${messageOf(error)}` : mapped.message,
        })
      } catch (error) {
        const mapped = toMicrocredError(error, 'ERR_PROOF_INVALID', `the ${suite.name} proof could not be checked`)
        return fail({ code: mapped.code, message: mapped.message })
      }
    }),
  )
}
