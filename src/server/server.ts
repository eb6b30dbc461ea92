/**
 * An issuing and verifying service speaking the W3C VC-API (https://w3c-ccg.github.io/vc-api/), on Fastify.
 *
 * Only the institution issues: `POST /credentials/issue`, `POST /micro-credentials/issue` (the builder's input, built
 * into an EU micro-credential and issued) and `POST /credentials/status` need a bearer token or an OAuth2 access token;
 * the verify endpoints are public and rate-limited, and every fetch a verification makes goes through `safeFetch()`
 * (no requests into the private network on a stranger's say-so); `GET /health` and `GET /health/ready` are public
 * probes. Errors are RFC 9457 problem details carrying the library's error codes and paths.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { loadServerModules, type ServerModules } from './modules.js'
import { isKeyPair, type KeyPair } from '../keys/keypair.js'
import { didWebDocument } from '../keys/documents.js'
import { createDocumentLoader } from '../context/loader.js'
import { deserializeSigningError } from '../many/sign-one.js'
import { proofCreated } from '../util/dates.js'
import { isOpenBadgesCredential } from '../schema/validate.js'
import { looksLikeCompactJws } from '../proof/jwt/format.js'
import { imageFormat } from '../bake/image.js'
import type { ImageFormat } from '../bake/baked.js'
import { MicrocredError } from '../errors.js'
import type { VerificationPolicy, VerificationProfile } from '../verify/options.js'
import type { ExpectedRecipient } from '../verify/checks/recipient.js'
import { issuerIdOf } from '../verify/checks/issuer-binding.js'
import { safeFetch } from '../net/safe-fetch.js'
import { isLoopbackAddress, isLoopbackHttpUrl } from '../net/addresses.js'
import type { FetchLike } from '../net/fetch-json.js'
import type { StatusListStore } from '../status/store.js'
import { isJsonObject } from '../util/json.js'
import { DEFAULT_MAX_DEPTH } from '../limits.js'
import { createAuthorizer, type Authorizer, type BearerToken, type OAuthOptions, type Principal } from './auth.js'
import { problem, problemOf, type Problem } from './problems.js'
import {
  issueBody,
  microCredentialIssueBody,
  POLICIES,
  presentationVerifyBody,
  statusBody,
  verifyBody,
  verifyQuery,
} from './schemas.js'
import { registerOpenApi, ROUTE_DOCS, SERIALIZED_AS_BUILT } from './openapi.js'
import { ServiceStatusLists, type ServicePurpose, type StatusChange } from './status.js'
import { withStatusContext, withStatusEntry } from '../status/entry.js'
import { defaultThreads, ThreadPool, ThreadPoolError } from './thread-pool.js'
import type { BuildOutcome, IssueTask, ServiceProof, VerifyTask, WorkRefused } from './thread-protocol.js'

/** Options of {@link createVcApiServer}. */
export interface VcApiServerOptions {
  /** The issuer's key: credentials are issued in the name of its controller, and only of it. */
  keyPair: KeyPair
  /**
   * The https URL clients reach the service at (`https://issuer.example`, also behind a TLS-terminating proxy): status
   * list ids are `<publicUrl>/status/<purpose>`. For a trial on one machine an `http:` URL of a loopback host is
   * accepted (`http://localhost:8080`, `http://127.0.0.1:8080`, `http://[::1]:8080`): only that machine can reach
   * its status lists, so verifiers elsewhere find every credential's status unobtainable. Any other `http:` URL is refused.
   */
  publicUrl: string
  /** Who may issue and change status: bearer tokens (stored hashed) and/or OAuth2 access tokens. */
  auth?: { tokens?: BearerToken[]; oauth?: OAuthOptions }
  /** Run the issue and status endpoints without authorization. Refused unless the server listens on loopback only. */
  allowUnauthenticated?: boolean
  /**
   * Where the status lists live: a `FileStatusListStore` or `PostgresStatusListStore` to keep them across restarts
   * (a `MemoryStatusListStore` loses every revocation when the process ends). Without it the service issues no
   * status entries and serves no lists. One issuing instance per store: the index of issued entries is per process.
   */
  statusStore?: StatusListStore
  /** A file recording which credential got which status entry (JSON lines), so status changes survive a restart. */
  statusIndexFile?: string
  /** The fetch verifications use for anything not served by this service itself; default `safeFetch()`. */
  fetch?: FetchLike
  /** Largest request body in bytes; default 2 MiB (a larger one gets 413). */
  bodyLimit?: number
  /**
   * Time limit of a request in milliseconds, receiving it and handling it each; default 30,000. Past it the client gets
   * 503 (`ERR_UNAVAILABLE`), and the verification or issuing still running is stopped (its thread is terminated if it
   * does not stop).
   */
  requestTimeoutMs?: number
  /**
   * Worker threads verify and issue requests run in (never on the event loop, so no request can hold up another);
   * default 2 to 4 by the machine's cores, never fewer than 2. Each thread runs several requests at once.
   */
  threads?: number
  /**
   * The budget of each verify request: `maxWorkMs` of work (default 2,000, or `requestTimeoutMs` if that is lower) and
   * `maxFetches` fetches (default 16), as `verify()`'s options of those names.
   */
  verification?: { maxWorkMs?: number; maxFetches?: number }
  /**
   * How long the documents verifications fetch (DID documents, keys, other issuers' status lists) are reused, in
   * milliseconds; default 300,000 (the key resolver's), 0 to fetch each time. The cache is bounded (1,000 documents,
   * 32 MiB, least recently used out first). The service's own status lists are never cached.
   */
  cacheTtlMs?: number
  /**
   * Behind a reverse proxy: which proxies to trust for the client address (Fastify `trustProxy`: `true`, an address,
   * a CIDR list). Without it the rate limit counts the proxy, not the clients.
   */
  trustProxy?: boolean | string | string[]
  /**
   * Rate limit of the verify endpoints per client address, counted across them (`/credentials/verify` and
   * `/presentations/verify` share it): `max` requests per `timeWindowMs` (default 60,000); default 300 a minute.
   * `false` disables it.
   */
  rateLimit?: { max: number; timeWindowMs?: number } | false
  /** Structured (JSON) request logs through Fastify's logger: `true` (default, info level), `false`, or a level. */
  logger?: boolean | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'
  /** Where log lines go; default standard output. */
  logDestination?: {
    /** Takes one log line (JSON, newline-terminated). */
    write(line: string): void
  }
  /** Serve https with this key and certificate (PEM): the W3C test suites call over https. */
  https?: { key: string | Buffer; cert: string | Buffer }
  /**
   * How the verify endpoints count conformance findings: `'default'` (warnings, the verdict rests on authenticity) or
   * `'strict'` (every warning fails, 422). Under `'default'` a request may ask for strict with `options.policy`; a
   * strict service stays strict whatever a request asks.
   */
  policy?: VerificationPolicy
  /**
   * Extra JSON-LD contexts the service trusts, by URL (`{ 'https://uni.example/ctx/v1': { '@context': { ... } } }`):
   * credentials using them can be issued and verified. Bundled contexts cannot be replaced; nothing is ever fetched.
   */
  contexts?: Readonly<Record<string, object>>
}

/** A running (or ready to run) VC-API service. */
export interface VcApiServer {
  /** The Fastify instance, to add routes or hooks. */
  readonly fastify: FastifyInstance
  /** Starts listening; resolves to the URL it listens on. Refuses a non-loopback host without authorization. */
  listen(options?: { port?: number; host?: string }): Promise<string>
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])
/** A verification's default budget in the service: far below the request time limit, so costly credentials fail fast. */
const VERIFY_MAX_WORK_MS = 2_000
const VERIFY_MAX_FETCHES = 16
const JWT_DATA_URL = 'data:application/vc+jwt,'
/** What a multipart form may add to its one file (boundaries, part headers), in bytes. */
const MULTIPART_OVERHEAD = 64 * 1024
/** The image types `POST /credentials/verify` takes a baked badge as, and the image each must be. */
const IMAGE_TYPES: ReadonlyMap<string, ImageFormat> = new Map([
  ['image/png', 'png'],
  ['image/svg+xml', 'svg'],
])

