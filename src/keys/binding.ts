/**
 * Binding a key to an issuer: a valid signature proves nothing until the key is known to be the issuer's.
 *
 * A verification relationship counts only where the controller itself expresses it (W3C Controlled Identifiers
 * §3.3, DID Core §5.3): the issuer's OWN controller document, that is its DID document, or for an https issuer
 * the document fetched from the issuer URL, lists the key under `assertionMethod` (by id or embedded). A did:key
 * or did:jwk issuer's document is the DID itself, so it lists exactly the key the DID is.
 *
 * - Data Integrity: that, and the verification method's controller is the issuer.
 * - VC-JWT: that, or, for a host-level issuer only (`https://host`, `https://host/`, `did:web:host`), the key is
 *   in the host's JWKS `https://{host}/.well-known/jwks.json` (OB 3.0 key provenance). A host's JWKS speaks for
 *   the host, not for every issuer with a path on it (`https://host/users/alice`, `did:web:host:users:alice`).
 *
 * Binds nothing: a key read from a URL fragment; a key document that names the issuer as its controller, on any
 * origin (the claim runs the wrong way: the controller's document must list the key, not the key its controller).
 */
import { isMicrocredError, type CheckId, type Issue } from '../errors.js'
import { scalarText } from '../util/input-checks.js'
import { methodIn, type ControllerDocument } from './controller-document.js'
import { didWebUrl, type KeyResolver, type ResolvedKey } from './resolve.js'
import { keyThumbprint } from './verification-method.js'

/** Which rules apply. */
export type BindingMode = 'data-integrity' | 'jwt'

function origin(url: string): string | undefined {
  return url.startsWith('https://') && URL.canParse(url) ? new URL(url).origin : undefined
}

/**
 * The JWKS URL of a host-level issuer (`https://host`, `https://host/`, `did:web:host`), or `undefined` for any
 * other issuer, whose host's JWKS says nothing about it.
 */
function hostLevelJwksUrl(issuerId: string): string | undefined {
  let host: string
  if (issuerId.startsWith('did:web:')) {
    if (issuerId.slice('did:web:'.length).includes(':')) return undefined
    try {
      host = new URL(didWebUrl(issuerId)).host
    } catch {
      return undefined
    }
  } else {
    const issuerOrigin = origin(issuerId)
    if (issuerOrigin === undefined || (issuerId !== issuerOrigin && issuerId !== `${issuerOrigin}/`)) return undefined
    host = new URL(issuerOrigin).host
  }
  return `https://${host}/.well-known/jwks.json`
}

/** True when a verification's budget ran out (`ERR_BUDGET_EXCEEDED`) somewhere in `error`'s cause chain. */
function budgetSpent(error: unknown): boolean {
  let current = error
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (isMicrocredError(current) && current.code === 'ERR_BUDGET_EXCEEDED') return true
    current = current.cause
  }
  return false
}

/** Whose key, and for what: an issuer's assertion key (default) or a holder's authentication key. */
export interface BindingRole {
  relationship: 'assertionMethod' | 'authentication'
  check: CheckId
  code: 'ERR_ISSUER_KEY_MISMATCH' | 'ERR_HOLDER_MISMATCH'
  /** `issuer` or `holder`, for messages. */
  owner: string
}

const ISSUER: BindingRole = {
  relationship: 'assertionMethod',
  check: 'issuer-binding',
  code: 'ERR_ISSUER_KEY_MISMATCH',
  owner: 'issuer',
}

/**
 * Checks that `key` belongs to `issuerId`. Returns `undefined` when it does, else the `issuer-binding` issue
 * saying why not (`ERR_ISSUER_KEY_MISMATCH`, or `ERR_KEY_UNRESOLVED` when the issuer's documents could not be
 * obtained, for example without a fetch). `role` adapts the same rules to a presentation's holder.
 *
 * @example
 * ```ts
 * const resolver = createKeyResolver({ fetch: safeFetch() })
 * const key = await resolver.resolve('did:web:uni.example#key-1')
 * const issue = await issuerBindingIssue(resolver, 'did:web:uni.example', key, 'data-integrity', 'issuer')
 * // undefined when https://uni.example/.well-known/did.json lists did:web:uni.example#key-1 under assertionMethod
 * ```
 */
