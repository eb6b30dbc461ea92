/**
 * Binding a key to an issuer: a valid signature proves nothing until the key is known to be the issuer's.
 *
 * - Data Integrity: the verification method's controller is the issuer, and the issuer's own controller
 *   document (its DID document, or the document at its https id) lists the key under `assertionMethod`.
 * - VC-JWT: the key is listed under `assertionMethod` in the issuer's own controller document, or it is in the
 *   issuer's JWKS (`https://{issuer host}/.well-known/jwks.json`, OB 3.0 key provenance), or the `kid` is a key
 *   document on the issuer's own https origin that names the issuer as controller.
 *
 * A key read from a URL fragment, or a key document on another origin that names the issuer as its
 * controller, binds nothing.
 */
import type { CheckId, Issue } from '../errors.js'
import { methodIn, type ControllerDocument } from './controller-document.js'
import type { KeyResolver, ResolvedKey } from './resolve.js'
import { keyThumbprint } from './verification-method.js'

/** Which rules apply. */
export type BindingMode = 'data-integrity' | 'jwt'

function origin(url: string): string | undefined {
  return url.startsWith('https://') && URL.canParse(url) ? new URL(url).origin : undefined
}

/** Whose key, and for what: an issuer's assertion key (default) or a holder's authentication key. */
export interface BindingRole {
  relationship: 'assertionMethod' | 'authentication'
  check: CheckId
  code: 'ERR_ISSUER_KEY_MISMATCH' | 'ERR_HOLDER_MISMATCH'
  /** `issuer` or `holder`, for messages. */
  owner: string
}

const ISSUER: BindingRole = { relationship: 'assertionMethod', check: 'issuer-binding', code: 'ERR_ISSUER_KEY_MISMATCH', owner: 'issuer' }

/**
 * Checks that `key` belongs to `issuerId`. Returns `undefined` when it does, else the `issuer-binding` issue
 * saying why not (`ERR_ISSUER_KEY_MISMATCH`, or `ERR_KEY_UNRESOLVED` when the issuer's documents could not be
 * obtained, for example without a fetch). `role` adapts the same rules to a presentation's holder.
 */
export async function issuerBindingIssue(resolver: KeyResolver, issuerId: string | undefined, key: ResolvedKey, mode: BindingMode, path: string, role: BindingRole = ISSUER): Promise<Issue | undefined> {
  const mismatch = (message: string): Issue => ({ code: role.code, check: role.check, path, message })
  if (issuerId === undefined) return mismatch(`there is no ${role.owner} id to bind the key to`)
  const method = key.verificationMethod
  if (mode === 'data-integrity' && method.controller !== issuerId) {
    return mismatch(`the proof's key ${method.id} is controlled by ${method.controller}, not by the ${role.owner} ${issuerId}`)
  }
  const thumbprint = await keyThumbprint(method)

  let issuerDocument: ControllerDocument | undefined
  let documentProblem: string | undefined
  try {
    issuerDocument = await resolver.resolveController(issuerId)
  } catch (error) {
    documentProblem = error instanceof Error ? error.message : String(error)
  }
  if (issuerDocument !== undefined) {
    const authorised = issuerDocument[role.relationship]
    if (authorised.includes(method.id)) {
      const listed = methodIn(issuerDocument, method.id)
      if (listed === undefined || (await keyThumbprint(listed)) === thumbprint) return undefined
      return mismatch(`the ${role.owner}'s document lists ${method.id} with a different public key than the one that made the signature`)
    }
    for (const id of authorised) {
      const listed = methodIn(issuerDocument, id)
      if (listed !== undefined && (await keyThumbprint(listed)) === thumbprint) return undefined
    }
  }
  if (mode === 'jwt') {
    try {
      const jwks = await resolver.resolveJwks(issuerId)
      for (const jwk of jwks) if ((await keyThumbprint(jwk)) === thumbprint) return undefined
    } catch (error) {
      documentProblem ??= error instanceof Error ? error.message : String(error)
    }
    if (key.source === 'key-document' && method.controller === issuerId && origin(method.id) !== undefined && origin(method.id) === origin(issuerId)) return undefined
  }

  if (issuerDocument === undefined && documentProblem !== undefined) {
    return { code: 'ERR_KEY_UNRESOLVED', check: role.check, path, message: `cannot confirm that ${method.id} is the ${role.owner}'s key: ${documentProblem}` }
  }
  const why =
    key.source === 'fragment'
      ? 'the key was only read from its URL fragment, and a key in a URL fragment binds nothing'
      : key.source === 'key-document' && method.controller === issuerId
        ? `a key document on another origin naming the ${role.owner} as its controller binds nothing`
        : `the ${role.owner}'s document does not list it under ${role.relationship}${mode === 'jwt' ? ` and it is not in the ${role.owner}'s JWKS` : ''}`
  return mismatch(`${method.id} is not a key of the ${role.owner} ${issuerId}: ${why}`)
}
