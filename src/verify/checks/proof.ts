/** Check `proof`: at least one embedded proof of a supported type verifies; unknown proof types are ignored. */
import type { Issue } from '../../errors.js'
import type { Proof } from '../../model/ob3.js'
import { asArray, isJsonObject } from '../../util/json.js'
import { ecdsaRdfc2019 } from '../../proof/data-integrity/ecdsa-rdfc-2019.js'
import { ecdsaSd2023 } from '../../proof/data-integrity/ecdsa-sd-2023.js'
import { eddsa2022 } from '../../proof/data-integrity/eddsa-2022.js'
import { eddsaRdfc2022 } from '../../proof/data-integrity/eddsa-rdfc-2022.js'
import { ed25519Signature2020 } from '../../proof/ed25519-2020/ed25519-signature-2020.js'
import { ed25519Signature2018 } from '../../proof/ed25519-2018/ed25519-signature-2018.js'
import type { ProofSuite } from '../../proof/suite.js'
import { verifyProofs } from '../../proof/verify.js'
import { verifyVcJwt } from '../../proof/jwt/verify-jwt.js'
import { fromIssues, passed, skipped, type CheckOutcome, type VerificationState } from '../state.js'

/** The proof formats `verify()` checks. */
export const VERIFYING_SUITES: readonly ProofSuite[] = [
  eddsaRdfc2022,
  ecdsaSd2023,
  ecdsaRdfc2019,
  ed25519Signature2020,
  ed25519Signature2018,
  eddsa2022,
]

export async function checkProof(state: VerificationState): Promise<CheckOutcome> {
  if (state.jwt !== undefined) {
    const outcome = await verifyVcJwt(state.jwt, state.resolver)
    state.proofs = [
      {
        index: 0,
        type: 'JWT',
        status: outcome.verified ? 'verified' : 'failed',
        ...(outcome.key === undefined ? {} : { key: outcome.key }),
      },
    ]
    return outcome.verified
      ? passed(
          `VC-JWT (${String(state.jwt.header['alg'])}) signature and claims verified with ${outcome.key?.verificationMethod.id ?? 'its key'}`,
        )
      : fromIssues(outcome.issues)
  }
  const { credential } = state
  if (state.holderProof !== undefined && credential['proof'] === undefined) {
    // Self-asserted: the presentation's proof covers this credential; its key must still be the issuer's (next check).
    state.proofs = [{ ...state.holderProof, index: 0 }]
    return passed(
      `self-asserted: secured by the presentation's ${state.holderProof.cryptosuite ?? state.holderProof.type} proof (VC Data Model 2.0 §4.13.4)`,
    )
  }
  if (credential['proof'] === undefined || (Array.isArray(credential['proof']) && credential['proof'].length === 0)) {
    return fromIssues([
      { code: 'ERR_PROOF_MISSING', check: 'proof', path: 'proof', message: 'the credential has no embedded proof' },
    ])
  }
  const entries = asArray(credential['proof'])
  const proofs = entries.filter(
    (entry) => isJsonObject(entry) && typeof entry['type'] === 'string',
  ) as unknown as Proof[]
  if (!proofs.some((proof) => VERIFYING_SUITES.some((suite) => suite.matches(proof)))) {
    const malformed: Issue[] = entries.flatMap((entry, i) =>
      isJsonObject(entry) && typeof entry['type'] === 'string'
        ? []
        : [
            {
              code: 'ERR_PROOF_INVALID' as const,
              check: 'proof' as const,
              path: Array.isArray(credential['proof']) ? `proof[${i}]` : 'proof',
              message: 'a proof must be an object with a "type"',
            },
          ],
    )
    return malformed.length > 0 ? fromIssues(malformed) : unsupported(proofs.map((p) => p.cryptosuite ?? p.type))
  }
  if (state.results.get('context')?.status === 'failed') {
    return skipped('the credential is not valid JSON-LD (see the context check), so its proof cannot be checked')
  }
  const outcomes = await verifyProofs(credential, {
    documentLoader: state.documentLoader,
    resolver: state.resolver,
    suites: VERIFYING_SUITES,
    ...(state.options.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: state.options.clockSkewSeconds }),
    stop: () =>
      state.budget.timeSpent
        ? { code: 'ERR_BUDGET_EXCEEDED', message: state.budget.timeError('this proof was not checked').message }
        : undefined,
  })
  state.proofs = outcomes
  const verified = outcomes.filter((o) => o.status === 'verified')
  const failures: Issue[] = outcomes.flatMap((o) => (o.issue === undefined ? [] : [o.issue]))
  if (verified.length > 0) {
    // OB 3.0 §8 and VC Data Integrity §4.3 (proof sets): one verified proof is enough; the ones that do not verify are
    // reported, as warnings, so that a strict policy can refuse them.
    const warnings = [
      ...failures.map((issue) => ({
        ...issue,
        severity: 'warning' as const,
        message: `${issue.message} (another proof verified)`,
      })),
      ...outcomes.flatMap((o) => (o.warning === undefined ? [] : [o.warning])),
    ]
    const names = verified.map(
      (o) => `${o.cryptosuite ?? o.type} proof verified with ${o.verificationMethod ?? 'its key'}`,
    )
    return fromIssues(
      warnings,
      `${names.join('; ')}${outcomes.length > 1 ? ` (${verified.length} of ${outcomes.length} proofs)` : ''}`,
    )
  }
  return failures.length === 0 ? unsupported(outcomes.map((o) => o.cryptosuite ?? o.type)) : fromIssues(failures)
}

function unsupported(found: string[]): CheckOutcome {
  return fromIssues([
    {
      code: 'ERR_PROOF_UNSUPPORTED',
      check: 'proof',
      path: 'proof',
      message: `no proof of a supported type (found: ${found.join(', ')}; supported: ${VERIFYING_SUITES.map((s) => s.name).join(', ')})`,
    },
  ])
}
