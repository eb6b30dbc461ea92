/**
 * What crosses back from a worker for each credential it signed, and both ends of it: the worker makes the smallest
 * outcome that lets the calling thread rebuild exactly what `issue()` returns, in the output the call asked for
 * (objects or JSON text), and the calling thread rebuilds it on what it kept of the chunk it sent.
 */
import type { CredentialBase, Signed } from '../model/ob3.js'
import { jsonTextWithMembersAppended } from '../util/json.js'
import type { SerializedOutcome } from './protocol.js'
import {
  deserializeSigningError,
  type IssueManyOutput,
  type IssueManyResult,
  type IssueManyTextResult,
} from './sign-one.js'

/** One credential's result, in either output. */
export type SigningResult = IssueManyResult<CredentialBase> | IssueManyTextResult

/**
 * The members signing sets or may change, as a credential had them before it was signed in place: `proof` (a proof
 * set grows), and `@context` (issue() gives an Ed25519Signature2020 credential without that suite's context a new
 * array with it). Signing changes nothing else; the pool's tests compare what the calling thread rebuilds with what
 * issue() returns, as JSON text.
 */
export interface BeforeSigning {
  context: unknown
  /** The context's items, when it is an array. */
  contextItems: readonly unknown[] | undefined
  hadProof: boolean
}

/**
 * Notes what signing may change on `credential` (see {@link BeforeSigning}), before it is signed in place.
 *
 * @example
 * ```ts
 * const before = noteBeforeSigning(credential)
 * const signed = await issueOwned(credential, options)
 * port.postMessage(signedOutcome(before, signed, 'text'))
 * ```
 */
export function noteBeforeSigning(credential: CredentialBase): BeforeSigning {
  const context = credential['@context'] as unknown
  return {
    context,
    contextItems: Array.isArray(context) ? [...(context as unknown[])] : undefined,
    hadProof: Object.hasOwn(credential, 'proof'),
  }
}

/**
 * What the calling thread needs to rebuild `signed` in `output` from what it sent (see {@link SerializedOutcome}):
 * the members signing set (objects); for text, those members when they all come after the credential's last one
 * (as jsonld-signatures adds `proof`), else the whole text (a member it had, set again, keeps its place).
 *
 * @example
 * ```ts
 * signedOutcome(noteBeforeSigning(credential), signed, 'objects') // { members: { proof: [...] } }
 * ```
 */
export function signedOutcome(
  before: BeforeSigning,
  signed: Record<string, unknown>,
  output: IssueManyOutput,
): SerializedOutcome {
  const kept = contextKept(before, signed['@context'])
  const members = kept ? { proof: signed['proof'] } : { '@context': signed['@context'], proof: signed['proof'] }
  if (output === 'objects') return { members }
  return kept && !before.hadProof ? { appended: members } : { text: JSON.stringify(signed) }
}

/**
 * Whether the signed credential's `@context` is the one it had: the same value, and for an array the same items (an
 * array changed in place is the same value).
 */
function contextKept(before: BeforeSigning, context: unknown): boolean {
  if (context !== before.context) return false
  const items = before.contextItems
  return (
    items === undefined ||
    (Array.isArray(context) && context.length === items.length && items.every((item, i) => item === context[i]))
  )
}

/** What the calling thread kept of a chunk it sent: copies of the credentials (output `objects`) or their JSON texts (`text`). */
export type KeptForAnswers = { copies: Record<string, unknown>[] } | { texts: string[] }

/**
 * The result a worker's outcome stands for, rebuilt on what was kept of the credential at `offset` in its chunk;
 * `undefined` for an outcome of the other output (a bug: the pool then fails rather than guess).
 *
 * @example
 * ```ts
 * resultOf({ appended: { proof } }, { texts: ['{"id":"urn:x"}'] }, 0) // { ok: true, text: '{"id":"urn:x","proof":...}' }
 * ```
 */
export function resultOf(outcome: SerializedOutcome, kept: KeptForAnswers, offset: number): SigningResult | undefined {
  if ('error' in outcome) return { ok: false, error: deserializeSigningError(outcome.error) }
  if ('texts' in kept) {
    if ('jwt' in outcome) return { ok: true, text: outcome.jwt }
    if ('text' in outcome) return { ok: true, text: outcome.text }
    if ('appended' in outcome) {
      const text = kept.texts[offset]
      if (text === undefined) throw new Error(`resultOf(): no credential text kept at ${offset}`)
      return { ok: true, text: jsonTextWithMembersAppended(text, outcome.appended) }
    }
  } else {
    if ('jwt' in outcome) return { ok: true, credential: outcome.jwt }
    if ('members' in outcome) {
      // With the members signing set, the credential as sent is what issue() returns (a member set in place
      // keeps its position, a new one comes last, as jsonld-signatures adds `proof`).
      const credential = kept.copies[offset]
      if (credential === undefined) throw new Error(`resultOf(): no credential kept at ${offset}`)
      for (const [member, value] of Object.entries(outcome.members)) credential[member] = value
      return { ok: true, credential: credential as unknown as Signed<CredentialBase> }
    }
  }
  return undefined
}

/**
 * A result signed on the calling thread, in `output`: as it is for objects; for text, the signed credential written
 * out (a VC-JWT as it is).
 *
 * @example
 * ```ts
 * inOutput(await signOne(credential, keyPair, 'eddsa-rdfc-2022', created), 'text') // { ok: true, text: '{...}' }
 * ```
 */
export function inOutput(result: IssueManyResult<CredentialBase>, output: IssueManyOutput): SigningResult {
  if (output === 'objects' || !result.ok) return result
  return {
    ok: true,
    text: typeof result.credential === 'string' ? result.credential : JSON.stringify(result.credential),
  }
}