/** Who made each authorized request (kept off the request object, so consumers' Fastify types stay unchanged). */
const principals = new WeakMap<FastifyRequest, Principal>()

/**
 * Creates the service. Nothing listens until `listen()`. Fastify and its plugins (`fastify`, `@fastify/multipart`,
 * `@fastify/rate-limit`, `@fastify/swagger`) are optional peer dependencies of microcred: install them to use this.
 *
 * @throws MicrocredError `ERR_DEPENDENCY_MISSING` when any of them is not installed (the message is the `npm install`
 *   line that adds them).
 * @throws TypeError for a configuration that would let anyone issue (no `auth` and no `allowUnauthenticated`),
 *   or any other invalid option (a `policy` other than `'default'` or `'strict'`; `contexts` whose documents are not
 *   JSON objects or that would replace a bundled context).
 * @example
 * ```ts
 * import { createVcApiServer, createBearerToken } from 'microcred/server'
 *
 * const { token, entry } = createBearerToken('lms')            // give `token` to the LMS, keep `entry`
 * const server = await createVcApiServer({ keyPair, publicUrl: 'https://issuer.example', auth: { tokens: [entry] } })
 * await server.listen({ port: 8443, host: '0.0.0.0' })
 * // POST /credentials/issue with "Authorization: Bearer <token>" and { "credential": { ... } } -> 201
 * // POST /micro-credentials/issue with { "input": { ... } } (what createMicroCredential() takes) -> 201
 * ```
 */
export async function createVcApiServer(options: VcApiServerOptions): Promise<VcApiServer> {
  // Fastify and its plugins are optional peer dependencies: a missing one is reported before anything starts.
  const modules = await loadServerModules()
  const settings = resolveServiceOptions(options)
  const lists =
    options.statusStore === undefined
      ? undefined
      : await ServiceStatusLists.open(settings.base, options.statusStore, settings.keyPair, options.statusIndexFile)
  const ownDidDocument = settings.issuerId.startsWith('did:web:')
    ? didWebDocument(settings.issuerId, { keyPairs: [settings.keyPair] })
    : undefined
  const work = resolveWorkOptions(options)
  const pool = await startThreads(options, work, lists, ownDidDocument)
  const fastify = createFastify(modules.Fastify, options, work)
  // First: the document is generated from the routes' schemas as they are added.
  await registerOpenApi(fastify, modules.swagger, { publicUrl: settings.base, secured: settings.authConfigured })
  const rateLimited = await registerRateLimit(fastify, modules.rateLimit, options.rateLimit)
  const service: Service = { ...settings, ...work, fastify, lists, ownDidDocument, pool, closing: false }
  registerClosingHooks(service)
  registerErrorHandlers(service)
  registerRequestGuards(service)
  const requireAuthorization = authorizationHook(service)
  registerIssueRoutes(service, requireAuthorization)
  registerStatusRoute(service, requireAuthorization)
  await registerVerifyRoutes(service, modules.multipart, rateLimited)
  registerProbes(service)
  registerPublishedDocuments(service)
  return serverHandle(service)
}

/** What the steps of {@link createVcApiServer} share: the checked settings, the status lists, the threads, Fastify. */
interface Service extends ServiceSettings, WorkSettings {
  readonly fastify: FastifyInstance
  readonly lists: ServiceStatusLists | undefined
  /** The issuer's DID document, served and answered locally, when its key's controller is a did:web DID. */
  readonly ownDidDocument: ReturnType<typeof didWebDocument> | undefined
  readonly pool: ThreadPool
  /** Set when the service begins to close: requests still arriving get a 503, responses close their connection. */
  closing: boolean
}

/** Who the service is and who may issue: the options that decide it, checked. */
interface ServiceSettings {
  readonly keyPair: KeyPair
  readonly issuerId: string
  /** `publicUrl` without a trailing slash. */
  readonly base: string
  readonly authConfigured: boolean
  readonly authorizer: Authorizer
  readonly policy: VerificationPolicy
}

/** How much work the service takes on: time limits, threads, verification budget, cache, body size. */
interface WorkSettings {
  readonly requestTimeoutMs: number
  readonly threads: number
  readonly verification: { maxWorkMs: number; maxFetches: number }
  readonly cacheTtlMs: number
  readonly bodyLimit: number
}

/** Decides the service's identity and authorization: the key, the public URL, auth or none, the policy, the contexts. */
function resolveServiceOptions(options: VcApiServerOptions): ServiceSettings {
  if (!isJsonObject(options)) throw new TypeError('createVcApiServer(options): options must be an object')
  const { keyPair } = options
  if (!isKeyPair(keyPair))
    throw new TypeError(
      'createVcApiServer(options): options.keyPair must come from generateKeyPair() or importKeyPair()',
    )
  // Status list URLs are published in every credential with an entry; verifiers fetch only https documents.
  // A loopback http URL is for trying the service out on one machine: no verifier elsewhere can reach its lists.
  if (
    typeof options.publicUrl !== 'string' ||
    !URL.canParse(options.publicUrl) ||
    !(options.publicUrl.startsWith('https://') || isLoopbackHttpUrl(options.publicUrl))
  ) {
    throw new TypeError(
      'createVcApiServer(options): options.publicUrl must be the https URL clients reach the service at (behind a TLS proxy, its public URL); http only for a loopback host (http://localhost, http://127.0.0.1, http://[::1]), to try the service on one machine',
    )
  }
  const tokens = options.auth?.tokens ?? []
  const oauth = options.auth?.oauth
  const authConfigured = tokens.length > 0 || oauth !== undefined
  if (!authConfigured && options.allowUnauthenticated !== true) {
    throw new TypeError(
      'createVcApiServer(options): configure auth.tokens or auth.oauth (anyone reaching an open issue endpoint can mint credentials in your name), or set allowUnauthenticated for a loopback-only server',
    )
  }
  const policy = options.policy ?? 'default'
  if (!POLICIES.includes(policy))
    throw new TypeError(
      `createVcApiServer(options): options.policy must be ${POLICIES.map((p) => JSON.stringify(p)).join(' or ')}, not ${JSON.stringify(policy)}`,
    )
  assertTrustedContexts(options.contexts)
  const authorizer = createAuthorizer(tokens, oauth)
  const base = options.publicUrl.replace(/\/+$/, '')
  if (options.statusStore !== undefined && keyPair.algorithm !== 'Ed25519') {
    // The lists are status list credentials with a Data Integrity proof, which only an Ed25519 key signs: with another
    // key every credential's status would be unobtainable, and every credential would fail verification.
    throw new TypeError(
      `createVcApiServer(options): a service with status lists needs an Ed25519 key (its lists are signed with Data Integrity proofs); this key is ${keyPair.algorithm}`,
    )
  }
  return { keyPair, issuerId: keyPair.controller, base, authConfigured, authorizer, policy }
}

