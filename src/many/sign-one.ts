/**
 * Signing one credential for a {@link SigningPool}, the same on a worker thread and on the calling thread, and
 * the error's way across threads and back.
 */
import { isMicrocredError, MicrocredError } from '../errors.js'
import { issue, issueOwned } from '../issue/issue.js'
import type { DocumentLoader } from '../context/loader.js'
import type { KeyPair } from '../keys/keypair.js'
import type { CredentialBase, Signed } from '../model/ob3.js'
import type { ValidationProfile } from '../schema/validate.js'
import type { SerializedSigningError, SigningChoices } from './protocol.js'

/** One credential's outcome, in the order given. */
export type IssueManyResult<C extends CredentialBase> =
  { ok: true; credential: Signed<C> | string } | { ok: false; error: MicrocredError }

export type { IssueManyOutput } from './protocol.js'

/**
 * One credential's outcome as text: the signed credential's JSON text (`JSON.stringify()` of what `issue()`
 * returns) or the VC-JWT, or the `MicrocredError` it got.
 */
export type IssueManyTextResult = { ok: true; text: string } | { ok: false; error: MicrocredError }

/**
 * What a call gives every credential it signs, as `issue()` takes it: the proofs' `created` (the call's, the same for
 * the whole list), `profile`, `maxBytes`, and on the calling thread only, a `documentLoader`.
 */
export interface CredentialChoices {
  created?: string
  profile?: ValidationProfile
  maxBytes?: number
  documentLoader?: DocumentLoader
}

/**
 * Signs one credential exactly as `issue()` does with the pool's `signing` and the call's `choices` (a VC-JWT for
 * `'vc-jwt'`). A credential that cannot be signed is an outcome, not a throw, so that it does not stop the others;
 * an error that is not a `MicrocredError` (a bug, not bad input) still becomes one, with the original kept as its
 * `cause`. `handedOver`: the credential was made for this call (a worker's freshly parsed one) and may be changed by
 * signing (see `issueOwned()`).
 */
export async function signOne<C extends CredentialBase>(
  credential: C,
  keyPair: KeyPair,
  signing: SigningChoices,
  choices: CredentialChoices,
  handedOver = false,
): Promise<IssueManyResult<C>> {
  try {
    const signed = await (handedOver ? issueOwned : issue)(credential, {
      keyPair,
      ...signing,
      ...(choices.created === undefined ? {} : { created: choices.created }),
      ...(choices.profile === undefined ? {} : { profile: choices.profile }),
      ...(choices.maxBytes === undefined ? {} : { maxBytes: choices.maxBytes }),
      ...(choices.documentLoader === undefined ? {} : { documentLoader: choices.documentLoader }),
    })
    return { ok: true, credential: signed }
  } catch (error) {
    if (isMicrocredError(error)) return { ok: false, error }
    return {
      ok: false,
      error: new MicrocredError('ERR_INVALID_INPUT', error instanceof Error ? error.message : String(error), {
        cause: error,
      }),
    }
  }
}

/** The parts of a signing error that cross between threads. */
export function serializeSigningError(error: MicrocredError): SerializedSigningError {
  return {
    code: error.code,
    message: error.message,
    ...(error.path === undefined ? {} : { path: error.path }),
    ...(error.issues.length === 0 ? {} : { issues: [...error.issues] }),
  }
}

/** The `MicrocredError` again, on the calling thread. */
export function deserializeSigningError(error: SerializedSigningError): MicrocredError {
  return new MicrocredError(error.code, error.message, { path: error.path, issues: error.issues })
}