export async function issuerBindingIssue(
  resolver: KeyResolver,
  issuerId: string | undefined,
  key: ResolvedKey,
  mode: BindingMode,
  path: string,
  role: BindingRole = ISSUER,
): Promise<Issue | undefined> {
  const mismatch = (message: string): Issue => ({ code: role.code, check: role.check, path, message })
  if (issuerId === undefined) return mismatch(`there is no ${role.owner} id to bind the key to`)
  const method = key.verificationMethod
  if (mode === 'data-integrity' && method.controller !== issuerId) {
    return mismatch(
      `the proof's key ${method.id} is controlled by ${method.controller}, not by the ${role.owner} ${issuerId}`,
    )
  }
  const thumbprint = await keyThumbprint(method)

  let issuerDocument: ControllerDocument | undefined
  let documentProblem: unknown
  try {
    issuerDocument = await resolver.resolveController(issuerId)
  } catch (error) {
    documentProblem = error ?? 'unknown failure'
  }
  if (issuerDocument !== undefined) {
    const authorised = issuerDocument[role.relationship]
    if (authorised.includes(method.id)) {
      const listed = methodIn(issuerDocument, method.id)
      if (listed !== undefined) {
        if ((await keyThumbprint(listed)) === thumbprint) return undefined
        return mismatch(
          `the ${role.owner}'s document lists ${method.id} with a different public key than the one that made the signature`,
        )
      }
      // Listed by id alone: the issuer vouches for what that id dereferences to, so only for key material that
      // was obtained by dereferencing it (not a JWT's jwk header, not a URL fragment).
      if (key.source === 'document' || key.source === 'key-document') return undefined
    }
    for (const id of authorised) {
      const listed = methodIn(issuerDocument, id)
      if (listed !== undefined && (await keyThumbprint(listed)) === thumbprint) return undefined
    }
  }
  const jwksUrl = mode === 'jwt' ? hostLevelJwksUrl(issuerId) : undefined
  if (jwksUrl !== undefined) {
    try {
      const jwks = await resolver.resolveJwks(issuerId)
      for (const jwk of jwks) if ((await keyThumbprint(jwk)) === thumbprint) return undefined
    } catch (error) {
      documentProblem ??= error ?? 'unknown failure'
    }
  }

  if (issuerDocument === undefined && documentProblem !== undefined) {
    const reason =
      documentProblem instanceof Error ? documentProblem.message : scalarText(documentProblem, 'unknown failure')
    return {
      code: budgetSpent(documentProblem) ? 'ERR_BUDGET_EXCEEDED' : 'ERR_KEY_UNRESOLVED',
      check: role.check,
      path,
      message: `cannot confirm that ${method.id} is the ${role.owner}'s key: ${reason}`,
    }
  }
  const notListed = `the ${role.owner}'s own document does not list it under ${role.relationship}`
  const jwksClause =
    mode !== 'jwt'
      ? ''
      : jwksUrl !== undefined
        ? ` and it is not in the ${role.owner}'s JWKS (${jwksUrl})`
        : `, and a host's JWKS (/.well-known/jwks.json) binds only the host-level ${role.owner}, not ${issuerId}`
  const elsewhere = origin(issuerId) !== undefined && origin(method.id) !== origin(issuerId) ? ' on another origin' : ''
  const why =
    key.source === 'fragment'
      ? 'the key was only read from its URL fragment, and a key in a URL fragment binds nothing'
      : key.source === 'key-document' && method.controller === issuerId
        ? `it is a key document${elsewhere} naming the ${role.owner} as its controller, which binds nothing by itself (W3C Controlled Identifiers §3.3: the controller's own document must list the key), and ${notListed}${jwksClause}`
        : `${notListed}${jwksClause}`
  return mismatch(`${method.id} is not a key of the ${role.owner} ${issuerId}: ${why}`)
}