/** Decides the service's limits: request time, threads, verification budget, cache lifetime and body size. */
function resolveWorkOptions(options: VcApiServerOptions): WorkSettings {
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000
  const threads = options.threads ?? defaultThreads()
  if (!Number.isInteger(threads) || threads < 1)
    throw new TypeError(
      `createVcApiServer(options): options.threads must be a whole number from 1, not ${JSON.stringify(threads)}`,
    )
  const verification = verificationOptions(options.verification, requestTimeoutMs)
  const cacheTtlMs = options.cacheTtlMs ?? 300_000
  if (typeof cacheTtlMs !== 'number' || !(cacheTtlMs >= 0))
    throw new TypeError('createVcApiServer(options): options.cacheTtlMs must be a non-negative number of milliseconds')
  return { requestTimeoutMs, threads, verification, cacheTtlMs, bodyLimit: options.bodyLimit ?? 2 * 1024 * 1024 }
}

/** Starts the threads, warmed, with the fetch they verify through: the service's own documents locally, the rest outside. */
async function startThreads(
  options: VcApiServerOptions,
  work: WorkSettings,
  lists: ServiceStatusLists | undefined,
  ownDidDocument: Service['ownDidDocument'],
): Promise<ThreadPool> {
  const outside = options.fetch ?? safeFetch()
  // The service's own status lists and DID document are answered locally: safeFetch would (rightly) refuse a
  // loopback or private address, and a verification must see a revocation the moment it is made.
  const verifyFetch: FetchLike = async (url, init) => {
    if (lists !== undefined) {
      const purpose = lists.owns(url)
      if (purpose !== undefined) return Response.json(await lists.credential(purpose))
    }
    if (url === ownDidDocument?.url) return Response.json(ownDidDocument.document)
    return outside(url, init)
  }
  const pool = new ThreadPool({
    threads: work.threads,
    keyPair: options.keyPair,
    ...(options.contexts === undefined ? {} : { contexts: options.contexts }),
    fetch: verifyFetch,
    isLocal: (url) => lists?.owns(url) !== undefined || url === ownDidDocument?.url,
    cacheTtlMs: work.cacheTtlMs,
  })
  // The threads load the library before the first request, which would otherwise pay for it.
  await pool.warm()
  return pool
}

/** Creates the Fastify instance: logging, body and time limits, proxies, closing, request ids, strict validation, https. */
function createFastify(
  Fastify: ServerModules['Fastify'],
  options: VcApiServerOptions,
  work: WorkSettings,
): FastifyInstance {
  const logger = options.logger ?? true
  return Fastify({
    logger:
      logger === false
        ? false
        : {
            level: logger === true ? 'info' : logger,
            ...(options.logDestination === undefined ? {} : { stream: options.logDestination }),
          },
    bodyLimit: work.bodyLimit,
    requestTimeout: work.requestTimeoutMs,
    handlerTimeout: work.requestTimeoutMs,
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    // While closing, requests still arriving on open connections get the service's own 503 problem (hook below), not
    // Fastify's plain one; liveness keeps answering.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    genReqId: () => randomUUID(),
    // Bodies are validated as sent: no members silently dropped, no types coerced, no defaults filled in.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
    ...(options.https === undefined ? {} : { https: { key: options.https.key, cert: options.https.cert } }),
  })
}

/** Registers the rate limiter; the route options that put the verify routes under one shared limit (none if off). */
async function registerRateLimit(
  fastify: FastifyInstance,
  rateLimit: ServerModules['rateLimit'],
  given: VcApiServerOptions['rateLimit'],
) {
  const limit = given ?? { max: 300 }
  await fastify.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      ...problem(429, 'ERR_RATE_LIMITED', `too many requests: at most ${context.max} per ${context.after}`),
    }),
  })
  // One limiter (one count per client) for every verify route: a client cannot double its share by alternating them.
  // It runs on request, before the body is read.
  return limit === false
    ? {}
    : { onRequest: fastify.rateLimit({ max: limit.max, timeWindow: limit.timeWindowMs ?? 60_000 }) }
}

/** Decides what closing does to requests: new ones get a 503 (liveness excepted), every response closes its connection. */
function registerClosingHooks(service: Service): void {
  const { fastify } = service
  // While closing, every response asks the client to close its connection, so a keep-alive connection that was busy
  // when close() began does not hold the server open until its idle timeout.
  fastify.addHook('preClose', (done) => {
    service.closing = true
    done()
  })
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (service.closing) reply.header('connection', 'close')
    return payload
  })
  fastify.addHook('onRequest', async (request, reply) => {
    if (service.closing && request.routeOptions.url !== '/health') return shuttingDown(reply)
  })
}

/** Sends a problem with its status and the problem+json media type. */
function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body)
}

/** The 503 for a request that arrives while the service is closing. */
function shuttingDown(reply: FastifyReply): FastifyReply {
  return sendProblem(
    reply.header('retry-after', '5'),
    problem(
      503,
      'ERR_UNAVAILABLE',
      'the service is shutting down: send the request again (behind a load balancer, another instance takes it)',
    ),
  )
}

/** Decides the problem every failed request gets: a body that fails its schema, media types, time limits, library errors. */
function registerErrorHandlers(service: Service): void {
  const { fastify, bodyLimit, requestTimeoutMs } = service
  fastify.setErrorHandler((error: FastifyError & { statusCode?: number }, request, reply) => {
    if (error.validation !== undefined) return sendProblem(reply, validationProblem(error, request.body))
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendProblem(
        reply,
        problem(413, 'ERR_INPUT_TOO_LARGE', `the request body is over the ${bodyLimit}-byte limit`),
      )
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const images =
        request.routeOptions.url === '/credentials/verify'
          ? ', a baked badge as image/png or image/svg+xml, or a multipart/form-data upload of one file'
          : ''
      return sendProblem(
        reply,
        problem(415, 'ERR_UNSUPPORTED_MEDIA_TYPE', `send the body as application/json${images}`),
      )
    }
    if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (error.statusCode === 400 && error instanceof SyntaxError)
    ) {
      return sendProblem(reply, problem(400, 'ERR_SYNTAX', 'the request body is not valid JSON'))
    }
    if (error.statusCode === 429)
      return sendProblem(reply, problem(429, 'ERR_RATE_LIMITED', error.message || 'too many requests'))
    if (
      error.code === 'FST_ERR_HANDLER_TIMEOUT' ||
      error.code === 'FST_ERR_REQUEST_TIMEOUT' ||
      error.statusCode === 408
    )
      return sendProblem(
        reply.header('retry-after', '5'),
        problem(503, 'ERR_UNAVAILABLE', `the request took longer than the service's ${requestTimeoutMs} ms limit`),
      )
    // The library throws TypeError for arguments of the wrong shape: here those come from the request body.
    if (error instanceof TypeError)
      return sendProblem(reply, problem(400, 'ERR_INVALID_INPUT', error.message.replace(/^[\w.]+\([^)]*\): /, '')))
    const known = problemOf(error)
    if (known !== undefined) return sendProblem(reply, known)
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, problem(400, 'ERR_INVALID_INPUT', error.message))
    }
    request.log.error({ err: error }, 'request failed')
    return sendProblem(
      reply,
      problem(500, 'ERR_INTERNAL', `the request could not be handled (request id ${request.id})`),
    )
  })
  fastify.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem(404, 'ERR_NOT_FOUND', `no ${request.method} ${request.url.split('?')[0]} here`)),
  )
}

