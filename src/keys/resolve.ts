/**
 * Key resolution: from a proof's `verificationMethod` (or a JWT's `kid`) to the public key, and from an issuer
 * id to the issuer's controller document and JWKS. `did:key` and `did:jwk` resolve offline; `did:web` and https
 * documents only through the caller's `fetch`, with time and size limits and a bounded TTL cache. DIDs go through
 * `did-resolver` (`key-did-resolver` for did:key); the did:web and did:jwk drivers are microcred's own because
 * `web-did-resolver` fetches with its own HTTP client, which would bypass the caller's fetch (and `safeFetch`).
 */
import type { DIDResolutionResult, DIDResolver, Resolver } from 'did-resolver'
import { LRUCache } from 'lru-cache'
import { MicrocredError } from '../errors.js'
import { DEFAULT_FETCH_LIMITS, fetchJson, type FetchLike } from '../net/fetch-json.js'
import { isLoopbackHttpUrl } from '../net/addresses.js'
import { assertOptions, deepFreeze, isJsonObject } from '../util/json.js'
import { boundedMemo, lazy, weakMemo } from '../util/memo.js'
import { methodIn, normalizeControllerDocument, type ControllerDocument } from './controller-document.js'
import { hasPrivateMembers } from './jwk.js'
import type { KeyJwk } from './key-types.js'
import { normalizeVerificationMethod, type VerificationMethod } from './verification-method.js'
import { withoutFragment } from '../util/iri.js'
import { ed25519DidKeyDocument } from './did-key-ed25519.js'

export type { ControllerDocument } from './controller-document.js'
export type { VerificationMethod } from './verification-method.js'

/** A resolved key: the verification method, and how it was found. */
export interface ResolvedKey {
  verificationMethod: VerificationMethod
  /** The controller document that lists the key, when it was obtained. */
  controller?: ControllerDocument
  /**
   * `document`: listed in the controller document of its id; `key-document`: the id dereferenced to a key on its
   * own; `fragment`: read from the id's `#<publicKeyMultibase>` fragment because no document said anything (such
   * a key verifies a signature but binds nothing to anyone); `jwk-header`: given in a VC-JWT's `jwk` header.
   */
  source: 'document' | 'key-document' | 'fragment' | 'jwk-header'
  /** Why the documents could not be used, for a key read from its fragment. */
  note?: string
}

/**
 * Resolves keys and issuers' documents. Methods reject with `MicrocredError` `ERR_KEY_UNRESOLVED` when they
 * cannot (the message says why: no fetch given, not found, wrong document...).
 *
 * @example
 * ```ts
 * const resolver: KeyResolver = createKeyResolver({ fetch: safeFetch() })
 * const { verificationMethod } = await resolver.resolve('did:web:uni.example#key-1')
 * ```
 */
export interface KeyResolver {
  /** The key a verification method id (or JWT `kid`) names. */
  resolve(verificationMethodId: string): Promise<ResolvedKey>
  /** The controller document (DID document, or https controller document) of an identifier. */
  resolveController(id: string): Promise<ControllerDocument>
  /**
   * The public keys of the JWKS of the issuer's host, `https://{issuer host}/.well-known/jwks.json` (OB 3.0 key
   * provenance). That JWKS speaks for the host only: the binding check consults it for a host-level issuer
   * (`https://host`, `https://host/`, `did:web:host`), never for one with a path on that host.
   */
  resolveJwks(issuerId: string): Promise<KeyJwk[]>
  /**
   * Any JSON document by https URL (status lists), through the same fetch, limits and cache. Rejects with
   * `ERR_FETCH_FAILED` / `ERR_FETCH_REFUSED` (or `ERR_FETCH_FAILED` when no fetch was given).
   */
  fetchDocument(url: string): Promise<unknown>
}

