/**
 * Property-based fuzz test of the VC-API service's verify endpoints: random and mutated bodies, credentials and
 * presentations, random strings and JWT-like strings, broken JSON, odd content types and junk options, sent to
 * POST /credentials/verify and POST /presentations/verify. Every answer is 200, 400, 413, 415, 422 or 429 (never a
 * 5xx), with a JSON body: RFC 9457 problem details for a 4xx other than 422, a verification report for 200 and 422
 * (verified exactly when 200, and then only for the genuine credential or presentation). No request may poison the
 * service: the JavaScript built-ins stay as they were, and after every request that reached a verification the
 * genuine credential still gets 200.
 *
 * The service runs without authorization, which it allows on loopback only: it checks the socket's local address,
 * which `fastify.inject()` does not have (every injected request gets 401), so requests go over real HTTP to
 * 127.0.0.1. Its fetch refuses everything, so nothing leaves the machine.
 *
 * Seeded: the seed is in every property's name; replay with FUZZ_SEED=<seed> (FUZZ_RUNS=<factor> scales the runs).
 */
import fc from 'fast-check'
import { Agent, request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  generateKeyPair,
  issueJwt,
  MicrocredError,
  type FetchLike,
  createPresentation,
  signPresentation,
} from '../../src/index.js'
import { createVcApiServer, PROBLEM_TYPE_BASE, type VcApiServer } from '../../src/entries/server.js'
import { euCredential, signedEuCredential, signBypassingChecks } from '../helpers/credentials.js'
import {
  SEED,
  applyMutations,
  builtInsChange,
  forgeryOf,
  fuzzParameters,
  jsonDiff,
  jwtForgeryOf,
  jwtLike,
  JS_NAMES,
  mutations,
  ODD_STRINGS,
  reportProblem,
  snapshotBuiltIns,
  type MutationContext,
} from './arbitraries.js'

const PROPERTY_TIMEOUT = 300_000
const PRESENTATION_CHECKS = ['syntax', 'context', 'data-model', 'proof', 'holder-binding', 'credentials'] as const
const CHALLENGE = 'nonce-1'
const DOMAIN = 'https://employer.example'
const ALLOWED = new Set([200, 400, 413, 415, 422, 429])
const BODY_LIMIT = 2 * 1024 * 1024

type Path = '/credentials/verify' | '/presentations/verify'
interface FuzzRequest {
  path: Path
  /** The content-type header; none when undefined. */
  contentType: string | undefined
  body: string | Uint8Array
}

let server: VcApiServer | undefined
let base: string
let agent: Agent | undefined
let fetches = 0
/** How often each path answered each status (logged at the end, to see what the fuzzing reached). */
const statuses = new Map<string, number>()
let credential: { signed: Record<string, unknown>; context: MutationContext; token: string }
let presentation: { signed: Record<string, unknown>; context: MutationContext }

beforeAll(async () => {
  console.log(`fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED})`)
  const refuse: FetchLike = async (url) => {
    fetches++
    throw new MicrocredError('ERR_FETCH_REFUSED', `the fuzz test fetches nothing (${url})`)
  }
  // One thread, so the canary below is verified where the fuzzed request was; a budget no loaded machine runs out of,
  // so the canary fails only for a poisoned service.
  server = await createVcApiServer({
    keyPair: await generateKeyPair(),
    publicUrl: 'https://issuer.example',
    allowUnauthenticated: true,
    logger: false,
    rateLimit: false,
    fetch: refuse,
    threads: 1,
    verification: { maxWorkMs: 60_000 },
  })
  base = await server.listen({ host: '127.0.0.1', port: 0 })
  agent = new Agent({ connections: 4 })

  const holder = await generateKeyPair()
  const attacker = await generateKeyPair()
  const { keyPair, signed } = await signedEuCredential({ learner: { id: holder.controller } })
  const { proof: _proof, ...unsigned } = signed as unknown as Record<string, unknown>
  const others = [attacker.id]
  credential = {
    signed: signed as unknown as Record<string, unknown>,
    context: {
      original: signed as unknown as Record<string, unknown>,
      attackerProof: (await signBypassingChecks(unsigned, attacker)).proof,
      otherVerificationMethods: others,
    },
    token: await issueJwt(euCredential(keyPair, { learner: { id: holder.controller } }), { keyPair }),
  }
  const vp = (await signPresentation(
    createPresentation({ credentials: [signed as unknown as Record<string, unknown>], holder: holder.controller }),
    { keyPair: holder, challenge: CHALLENGE, domain: DOMAIN },
  )) as unknown as Record<string, unknown>
  const attackerVp = (await signPresentation(
    createPresentation({ credentials: [signed as unknown as Record<string, unknown>], holder: attacker.controller }),
    { keyPair: attacker, challenge: CHALLENGE, domain: DOMAIN },
  )) as unknown as Record<string, unknown>
  presentation = {
    signed: vp,
    context: {
      original: vp,
      attackerProof: (attackerVp['proof'] as unknown[])[0] as Record<string, unknown>,
      otherVerificationMethods: others,
    },
  }
})