/** The 400 for a body or query string that fails its schema: the path of the member it is about, and what was wrong. */
function validationProblem(error: FastifyError, body: unknown): Problem {
  const first = error.validation?.[0]
  const inQuery = error.validationContext === 'querystring'
  // The member a "required" or "additionalProperties" error is about is in its params, not its instancePath.
  const params = (first?.params ?? {}) as {
    missingProperty?: string
    additionalProperty?: string
    allowedValues?: unknown[]
  }
  const member =
    first?.keyword === 'required'
      ? params.missingProperty
      : first?.keyword === 'additionalProperties'
        ? params.additionalProperty
        : undefined
  const path =
    first === undefined
      ? undefined
      : [
          ...(inQuery ? ['query'] : []),
          ...first.instancePath.split('/').filter(Boolean),
          ...(member === undefined ? [] : [member]),
        ].join('.')
  // Ajv's "must be equal to one of the allowed values" does not say which, nor "must NOT have additional
  // properties" which one: the client needs them.
  const replaced = path === undefined ? undefined : replacedValue(path, body)
  const detail =
    replaced ??
    (first?.keyword === 'enum' && params.allowedValues !== undefined
      ? `${error.message}: ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`
      : first?.keyword === 'additionalProperties' && member !== undefined
        ? `${error.message}: ${JSON.stringify(member)}`
        : error.message)
  return problem(400, 'ERR_INVALID_INPUT', `the ${inQuery ? 'query string' : 'request body'} is not valid: ${detail}`, {
    path: path === '' ? undefined : path,
  })
}

/** The hook the issuing routes run on request: who is calling (a token or an OAuth2 access token), or a 401. */
function authorizationHook(service: Service) {
  const { authConfigured, authorizer } = service
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!authConfigured) return
    const principal = await authorizer.authorize(request.headers.authorization)
    if (principal === undefined) {
      const given = request.headers.authorization !== undefined
      request.log.warn({ authorization: given ? 'rejected' : 'missing' }, 'unauthorized request')
      reply.header('www-authenticate', `Bearer realm="microcred"${given ? ', error="invalid_token"' : ''}`)
      return sendProblem(
        reply,
        problem(
          401,
          'ERR_UNAUTHORIZED',
          given
            ? 'the access token is not valid (unknown, expired or for someone else)'
            : 'this endpoint needs an access token (Authorization: Bearer ...)',
        ),
      )
    }
    principals.set(request, principal)
    request.log.info({ client: principal.name, via: principal.via }, 'authorized')
  }
}

/** Decides which requests are handled at all: loopback callers only without authorization, bodies no deeper than a credential. */
function registerRequestGuards(service: Service): void {
  const { fastify } = service
  if (!service.authConfigured) {
    // Without authorization only this machine may call, whatever address the server ended up listening on, and only
    // under a loopback host name (a web page that rebinds its own name to 127.0.0.1 cannot issue).
    fastify.addHook('onRequest', async (request, reply) => {
      const hostname = (request.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1')
      if (!isLoopbackAddress(request.socket.localAddress ?? '') || !LOOPBACK.has(hostname)) {
        return sendProblem(
          reply,
          problem(401, 'ERR_UNAUTHORIZED', 'this server runs without authorization and answers loopback requests only'),
        )
      }
    })
  }
  // Bodies nest as deep as credentials may (plus the request's own levels), no deeper: deeper JSON cannot be a
  // credential, and serialising it back (a report repeats what it verified) would overflow the stack.
  fastify.addHook('preValidation', async (request, reply) => {
    if (request.body instanceof Uint8Array) return
    if (nestingDepthOver(request.body, DEFAULT_MAX_DEPTH + 4)) {
      return sendProblem(
        reply,
        problem(400, 'ERR_INPUT_TOO_LARGE', `the request body nests deeper than ${DEFAULT_MAX_DEPTH + 4} levels`),
      )
    }
  })
}

/** The hook {@link authorizationHook} builds. */
type AuthorizationHook = ReturnType<typeof authorizationHook>

/** Registers the issuing routes: `POST /credentials/issue` (a credential) and `POST /micro-credentials/issue` (builder input). */
function registerIssueRoutes(service: Service, requireAuthorization: AuthorizationHook): void {
  const { fastify, issuerId, requestTimeoutMs } = service
  fastify.post(
    '/credentials/issue',
    { schema: { ...ROUTE_DOCS.issue, body: issueBody }, ...SERIALIZED_AS_BUILT, onRequest: requireAuthorization },
    async (request, reply) => {
      const body = request.body as { credential: Record<string, unknown>; options?: IssueRequestOptions }
      // One deadline for the whole request, however many steps it takes in the threads.
      const deadline = Date.now() + requestTimeoutMs
      const { credential } = body
      // Without @context nothing below could say more than a list of JSON-LD errors, one per member.
      if (!Object.hasOwn(credential, '@context')) return sendProblem(reply, notACredential(credential))
      const claimed = issuerIdOf(credential)
      if (claimed !== issuerId)
        return sendProblem(
          reply,
          issuerMismatch(
            issuerId,
            claimed,
            typeof credential['issuer'] === 'string' ? 'credential.issuer' : 'credential.issuer.id',
          ),
        )
      const planned = planIssue(service, body.options ?? {})
      if ('problem' in planned) return sendProblem(reply, planned.problem)
      return issueCredential(service, request, reply, credential, planned.plan, deadline, (path) =>
        path === undefined ? 'credential' : `credential.${path}`,
      )
    },
  )

  fastify.post(
    '/micro-credentials/issue',
    {
      schema: { ...ROUTE_DOCS.issueMicroCredential, body: microCredentialIssueBody },
      ...SERIALIZED_AS_BUILT,
      onRequest: requireAuthorization,
    },
    async (request, reply) => {
      const body = request.body as { input: Record<string, unknown>; options?: IssueRequestOptions & { bake?: string } }
      // One deadline for the whole request, however many steps it takes in the threads (building, checking, signing).
      const deadline = Date.now() + requestTimeoutMs
      const issuer = body.input['issuer']
      const claimed = isJsonObject(issuer) ? issuer['id'] : undefined
      if (claimed !== undefined && claimed !== null && claimed !== issuerId) {
        return sendProblem(
          reply,
          issuerMismatch(issuerId, claimed, 'input.issuer.id', ' (leave it out and the service sets it)'),
        )
      }
      const planned = planIssue(service, body.options ?? {})
      if ('problem' in planned) return sendProblem(reply, planned.problem)
      const bakeInto = body.options?.bake === undefined ? undefined : await badgeImage(body.options.bake)
      if (bakeInto !== undefined && 'problem' in bakeInto) return sendProblem(reply, bakeInto.problem)
      let built: BuildOutcome
      try {
        // In a thread, as issuing is: the builder validates what it built against the schemas, work that grows with the input.
        built = await service.pool.build(
          { kind: 'build', input: completedInput(body.input, issuerId) },
          Math.max(1, deadline - Date.now()),
        )
      } catch (error) {
        if (error instanceof ThreadPoolError) return unavailable(reply, error, 'built')
        throw error
      }
      if (!built.ok) return sendProblem(reply, buildProblem(built))
      // What the built credential could still be refused for (issuer aside) is not a member of the input: the input as a whole is named.
      const plan = bakeInto === undefined ? planned.plan : { ...planned.plan, bake: bakeInto }
      return issueCredential(service, request, reply, built.credential, plan, deadline, (path) =>
        path === 'issuer' || path === 'issuer.id' ? 'input.issuer.id' : 'input',
      )
    },
  )
}

/**
 * The problem for builder input the builder refused, at its path under `input`.
 *
 * @throws Error for anything else the builder threw (a 500).
 */
function buildProblem(built: WorkRefused): Problem {
  if ('thrown' in built) {
    // The builder throws TypeError only for an input that is not an object, which the body schema rules out.
    if (built.thrown.name === 'TypeError')
      return problem(422, 'ERR_INVALID_INPUT', built.thrown.message.replace(/^[\w.]+\([^)]*\): /, ''), {
        path: 'input',
      })
    throw new Error(`building failed in its thread: ${built.thrown.message}`)
  }
  const error = deserializeSigningError(built.error)
  const known = problemOf(error)
  if (known === undefined) throw error
  return { ...known, path: known.path === undefined ? 'input' : `input.${known.path}` }
}