/** Options of {@link createKeyResolver}. */
export interface KeyResolverOptions {
  /** The only way anything is fetched (did:web, https documents, JWKS). Without it, only did:key and did:jwk resolve. */
  fetch?: FetchLike
  /** Time limit of each fetch in milliseconds. Default 10,000. */
  timeoutMs?: number
  /** Size limit of each fetched document in bytes. Default 256 KiB. */
  maxBytes?: number
  /**
   * How long fetched documents are reused, in milliseconds, counted from the fetch. Default 300,000 (5 minutes);
   * 0 disables caching; `Infinity` keeps documents until they are evicted by `cacheMaxEntries`.
   */
  cacheTtlMs?: number
  /**
   * How many fetched documents are kept at once; past it the least recently used is dropped (and fetched again
   * when needed). Default 1,000; 0 disables caching. Each is at most `maxBytes` of JSON, so the cache holds at
   * most about `cacheMaxEntries × maxBytes`.
   */
  cacheMaxEntries?: number
  /**
   * How many verified, decoded status lists the `status` check of `verify()` keeps for this resolver; past it the least
   * recently used is dropped (and verified and decoded again when needed). Each is kept only while the documents its
   * verification used are still this resolver's cached copies (so never past `cacheTtlMs`), and only for
   * verifications with the same options (see `verify()`). Default 256; 0 keeps none (each verification verifies and
   * decodes the list again). Nothing is kept when `cacheTtlMs` or `cacheMaxEntries` is 0.
   *
   * @example
   * ```ts
   * const resolver = createKeyResolver({ fetch: safeFetch(), statusListCacheMaxEntries: 64 })
   * ```
   */
  statusListCacheMaxEntries?: number
  /**
   * Cap on the bytes of the decoded bitstrings those status lists hold, together (a list of 8,388,608 one-bit entries
   * is 1 MiB decoded); past it the least recently used lists are dropped, and a single list larger than the cap is not
   * kept. Default 33,554,432 (32 MiB); 0 keeps none.
   *
   * @example
   * ```ts
   * const resolver = createKeyResolver({ fetch: safeFetch(), statusListCacheMaxBytes: 8 * 1024 * 1024 })
   * ```
   */
  statusListCacheMaxBytes?: number
}

/** Default of {@link KeyResolverOptions.statusListCacheMaxEntries}. */
const DEFAULT_STATUS_LIST_CACHE_MAX_ENTRIES = 256
/** Default of {@link KeyResolverOptions.statusListCacheMaxBytes}. */
const DEFAULT_STATUS_LIST_CACHE_MAX_BYTES = 32 * 1024 * 1024

/** The documents a piece of work looked up through a resolver: URL → the cached promise it was given. */
export type DocumentLookups = ReadonlyMap<string, Promise<unknown>>

/**
 * What a resolver made by {@link createKeyResolver} shows of its document cache to what keeps results computed from
 * its documents (the `status` check's verified lists). Not part of the package's API.
 *
 * @example
 * ```ts
 * const view = documentCacheOf(resolver)
 * const { value, lookups } = await view!.watch(() => verifyTheList())
 * view!.unchanged(lookups) // false once any document it used expired, was evicted, re-fetched or failed
 * ```
 */
export interface DocumentCacheView {
  /** The resolver's `statusListCacheMaxEntries` and `statusListCacheMaxBytes` (both above 0). */
  readonly statusLists: { readonly maxEntries: number; readonly maxBytes: number }
  /**
   * Runs `work`, noting every document looked up through this resolver while it runs. Lookups made by other work at
   * the same time are noted too: more documents than the work used can only make {@link DocumentCacheView.unchanged}
   * false more often, never true wrongly.
   */
  watch<T>(work: () => Promise<T>): Promise<{ value: T; lookups: DocumentLookups }>
  /** True while each noted lookup would still give the same cached document (none expired, evicted, replaced or failed). */
  unchanged(lookups: DocumentLookups): boolean
  /** Milliseconds the cached copy of `url` has left: 0 when there is none, `Infinity` without a TTL. */
  remainingMs(url: string): number
}

const cacheViews = new WeakMap<KeyResolver, DocumentCacheView>()

/**
 * The document cache of a resolver made by {@link createKeyResolver}, when it caches documents and keeps status lists;
 * undefined for any other resolver (a caller's own implementation says nothing about how long its documents hold).
 *
 * @example
 * ```ts
 * documentCacheOf(createKeyResolver({ fetch })) // a view
 * documentCacheOf(createKeyResolver({ fetch, cacheTtlMs: 0 })) // undefined
 * ```
 */
export function documentCacheOf(resolver: KeyResolver): DocumentCacheView | undefined {
  return cacheViews.get(resolver)
}

/** Default of {@link KeyResolverOptions.cacheTtlMs}. */
const DEFAULT_CACHE_TTL_MS = 300_000
/** Default of {@link KeyResolverOptions.cacheMaxEntries}. */
const DEFAULT_CACHE_MAX_ENTRIES = 1_000

