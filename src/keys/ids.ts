/** The verification method id and controller of a new key pair: given, or derived from the key itself. */
import { invalidKey, publicPartOf, thumbprintOf } from './jwk.js'
import type { KeyJwk } from './key-types.js'
import { withoutFragment } from '../util/iri.js'

const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/

/**
 * @internal The id and controller of a key pair. Without a controller, the key's own `did:key` (a multibase key) or
 * `did:jwk`; a `did:key` / `did:jwk` controller must be this key's own.
 */
export function assignIds(
  publicJwk: KeyJwk,
  multibase: string | undefined,
  controller: string | undefined,
  id: string | undefined,
): { id: string; controller: string } {
  const selfDid =
    multibase !== undefined
      ? `did:key:${multibase}`
      : `did:jwk:${Buffer.from(JSON.stringify(publicPartOf(publicJwk))).toString('base64url')}`
  const owner = controller ?? (id?.includes('#') === true ? withoutFragment(id) : selfDid)
  if (owner.startsWith('did:key:') && owner !== selfDid) {
    throw invalidKey(
      `the controller ${owner} is a did:key of another key (this key is ${multibase === undefined ? 'not expressible as a did:key' : selfDid})`,
    )
  }
  if (owner.startsWith('did:jwk:') && owner !== selfDid)
    throw invalidKey(`the controller ${owner} is a did:jwk of another key`)
  const fragment = owner.startsWith('did:jwk:') ? '0' : (multibase ?? thumbprintOf(publicJwk))
  const keyId = id ?? `${owner}#${fragment}`
  if (!ABSOLUTE_URI.test(owner) || !ABSOLUTE_URI.test(keyId)) {
    throw invalidKey(
      `the key id ${JSON.stringify(keyId)} and controller ${JSON.stringify(owner)} must be absolute URIs`,
    )
  }
  return { id: keyId, controller: owner }
}