afterAll(async () => {
  console.log(
    `answers: ${[...statuses.entries()]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')}; ${fetches} fetch(es) tried, all refused`,
  )
  await agent?.close()
  await server?.close()
})

async function send(req: FuzzRequest, tally = true): Promise<{ status: number; contentType: string; text: string }> {
  const response = await request(`${base}${req.path}`, {
    method: 'POST',
    dispatcher: agent,
    headers: req.contentType === undefined ? {} : { 'content-type': req.contentType },
    body: req.body,
  })
  const text = await response.body.text()
  const key = `${req.path} ${response.statusCode}`
  if (tally) statuses.set(key, (statuses.get(key) ?? 0) + 1)
  return { status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), text }
}

/** The request after which the genuine credential stopped verifying, once that happened. */
let poisonedBy: string | undefined

/** A request, with how its credential or presentation differs from the genuine one when it carries one. */
function describeRequest(req: FuzzRequest): string {
  const text = typeof req.body === 'string' ? req.body : Buffer.from(req.body).toString('latin1')
  let changes = ''
  try {
    const body = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>
    const [sent, genuine] = isObject(body['verifiableCredential'])
      ? [body['verifiableCredential'], credential.signed]
      : isObject(body['verifiablePresentation'])
        ? [body['verifiablePresentation'], presentation.signed]
        : [undefined, undefined]
    if (sent !== undefined)
      changes = `; it differs from the genuine one at: ${jsonDiff(genuine, sent).join('; ') || 'nowhere'}`
  } catch {
    // not JSON
  }
  return `${req.path} (${req.contentType ?? 'no content-type'})${changes}; body: ${text.slice(0, 300)}…`
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * Sends a request and checks the answer, that handling it left the main thread's JavaScript built-ins as they were
 * (parsing, routing, the threads' fetch bridge run there; verification runs in the service's thread, whose built-ins
 * verify.fuzz.test.ts checks in-process), and (when it reached a verification) that the genuine credential still
 * verifies after it in that thread: one request must not poison the service for the next ones (prototype pollution,
 * a corrupted cache). A poisoned service cannot be un-poisoned, so every later run fails naming the request that did it.
 */
async function exchange(req: FuzzRequest): Promise<void> {
  if (poisonedBy !== undefined) throw new Error(`the service was poisoned earlier by ${poisonedBy}`)
  const before = snapshotBuiltIns()
  const answer = await send(req)
  const polluted = builtInsChange(before)
  check(
    polluted === undefined,
    () =>
      `handling the request changed the JavaScript built-ins (prototype pollution; put back for the next run): ${polluted}; answer ${answer.status} ${answer.text.slice(0, 300)}`,
  )
  await checkAnswer(req, answer)
  if (answer.status === 200 || answer.status === 422) {
    const canary = await send(
      {
        path: '/credentials/verify',
        contentType: 'application/json',
        body: JSON.stringify({ verifiableCredential: credential.signed }),
      },
      false,
    )
    if (canary.status !== 200) {
      poisonedBy = describeRequest(req)
      throw new Error(
        `after this request the genuine credential no longer verifies (the service is poisoned for every later request): ${canary.status} ${canary.text.slice(0, 600)}`,
      )
    }
  }
}

function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message())
}

