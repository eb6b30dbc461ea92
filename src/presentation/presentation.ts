/**
 * Verifiable presentations (W3C VC Data Model 2.0 §4.13): a holder wraps credentials and signs them for one
 * verifier, with the verifier's `challenge` (and `domain`) inside the proof, so the presentation cannot be
 * replayed elsewhere. The proof is `eddsa-rdfc-2022` with the `authentication` purpose.
 */
import { MicrocredError, type Issue, type PresentationCheckId } from '../errors.js'
import type { DocumentLoader } from '../context/loader.js'
import { defaultDocumentLoader } from '../context/loader.js'
import { VC_V2_CONTEXT } from '../context/urls.js'
import { jsonLdSafeModeIssues } from '../rdf/safe-mode.js'
import { issuerBindingIssue } from '../keys/binding.js'
import { isKeyPair, type KeyPair } from '../keys/keypair.js'
import { createKeyResolver, type KeyResolver } from '../keys/resolve.js'
import { assertSigner, createSigner, type Signer } from '../keys/signer.js'
import { eddsaRdfc2022 } from '../proof/data-integrity/eddsa-rdfc-2022.js'
import { jsonldSignatures } from '../proof/library.js'
import { verifyProofs, type ProofOutcome } from '../proof/verify.js'
import { bundledResourceDigest } from '../context/bundled.js'
import { presentationDataModelIssues } from '../schema/data-model.js'
import { VERIFYING_SUITES } from '../verify/checks/proof.js'
import { issuerIdOf } from '../verify/checks/issuer-binding.js'
import { toMicrocredError } from '../proof/errors.js'
import { formatDateTime, nowDateTime } from '../util/dates.js'
import { asArray, assertOptions, cloneJson, isJsonObject } from '../util/json.js'
import { budgetOf, overBudgetReport, verifySelfAsserted, verifyWithin } from '../verify/verify.js'
import { readJsonObject, refusedStructure } from '../verify/checks/syntax.js'
import { asErrors } from '../verify/state.js'
import type { VerifyOptions } from '../verify/options.js'
import type { VerificationReport } from '../verify/report.js'

/** A verifiable presentation. */
export interface VerifiablePresentation {
  '@context': (string | Record<string, unknown>)[]
  id?: string
  type: string[]
  holder?: string
  /** Credentials with embedded proofs, and VC-JWTs as `EnvelopedVerifiableCredential`s. */
  verifiableCredential?: Record<string, unknown>[]
  proof?: Record<string, unknown>[]
}

/** Options of {@link createPresentation}. */
export interface CreatePresentationOptions {
  /** Signed credentials (objects) or VC-JWTs (strings). */
  credentials: (Record<string, unknown> | string)[]
  /** The holder's DID or URL; must control the key that will sign. */
  holder?: string
  /** Presentation id, e.g. `urn:uuid:...`. */
  id?: string
}

/**
 * Wraps credentials in an unsigned presentation. VC-JWTs go in as `EnvelopedVerifiableCredential`s
 * (`data:application/vc+jwt,<jwt>`, VC Data Model 2.0 §4.13.1).
 *
 * @example
 * ```ts
 * const presentation = createPresentation({ credentials: [signed], holder: learnerKey.controller })
 * ```
 */
export function createPresentation(options: CreatePresentationOptions): VerifiablePresentation {
  if (!isJsonObject(options) || !Array.isArray(options.credentials))
    throw new TypeError('createPresentation(options): options.credentials must be an array')
  const verifiableCredential = options.credentials.map((credential, i) => {
    if (typeof credential === 'string') {
      return {
        '@context': VC_V2_CONTEXT,
        id: `data:application/vc+jwt,${credential}`,
        type: 'EnvelopedVerifiableCredential',
      }
    }
    if (!isJsonObject(credential))
      throw new TypeError(
        `createPresentation(options): credentials[${i}] must be a credential object or a VC-JWT string`,
      )
    return cloneJson(credential)
  })
  return {
    '@context': [VC_V2_CONTEXT],
    ...(options.id === undefined ? {} : { id: options.id }),
    type: ['VerifiablePresentation'],
    ...(options.holder === undefined ? {} : { holder: options.holder }),
    // VC Data Model 2.0 §4.13: when present, one or more credentials.
    ...(verifiableCredential.length === 0 ? {} : { verifiableCredential }),
  }
}