/**
 * An issue request's options, checked: what issue() would refuse about them is refused here, before any work and
 * before a status entry is spent.
 */
function planIssue(service: Service, requestOptions: IssueRequestOptions): { problem: Problem } | { plan: IssuePlan } {
  const { keyPair, lists } = service
  const statusRequests =
    requestOptions.credentialStatus === undefined
      ? []
      : Array.isArray(requestOptions.credentialStatus)
        ? requestOptions.credentialStatus
        : [requestOptions.credentialStatus]
  if (statusRequests.length > 1)
    return {
      problem: problem(422, 'ERR_INVALID_INPUT', 'ask for one status entry per credential', {
        path: 'options.credentialStatus',
      }),
    }
  const proof = requestOptions.proof ?? 'eddsa-rdfc-2022'
  const { created } = requestOptions
  if (created !== undefined) {
    try {
      proofCreated(created, 'options')
    } catch (error) {
      return {
        problem: problem(
          400,
          'ERR_INVALID_INPUT',
          error instanceof Error
            ? error.message.replace(/^options: options\.created /, 'options.created ')
            : String(error),
          { path: 'options.created' },
        ),
      }
    }
  }
  if (proof !== 'vc-jwt' && keyPair.algorithm !== 'Ed25519') {
    return {
      problem: problem(
        422,
        'ERR_KEY_INVALID',
        `this service's key is ${keyPair.algorithm}: it signs VC-JWTs (options.proof "vc-jwt"), not Data Integrity proofs, which need an Ed25519 key`,
        { path: 'options.proof' },
      ),
    }
  }
  const purpose = statusRequests[0]?.statusPurpose
  if (purpose !== undefined && lists === undefined) {
    return {
      problem: problem(
        422,
        'ERR_STATUS_LIST_UNKNOWN',
        'this service keeps no status lists (start it with a status store), so it cannot give the credential a status entry',
        { path: 'options.credentialStatus' },
      ),
    }
  }
  return {
    plan: {
      proof,
      ...(created === undefined ? {} : { created }),
      ...(purpose === undefined || lists === undefined ? {} : { status: { purpose, lists } }),
    },
  }
}

/** The 422 for a credential (or builder input) naming another issuer than the service's key controller. */
function issuerMismatch(issuerId: string, claimed: unknown, path: string, hint = ''): Problem {
  return problem(
    422,
    'ERR_ISSUER_KEY_MISMATCH',
    `this service issues only as ${issuerId}; ${path} is ${JSON.stringify(claimed ?? null)}${hint}`,
    { path },
  )
}

/**
 * Issues a credential whose issuer was checked, as planned by {@link planIssue}, by `deadline` (epoch ms), and answers
 * 201 `{ verifiableCredential }` or the problem: the issuing both issue routes share. `locate` turns a path in the
 * credential into the path to name in the request body.
 */
async function issueCredential(
  service: Service,
  request: FastifyRequest,
  reply: FastifyReply,
  given: Record<string, unknown>,
  plan: IssuePlan,
  deadline: number,
  locate: (path?: string) => string,
): Promise<FastifyReply> {
  let credential = { ...given }
  // Only an absent id gets one: a present one (null, a number...) is the client's, and validation judges it.
  if (!Object.hasOwn(credential, 'id')) credential['id'] = `urn:uuid:${randomUUID()}`
  const { proof, status } = plan
  const inThread = (task: IssueTask) => signInThread(service.pool, task, deadline)
  const task = { proof, ...(plan.created === undefined ? {} : { created: plan.created }) }
  const bakeTask = plan.bake === undefined ? {} : { bake: plan.bake }
  const refused = status === undefined ? undefined : statusEntryRefused(credential, locate)
  if (refused !== undefined) return sendProblem(reply, refused)
  let allocated = false
  let outcome: { signed?: object | string; baked?: Uint8Array | string }
  try {
    if (status !== undefined) {
      credential = withStatusContext(credential)
      // Validate before an index is spent on a credential that will not be issued.
      await inThread({ kind: 'check-issuable', credential, options: task, ...bakeTask })
      credential = withStatusEntry(credential, await status.lists.allocate(String(credential['id']), status.purpose))
      allocated = true
    }
    outcome = await inThread({ kind: 'issue', credential, options: task, ...bakeTask })
  } catch (error) {
    // The credential was not issued: its status entry is given up, so the same id can be issued again.
    if (allocated && status !== undefined)
      await status.lists.release(String(credential['id']), status.purpose).catch((releaseError: unknown) => {
        request.log.error({ err: releaseError }, 'could not release a status entry')
      })
    if (error instanceof ThreadPoolError) return unavailable(reply, error, 'issued')
    const known = problemOf(error)
    if (known === undefined) throw error
    if (known.status >= 500) request.log.error({ err: error }, 'issuing failed')
    // Artwork that cannot be baked is a malformed request (400), as when its data: URL was checked.
    if (known.path === 'options.bake')
      return sendProblem(reply, problem(400, known.code, known.detail, { path: known.path }))
    return sendProblem(reply, { ...known, path: locate(known.path) })
  }
  request.log.info({ client: principals.get(request)?.name, credential: credential['id'], proof }, 'issued')
  return answerIssued(reply, outcome, plan)
}

/** Why a credential cannot be given a status entry (it has one, or a proof the entry would break), or `undefined`. */
function statusEntryRefused(
  credential: Record<string, unknown>,
  locate: (path?: string) => string,
): Problem | undefined {
  if (credential['credentialStatus'] !== undefined)
    return problem(422, 'ERR_INVALID_INPUT', 'the credential already has a credentialStatus', {
      path: locate('credentialStatus'),
    })
  if (credential['proof'] !== undefined)
    return problem(
      422,
      'ERR_INVALID_INPUT',
      'the credential already has a proof, which a status entry added now would break',
      { path: 'options.credentialStatus' },
    )
  return undefined
}

/** The 201 for an issued credential: the baked badge when one was asked for, otherwise `{ verifiableCredential }`. */
function answerIssued(
  reply: FastifyReply,
  { signed, baked }: { signed?: object | string; baked?: Uint8Array | string },
  plan: IssuePlan,
): FastifyReply {
  if (baked !== undefined && plan.bake !== undefined) {
    const { format } = plan.bake
    return reply
      .code(201)
      .type(format === 'png' ? 'image/png' : 'image/svg+xml')
      .header('content-disposition', `attachment; filename="badge.${format}"`)
      .send(typeof baked === 'string' ? baked : Buffer.from(baked))
  }
  if (signed === undefined) throw new Error('issuing in its thread returned no credential')
  const verifiableCredential =
    typeof signed === 'string'
      ? {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          id: `${JWT_DATA_URL}${signed}`,
          type: 'EnvelopedVerifiableCredential',
        }
      : signed
  return reply.code(201).send({ verifiableCredential: asVcApiResponse(verifiableCredential) })
}

/**
 * Validates or signs in a thread by `deadline` (epoch ms): what signing gave (nothing for a check). Throws what
 * issue() would have thrown (the `MicrocredError` that refused the credential, a `TypeError`), or a
 * {@link ThreadPoolError} when no thread could do it in time.
 */
async function signInThread(
  pool: ThreadPool,
  task: IssueTask,
  deadline: number,
): Promise<{ signed?: object | string; baked?: Uint8Array | string }> {
  const outcome = await pool.issue(task, Math.max(1, deadline - Date.now()))
  if (outcome.ok) return outcome
  if ('error' in outcome) {
    const error = deserializeSigningError(outcome.error)
    // The image, not the credential, was refused: its place in the request is options.bake.
    throw outcome.during === 'bake'
      ? new MicrocredError(error.code, `options.bake: ${error.message}`, { path: 'options.bake' })
      : error
  }
  throw outcome.thrown.name === 'TypeError'
    ? new TypeError(outcome.thrown.message)
    : new Error(`issuing failed in its thread: ${outcome.thrown.message}`)
}