/** The service's answer is one of the allowed statuses, JSON, and the right kind of JSON for its status. */
async function checkAnswer(
  req: FuzzRequest,
  answer: { status: number; contentType: string; text: string },
): Promise<void> {
  const show = () => `status ${answer.status}, content-type ${answer.contentType}, body ${answer.text.slice(0, 600)}`
  check(ALLOWED.has(answer.status), () => `unexpected status: ${show()}`)
  let body: any
  try {
    body = JSON.parse(answer.text)
  } catch {
    throw new Error(`the body is not JSON: ${show()}`)
  }
  if (answer.status === 200 || answer.status === 422) {
    check(answer.contentType.startsWith('application/json'), () => `a report not sent as application/json: ${show()}`)
    const problem = req.path === '/credentials/verify' ? reportProblem(body) : reportProblem(body, PRESENTATION_CHECKS)
    check(problem === undefined, () => `${problem}: ${show()}`)
    check(body.verified === (answer.status === 200), () => `verified ${body.verified} with status ${answer.status}`)
    if (answer.status === 200) {
      // Only the genuine credential or presentation verifies.
      const forgery =
        req.path === '/presentations/verify'
          ? await forgeryOf({ verified: true }, body.presentation, presentation.signed)
          : body.format === 'jwt'
            ? jwtForgeryOf(true, sentToken(req), credential.token)
            : await forgeryOf(body, body.credential, credential.signed)
      check(forgery === undefined, () => `${forgery}: ${show()}`)
    }
    return
  }
  check(
    answer.contentType.startsWith('application/problem+json'),
    () => `a ${answer.status} not sent as application/problem+json: ${show()}`,
  )
  check(
    body !== null && typeof body === 'object' && !Array.isArray(body),
    () => `a problem that is not an object: ${show()}`,
  )
  check(body.status === answer.status, () => `the problem's status is not the response's: ${show()}`)
  check(
    typeof body.code === 'string' && body.type === `${PROBLEM_TYPE_BASE}#${body.code}`,
    () => `a problem without a code and its type: ${show()}`,
  )
  check(
    typeof body.title === 'string' && typeof body.detail === 'string',
    () => `a problem without title or detail: ${show()}`,
  )
}

/** The VC-JWT a /credentials/verify request carried, if any (as a string or in an EnvelopedVerifiableCredential). */
function sentToken(req: FuzzRequest): string | undefined {
  try {
    const text =
      typeof req.body === 'string'
        ? req.body
        : Buffer.from(req.body).toString(req.body[0] === 0xff && req.body[1] === 0xfe ? 'utf16le' : 'utf8')
    const body = JSON.parse(text.replace(/^\uFEFF/, '')) as { verifiableCredential?: unknown }
    const vc = body.verifiableCredential
    if (typeof vc === 'string') return vc
    if (vc !== null && typeof vc === 'object' && typeof (vc as { id?: unknown }).id === 'string')
      return (vc as { id: string }).id.replace(/^data:application\/vc\+jwt,/, '')
  } catch {
    // not JSON: nothing verified
  }
  return undefined
}

const jsonish = fc.jsonValue({ maxDepth: 3 })

/** Options the service accepts (most requests carry these, so they reach verify()). */
const validChoices = fc.record(
  {
    policy: fc.constantFrom('default', 'strict'),
    profile: fc.constantFrom('auto', 'vc', 'ob3', 'eu'),
    expectedRecipient: fc.constantFrom('did:example:1', 'ada@example.org'),
  },
  { requiredKeys: [] },
)
const validPresentationChoices = fc.record(
  {
    challenge: fc.constant(CHALLENGE),
    domain: fc.constant(DOMAIN),
    policy: fc.constantFrom('default', 'strict'),
    profile: fc.constantFrom('auto', 'vc', 'ob3', 'eu'),
  },
  { requiredKeys: ['challenge'] },
)