/** Options of {@link signPresentation}: a `keyPair` or a `signer`, and the verifier's `challenge`. */
export interface SignPresentationOptions {
  keyPair?: KeyPair
  signer?: Signer
  /** The verifier's nonce; required. */
  challenge: string
  /** The verifier's domain, e.g. `https://employer.example`. */
  domain?: string
  /** The proof's `created` time; default now. */
  created?: string | Date
  documentLoader?: DocumentLoader
}

/**
 * Signs a presentation as its holder (`authentication` proof purpose, with `challenge` and `domain`). Sets
 * `holder` to the key's controller when absent; refuses a key that is not the holder's.
 *
 * @throws MicrocredError `ERR_HOLDER_MISMATCH` when the key's controller is not `presentation.holder`; `ERR_DATA_MODEL`
 *   (with the path) for a presentation the VC Data Model forbids, e.g. an existing proof without a `type`.
 * @example
 * ```ts
 * const signedVp = await signPresentation(presentation, { keyPair: learnerKey, challenge: nonceFromVerifier, domain: 'https://employer.example' })
 * ```
 */
export async function signPresentation(
  presentation: VerifiablePresentation,
  options: SignPresentationOptions,
): Promise<VerifiablePresentation & { proof: Record<string, unknown>[] }> {
  if (!isJsonObject(presentation))
    throw new TypeError('signPresentation(presentation, options): presentation must be an object')
  assertOptions(options, 'signPresentation(presentation, options)')
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- options come from callers: JavaScript may pass none
  if (typeof options?.challenge !== 'string' || options.challenge === '')
    throw new TypeError("signPresentation(presentation, options): options.challenge (the verifier's nonce) is required")
  const { keyPair, signer: given } = options
  if ((keyPair === undefined) === (given === undefined))
    throw new TypeError(
      'signPresentation(presentation, options): pass exactly one of options.keyPair and options.signer',
    )
  if (keyPair !== undefined && !isKeyPair(keyPair))
    throw new TypeError(
      'signPresentation(presentation, options): options.keyPair is not a key pair made by generateKeyPair() or importKeyPair()',
    )
  // Exactly one of the two is defined (checked above); assertSigner() refuses anything else.
  const signer = keyPair !== undefined ? createSigner(keyPair) : given
  assertSigner(signer, 'signPresentation(presentation, options)')
  if (signer.algorithm !== 'Ed25519')
    throw new TypeError(
      'signPresentation(presentation, options): presentations are signed with eddsa-rdfc-2022, which needs an Ed25519 key',
    )
  const controller = keyPair?.controller ?? signer.id.replace(/#.*$/s, '')
  if (presentation.holder !== undefined && presentation.holder !== controller) {
    throw new MicrocredError(
      'ERR_HOLDER_MISMATCH',
      `the key ${signer.id} is controlled by ${controller}, not by the holder ${presentation.holder}`,
      { path: 'holder' },
    )
  }
  const created =
    options.created === undefined
      ? nowDateTime()
      : options.created instanceof Date
        ? formatDateTime(options.created)
        : options.created
  const document = { ...cloneJson(presentation), holder: controller }
  // Refuse what the VC Data Model forbids (a proof without a type, a credential given as a string...) before signing it.
  const forbidden = presentationDataModelIssues(document, { resourceDigest: bundledResourceDigest }).filter(
    (issue) => issue.severity !== 'warning',
  )
  if (forbidden.length > 0) throw MicrocredError.fromIssues(forbidden)
  const documentLoader = options.documentLoader ?? defaultDocumentLoader
  if (eddsaRdfc2022.signingSuite === undefined) throw new Error('internal error: eddsa-rdfc-2022 has no signing suite')
  try {
    const jsigs = await jsonldSignatures()
    const signed = await jsigs.sign(document, {
      suite: await eddsaRdfc2022.signingSuite(signer, created, documentLoader),
      purpose: new jsigs.purposes.AuthenticationProofPurpose({
        challenge: options.challenge,
        ...(options.domain === undefined ? {} : { domain: options.domain }),
      }),
      documentLoader,
    })
    return { ...(signed as unknown as VerifiablePresentation), proof: asArray(signed['proof']).filter(isJsonObject) }
  } catch (error) {
    throw toMicrocredError(error, 'ERR_SIGNING_FAILED', 'signing the presentation failed')
  }
}

/** Options of {@link verifyPresentation}: the expected `challenge` (and `domain`), plus everything `verify()` takes for the credentials inside. */
export interface VerifyPresentationOptions extends VerifyOptions {
  /** The nonce the verifier gave the holder; required. */
  challenge: string
  /** The domain the verifier expects, if it gave one. */
  domain?: string
}

/** The outcome of one presentation check. */
export interface PresentationCheckResult {
  id: PresentationCheckId
  status: 'passed' | 'failed' | 'skipped'
  reason?: string
}

/** What `verifyPresentation()` returns: the presentation's own checks, and one report per credential inside. */
export interface PresentationReport {
  verified: boolean
  /** The policy the verdict was reached under (see `VerifyOptions.policy`). */
  policy: 'default' | 'strict'
  presentation?: Record<string, unknown>
  checks: PresentationCheckResult[]
  issues: Issue[]
  credentials: VerificationReport[]
}

/**
 * Verifies a presentation: its JSON-LD, the VC Data Model's presentation rules, the holder's proof (`authentication`
 * purpose, the expected `challenge` and `domain`), that the proof key is the holder's (when it names a holder: VC Data
 * Model 2.0 makes `holder` optional), and every credential inside (each with `verify()`; the presentation is verified
 * only when all of them are). A credential without a proof of its own whose issuer is the holder is self-asserted
 * (VC Data Model 2.0 §4.13.4): the presentation's proof secures it. Never throws because of the presentation.
 *
 * @example
 * ```ts
 * const report = await verifyPresentation(vp, { challenge: nonce, domain: 'https://employer.example', fetch: safeFetch() })
 * report.credentials.map((c) => c.verified)
 * ```
 */
export async function verifyPresentation(
  input: unknown,
  options: VerifyPresentationOptions,
): Promise<PresentationReport> {
  assertOptions(options, 'verifyPresentation(presentation, options)')
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- options come from callers: JavaScript may pass none
  if (typeof options?.challenge !== 'string' || options.challenge === '')
    throw new TypeError('verifyPresentation(presentation, options): options.challenge is required')
  const strict = options.policy === 'strict'
  const policy = strict ? 'strict' : 'default'
  const checks: PresentationCheckResult[] = []
  const issues: Issue[] = []
  const credentials: VerificationReport[] = []
  const record = (id: PresentationCheckId, found: Issue[], passReason?: string): boolean => {
    const counted = strict ? asErrors(found) : found
    const failed = counted.some((i) => i.severity !== 'warning')
    checks.push({
      id,
      status: failed ? 'failed' : 'passed',
      ...(failed || passReason === undefined ? {} : { reason: passReason }),
    })
    issues.push(...counted)
    return !failed
  }
  const skip = (reason: string, ...ids: PresentationCheckId[]): void => {
    for (const id of ids) checks.push({ id, status: 'skipped', reason })
  }

  // The caps of a credential apply to the presentation as a whole (its size, depth and arrays, credentials included).
  let presentation: Record<string, unknown> | undefined
  try {
    const read = readJsonObject(input, options, 'a presentation')
    presentation = 'value' in read ? read.value : undefined
    if ('issue' in read) record('syntax', [read.issue])
    else {
      const type = read.value['type']
      const ok = (Array.isArray(type) ? type : [type]).includes('VerifiablePresentation')
      const overCap = refusedStructure(read.value)
      record(
        'syntax',
        !ok
          ? [
              {
                code: 'ERR_SYNTAX',
                check: 'syntax',
                message: 'not a verifiable presentation (a JSON object whose type contains "VerifiablePresentation")',
              },
            ]
          : overCap === undefined
            ? []
            : [overCap],
      )
    }
  } catch (error) {
    // Only a value no JSON could be (a Proxy whose traps throw, a throwing getter) gets here: still a report.
    presentation = undefined
    record('syntax', [
      {
        code: 'ERR_SYNTAX',
        check: 'syntax',
        message: `the input could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`,
      },
    ])
  }
  if (!isJsonObject(presentation) || checks[0]?.status === 'failed') {
    skip('an earlier check failed', 'context', 'data-model', 'proof', 'holder-binding', 'credentials')
    return { verified: false, policy, checks, issues, credentials }
  }
  const vp = presentation
  const documentLoader = options.documentLoader ?? defaultDocumentLoader
  const budget = budgetOf(options, 'verifyPresentation(presentation, options)')
  const resolver: KeyResolver =
    options.resolver ??
    createKeyResolver(options.fetch === undefined ? {} : { fetch: budget.limitFetch(options.fetch) })
  const stop = (): { code: 'ERR_BUDGET_EXCEEDED'; message: string } | undefined =>
    budget.timeSpent
      ? { code: 'ERR_BUDGET_EXCEEDED', message: budget.timeError('this proof was not checked').message }
      : undefined

  const contextOk = record(
    'context',
    await jsonLdSafeModeIssues({ ...vp, verifiableCredential: undefined }, { documentLoader }),
  )
  record(
    'data-model',
    presentationDataModelIssues(vp, { resourceDigest: bundledResourceDigest }),
    'the presentation follows the VC Data Model',
  )

  // The holder's proof: challenge and domain first (clear codes), then the signature.
  const proofIssues: Issue[] = []
  const proofs = asArray(vp['proof']).filter(isJsonObject)
  if (proofs.length === 0)
    proofIssues.push({
      code: 'ERR_PROOF_MISSING',
      check: 'proof',
      path: 'proof',
      message: 'the presentation has no proof',
    })
  for (const [i, proof] of proofs.entries()) {
    const at = Array.isArray(vp['proof']) ? `proof[${i}]` : 'proof'
    if (proof['challenge'] !== options.challenge)
      proofIssues.push({
        code: 'ERR_CHALLENGE_MISMATCH',
        check: 'proof',
        path: `${at}.challenge`,
        message: `the proof's challenge ${JSON.stringify(proof['challenge'] ?? null)} is not the one this verifier gave`,
      })
    if (options.domain !== undefined && proof['domain'] !== options.domain)
      proofIssues.push({
        code: 'ERR_DOMAIN_MISMATCH',
        check: 'proof',
        path: `${at}.domain`,
        message: `the proof's domain ${JSON.stringify(proof['domain'] ?? null)} is not ${JSON.stringify(options.domain)}`,
      })
  }
  let holderProof: (ProofOutcome & Required<Pick<ProofOutcome, 'key'>>) | undefined
  if (proofIssues.length === 0 && contextOk) {
    const outcomes = await verifyProofs(vp, {
      documentLoader,
      resolver,
      suites: VERIFYING_SUITES,
      purpose: {
        term: 'authentication',
        challenge: options.challenge,
        ...(options.domain === undefined ? {} : { domain: options.domain }),
      },
      ...(options.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: options.clockSkewSeconds }),
      stop,
    })
    holderProof = outcomes.find(
      (o): o is ProofOutcome & Required<Pick<ProofOutcome, 'key'>> => o.status === 'verified' && o.key !== undefined,
    )
    if (holderProof === undefined) {
      const failures: Issue[] = outcomes.flatMap((o) => (o.issue === undefined ? [] : [o.issue]))
      if (failures.length === 0)
        failures.push({
          code: 'ERR_PROOF_UNSUPPORTED',
          check: 'proof',
          path: 'proof',
          message: `no proof of a supported type (supported: ${VERIFYING_SUITES.map((suite) => suite.name).join(', ')})`,
        })
      proofIssues.push(...failures)
    }
  }
  const holder =
    typeof vp['holder'] === 'string'
      ? vp['holder']
      : isJsonObject(vp['holder']) && typeof vp['holder']['id'] === 'string'
        ? vp['holder']['id']
        : undefined
  let holderBound = false
  if (!contextOk) skip('the presentation is not valid JSON-LD (see the context check)', 'proof', 'holder-binding')
  else {
    const proofOk = record(
      'proof',
      proofIssues,
      holderProof === undefined
        ? undefined
        : `${holderProof.cryptosuite ?? holderProof.type} proof verified with ${holderProof.verificationMethod ?? 'its key'}`,
    )
    if (!proofOk || holderProof === undefined) skip('no verified proof to bind to the holder', 'holder-binding')
    else if (vp['holder'] === undefined)
      skip(
        'the presentation names no holder (VC Data Model 2.0 makes it optional): its proof shows only that the presenter controls the key',
        'holder-binding',
      )
    else {
      const issue = await issuerBindingIssue(resolver, holder, holderProof.key, 'data-integrity', 'holder', {
        relationship: 'authentication',
        check: 'holder-binding',
        code: 'ERR_HOLDER_MISMATCH',
        owner: 'holder',
      })
      holderBound = record('holder-binding', issue === undefined ? [] : [issue], "the proof key is the holder's")
    }
  }

  const { challenge: _challenge, domain: _domain, ...credentialOptions } = options
  const credentialIssues: Issue[] = []
  for (const [i, entry] of asArray(vp['verifiableCredential']).entries()) {
    const enveloped =
      isJsonObject(entry) && entry['type'] === 'EnvelopedVerifiableCredential' && typeof entry['id'] === 'string'
    const content = enveloped
      ? String((entry as Record<string, unknown>)['id']).replace(/^data:application\/vc\+jwt,/, '')
      : entry
    const selfAsserted =
      !enveloped &&
      isJsonObject(entry) &&
      entry['proof'] === undefined &&
      holder !== undefined &&
      issuerIdOf(entry) === holder
    const report = budget.timeSpent
      ? overBudgetReport(budget.timeError('not verified').message)
      : selfAsserted && holderBound && holderProof !== undefined
        ? await verifySelfAsserted(content, { ...credentialOptions, resolver }, holderProof, budget)
        : await verifyWithin(content, { ...credentialOptions, resolver }, budget)
    credentials.push(report)
    if (!report.verified) {
      const reasons = report.issues
        .filter((x) => x.severity !== 'warning')
        .slice(0, 3)
        .map((x) => x.code)
      credentialIssues.push({
        code: 'ERR_CREDENTIAL_INVALID',
        check: 'credentials',
        path: `verifiableCredential[${i}]`,
        message: `the credential does not verify (${reasons.join(', ') || 'see its report'})${selfAsserted && !holderBound ? "; it has no proof of its own and the presentation's proof is not bound to its holder" : ''}`,
      })
    }
  }
  record(
    'credentials',
    credentialIssues,
    `${credentials.length} credential${credentials.length === 1 ? '' : 's'} verified`,
  )

  const passed = (id: PresentationCheckId): boolean => checks.find((c) => c.id === id)?.status === 'passed'
  const holderOk = vp['holder'] === undefined ? holderProof !== undefined : passed('holder-binding')
  const verified =
    checks.every((c) => c.status !== 'failed') &&
    passed('context') &&
    passed('data-model') &&
    passed('proof') &&
    holderOk
  return { verified, policy, presentation: vp, checks, issues, credentials }
}
