/**
 * Verification-method resolution: from the `verificationMethod` of a proof to the public key and the
 * controller document that lists it. `did:key` resolves offline (`did-resolver` + `key-did-resolver`).
 */
import { Resolver, type DIDDocument, type VerificationMethod as DidVerificationMethod } from 'did-resolver'
import { getResolver as getKeyResolver } from 'key-did-resolver'
import { MicrocredError } from '../errors.js'
import { MULTIKEY_V1_CONTEXT } from '../context/urls.js'

/** A verification method (public key) as microcred hands it to the proof suites. */
export interface VerificationMethod {
  '@context'?: string | string[]
  id: string
  type: string
  controller: string
  publicKeyMultibase?: string
  publicKeyJwk?: Record<string, unknown>
}

/** The verification relationships of a controller document (a DID document or a controlled-identifier document). */
export interface ControllerDocument {
  id: string
  verificationMethod?: VerificationMethod[]
  assertionMethod?: string[]
  authentication?: string[]
}

/** A resolved key: the verification method and the controller document that lists it. */
export interface ResolvedKey {
  verificationMethod: VerificationMethod
  controller: ControllerDocument
}

/**
 * Resolves verification method ids. Implementations throw `MicrocredError` `ERR_KEY_UNRESOLVED` when they cannot.
 *
 * @example
 * ```ts
 * const resolver: KeyResolver = createKeyResolver()
 * const { verificationMethod, controller } = await resolver.resolve('did:key:z6Mk...#z6Mk...')
 * ```
 */
export interface KeyResolver {
  resolve(verificationMethodId: string): Promise<ResolvedKey>
}

const VERIFICATION_RELATIONSHIPS = ['assertionMethod', 'authentication'] as const

function unresolved(id: string, why: string, cause?: unknown): MicrocredError {
  return new MicrocredError('ERR_KEY_UNRESOLVED', `cannot resolve the verification method ${id}: ${why}`, cause === undefined ? {} : { cause })
}

/** did:key identifiers of Ed25519 keys: multicodec 0xed01 in base58btc starts with `z6Mk`. */
const ED25519_DID_KEY = /^did:key:(z6Mk[1-9A-HJ-NP-Za-km-z]+)$/

/** Normalises a DID document's Ed25519 key to Multikey, which every microcred proof suite reads. */
function didKeyVerificationMethod(vm: DidVerificationMethod, publicKeyMultibase: string): VerificationMethod {
  return { '@context': MULTIKEY_V1_CONTEXT, id: vm.id, type: 'Multikey', controller: vm.controller, publicKeyMultibase }
}

function relationshipIds(document: DIDDocument, relationship: (typeof VERIFICATION_RELATIONSHIPS)[number]): string[] {
  return (document[relationship] ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.id))
}

/**
 * Creates the default key resolver: `did:key` (Ed25519) offline, with a per-resolver cache.
 *
 * @example
 * ```ts
 * const resolver = createKeyResolver()
 * await resolver.resolve(keyPair.id) // works offline for did:key
 * ```
 */
export function createKeyResolver(): KeyResolver {
  const didResolver = new Resolver(getKeyResolver())
  const cache = new Map<string, Promise<ResolvedKey>>()

  async function resolveDidKey(id: string): Promise<ResolvedKey> {
    const did = id.split('#')[0]!
    const match = ED25519_DID_KEY.exec(did)
    if (match === null) throw unresolved(id, 'only Ed25519 did:key identifiers (did:key:z6Mk...) are supported')
    const result = await didResolver.resolve(did)
    const document = result.didDocument
    if (document === null || result.didResolutionMetadata.error !== undefined) {
      throw unresolved(id, `did:key resolution failed (${result.didResolutionMetadata.error ?? 'no document'})`)
    }
    const methods = (document.verificationMethod ?? []).filter((vm) => vm.id === `${did}#${match[1]}`)
    const vm = methods[0]
    if (vm === undefined) throw unresolved(id, 'the did:key document has no such key')
    // A bare did:key names its one and only key (1EdTech's verifier fixtures reference it that way).
    if (id !== vm.id && id !== did) throw unresolved(id, `a did:key document only has the key ${vm.id}`)
    const verificationMethod = didKeyVerificationMethod(vm, match[1]!)
    return {
      verificationMethod,
      controller: {
        id: document.id,
        verificationMethod: [verificationMethod],
        assertionMethod: relationshipIds(document, 'assertionMethod'),
        authentication: relationshipIds(document, 'authentication'),
      },
    }
  }

  return {
    resolve(verificationMethodId: string): Promise<ResolvedKey> {
      if (typeof verificationMethodId !== 'string' || verificationMethodId === '') {
        return Promise.reject(unresolved(String(verificationMethodId), 'the proof names no verification method'))
      }
      let pending = cache.get(verificationMethodId)
      if (pending === undefined) {
        pending = verificationMethodId.startsWith('did:key:')
          ? resolveDidKey(verificationMethodId)
          : Promise.reject(unresolved(verificationMethodId, 'only did:key is resolved offline; resolving did:web and https keys needs a fetch'))
        cache.set(verificationMethodId, pending)
        pending.catch(() => cache.delete(verificationMethodId))
      }
      return pending
    },
  }
}
