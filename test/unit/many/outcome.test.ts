/**
 * What crosses back from a signing worker (src/many/outcome.ts): the worker signs its parsed credential in place and
 * answers with as little as lets the calling thread rebuild exactly what issue() returns, as objects or as JSON text;
 * a changed `@context` is seen even when changed in place; an answer of the wrong kind is refused, not guessed at.
 */
import { describe, expect, it } from 'vitest'
import { generateKeyPair, issue, MicrocredError, type MicroCredential } from '../../../src/index.js'
import { issueOwned } from '../../../src/issue/issue.js'
import { inOutput, noteBeforeSigning, resultOf, signedOutcome } from '../../../src/many/outcome.js'
import type { SerializedOutcome } from '../../../src/many/protocol.js'
import type { IssueManyOutput } from '../../../src/many/sign-one.js'
import type { ProofFormat } from '../../../src/proof/suite.js'
import { euCredential } from '../../helpers/credentials.js'

const created = '2025-09-01T00:00:00Z'
const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1'

describe('signing outcomes', async () => {
  const keyPair = await generateKeyPair()
  const fresh = euCredential(keyPair)
  const signedOnce = await issue(fresh, { keyPair, created: '2025-08-01T00:00:00Z' })
  const with2020Context = { ...fresh, '@context': [...fresh['@context'], ED25519_2020_CONTEXT] } as MicroCredential

  /** A worker's round trip: parse the sent text, sign it in place, answer; the calling thread rebuilds on what it kept. */
  async function throughAWorker(
    credential: object,
    proof: ProofFormat,
    output: IssueManyOutput,
  ): Promise<{ kind: string; rebuilt: unknown }> {
    const text = JSON.stringify(credential)
    const parsed = JSON.parse(text) as MicroCredential
    const before = noteBeforeSigning(parsed)
    const signed = await issueOwned(parsed, { keyPair, proof, created })
    const outcome = JSON.parse(
      JSON.stringify(signedOutcome(before, signed as unknown as Record<string, unknown>, output)),
    ) as SerializedOutcome
    const kept = output === 'text' ? { texts: [text] } : { copies: [JSON.parse(text) as Record<string, unknown>] }
    const result = resultOf(outcome, kept, 0)
    return {
      kind: Object.keys(outcome).join(),
      rebuilt: result?.ok === true ? ('text' in result ? result.text : JSON.stringify(result.credential)) : result,
    }
  }

  it('rebuild exactly what issue() returns, in both outputs, sending back only what signing added where they can', async () => {
    const cases = [
      { label: 'a fresh credential', credential: fresh, proof: 'eddsa-rdfc-2022', text: 'appended' },
      {
        label: 'a credential signed before (its proof set grows)',
        credential: signedOnce,
        proof: 'eddsa-rdfc-2022',
        text: 'text',
      },
      {
        label: 'Ed25519Signature2020 adding its context',
        credential: fresh,
        proof: 'Ed25519Signature2020',
        text: 'text',
      },
      {
        label: 'Ed25519Signature2020 with its context already there',
        credential: with2020Context,
        proof: 'Ed25519Signature2020',
        text: 'appended',
      },
    ] as const
    for (const { label, credential, proof, text } of cases) {
      const expected = JSON.stringify(await issue(credential, { keyPair, proof, created }))
      expect(await throughAWorker(credential, proof, 'text'), label).toEqual({ kind: text, rebuilt: expected })
      expect(await throughAWorker(credential, proof, 'objects'), label).toEqual({ kind: 'members', rebuilt: expected })
    }
  })

  it('see a @context changed in place: an item added to the array, or one replaced', () => {
    for (const change of [
      (context: unknown[]) => context.push(ED25519_2020_CONTEXT),
      (context: unknown[]) => (context[0] = 'https://example.org/other'),
    ]) {
      const credential = structuredClone(fresh)
      const before = noteBeforeSigning(credential)
      change(credential['@context'])
      const signed = { ...credential, proof: [{ type: 'DataIntegrityProof' }] }
      expect(signedOutcome(before, signed, 'objects')).toEqual({
        members: { '@context': credential['@context'], proof: signed.proof },
      })
      expect(signedOutcome(before, signed, 'text')).toEqual({ text: JSON.stringify(signed) })
    }
    const unchanged = structuredClone(fresh)
    const before = noteBeforeSigning(unchanged)
    expect(signedOutcome(before, { ...unchanged, proof: [] }, 'text')).toEqual({ appended: { proof: [] } })
  })

  it('refuse an answer of the other output, and carry errors and VC-JWTs in either', () => {
    expect(resultOf({ members: { proof: [] } }, { texts: ['{}'] }, 0)).toBeUndefined()
    expect(resultOf({ appended: { proof: [] } }, { copies: [{}] }, 0)).toBeUndefined()
    expect(resultOf({ text: '{}' }, { copies: [{}] }, 0)).toBeUndefined()
    expect(resultOf({ jwt: 'a.b.c' }, { texts: ['{}'] }, 0)).toEqual({ ok: true, text: 'a.b.c' })
    expect(resultOf({ jwt: 'a.b.c' }, { copies: [{}] }, 0)).toEqual({ ok: true, credential: 'a.b.c' })
    const failed = resultOf(
      { error: { code: 'ERR_JSONLD_UNDEFINED_TERM', message: 'undefined term', path: 'favouriteColour' } },
      { texts: ['{}'] },
      0,
    )
    expect(failed?.ok === false && failed.error).toBeInstanceOf(MicrocredError)
    expect(failed?.ok === false && [failed.error.code, failed.error.path]).toEqual([
      'ERR_JSONLD_UNDEFINED_TERM',
      'favouriteColour',
    ])
  })

  it('give what the calling thread signed in the output asked for', async () => {
    const signed = await issue(fresh, { keyPair, created })
    const error = new MicrocredError('ERR_SIGNING_FAILED', 'no')
    expect(inOutput({ ok: true, credential: signed }, 'objects')).toEqual({ ok: true, credential: signed })
    expect(inOutput({ ok: true, credential: signed }, 'text')).toEqual({ ok: true, text: JSON.stringify(signed) })
    expect(inOutput({ ok: true, credential: 'a.b.c' }, 'text')).toEqual({ ok: true, text: 'a.b.c' })
    expect(inOutput({ ok: false, error }, 'text')).toEqual({ ok: false, error })
  })
})