/** Options a client might send, valid or not. */
const verifyChoices = fc.record(
  {
    policy: fc.oneof(fc.constantFrom('default', 'strict'), jsonish),
    profile: fc.oneof(fc.constantFrom('auto', 'vc', 'ob3', 'eu'), jsonish),
    expectedRecipient: fc.oneof(fc.constantFrom('did:example:1', 'ada@example.org', ''), jsonish),
    challenge: fc.oneof(fc.constant(CHALLENGE), fc.string(), jsonish),
    domain: fc.oneof(fc.constant(DOMAIN), fc.string(), jsonish),
    now: jsonish,
    fetch: jsonish,
    maxBytes: jsonish,
  },
  { requiredKeys: [] },
)

const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 24, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'APPLICATION/JSON',
      'application/json;',
      'application/ld+json',
      'application/vc+ld+json',
      'application/vc+jwt',
      'application/problem+json',
      'text/plain',
      'text/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'image/png',
      'image/svg+xml',
      '',
      ';;;',
      '*/*',
      'application/json, text/plain',
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.stringMatching(/^[\x20-\x7e]{0,40}$/).map((s) => s.trim()) },
)

/** A body as JSON text, sometimes as UTF-8 bytes, UTF-16 or with a byte order mark. */
const encoded = (text: fc.Arbitrary<string>): fc.Arbitrary<string | Uint8Array> =>
  fc
    .tuple(text, fc.constantFrom('text', 'text', 'text', 'text', 'text', 'utf8', 'utf8', 'utf16le', 'bom'))
    .map(([t, how]) =>
      how === 'text'
        ? t
        : how === 'utf8'
          ? new Uint8Array(Buffer.from(t, 'utf8'))
          : how === 'utf16le'
            ? new Uint8Array(Buffer.from(t, 'utf16le'))
            : `\uFEFF${t}`,
    )

