/**
 * Verifies the embedded proofs of a document, one at a time: each supported proof is checked against the key
 * the resolver finds for its verification method. This establishes only that the key signed the document;
 * whether the key is the issuer's is the `issuer-binding` check's question (keys/binding.ts), so the proof
 * purpose is given a controller document that authorises exactly this key. Unknown proof types are ignored;
 * one verified proof is enough (VC Data Integrity §4.3, proof sets).
 */
import type { Issue } from '../errors.js'
import type { DocumentLoader } from '../context/loader.js'
import type { Proof } from '../model/ob3.js'
import type { KeyResolver, ResolvedKey } from '../keys/resolve.js'
import { isJsonObject, prototypeNameIn } from '../util/json.js'
import { messageOf, toMicrocredError } from './errors.js'
import type { ProofSuite } from './suite.js'
import { jsonldSignatures } from './library.js'

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
  /** For a verified proof: something about it that the verdict does not rest on but a reader should know. */
  warning?: Issue
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
  /**
   * Tolerated clock difference in seconds for `created`; default 0. `created` is judged against the real clock, not a
   * caller's `now` (which moves the validity window): a proof cannot have been made after the moment it is checked.
   */
  clockSkewSeconds?: number
  /** Before each proof: an issue when no more work may start (the verification's budget is spent). */
  stop?: () => Omit<Issue, 'check' | 'path'> | undefined
}