/** The 503 for a task the threads could not finish in time (or at all), with when to try again. */
function unavailable(reply: FastifyReply, error: ThreadPoolError, doing: string): FastifyReply {
  if (error.reason === 'failed') reply.log.error({ err: error }, 'worker thread failed')
  return sendProblem(
    reply.header('retry-after', '5'),
    problem(503, 'ERR_UNAVAILABLE', `the credential could not be ${doing} now: ${error.message}`),
  )
}

/** Registers `POST /credentials/status`: changes applied whole or not at all, to credentials this service issued. */
function registerStatusRoute(service: Service, requireAuthorization: AuthorizationHook): void {
  const { lists } = service
  service.fastify.post(
    '/credentials/status',
    { schema: { ...ROUTE_DOCS.status, body: statusBody }, ...SERIALIZED_AS_BUILT, onRequest: requireAuthorization },
    async (request, reply) => {
      const body = request.body as { credentialId: string; credentialStatus: { status: StatusChange }[] }
      if (lists === undefined)
        return sendProblem(
          reply,
          problem(404, 'ERR_STATUS_LIST_UNKNOWN', 'this service keeps no status lists (start it with a status store)'),
        )
      // Every change is checked before any is applied: a request is applied whole or not at all.
      body.credentialStatus.forEach((entry, i) =>
        lists.assertChangeable(body.credentialId, entry.status, `credentialStatus[${i}].status`),
      )
      for (const entry of body.credentialStatus) await lists.update(body.credentialId, entry.status)
      request.log.info(
        {
          client: principals.get(request)?.name,
          credential: body.credentialId,
          status: body.credentialStatus.map((e) => e.status),
        },
        'status changed',
      )
      return reply.code(200).send({ credentialId: body.credentialId, credentialStatus: body.credentialStatus })
    },
  )
}

/** The options of one verification: the service's budget and policy, with a request's own choices. */
function taskOptions(service: Service, choices: VerifyChoices = {}): VerifyTask['options'] {
  const { policy, verification } = service
  return {
    // The operator's strict policy is a floor: a request may ask for strict, never below what the service requires.
    policy: policy === 'strict' ? 'strict' : (choices.policy ?? policy),
    ...(choices.profile === undefined ? {} : { profile: choices.profile }),
    maxWorkMs: verification.maxWorkMs,
    maxFetches: verification.maxFetches,
  }
}

/** Runs a verification in a thread: the report (200 verified, 422 not), or 503 when it cannot be given in time. */
async function runVerification(
  service: Service,
  reply: FastifyReply,
  kind: VerifyTask['kind'],
  input: unknown,
  options: VerifyTask['options'],
): Promise<FastifyReply> {
  let report: Awaited<ReturnType<ThreadPool['verify']>>
  try {
    report = await service.pool.verify({ kind, input, options }, service.requestTimeoutMs)
  } catch (error) {
    if (!(error instanceof ThreadPoolError)) throw error
    return unavailable(reply, error, 'verified')
  }
  return reply.code(report.verified ? 200 : 422).send(report)
}

/** Registers the public, rate-limited verify routes: credentials (JSON, a baked image, an upload) and presentations. */
async function registerVerifyRoutes(
  service: Service,
  multipart: ServerModules['multipart'],
  rateLimited: Awaited<ReturnType<typeof registerRateLimit>>,
): Promise<void> {
  const { fastify, bodyLimit } = service
  // The verify route in its own scope: only it takes a baked badge as the raw image or a multipart upload (those parsers
  // are not the service's), so everything else still answers 415 to anything but JSON.
  await fastify.register(async (scope) => {
    scope.addContentTypeParser([...IMAGE_TYPES.keys()], { parseAs: 'buffer' }, (_request, body, done) => {
      done(null, body)
    })
    // One file and nothing else: multipart is not bounded by bodyLimit, so its parts and sizes are, here.
    await scope.register(multipart, {
      limits: { files: 1, fileSize: bodyLimit, fields: 4, fieldSize: 1024, parts: 5, headerPairs: 100 },
    })
    scope.post(
      '/credentials/verify',
      {
        schema: {
          ...ROUTE_DOCS.verify,
          querystring: verifyQuery,
          body: { content: { 'application/json': { schema: verifyBody } } },
        },
        ...SERIALIZED_AS_BUILT,
        ...rateLimited,
      },
      async (request, reply) => verifyCredentialRequest(service, request, reply),
    )
  })

  fastify.post(
    '/presentations/verify',
    {
      schema: { ...ROUTE_DOCS.verifyPresentation, body: presentationVerifyBody },
      ...SERIALIZED_AS_BUILT,
      ...rateLimited,
    },
    async (request, reply) => {
      const body = request.body as {
        verifiablePresentation: unknown
        options: VerifyChoices & { challenge: string; domain?: string }
      }
      const { challenge, domain } = body.options
      return runVerification(service, reply, 'presentation', body.verifiablePresentation, {
        ...taskOptions(service, body.options),
        challenge,
        ...(domain === undefined ? {} : { domain }),
      })
    },
  )
}

/** Handles `POST /credentials/verify`: decides what was sent (a multipart upload, an image, JSON) and verifies it. */
async function verifyCredentialRequest(
  service: Service,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const query = request.query as VerifyChoices & { expectedRecipient?: string }
  const uploadOptions = () => ({
    ...taskOptions(service, query),
    ...(query.expectedRecipient === undefined ? {} : { expectedRecipient: query.expectedRecipient }),
  })
  if (request.isMultipart()) {
    const upload = await uploadedFile(request, service.bodyLimit + MULTIPART_OVERHEAD)
    if ('problem' in upload)
      return sendProblem(upload.close === true ? reply.header('connection', 'close') : reply, upload.problem)
    return runVerification(service, reply, 'credential', upload.input, uploadOptions())
  }
  if (request.body instanceof Uint8Array) {
    const declared = IMAGE_TYPES.get(request.mediaType ?? '')
    if (declared === undefined || imageFormat(request.body) !== declared) {
      return sendProblem(
        reply,
        problem(
          400,
          'ERR_IMAGE_INVALID',
          `the body is sent as ${request.mediaType} but is not ${declared === 'svg' ? 'an SVG image' : 'a PNG image'}`,
        ),
      )
    }
    // A copy of exactly the body's bytes: the Buffer may be a view into a larger pooled ArrayBuffer, all of which
    // structured cloning would send to the thread.
    return runVerification(service, reply, 'credential', new Uint8Array(request.body), uploadOptions())
  }
  // A JSON body carries its choices in options: the same choices in the query string as well would leave one unheard.
  const queried = Object.keys(query)
  if (queried.length > 0)
    return sendProblem(
      reply,
      problem(
        400,
        'ERR_INVALID_INPUT',
        `with a JSON body, send ${queried.join(', ')} in the body's options, not the query string (which is for image and multipart uploads)`,
        { path: `options.${queried[0]}` },
      ),
    )
  const body = request.body as {
    verifiableCredential: unknown
    options?: VerifyChoices & { expectedRecipient?: ExpectedRecipient }
  }
  // VC-API: the credential is a JSON object; a string is accepted only as a VC-JWT. JSON text in a string is not a
  // credential (VC Data Integrity §4.3: a secured document that is not a map is a PARSING_ERROR).
  if (typeof body.verifiableCredential === 'string' && !looksLikeCompactJws(body.verifiableCredential)) {
    return sendProblem(
      reply,
      problem(
        400,
        'ERR_SYNTAX',
        'verifiableCredential must be a JSON object (or a VC-JWT as a string, or an EnvelopedVerifiableCredential), not a string of JSON text',
        { path: 'verifiableCredential' },
      ),
    )
  }
  const expectedRecipient = body.options?.expectedRecipient
  return runVerification(service, reply, 'credential', unwrapEnveloped(body.verifiableCredential), {
    ...taskOptions(service, body.options),
    ...(expectedRecipient === undefined ? {} : { expectedRecipient }),
  })
}