/** Raw texts that are not quite a request body: broken, hostile or odd JSON. */
function rawBodies(genuineBody: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.nat().map((n) => genuineBody.slice(0, n % (genuineBody.length + 1))),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.constantFrom(
      '',
      ' ',
      'null',
      'true',
      '0',
      '"x"',
      '[]',
      '{}',
      '{',
      '}',
      '{"verifiableCredential":}',
      '{"verifiableCredential":{}}x',
      '{"__proto__":{"verified":true},"verifiableCredential":{}}',
      '{"verifiableCredential":{"__proto__":{"x":1}}}',
      '{"constructor":{"prototype":{"verified":true}},"verifiableCredential":{}}',
      '{"verifiableCredential":{},"verifiableCredential":"a.b.c"}',
      '{"verifiableCredential":1e999}',
      '{"verifiableCredential":"\\ud800"}',
      '{"verifiablePresentation":{},"options":{"challenge":"x"},"options":{}}',
      `{"verifiableCredential":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
      `{"verifiableCredential":{"a":${'{"a":'.repeat(80)}1${'}'.repeat(80)}}}`,
      `{"verifiablePresentation":${'['.repeat(100)}${']'.repeat(100)},"options":{"challenge":"x"}}`,
    ),
  )
}

/** Occasionally a body just over the limit (413), built once. */
let oversize: string | undefined
const overLimit = fc
  .constant(null)
  .map(() => (oversize ??= JSON.stringify({ verifiableCredential: { padding: 'x'.repeat(BODY_LIMIT) } })))

describe('the VC-API service: fuzzing', () => {
  it('answers the genuine credential, token and presentation with 200, and junk with problems (so the property can fail)', async () => {
    const ok = await send({
      path: '/credentials/verify',
      contentType: 'application/json',
      body: JSON.stringify({ verifiableCredential: credential.signed }),
    })
    expect(ok.status, ok.text).toBe(200)
    await checkAnswer(
      {
        path: '/credentials/verify',
        contentType: 'application/json',
        body: JSON.stringify({ verifiableCredential: credential.signed }),
      },
      ok,
    )
    const jwt = {
      path: '/credentials/verify' as const,
      contentType: 'application/json',
      body: JSON.stringify({ verifiableCredential: credential.token }),
    }
    expect((await send(jwt)).status).toBe(200)
    const vp = {
      path: '/presentations/verify' as const,
      contentType: 'application/json',
      body: JSON.stringify({
        verifiablePresentation: presentation.signed,
        options: { challenge: CHALLENGE, domain: DOMAIN },
      }),
    }
    const answer = await send(vp)
    expect(answer.status, answer.text).toBe(200)
    await checkAnswer(vp, answer)
    expect((await send({ path: '/credentials/verify', contentType: 'application/xml', body: '{}' })).status).toBe(415)
    expect((await send({ path: '/credentials/verify', contentType: 'application/json', body: '{' })).status).toBe(400)
    const mutated = applyMutations(
      credential.signed,
      [{ op: 'edit', at: 3, edit: { kind: 'append', text: 'x' } }],
      credential.context,
    )
    expect(
      (
        await send({
          path: '/credentials/verify',
          contentType: 'application/json',
          body: JSON.stringify({ verifiableCredential: mutated }),
        })
      ).status,
    ).toBe(422)
    // The oracle refuses a 200 for something else, and a 5xx.
    const forged = JSON.parse(ok.text)
    forged.credential.credentialSubject.achievement.name = `${String(forged.credential.credentialSubject.achievement.name)} (forged)`
    await expect(
      checkAnswer(
        { path: '/credentials/verify', contentType: 'application/json', body: '{}' },
        { ...ok, text: JSON.stringify(forged) },
      ),
    ).rejects.toThrow(/genuine statements/)
    await expect(
      checkAnswer(
        { path: '/credentials/verify', contentType: 'application/json', body: '{}' },
        { status: 500, contentType: 'application/problem+json', text: '{}' },
      ),
    ).rejects.toThrow(/unexpected status/)
  })

  // The presentation endpoint goes first: a request that poisons the process (see exchange()) fails every property
  // after it, and the credential endpoint is where the fuzzing reaches deepest.
  it(
    `POST /presentations/verify with random and mutated bodies (seed ${SEED}): 200/400/413/415/422/429, JSON, never a 5xx`,
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      const mutatedPresentation = mutations(presentation.context, { maxLength: 3 }).map((list) =>
        applyMutations(presentation.signed, list, presentation.context),
      )
      const jsName = fc
        .record({ op: fc.constant('js-name' as const), at: fc.nat(), name: fc.constantFrom(...JS_NAMES) })
        .map((m) => applyMutations(presentation.signed, [m], presentation.context))
      const vp = fc.oneof(
        { weight: 6, arbitrary: mutatedPresentation },
        { weight: 1, arbitrary: jsName },
        { weight: 1, arbitrary: fc.constant(presentation.signed) },
        {
          weight: 1,
          arbitrary: mutations(credential.context, { maxLength: 2 }).map((list) => ({
            ...presentation.signed,
            verifiableCredential: [applyMutations(credential.signed, list, credential.context)],
          })),
        },
        {
          weight: 1,
          arbitrary: fc.oneof(jwtLike, fc.constant(credential.token)).map((t) => ({
            ...presentation.signed,
            verifiableCredential: [
              t,
              {
                '@context': 'https://www.w3.org/ns/credentials/v2',
                type: 'EnvelopedVerifiableCredential',
                id: `data:application/vc+jwt,${t}`,
              },
            ],
          })),
        },
        { weight: 2, arbitrary: jsonish },
        { weight: 1, arbitrary: fc.oneof(fc.string(), jwtLike) },
      )
      const options = fc.oneof(
        { weight: 8, arbitrary: validPresentationChoices },
        { weight: 2, arbitrary: verifyChoices },
        { weight: 1, arbitrary: jsonish },
      )
      const member = fc.oneof(
        { weight: 6, arbitrary: fc.record({ verifiablePresentation: vp, options }) },
        {
          weight: 1,
          arbitrary: fc.record({ verifiablePresentation: vp, options, extra: jsonish }, { requiredKeys: [] }),
        },
      )
      const genuineBody = JSON.stringify({
        verifiablePresentation: presentation.signed,
        options: { challenge: CHALLENGE, domain: DOMAIN },
      })
      const body = fc.oneof(
        { weight: 20, arbitrary: encoded(member.map((b) => JSON.stringify(b))) },
        { weight: 2, arbitrary: encoded(jsonish.map((v) => JSON.stringify(v))) },
        { weight: 3, arbitrary: encoded(rawBodies(genuineBody)) },
        {
          weight: 1,
          arbitrary: overLimit.map((text) => text.replace('verifiableCredential', 'verifiablePresentation')),
        },
      )
      await fc.assert(
        fc.asyncProperty(body, contentType, async (payload, type) => {
          await exchange({ path: '/presentations/verify', contentType: type, body: payload })
        }),
        fuzzParameters(250),
      )
    },
  )

  it(
    `POST /credentials/verify with random and mutated bodies (seed ${SEED}): 200/400/413/415/422/429, JSON, never a 5xx`,
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      const mutatedCredential = mutations(credential.context, { maxLength: 3 }).map((list) =>
        applyMutations(credential.signed, list, credential.context),
      )
      const mutatedProof = mutations(credential.context, { maxLength: 2, proofWeight: 40 }).map((list) =>
        applyMutations(credential.signed, list, credential.context),
      )
      // A hostile id: one string of the credential (an id, an IRI, a type) replaced by a name every JavaScript object has.
      const jsName = fc
        .record({ op: fc.constant('js-name' as const), at: fc.nat(), name: fc.constantFrom(...JS_NAMES) })
        .map((m) => applyMutations(credential.signed, [m], credential.context))
      const vc = fc.oneof(
        { weight: 5, arbitrary: mutatedCredential },
        { weight: 3, arbitrary: mutatedProof },
        { weight: 1, arbitrary: jsName },
        { weight: 1, arbitrary: fc.constant(credential.signed) },
        { weight: 1, arbitrary: fc.constant(credential.token) },
        { weight: 2, arbitrary: jsonish },
        {
          weight: 2,
          arbitrary: fc.oneof(
            fc.string(),
            fc.constantFrom(...ODD_STRINGS),
            fc.constant(JSON.stringify(credential.signed)),
          ),
        },
        { weight: 2, arbitrary: jwtLike },
        {
          weight: 1,
          arbitrary: fc
            .nat()
            .map(
              (n) =>
                credential.token.slice(0, n % credential.token.length) +
                credential.token.slice((n % credential.token.length) + 1),
            ),
        },
        {
          weight: 1,
          arbitrary: fc.oneof(jwtLike, fc.constant(credential.token), fc.string()).map((t) => ({
            '@context': 'https://www.w3.org/ns/credentials/v2',
            type: 'EnvelopedVerifiableCredential',
            id: `data:application/vc+jwt,${t}`,
          })),
        },
      )
      const member = fc.record(
        {
          verifiableCredential: vc,
          options: fc.oneof(
            { weight: 3, arbitrary: validChoices },
            { weight: 1, arbitrary: verifyChoices },
            { weight: 1, arbitrary: jsonish },
          ),
        },
        { requiredKeys: ['verifiableCredential'] },
      )
      const withExtra = fc
        .tuple(
          member,
          fc.oneof(
            { weight: 9, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), jsonish) },
          ),
        )
        .map(([body, extra]) => (extra === null ? body : { ...body, [extra[0]]: extra[1] }))
      const genuineBody = JSON.stringify({ verifiableCredential: credential.signed })
      const body = fc.oneof(
        { weight: 20, arbitrary: encoded(withExtra.map((b) => JSON.stringify(b))) },
        { weight: 2, arbitrary: encoded(jsonish.map((v) => JSON.stringify(v))) },
        { weight: 3, arbitrary: encoded(rawBodies(genuineBody)) },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
        { weight: 1, arbitrary: overLimit },
      )
      await fc.assert(
        fc.asyncProperty(body, contentType, async (payload, type) => {
          await exchange({ path: '/credentials/verify', contentType: type, body: payload })
        }),
        fuzzParameters(300),
      )
    },
  )
})