/** Verifies every proof of `document`; see the module description. */
export async function verifyProofs(
  document: Record<string, unknown>,
  options: VerifyProofsOptions,
): Promise<ProofOutcome[]> {
  const raw = document['proof']
  const proofs = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  const prefix = options.basePath === undefined || options.basePath === '' ? '' : `${options.basePath}.`
  const pathOf = (index: number): string => (Array.isArray(raw) ? `${prefix}proof[${index}]` : `${prefix}proof`)
  const { proof: _all, ...unsecured } = document

  const nowMs = Date.now()
  const skewMs = Math.max(0, options.clockSkewSeconds ?? 0) * 1000
  // One proof at a time: each canonicalizes the whole document and may fetch its key, so a document with many proofs
  // costs their sum in time but never their sum in memory, and the budget is checked between them.
  const verifyOne = async (candidate: unknown, index: number): Promise<ProofOutcome> => {
    if (!isJsonObject(candidate) || typeof candidate['type'] !== 'string') {
      return {
        index,
        type: '?',
        status: 'failed',
        issue: {
          code: 'ERR_PROOF_INVALID',
          check: 'proof',
          path: pathOf(index),
          message: 'a proof must be an object with a "type"',
        },
      }
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

    const fail = (issue: Omit<Issue, 'check' | 'path'>): ProofOutcome => ({
      ...base,
      status: 'failed',
      issue: { ...issue, check: 'proof', path: pathOf(index) },
    })
    const stopped = options.stop?.()
    if (stopped !== undefined) return fail(stopped)
    // VC Data Integrity §2.1: `created` is when the proof was made; one made "later than now" was not made by now.
    const created = typeof proof.created === 'string' ? Date.parse(proof.created) : Number.NaN
    if (created > nowMs + skewMs) {
      return fail({
        code: 'ERR_PROOF_INVALID',
        message: `the proof was created ${proof.created}, after the time of verification (${new Date(nowMs).toISOString()}${skewMs > 0 ? ` plus ${skewMs / 1000} s of clock skew` : ''}): a proof from the future is not accepted`,
      })
    }
    if (suite.canonizesInside === true) {
      // Such a suite hands the document and its proofs to jsonld.js itself, whose node map would write an id such as
      // "constructor" into a built-in object: refused first, as rdf/canonize.ts refuses it for the other suites.
      const found = prototypeNameIn({ ...unsecured, proof: proofs }, { values: true })
      if (found !== undefined)
        return fail({
          code: 'ERR_JSONLD_INVALID',
          message: `"${found.name}" (at ${found.path}) is the name of a JavaScript Object.prototype member, refused before the ${suite.name} suite hands the credential to jsonld.js`,
        })
    }
    const purpose = options.purpose ?? { term: 'assertionMethod' }
    if (proof.proofPurpose !== purpose.term) {
      return fail({
        code: 'ERR_PROOF_INVALID',
        message: `proofPurpose must be "${purpose.term}" here, not ${JSON.stringify(proof.proofPurpose)}`,
      })
    }
    let key: ResolvedKey
    // The document's own value, whatever its type says: only `type` has been checked so far.
    const method: unknown = proof.verificationMethod ?? ''
    try {
      key = await options.resolver.resolve(String(method))
    } catch (error) {
      const mapped = toMicrocredError(error, 'ERR_KEY_UNRESOLVED', `cannot resolve ${String(proof.verificationMethod)}`)
      return fail({ code: mapped.code, message: mapped.message })
    }

    // The common case is checked without jsonld-signatures (see data-integrity/eddsa-rdfc-2022-direct.ts); anything
    // it does not establish goes the library's way below, which decides and explains.
    if (
      purpose.term === 'assertionMethod' &&
      suite.verifyDirectly !== undefined &&
      previousProofIds(candidate) === undefined &&
      (await suite.verifyDirectly(unsecured, candidate, key.verificationMethod, options.documentLoader))
    )
      return { ...base, status: 'verified', key }

    const jsigs = await jsonldSignatures()
    const requested = String(proof.verificationMethod)
    const loader: DocumentLoader = async (url) =>
      url === key.verificationMethod.id || url === requested
        ? { contextUrl: null, documentUrl: url, document: key.verificationMethod }
        : options.documentLoader(url)
    // Authorise exactly this key for the purpose; binding it to the issuer (or holder) is checked separately.
    const controller = {
      id: key.verificationMethod.controller,
      assertionMethod: [key.verificationMethod.id, requested],
      authentication: [key.verificationMethod.id, requested],
    }
    const proofPurpose =
      purpose.term === 'assertionMethod'
        ? new jsigs.purposes.AssertionProofPurpose({ controller })
        : new jsigs.purposes.AuthenticationProofPurpose({
            controller,
            challenge: purpose.challenge,
            ...(purpose.domain === undefined ? {} : { domain: purpose.domain }),
          })
    const previous = previousProofIds(candidate)
    let chainProblem: string | undefined
    if (previous !== undefined) {
      try {
        chainProblem = await verifyChained(
          candidate,
          previous,
          proofs,
          unsecured,
          await suite.verifyingSuite(options.documentLoader),
          proofPurpose,
          loader,
        )
      } catch (error) {
        chainProblem = `could not be checked as a chained proof: ${messageOf(error)}`
      }
      if (chainProblem === undefined) return { ...base, status: 'verified', key }
      if (chainProblem.startsWith(MISSING_PREVIOUS))
        return fail({ code: 'ERR_PROOF_INVALID', message: `the ${suite.name} proof ${chainProblem}` })
    }
    try {
      const result = await jsigs.verify(
        { ...unsecured, proof: candidate },
        { suite: await suite.verifyingSuite(options.documentLoader), purpose: proofPurpose, documentLoader: loader },
      )
      if (result.verified && chainProblem !== undefined) {
        // Some implementations sign a chained proof over the document alone, as a member of a proof set: the document
        // is authentic all the same, and the chain rule (the proofs it follows verify) still applies below.
        return {
          ...base,
          status: 'verified',
          key,
          warning: {
            code: 'ERR_PROOF_INVALID',
            check: 'proof',
            path: pathOf(index),
            severity: 'warning',
            message: `the ${suite.name} proof names a previousProof but signs the document without the proofs it follows (VC Data Integrity §4.5 has a chained proof sign them too); it was verified as a member of a proof set`,
          },
        }
      }
      if (!result.verified && chainProblem !== undefined)
        return fail({ code: 'ERR_PROOF_INVALID', message: `the ${suite.name} proof ${chainProblem}` })
      if (result.verified) return { ...base, status: 'verified', key }
      // ecdsa-sd-2023 base proofs (CBOR tag 0xd95d00, "u2V0A" in base64url multibase) are for the holder only.
      if (
        suite.name === 'ecdsa-sd-2023' &&
        typeof proof.proofValue === 'string' &&
        proof.proofValue.startsWith('u2V0A')
      ) {
        return fail({
          code: 'ERR_PROOF_INVALID',
          message:
            'this is an ecdsa-sd-2023 base proof, which only the holder uses: verifiers check a proof the holder derived from it (selective disclosure)',
        })
      }
      const error = result.results?.[0]?.error ?? result.error
      // jsonld-signatures verifies only the proofs a suite accepts to check; one it passed over was not refuted.
      if (/insufficient proofs matched/i.test(messageOf(error))) {
        return fail({
          code: 'ERR_PROOF_INVALID',
          message: `the ${suite.name} proof could not be checked: its suite does not accept it as given (its context is not the credential's: the credential's @context must include the suite's context, and the proof must not carry an @context of its own)`,
        })
      }
      const mapped = toMicrocredError(error, 'ERR_PROOF_INVALID', `the ${suite.name} proof does not verify`)
      const thrownMessage = (error as { message?: unknown } | null | undefined)?.message
      const signatureMismatch =
        (typeof thrownMessage === 'string' && /Invalid signature/i.test(thrownMessage)) ||
        mapped.message.endsWith('Invalid signature.')
      return fail({
        code: mapped.code,
        message: signatureMismatch
          ? `the ${suite.name} signature does not match the credential: it was changed after signing, or signed with another key`
          : mapped.code === 'ERR_PROOF_INVALID'
            ? `the ${suite.name} proof does not verify: ${messageOf(error)}`
            : mapped.message,
      })
    } catch (error) {
      const mapped = toMicrocredError(error, 'ERR_PROOF_INVALID', `the ${suite.name} proof could not be checked`)
      return fail({ code: mapped.code, message: mapped.message })
    }
  }
  const outcomes: ProofOutcome[] = []
  for (const [index, candidate] of proofs.entries()) outcomes.push(await verifyOne(candidate, index))
  return withChainsChecked(outcomes, proofs, pathOf)
}

const MISSING_PREVIOUS = 'names previous proofs that are not in the credential'

/** The `previousProof` ids of a proof (VC Data Integrity §2.1.2: a string or a list of strings), or undefined. */
function previousProofIds(proof: Record<string, unknown>): string[] | undefined {
  const value = proof['previousProof']
  if (value === undefined) return undefined
  return (Array.isArray(value) ? value : [value]).map((id) => (typeof id === 'string' ? id : JSON.stringify(id)))
}

/**
 * Verifies a proof of a chain (VC Data Integrity §4.5, "Verify Proof Sets and Chains"): it signed the document with
 * the proofs it names in `previousProof` (and only those) as its `proof`. jsonld-signatures removes every proof before
 * verifying one, so a chained proof is verified by its suite directly on that input document. Returns why it fails,
 * or undefined when it verifies.
 */
async function verifyChained(
  candidate: Record<string, unknown>,
  previous: string[],
  all: unknown[],
  unsecured: Record<string, unknown>,
  suite: object,
  purpose: object,
  documentLoader: DocumentLoader,
): Promise<string | undefined> {
  const matching = previous.map((id) =>
    all.find((other) => isJsonObject(other) && other !== candidate && other['id'] === id),
  )
  const missing = previous.filter((_id, i) => matching[i] === undefined)
  if (missing.length > 0) return `${MISSING_PREVIOUS} (${missing.join(', ')})`
  const document = { ...unsecured, proof: matching }
  // As jsonld-signatures hands proofs to suites: with the document's @context.
  const proof = { '@context': unsecured['@context'], ...candidate }
  const verifier = suite as {
    verifyProof(options: object): Promise<{ verified: boolean; verificationMethod?: object; error?: unknown }>
  }
  const result = await verifier.verifyProof({
    proof,
    document,
    proofSet: [...matching, proof],
    documentLoader,
    purpose: { validate: () => Promise.resolve({ valid: true }) },
  })
  if (!result.verified) return `does not verify over the document and the proofs it follows: ${messageOf(result.error)}`
  const validator = purpose as {
    validate(proof: object, options: object): Promise<{ valid: boolean; error?: unknown }>
  }
  const purposeResult = await validator.validate(proof, {
    document,
    suite,
    verificationMethod: result.verificationMethod,
    documentLoader,
  })
  return purposeResult.valid ? undefined : `does not meet its proof purpose: ${messageOf(purposeResult.error)}`
}

/**
 * A chained proof counts only when every proof it follows verified too ("MUST verify before the current proof"),
 * through the whole chain: a proof that follows one that fails fails, and so on until nothing changes. A previousProof
 * must name exactly one other proof: an id several proofs carry names none.
 */
function withChainsChecked(
  outcomes: ProofOutcome[],
  proofs: unknown[],
  pathOf: (index: number) => string,
): ProofOutcome[] {
  const holders = new Map<string, number[]>()
  proofs.forEach((proof, index) => {
    if (isJsonObject(proof) && typeof proof['id'] === 'string')
      holders.set(proof['id'], [...(holders.get(proof['id']) ?? []), index])
  })
  const result = [...outcomes]
  for (let changed = true; changed;) {
    changed = false
    for (const [position, outcome] of result.entries()) {
      const candidate = proofs[outcome.index]
      if (outcome.status !== 'verified' || !isJsonObject(candidate)) continue
      const broken = (previousProofIds(candidate) ?? []).filter((id) => {
        const named = (holders.get(id) ?? []).filter((index) => index !== outcome.index)
        return named.length !== 1 || result.find((other) => other.index === named[0])?.status !== 'verified'
      })
      if (broken.length === 0) continue
      const { key: _key, ...rest } = outcome
      result[position] = {
        ...rest,
        status: 'failed',
        issue: {
          code: 'ERR_PROOF_INVALID',
          check: 'proof',
          path: pathOf(outcome.index),
          message: `the proof follows ${broken.join(', ')} (previousProof), which does not verify or does not name exactly one other proof`,
        },
      }
      changed = true
    }
  }
  return result
}
