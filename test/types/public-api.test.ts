/**
 * Type-level tests of the public API: what users' code is type-checked against. `expectTypeOf` does nothing at run
 * time; `npm run typecheck` (tsc over test/) is what fails when a signature drifts. A change here is a change users see,
 * and belongs in the CHANGELOG.
 */
import { describe, expectTypeOf, it } from 'vitest'
import {
  createMicroCredential,
  ERROR_CODES,
  issue,
  issueJwt,
  isMicrocredError,
  MicrocredError,
  sign,
  summarizeCredential,
  verify,
  type CredentialSummary,
  type Issue,
  type IssueJwtOptions,
  type IssueOptions,
  type IssuingProof,
  type KeyPair,
  type MicroCredential,
  type MicroCredentialInput,
  type MicrocredErrorCode,
  type Signed,
  type VerificationPolicy,
  type VerificationProfile,
  type VerificationReport,
  type VerifyOptions,
  verifyPresentation,
  type PresentationReport,
} from '../../src/index.js'
import { bakePng } from '../../src/entries/bake.js'
import type { IssueBatchOptions, IssueManyOptions } from '../../src/entries/batch.js'
import { evaluateStack, type StackEvaluation } from '../../src/entries/stack.js'
import type { PublishStatusListOptions, StatusList } from '../../src/entries/status.js'
import { createVcApiServer, type Problem, type VcApiServer, type VcApiServerOptions } from '../../src/entries/server.js'

declare const input: MicroCredentialInput
declare const keyPair: KeyPair

describe('the public API, as the type checker sees it', () => {
  it('builds and signs: createMicroCredential -> issue (alias sign) keeps the credential type and adds the proofs', () => {
    expectTypeOf(createMicroCredential).parameter(0).toEqualTypeOf<MicroCredentialInput>()
    expectTypeOf(createMicroCredential).returns.toEqualTypeOf<MicroCredential>()
    // issue() is overloaded on options.proof: a Data Integrity proof (or none) gives the signed object, 'vc-jwt' the JWT.
    expectTypeOf(() => issue(createMicroCredential(input), { keyPair })).returns.resolves.toEqualTypeOf<
      Signed<MicroCredential>
    >()
    expectTypeOf(() =>
      issue(createMicroCredential(input), { keyPair, proof: 'Ed25519Signature2020' }),
    ).returns.resolves.toEqualTypeOf<Signed<MicroCredential>>()
    expectTypeOf(() => issue(createMicroCredential(input), { keyPair, proof: 'vc-jwt' })).returns.resolves.toBeString()
    expectTypeOf(sign).toEqualTypeOf(issue)
    expectTypeOf(issueJwt).returns.resolves.toBeString()
    expectTypeOf<IssueOptions['proof']>().toEqualTypeOf<IssuingProof | undefined>()
    expectTypeOf<IssuingProof>().toEqualTypeOf<'eddsa-rdfc-2022' | 'Ed25519Signature2020' | 'vc-jwt'>()
    expectTypeOf<IssueJwtOptions>().not.toHaveProperty('proof')
    expectTypeOf<IssueManyOptions['proof']>().toEqualTypeOf<IssuingProof | undefined>()
    expectTypeOf<IssueBatchOptions['proof']>().toEqualTypeOf<IssuingProof | undefined>()
    expectTypeOf(issue).parameter(1).toHaveProperty('keyPair').toEqualTypeOf<KeyPair | undefined>()
  })

  it('verifies anything (unknown in), and answers a report, never a throw', () => {
    expectTypeOf(verify).parameter(0).toBeUnknown()
    expectTypeOf(verify).parameter(1).toEqualTypeOf<VerifyOptions | undefined>()
    expectTypeOf(verify).returns.resolves.toEqualTypeOf<VerificationReport>()
    expectTypeOf<VerificationReport['verified']>().toBeBoolean()
    expectTypeOf<VerificationReport['issues']>().toEqualTypeOf<Issue[]>()
    expectTypeOf<VerifyOptions['policy']>().toEqualTypeOf<VerificationPolicy | undefined>()
    expectTypeOf<VerifyOptions['profile']>().toEqualTypeOf<VerificationProfile | undefined>()
    expectTypeOf<VerificationPolicy>().toEqualTypeOf<'default' | 'strict'>()
    expectTypeOf(summarizeCredential).returns.toEqualTypeOf<CredentialSummary>()
  })

  it('errors: one code type, a literal union from ERROR_CODES, on errors, issues and problems alike', () => {
    expectTypeOf<MicrocredErrorCode>().toEqualTypeOf<(typeof ERROR_CODES)[number]>()
    expectTypeOf<'ERR_PROOF_INVALID'>().toExtend<MicrocredErrorCode>()
    expectTypeOf<'ERR_NO_SUCH_CODE'>().not.toExtend<MicrocredErrorCode>()
    expectTypeOf<MicrocredError['code']>().toEqualTypeOf<MicrocredErrorCode>()
    expectTypeOf<MicrocredError['path']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<Issue['code']>().toEqualTypeOf<MicrocredErrorCode>()
    expectTypeOf<Problem['code']>().toEqualTypeOf<MicrocredErrorCode>()
    expectTypeOf(isMicrocredError).guards.toEqualTypeOf<MicrocredError>()
  })

  it('the service: options in, a server with listen() and close() out', () => {
    expectTypeOf(createVcApiServer).parameter(0).toEqualTypeOf<VcApiServerOptions>()
    expectTypeOf(createVcApiServer).returns.resolves.toEqualTypeOf<VcApiServer>()
    expectTypeOf<VcApiServer['listen']>().returns.resolves.toBeString()
    expectTypeOf<VcApiServerOptions['publicUrl']>().toBeString()
  })

  it('the entry points share their types: a KeyPair and a StatusList are one type wherever they are imported from', () => {
    expectTypeOf<PublishStatusListOptions['keyPair']>().toEqualTypeOf<KeyPair | undefined>()
    expectTypeOf<IssueOptions['status']>().toEqualTypeOf<StatusList | undefined>()
    expectTypeOf(bakePng).parameter(1).toEqualTypeOf<object | string>()
    expectTypeOf(evaluateStack).returns.resolves.toEqualTypeOf<StackEvaluation>()
    expectTypeOf(verifyPresentation).returns.resolves.toEqualTypeOf<PresentationReport>()
  })
})