/** Registers the probes: public, not rate-limited, no work; ready unless closing or the threads are gone. */
function registerProbes(service: Service): void {
  const { fastify, pool } = service
  // Logged at warn only, so a probe every few seconds does not fill the logs.
  fastify.get(
    '/health',
    { schema: ROUTE_DOCS.health, ...SERIALIZED_AS_BUILT, logLevel: 'warn' },
    async (_request, reply) => reply.send({ status: 'ok' }),
  )
  fastify.get(
    '/health/ready',
    { schema: ROUTE_DOCS.ready, ...SERIALIZED_AS_BUILT, logLevel: 'warn' },
    async (_request, reply) => {
      if (service.closing) return shuttingDown(reply)
      // The status lists were opened before the server was created, and warming is awaited there too: a service that
      // answers is ready unless its threads are gone.
      if (!pool.ready)
        return sendProblem(
          reply.header('retry-after', '5'),
          problem(503, 'ERR_UNAVAILABLE', 'the service is not ready: its threads are not running'),
        )
      // How many requests wait for a thread: a probe or an operator can see a saturated service before it answers 503.
      return reply.send({ status: 'ready', queued: pool.queued })
    },
  )
}

/** Registers what verifiers fetch from the service: its status lists and, for a did:web issuer at the root, its DID document. */
function registerPublishedDocuments(service: Service): void {
  const { fastify, lists, ownDidDocument } = service
  fastify.get('/status/:purpose', { schema: ROUTE_DOCS.statusList, ...SERIALIZED_AS_BUILT }, async (request, reply) => {
    const { purpose } = request.params as { purpose: string }
    if (lists === undefined || (purpose !== 'revocation' && purpose !== 'suspension'))
      return sendProblem(reply, problem(404, 'ERR_NOT_FOUND', `no status list ${purpose}`))
    return reply.type('application/vc+ld+json').send(await lists.credential(purpose))
  })

  if (ownDidDocument !== undefined && new URL(ownDidDocument.url).pathname === '/.well-known/did.json') {
    fastify.get(
      '/.well-known/did.json',
      { schema: ROUTE_DOCS.didDocument, ...SERIALIZED_AS_BUILT },
      async (_request, reply) => reply.type('application/did+json').send(ownDidDocument.document),
    )
  }
}

/** The handle returned: the Fastify instance, `listen()` (loopback only without authorization) and `close()`. */
function serverHandle(service: Service): VcApiServer {
  const { fastify, pool, authConfigured } = service
  return {
    fastify,
    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? '127.0.0.1'
      if (!authConfigured && !LOOPBACK.has(host)) {
        throw new TypeError(
          `VcApiServer.listen(): refusing to listen on ${host} without authorization; configure auth, or listen on 127.0.0.1 / ::1`,
        )
      }
      return fastify.listen({ port: listenOptions.port ?? 0, host })
    },
    async close() {
      service.closing = true
      try {
        await fastify.close()
      } finally {
        await pool.close()
      }
    },
  }
}

/** Values of request members that earlier releases took, and what replaced each (the 400 says it). */
const REPLACED_VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'options.proof': { jwt: 'options.proof "jwt" was replaced by "vc-jwt" (a VC-JWT)' },
}

/** What replaced the value at `path` (a dotted path of a JSON body) in `body`, when it is one earlier releases took. */
function replacedValue(path: string, body: unknown): string | undefined {
  const table = REPLACED_VALUES[path]
  if (table === undefined) return undefined
  let value: unknown = body
  for (const name of path.split('.')) value = isJsonObject(value) ? value[name] : undefined
  return typeof value === 'string' && Object.hasOwn(table, value) ? table[value] : undefined
}

/** The `options` of an issue request (both issue routes), validated by its body schema. */
interface IssueRequestOptions {
  proof?: ServiceProof
  created?: string
  credentialStatus?: { statusPurpose: ServicePurpose } | { statusPurpose: ServicePurpose }[]
}

/** How a credential is to be issued: its proof, the proof's `created`, and the status entry to give it. */
interface IssuePlan {
  proof: ServiceProof
  created?: string
  status?: { purpose: ServicePurpose; lists: ServiceStatusLists }
  /** The badge image to bake the signed credential into (`POST /micro-credentials/issue` with `options.bake`). */
  bake?: { format: ImageFormat; image: Uint8Array }
}

/** Members of the builder's input (`createMicroCredential()`) that a credential does not have at its top level. */
const BUILDER_INPUT_MEMBERS = [
  'title',
  'learner',
  'learningOutcomes',
  'workload',
  'assessment',
  'participation',
  'qualityAssurance',
] as const

/**
 * The one problem for a `credential` without `@context` sent to `POST /credentials/issue`: it is not a credential,
 * and when it looks like the builder's input, where that goes.
 */
function notACredential(credential: Record<string, unknown>): Problem {
  const builderMembers = BUILDER_INPUT_MEMBERS.filter((name) => Object.hasOwn(credential, name))
  const detail =
    builderMembers.length > 0
      ? `credential has no @context, so it is not a verifiable credential; with ${builderMembers.join(', ')} it looks like the builder's input for an EU micro-credential: send { "input": <it>, "options": { ... } } to POST /micro-credentials/issue, which builds the credential and issues it`
      : 'credential has no @context, so it is not a verifiable credential (a W3C VC 2.0 credential\'s @context begins with "https://www.w3.org/ns/credentials/v2"); to build and issue an EU micro-credential from the builder\'s input (issuer, learner, title, ...), send { "input": <it> } to POST /micro-credentials/issue'
  return problem(422, 'ERR_INVALID_INPUT', detail, { path: 'credential.@context' })
}

/**
 * The builder's input with what the service knows filled in, as `microcred issue` does: the issuer's id is the key's
 * controller when the input's issuer has none, and the date of issuing is now when it is absent.
 */
function completedInput(input: Record<string, unknown>, controller: string): Record<string, unknown> {
  const issuer = input['issuer']
  const absent = (value: unknown) => value === undefined || value === null
  return {
    ...input,
    ...(isJsonObject(issuer) && absent(issuer['id']) ? { issuer: { ...issuer, id: controller } } : {}),
    ...(absent(input['issued']) ? { issued: `${new Date().toISOString().slice(0, 19)}Z` } : {}),
  }
}

/** A verify request's own choices (`options.policy`, `options.profile`), validated by its body schema. */
interface VerifyChoices {
  policy?: VerificationPolicy
  profile?: VerificationProfile
}

/**
 * The verification budget of the service, defaults applied.
 *
 * @throws TypeError for a value that is not a non-negative number.
 */
function verificationOptions(
  given: VcApiServerOptions['verification'],
  requestTimeoutMs: number,
): { maxWorkMs: number; maxFetches: number } {
  if (given !== undefined && !isJsonObject(given))
    throw new TypeError('createVcApiServer(options): options.verification must be an object')
  for (const name of ['maxWorkMs', 'maxFetches'] as const) {
    const value = given?.[name]
    if (value !== undefined && (typeof value !== 'number' || !(value >= 0)))
      throw new TypeError(
        `createVcApiServer(options): options.verification.${name} must be a non-negative number, not ${JSON.stringify(value)}`,
      )
  }
  return {
    maxWorkMs: given?.maxWorkMs ?? Math.min(VERIFY_MAX_WORK_MS, requestTimeoutMs),
    maxFetches: given?.maxFetches ?? VERIFY_MAX_FETCHES,
  }
}

