/**
 * Verifies the embedded proofs of a document, one at a time: each supported proof is checked against the key
 * the resolver finds for its verification method, with the assertion proof purpose and that key's controller
 * document (so the key must be listed under `assertionMethod`). Unknown proof types are ignored; one verified
 * proof is enough (VC Data Integrity §4.3, proof sets).
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
      if (proof.proofPurpose !== 'assertionMethod') {
        return fail({ code: 'ERR_PROOF_INVALID', message: `proofPurpose must be "assertionMethod" for a credential, not ${JSON.stringify(proof.proofPurpose)}` })
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
      try {
        const result = await jsigs.verify(
          { ...unsecured, proof: candidate },
          {
            suite: suite.verifyingSuite(),
            purpose: new jsigs.purposes.AssertionProofPurpose({ controller: key.controller }),
            documentLoader: loader,
          },
        )
        if (result.verified) return { ...base, status: 'verified', key }
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
