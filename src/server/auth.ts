/**
 * Who may issue and change status: bearer tokens stored as SHA-256 hashes (compared in constant time, each with a
 * name for the logs) and/or OAuth2 client-credentials access tokens (JWTs) verified against a configured JWKS.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createLocalJWKSet, jwtVerify } from 'jose'

/** A JWKS document (RFC 7517 §5): the authorization server's public keys. */
export interface JwksDocument {
  keys: Record<string, unknown>[]
}

/** A bearer token the service accepts, stored as the hex SHA-256 of the token (never the token itself). */
export interface BearerToken {
  /** Who holds it, for the logs (`lms-production`). */
  name: string
  /** Hex SHA-256 of the token; make one with {@link createBearerToken} or {@link hashBearerToken}. */
  sha256: string
}

/** OAuth2 access tokens (client-credentials grant) the service accepts: JWTs signed by a key of `jwks`. */
export interface OAuthOptions {
  /** The authorization server's public keys (its JWKS document, as JSON). */
  jwks: JwksDocument
  /** Expected `iss`. */
  issuer: string
  /** Expected `aud`. */
  audience: string
  /** A scope the token must carry (in `scope`, space-separated), e.g. `credentials:issue`. */
  scope?: string
  /** Tolerated clock difference in seconds for `exp`/`nbf`; default 30. */
  clockToleranceSeconds?: number
}

/** Who made an authorized request. */
export interface Principal {
  /** The token's name, or the OAuth2 client (`client_id` or `sub`). */
  name: string
  via: 'bearer' | 'oauth2'
}

/**
 * The hex SHA-256 of a bearer token, as {@link BearerToken.sha256} stores it.
 *
 * @example
 * ```ts
 * const entry = { name: 'lms', sha256: hashBearerToken(process.env.LMS_TOKEN!) }
 * ```
 */
export function hashBearerToken(token: string): string {
  if (typeof token !== 'string' || token === '')
    throw new TypeError('hashBearerToken(token): token must be a non-empty string')
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/**
 * A new random bearer token (256 bits, base64url) and the entry to configure: give the token to the client once,
 * keep only the entry.
 *
 * @example
 * ```ts
 * const { token, entry } = createBearerToken('lms-production')
 * ```
 */
export function createBearerToken(name: string): { token: string; entry: BearerToken } {
  if (typeof name !== 'string' || name.trim() === '')
    throw new TypeError('createBearerToken(name): name must be a non-empty string')
  const token = randomBytes(32).toString('base64url')
  return { token, entry: { name, sha256: hashBearerToken(token) } }
}

/** Checks `Authorization: Bearer …` headers against the configured tokens and OAuth2 settings. */
export interface Authorizer {
  /** The principal, or `undefined` when the header authorizes nothing (missing, wrong, expired...). */
  authorize(header: string | undefined): Promise<Principal | undefined>
}

/** Builds the authorizer; validates the configuration (a programming mistake throws `TypeError`). */
export function createAuthorizer(tokens: readonly BearerToken[], oauth: OAuthOptions | undefined): Authorizer {
  // The tokens come from the caller's options: in JavaScript an entry can be anything.
  const hashes = tokens.map((token: Partial<BearerToken> | null | undefined, i) => {
    if (
      typeof token?.name !== 'string' ||
      token.name === '' ||
      typeof token.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/i.test(token.sha256)
    ) {
      throw new TypeError(`createVcApiServer(options): auth.tokens[${i}] must be { name, sha256: <64 hex digits> }`)
    }
    return { name: token.name, digest: Buffer.from(token.sha256, 'hex') }
  })
  let keys: ReturnType<typeof createLocalJWKSet> | undefined
  if (oauth !== undefined) {
    if (typeof oauth.issuer !== 'string' || typeof oauth.audience !== 'string')
      throw new TypeError('createVcApiServer(options): auth.oauth needs issuer and audience')
    if (!isJwks(oauth.jwks))
      throw new TypeError('createVcApiServer(options): auth.oauth.jwks must be a JWKS ({ keys: [...] })')
    keys = createLocalJWKSet(oauth.jwks)
  }
  return {
    async authorize(header) {
      const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim()) : null
      const token = match?.[1]
      if (token === undefined) return undefined
      const digest = createHash('sha256').update(token, 'utf8').digest()
      // Every stored hash is compared, in constant time, whatever matched earlier.
      let found: string | undefined
      for (const entry of hashes) if (timingSafeEqual(entry.digest, digest) && found === undefined) found = entry.name
      if (found !== undefined) return { name: found, via: 'bearer' }
      if (keys === undefined || oauth === undefined || token.split('.').length !== 3) return undefined
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: oauth.issuer,
          audience: oauth.audience,
          clockTolerance: oauth.clockToleranceSeconds ?? 30,
        })
        if (payload.exp === undefined) return undefined
        if (
          oauth.scope !== undefined &&
          // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a scope claim that is not a string (an array, an object) is compared as String() writes it; an object's "[object Object]" holds no scope
          !String(payload['scope'] ?? '')
            .split(' ')
            .includes(oauth.scope)
        )
          return undefined
        const client =
          typeof payload['client_id'] === 'string' ? payload['client_id'] : (payload.sub ?? 'oauth2-client')
        return { name: client, via: 'oauth2' }
      } catch {
        return undefined
      }
    },
  }
}

function isJwks(value: unknown): value is JwksDocument {
  return typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys)
}