/**
 * Checks the extra trusted contexts as a document loader would take them (each thread builds its own loader from them,
 * so a problem is reported once, here, as the service starts).
 *
 * @throws TypeError for a `contexts` option that is not an object of URL -> context document, or that names a bundled URL.
 */
function assertTrustedContexts(contexts: VcApiServerOptions['contexts']): void {
  if (contexts === undefined) return
  if (!isJsonObject(contexts))
    throw new TypeError(
      'createVcApiServer(options): options.contexts must be an object mapping context URLs to their documents',
    )
  for (const url of Object.keys(contexts)) {
    if (!URL.canParse(url))
      throw new TypeError(`createVcApiServer(options): options.contexts: ${JSON.stringify(url)} is not an absolute URL`)
  }
  try {
    createDocumentLoader({ contexts })
  } catch (error) {
    if (error instanceof TypeError)
      throw new TypeError(
        `createVcApiServer(options): options.contexts: ${error.message.replace(/^createDocumentLoader\(options\): /, '')}`,
        { cause: error },
      )
    throw error
  }
}

/** True when `value` nests more than `limit` arrays/objects deep (iterative: hostile input cannot overflow the stack). */
function nestingDepthOver(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [node, depth] = entry
    if (node === null || typeof node !== 'object') continue
    if (depth >= limit) return true
    for (const child of Array.isArray(node) ? node : Object.values(node))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
  }
  return false
}

/**
 * The credential as VC-API clients expect it: one proof as an object (the VC-API examples and the W3C issuer test
 * suite; VC Data Model 2.0 allows either). Open Badges and CLR credentials keep the array the OB 3.0 schema requires.
 */
function asVcApiResponse(credential: object): object {
  const proof = (credential as { proof?: unknown }).proof
  if (!Array.isArray(proof) || proof.length !== 1 || isOpenBadgesCredential(credential as Record<string, unknown>))
    return credential
  const only: unknown = proof[0]
  return { ...credential, proof: only }
}

/**
 * The badge artwork of `options.bake` (a `data:image/png` or `data:image/svg+xml` URL, as its schema requires), decoded
 * by the platform's data: URL reader, and checked to be the image it says before anything is issued.
 */
async function badgeImage(dataUrl: string): Promise<{ format: ImageFormat; image: Uint8Array } | { problem: Problem }> {
  const declared: ImageFormat = dataUrl.startsWith('data:image/png') ? 'png' : 'svg'
  // A URL's fragment begins at "#", which the data: URL reader would drop with all that follows (RFC 2397: "#" must
  // be %23), silently truncating an SVG's colours (fill="#fff").
  if (dataUrl.includes('#'))
    return {
      problem: problem(
        400,
        'ERR_IMAGE_INVALID',
        'options.bake contains "#", which ends a URL: percent-encode it as %23 (encodeURIComponent does), or send the image base64-encoded (data:image/svg+xml;base64,...)',
        { path: 'options.bake' },
      ),
    }
  let image: Uint8Array
  try {
    image = new Uint8Array(await (await fetch(dataUrl)).arrayBuffer())
  } catch {
    return {
      problem: problem(
        400,
        'ERR_IMAGE_INVALID',
        'options.bake is not a data: URL that can be read (data:image/png;base64,<base64> or data:image/svg+xml,<url-encoded SVG>)',
        { path: 'options.bake' },
      ),
    }
  }
  if (imageFormat(image) !== declared)
    return {
      problem: problem(
        400,
        'ERR_IMAGE_INVALID',
        `options.bake says ${declared === 'png' ? 'image/png' : 'image/svg+xml'} but does not hold ${declared === 'png' ? 'a PNG image' : 'an SVG image'}`,
        { path: 'options.bake' },
      ),
    }
  return { format: declared, image }
}

/**
 * The one file of a multipart upload to `POST /credentials/verify`, as its bytes: `verify()` reads them as a baked
 * image, a credential's JSON or a VC-JWT. A form field is refused rather than ignored: the options travel in the query.
 * The whole form is at most `maxBytes`: the parser bounds the file and each part, not what comes before the first part
 * or after the last, which it reads and discards.
 */
async function uploadedFile(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ input: Uint8Array } | { problem: Problem; close?: true }> {
  const tooLarge = problem(
    413,
    'ERR_INPUT_TOO_LARGE',
    `the upload is over the service's limit of ${maxBytes} bytes for a form`,
  )
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) return { problem: tooLarge, close: true }
  // A form sent without a length (chunked) is counted as it arrives. Past the limit, the parser is stopped with an
  // error while it reads, and the answer closes the connection; while the rest of a refused form is drained (see
  // below), the connection is cut.
  let received = 0
  let parsing = true
  const raw = request.raw
  const count = (chunk: Buffer): void => {
    received += chunk.length
    if (received <= maxBytes) return
    raw.off('data', count)
    if (parsing) raw.emit('error', Object.assign(new Error(`the form is over ${maxBytes} bytes`), { statusCode: 413 }))
    else raw.destroy()
  }
  // Attached in the same turn as the parser's own reading starts (request.parts() below): no chunk goes uncounted.
  raw.on('data', count)
  raw.once('end', () => raw.off('data', count))
  const refuse = (refused: Problem): { problem: Problem; close?: true } => {
    parsing = false
    // Over the limit, nothing more is read: the answer closes the connection.
    if (received > maxBytes) return { problem: refused, close: true }
    // Otherwise what the client still sends of the refused form is read and dropped (still counted), so that the
    // answer reaches it and the connection is free again, rather than held by a client that cannot finish sending.
    raw.resume()
    return { problem: refused }
  }
  let file: Uint8Array | undefined
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        return refuse(
          problem(
            400,
            'ERR_INVALID_INPUT',
            `the form field ${JSON.stringify(part.fieldname)} is not read: upload one file (a baked badge, a credential's JSON or a VC-JWT) and send policy, profile or expectedRecipient in the query string`,
            { path: part.fieldname },
          ),
        )
      }
      file = new Uint8Array(await part.toBuffer())
    }
  } catch (error) {
    // The multipart parser's limits (one file of at most bodyLimit bytes, a few small parts) answer 413; anything else
    // it throws is a form it could not read.
    const message = error instanceof Error ? error.message : String(error)
    if (received > maxBytes) return refuse(tooLarge)
    if ((error as { statusCode?: unknown }).statusCode === 413)
      return refuse(
        problem(
          413,
          'ERR_INPUT_TOO_LARGE',
          `the upload is over the service's limits (one file of at most the body limit, no more than a few form parts): ${message}`,
        ),
      )
    return refuse(problem(400, 'ERR_SYNTAX', `the multipart form could not be read: ${message}`))
  }
  parsing = false
  if (file === undefined)
    return {
      problem: problem(
        400,
        'ERR_INVALID_INPUT',
        "the form has no file: upload the baked badge (PNG or SVG), the credential's JSON or its VC-JWT",
      ),
    }
  return { input: file }
}

/** A VC 2.0 `EnvelopedVerifiableCredential` holding a VC-JWT, as its JWT; anything else as given. */
function unwrapEnveloped(value: unknown): unknown {
  if (
    isJsonObject(value) &&
    value['type'] === 'EnvelopedVerifiableCredential' &&
    typeof value['id'] === 'string' &&
    value['id'].startsWith(JWT_DATA_URL)
  ) {
    return value['id'].slice(JWT_DATA_URL.length)
  }
  return value
}