const MULTIBASE_KEY = /^z(6Mk|Dn)[1-9A-HJ-NP-Za-km-z]+$/

function unresolved(id: string, why: string, cause?: unknown): MicrocredError {
  return new MicrocredError('ERR_KEY_UNRESOLVED', `cannot resolve ${id}: ${why}`, cause === undefined ? {} : { cause })
}

/**
 * The https URL of a did:web DID document (W3C did:web §3.2): `did:web:example.com` ->
 * `https://example.com/.well-known/did.json`, `did:web:example.com:user:alice` ->
 * `https://example.com/user/alice/did.json`; `%3A` in the host encodes a port.
 */
export function didWebUrl(did: string): string {
  const [rawHost = '', ...rawPath] = did.slice('did:web:'.length).split(':')
  // The first part is a domain name, with a port only as `%3A<port>` (did:web §3.1); nothing else may hide in
  // it (`%40`, `%2F`, `%23`, `%3F` would point the URL at another host or path).
  const host = rawHost.replace(/%3A/gi, ':')
  if (
    !/^(?=.{1,253}(:|$))[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::\d{1,5})?$/.test(
      host,
    )
  ) {
    throw unresolved(did, `not a valid did:web identifier: ${JSON.stringify(rawHost)} is not a domain name`)
  }
  const path = rawPath.map((segment) => {
    let decoded: string
    try {
      decoded = decodeURIComponent(segment)
    } catch {
      throw unresolved(did, 'not a valid did:web identifier: bad percent-encoding')
    }
    if (decoded === '' || decoded === '.' || decoded === '..' || /[/?#@\\]/.test(decoded)) {
      throw unresolved(did, `not a valid did:web identifier: ${JSON.stringify(segment)} is not a path segment`)
    }
    return encodeURIComponent(decoded)
  })
  const url = path.length === 0 ? `https://${host}/.well-known/did.json` : `https://${host}/${path.join('/')}/did.json`
  if (!URL.canParse(url) || new URL(url).hostname !== (host.split(':')[0] ?? '').toLowerCase())
    throw unresolved(did, 'not a valid did:web identifier')
  return url
}

function didJwkDocument(did: string): Record<string, unknown> {
  let jwk: unknown
  try {
    jwk = JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8'))
  } catch {
    throw unresolved(did, 'the did:jwk identifier is not base64url-encoded JSON')
  }
  if (!isJsonObject(jwk) || typeof jwk['kty'] !== 'string') throw unresolved(did, 'the did:jwk identifier is not a JWK')
  if (hasPrivateMembers(jwk)) throw new MicrocredError('ERR_KEY_INVALID', `${did} contains private key material`)
  const vm = { id: `${did}#0`, type: 'JsonWebKey', controller: did, publicKeyJwk: jwk }
  return { id: did, verificationMethod: [vm], assertionMethod: [vm.id], authentication: [vm.id] }
}

/**
 * Creates a key resolver. Offline by default: did:key and did:jwk only; pass `fetch` to resolve did:web and
 * https documents too (use `safeFetch()` on servers that verify credentials from strangers).
 *
 * @example
 * ```ts
 * const resolver = createKeyResolver({ fetch: safeFetch(), cacheTtlMs: 60_000, cacheMaxEntries: 500 })
 * const report = await verify(credential, { resolver })
 * ```
 */
export function createKeyResolver(options: KeyResolverOptions = {}): KeyResolver {
  assertOptions(options, 'createKeyResolver(options)')
  const { fetch } = options
  if (fetch !== undefined && typeof fetch !== 'function')
    throw new TypeError('createKeyResolver(options): options.fetch must be a function')
  const limits = {
    timeoutMs: options.timeoutMs ?? DEFAULT_FETCH_LIMITS.timeoutMs,
    maxBytes: options.maxBytes ?? DEFAULT_FETCH_LIMITS.maxBytes,
  }
  const cache = documentCache(options)
  const statusLists = statusListLimits(options)
  /** The lookups of the work {@link DocumentCacheView.watch} is running. */
  const watchers = new Set<Map<string, Promise<unknown>>>()

  /** Fetches (or reuses) a JSON document. Failures are not cached; concurrent callers share one fetch. */
  function fetchCached(url: string): Promise<unknown> {
    const value = fetchOrReuse(url)
    for (const lookups of watchers) lookups.set(url, value)
    return value
  }

  function fetchOrReuse(url: string): Promise<unknown> {
    if (fetch === undefined) {
      return Promise.reject(
        new MicrocredError(
          'ERR_FETCH_FAILED',
          `${url} would have to be fetched, and no fetch was given (pass options.fetch, e.g. safeFetch())`,
        ),
      )
    }
    const cached = cache?.get(url)
    if (cached !== undefined) return cached
    const value: Promise<unknown> = fetchJson(fetch, url, limits).catch((error: unknown) => {
      // Only this fetch's own entry: a newer one (after expiry or eviction) may have taken its place.
      if (cache?.peek(url) === value) cache.delete(url)
      throw error
    })
    cache?.set(url, value)
    return value
  }

  /** The same, for resolving an identifier: failures become `ERR_KEY_UNRESOLVED` naming it. */
  function fetchDocument(url: string, forId: string): Promise<unknown> {
    if (fetch === undefined) {
      return Promise.reject(
        unresolved(
          forId,
          `resolving it means fetching ${url}, and no fetch was given (pass options.fetch, e.g. safeFetch())`,
        ),
      )
    }
    return fetchCached(url).catch((error: unknown) => {
      throw unresolved(forId, error instanceof Error ? error.message : String(error), error)
    })
  }

  const webDriver: DIDResolver = async (did) => documentResult(() => fetchDocument(didWebUrl(did), did))
  // did-resolver's own cache (`cache: true`) is an unbounded Map without expiry; the fetches underneath go through
  // the bounded cache above instead.
  const dids = lazy(async () => new (await import('did-resolver')).Resolver({ web: webDriver }, { cache: false }))

  /** The raw document an identifier (without fragment) dereferences to. */
  async function rawDocument(id: string): Promise<unknown> {
    if (id.startsWith('did:key:') || id.startsWith('did:jwk:')) return selfCertifyingDocument(id)
    if (id.startsWith('did:')) return didDocument(await dids(), id)
    if (id.startsWith('https://') || id.startsWith('http://')) {
      if (!id.startsWith('https://')) throw unresolved(id, 'only https documents are fetched')
      return fetchDocument(id, id)
    }
    throw unresolved(id, 'it is neither a DID (did:key, did:jwk, did:web) nor an https URL')
  }

  // `id: unknown`: the id comes from the caller (or a credential) through JavaScript, whatever the type says.
  async function resolveController(id: unknown): Promise<ControllerDocument> {
    if (typeof id !== 'string' || id === '') throw unresolved(String(id), 'no identifier')
    const base = withoutFragment(id)
    return controllerDocumentOf(await rawDocument(base), base)
  }

  /** Thrown when no document could be obtained, which is the only case where a fragment key may be read. */
  class Unobtainable extends Error {
    constructor(readonly reason: unknown) {
      super(reason instanceof Error ? reason.message : String(reason))
    }
  }

  async function resolveDocumented(id: string): Promise<ResolvedKey> {
    const base = withoutFragment(id)
    const raw = await rawDocument(base).catch((error: unknown) => {
      throw new Unobtainable(error)
    })
    if (isJsonObject(raw) && ('verificationMethod' in raw || 'assertionMethod' in raw || 'authentication' in raw)) {
      const controller = await controllerDocumentOf(raw, base)
      // A bare did:key / did:jwk names its one and only key (1EdTech's fixtures reference did:keys that way).
      const selfCertifying =
        id === base &&
        (base.startsWith('did:key:') || base.startsWith('did:jwk:')) &&
        controller.verificationMethod.length === 1
      const method = selfCertifying ? controller.verificationMethod[0] : methodIn(controller, id)
      if (method === undefined) throw unresolved(id, `the document of ${base} does not list this key`)
      return { verificationMethod: method, controller, source: 'document' }
    }
    // A key document: the id dereferences to the key itself (a verification method or a bare JWK).
    if (isJsonObject(raw) && typeof raw['kty'] === 'string') {
      if (hasPrivateMembers(raw)) throw new MicrocredError('ERR_KEY_INVALID', `${id} publishes private key material`)
      const method = await normalizeVerificationMethod(
        {
          id,
          type: 'JsonWebKey',
          publicKeyJwk: raw,
          controller: typeof raw['controller'] === 'string' ? raw['controller'] : base,
        },
        base,
      )
      if (method !== undefined) return { verificationMethod: method, source: 'key-document' }
    }
    if (isJsonObject(raw) && raw['id'] === id) {
      const method = await normalizeVerificationMethod(raw, base)
      if (method !== undefined) return { verificationMethod: method, source: 'key-document' }
    }
    throw unresolved(id, 'the document is neither a controller document nor a key')
  }

  const resolver: KeyResolver = {
    resolveController,
    fetchDocument(url: string): Promise<unknown> {
      // http only for a loopback host: a service tried on one machine publishes its lists there (safeFetch() still
      // refuses loopback addresses, so a verifier of strangers' credentials fetches nothing more).
      if (typeof url !== 'string' || !(url.startsWith('https://') || isLoopbackHttpUrl(url)))
        return Promise.reject(
          new MicrocredError('ERR_FETCH_REFUSED', `only https documents are fetched, not ${JSON.stringify(url)}`),
        )
      return fetchCached(url)
    },
    // `verificationMethodId: unknown`: it comes from a proof or a JWT header, whatever the type says.
    async resolve(verificationMethodId: unknown): Promise<ResolvedKey> {
      if (typeof verificationMethodId !== 'string' || verificationMethodId === '')
        throw unresolved(String(verificationMethodId), 'the proof names no verification method')
      try {
        return await resolveDocumented(verificationMethodId)
      } catch (error) {
        if (!(error instanceof Unobtainable)) throw error
        // `<controller>#<publicKeyMultibase>` (as 1EdTech's verifier writes key ids), when the controller's document
        // cannot be obtained: the key can be read from the fragment to check a signature, but that alone says
        // nothing about whose key it is. A document that was obtained and does not list the key is final.
        const fragment = verificationMethodId.includes('#')
          ? verificationMethodId.slice(verificationMethodId.indexOf('#') + 1)
          : ''
        const method = MULTIBASE_KEY.test(fragment)
          ? await normalizeVerificationMethod(
              {
                id: verificationMethodId,
                type: 'Multikey',
                controller: withoutFragment(verificationMethodId),
                publicKeyMultibase: fragment,
              },
              verificationMethodId,
            )
          : undefined
        if (method === undefined) throw error.reason
        return { verificationMethod: method, source: 'fragment', note: error.message }
      }
    },
    async resolveJwks(issuerId: string): Promise<KeyJwk[]> {
      let host: string
      if (issuerId.startsWith('https://') && URL.canParse(issuerId)) host = new URL(issuerId).host
      else if (issuerId.startsWith('did:web:')) host = new URL(didWebUrl(issuerId)).host
      else throw unresolved(issuerId, 'a JWKS is only looked up for https and did:web issuers')
      const url = `https://${host}/.well-known/jwks.json`
      const jwks = await fetchDocument(url, url)
      const keys = isJsonObject(jwks) && Array.isArray(jwks['keys']) ? jwks['keys'] : undefined
      if (keys === undefined) throw unresolved(url, 'not a JWKS ({ "keys": [...] })')
      // A published key with private members is a leak; such keys are never trusted.
      return keys.filter(
        (key): key is KeyJwk => isJsonObject(key) && typeof key['kty'] === 'string' && !hasPrivateMembers(key),
      )
    },
  }
  if (cache !== undefined && statusLists !== undefined) {
    cacheViews.set(resolver, {
      statusLists,
      async watch(work) {
        const lookups = new Map<string, Promise<unknown>>()
        watchers.add(lookups)
        try {
          return { value: await work(), lookups }
        } finally {
          watchers.delete(lookups)
        }
      },
      unchanged(lookups) {
        for (const [url, value] of lookups) if (cache.peek(url) !== value) return false
        return true
      },
      remainingMs: (url) => Math.max(0, cache.getRemainingTTL(url)),
    })
  }
  return resolver
}

/** {@link KeyResolverOptions.statusListCacheMaxEntries} and `statusListCacheMaxBytes`; undefined when either is 0. */
function statusListLimits(options: KeyResolverOptions): DocumentCacheView['statusLists'] | undefined {
  const maxEntries = options.statusListCacheMaxEntries ?? DEFAULT_STATUS_LIST_CACHE_MAX_ENTRIES
  const maxBytes = options.statusListCacheMaxBytes ?? DEFAULT_STATUS_LIST_CACHE_MAX_BYTES
  for (const [name, value] of [
    ['statusListCacheMaxEntries', maxEntries],
    ['statusListCacheMaxBytes', maxBytes],
  ] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
      throw new TypeError(
        `createKeyResolver(options): options.${name} must be a whole number, 0 or more (got ${String(value)})`,
      )
  }
  return maxEntries === 0 || maxBytes === 0 ? undefined : { maxEntries, maxBytes }
}

/**
 * The cache of fetched documents: least recently used first out past `cacheMaxEntries`, each kept `cacheTtlMs`
 * from its fetch. `undefined` when either is 0 (nothing cached).
 */
function documentCache(options: KeyResolverOptions): LRUCache<string, Promise<unknown>> | undefined {
  const ttl = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS
  const max = options.cacheMaxEntries ?? DEFAULT_CACHE_MAX_ENTRIES
  if (typeof ttl !== 'number' || Number.isNaN(ttl) || ttl < 0) {
    throw new TypeError(
      `createKeyResolver(options): options.cacheTtlMs must be a number of milliseconds, 0 or more (got ${String(ttl)})`,
    )
  }
  if (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 0) {
    throw new TypeError(
      `createKeyResolver(options): options.cacheMaxEntries must be a whole number, 0 or more (got ${String(max)})`,
    )
  }
  if (ttl === 0 || max === 0) return undefined
  // ttlResolution 0: the clock is read on every lookup, so an entry is never served past its TTL.
  return new LRUCache<string, Promise<unknown>>(
    Number.isFinite(ttl) ? { max, ttl: Math.ceil(ttl), ttlResolution: 0 } : { max },
  )
}

/** Resolves a DID with `resolver`; failures become `ERR_KEY_UNRESOLVED` (or the driver's own microcred error). */
async function didDocument(resolver: Resolver, id: string): Promise<unknown> {
  const result = await resolver.resolve(id)
  const error = result.didResolutionMetadata.error
  if (error !== undefined || result.didDocument === null) {
    const cause = (result.didResolutionMetadata as { cause?: unknown }).cause
    if (cause instanceof MicrocredError) throw cause
    throw unresolved(
      id,
      error === 'unsupportedDidMethod'
        ? 'unsupported DID method (supported: did:key, did:jwk, did:web)'
        : `DID resolution failed (${error ?? 'no document'}${typeof result.didResolutionMetadata['message'] === 'string' ? `: ${result.didResolutionMetadata['message']}` : ''})`,
    )
  }
  return result.didDocument
}

/** Normalised controller documents of the shared self-certifying documents (frozen, one per DID), computed once each. */
const sharedController = weakMemo((raw: Record<string, unknown>) =>
  normalizeControllerDocument(raw, raw['id'] as string).then(deepFreeze),
)

/** {@link normalizeControllerDocument}, reusing the result for a shared self-certifying document. */
function controllerDocumentOf(raw: unknown, id: string): Promise<ControllerDocument> {
  if (!isJsonObject(raw) || !Object.isFrozen(raw) || raw['id'] !== id) return normalizeControllerDocument(raw, id)
  return sharedController(raw)
}

/** did:key and did:jwk resolve offline, and nothing but the DID decides their documents (loaded when first needed). */
const selfCertifyingDids = lazy(async () => {
  const [{ Resolver }, { getResolver: getKeyDidResolver }] = await Promise.all([
    import('did-resolver'),
    import('key-did-resolver'),
  ])
  return new Resolver(
    { ...getKeyDidResolver(), jwk: async (did) => documentResult(() => didJwkDocument(did)) },
    { cache: false },
  )
})

/**
 * The document of a did:key or did:jwk, computed once per DID (it is a pure function of the DID; building a did:key
 * document derives an X25519 key, which dominated verification) and frozen, since every caller shares it.
 */
const selfCertifyingDocument = boundedMemo(1024, async (did: string): Promise<unknown> =>
  // An Ed25519 did:key (the common issuer key) is built here, the rest by key-did-resolver: see did-key-ed25519.ts.
  deepFreeze(ed25519DidKeyDocument(did) ?? (await didDocument(await selfCertifyingDids(), did))),
)

/** The resolution result of the document `load` gives (or a promise of it); a throw or rejection is `notFound`. */
async function documentResult(load: () => unknown): Promise<DIDResolutionResult> {
  try {
    return {
      didDocument: (await load()) as DIDResolutionResult['didDocument'],
      didResolutionMetadata: { contentType: 'application/did+json' },
      didDocumentMetadata: {},
    }
  } catch (error) {
    return {
      didDocument: null,
      didResolutionMetadata: {
        error: 'notFound',
        message: error instanceof Error ? error.message : String(error),
        cause: error,
      },
      didDocumentMetadata: {},
    }
  }
}
