/**
 * `POST /micro-credentials/issue` over real HTTP on 127.0.0.1: the builder's input, as a PHP or Ruby LMS would send it
 * (plain JSON, no issuer id), built into an EU micro-credential, issued as `POST /credentials/issue` issues, and
 * verified; builder errors located under `input.`; and builder input sent to `POST /credentials/issue` by mistake.
 * Nothing leaves the machine.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair, type Ed25519KeyPair } from '../../src/index.js'
import { extractBaked } from '../../src/entries/bake.js'
import { MemoryStatusListStore } from '../../src/entries/status.js'
import { createBearerToken, createVcApiServer, type VcApiServer } from '../../src/entries/server.js'
import { call } from '../helpers/http.js'

const PUBLIC_URL = 'https://issuer.example'
const ROUTE = '/micro-credentials/issue'

/** The builder's input as an LMS sends it: plain JSON, no issuer id (the service's key controller is the issuer). */
function lmsInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer: { name: 'Example University', country: 'DE' },
    learner: { name: 'Ada Lovelace', email: 'ada@example.org' },
    title: 'Relational Databases',
    description: 'Design and query relational databases.',
    learningOutcomes: ['Design a schema in third normal form', 'Write SQL queries with joins and aggregates'],
    workload: { ects: 5, hours: 125 },
    level: { eqf: 6 },
    assessment: { types: ['written-exam', 'project'], supervision: 'supervised-with-id' },
    participation: ['online'],
    qualityAssurance: [{ type: 'institutional' }],
    issued: '2025-06-30T00:00:00Z',
    ...overrides,
  }
}

/** A service with a status store and one bearer token (the LMS's), listening on 127.0.0.1. */
async function startService(
  options: { threads?: number; statusStore?: MemoryStatusListStore } = {},
): Promise<{ keyPair: Ed25519KeyPair; server: VcApiServer; base: string; token: string }> {
  const keyPair = await generateKeyPair()
  const { token, entry } = createBearerToken('moodle')
  const server = await createVcApiServer({
    keyPair,
    publicUrl: PUBLIC_URL,
    auth: { tokens: [entry] },
    statusStore: new MemoryStatusListStore(),
    logger: false,
    ...options,
  })
  return { keyPair, server, base: await server.listen({ host: '127.0.0.1', port: 0 }), token }
}

describe('POST /micro-credentials/issue', () => {
  let keyPair: Ed25519KeyPair
  let server: VcApiServer
  let base: string
  let token: string

  beforeAll(async () => {
    ;({ keyPair, server, base, token } = await startService())
  })
  afterAll(() => server.close())

  it("builds and issues the builder's input (201) in the name of the service's key; the credential verifies (200)", async () => {
    const issued = await call(base, ROUTE, { input: lmsInput() }, token)
    expect(issued.status).toBe(201)
    const vc = issued.body.verifiableCredential
    expect(vc).toMatchObject({
      id: expect.stringMatching(/^urn:uuid:/),
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: keyPair.controller, name: 'Example University' },
      validFrom: '2025-06-30T00:00:00Z',
      credentialSubject: { achievement: { name: 'Relational Databases' } },
    })
    // An Open Badge keeps its proof array.
    expect(vc.proof).toEqual([expect.objectContaining({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' })])
    const verified = await call(base, '/credentials/verify', { verifiableCredential: vc })
    expect(verified.status).toBe(200)
    expect(verified.body).toMatchObject({ verified: true, issues: [] })
  })

  it('an issuer id equal to the service\'s key controller is accepted; without "issued" the date of issuing is now', async () => {
    const before = `${new Date().toISOString().slice(0, 19)}Z`
    const input = lmsInput({
      issuer: { id: keyPair.controller, name: 'Example University', country: 'DE' },
      issued: undefined,
    })
    const issued = await call(base, ROUTE, { input }, token)
    const after = `${new Date().toISOString().slice(0, 19)}Z`
    expect(issued.status).toBe(201)
    const { validFrom } = issued.body.verifiableCredential
    expect(validFrom).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(validFrom >= before && validFrom <= after).toBe(true)
  })

  it('takes the options of /credentials/issue: a status entry (revocable through /credentials/status), a VC-JWT, created', async () => {
    const withStatus = await call(
      base,
      ROUTE,
      {
        input: lmsInput(),
        options: { credentialStatus: { statusPurpose: 'revocation' }, created: '2025-06-30T12:00:00Z' },
      },
      token,
    )
    expect(withStatus.status).toBe(201)
    const vc = withStatus.body.verifiableCredential
    expect(vc.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListCredential: `${PUBLIC_URL}/status/revocation`,
    })
    expect(vc.proof[0].created).toBe('2025-06-30T12:00:00Z')
    expect((await call(base, '/credentials/verify', { verifiableCredential: vc })).status).toBe(200)
    expect(
      (
        await call(
          base,
          '/credentials/status',
          { credentialId: vc.id, credentialStatus: [{ status: 'revoked' }] },
          token,
        )
      ).status,
    ).toBe(200)
    const revoked = await call(base, '/credentials/verify', { verifiableCredential: vc })
    expect(revoked.status).toBe(422)
    expect(revoked.body.issues).toContainEqual(expect.objectContaining({ code: 'ERR_REVOKED' }))

    const jwt = await call(base, ROUTE, { input: lmsInput(), options: { proof: 'vc-jwt' } }, token)
    expect(jwt.status).toBe(201)
    expect(jwt.body.verifiableCredential).toMatchObject({
      type: 'EnvelopedVerifiableCredential',
      id: expect.stringMatching(/^data:application\/vc\+jwt,ey/),
    })
    expect(
      (await call(base, '/credentials/verify', { verifiableCredential: jwt.body.verifiableCredential })).status,
    ).toBe(200)
  })

  it.each([
    ['an EQF level outside 1..8', { level: { eqf: 9 } }, 'ERR_INVALID_INPUT', 'input.level.eqf'],
    ['no learning outcomes', { learningOutcomes: undefined }, 'ERR_EU_ELEMENT_MISSING', 'input.learningOutcomes'],
    [
      'an empty learning outcome',
      { learningOutcomes: ['Design a schema', ''] },
      'ERR_INVALID_INPUT',
      'input.learningOutcomes[1]',
    ],
    ['no issuer', { issuer: undefined }, 'ERR_EU_ELEMENT_MISSING', 'input.issuer'],
    [
      'an issuer without a country',
      { issuer: { name: 'Example University' } },
      'ERR_EU_ELEMENT_MISSING',
      'input.issuer.country',
    ],
    ['a misspelt member', { titel: 'Relational Databases' }, 'ERR_INPUT_UNKNOWN_MEMBER', 'input.titel'],
    ['a date that is not one', { issued: '30/06/2025' }, 'ERR_INVALID_INPUT', 'input.issued'],
  ])("the builder's error for %s is a 422 problem at its path under input.", async (_name, change, code, path) => {
    const input = JSON.parse(JSON.stringify(lmsInput(change)))
    const response = await call(
      base,
      ROUTE,
      { input, options: { credentialStatus: { statusPurpose: 'revocation' } } },
      token,
    )
    expect(response.status).toBe(422)
    expect(response.type).toMatch(/^application\/problem\+json/)
    expect(response.body).toMatchObject({ code, path, status: 422 })
    expect(response.body.verifiableCredential).toBeUndefined()
  })

  it("an issuer id other than the service's key controller is refused (422 ERR_ISSUER_KEY_MISMATCH at input.issuer.id)", async () => {
    const other = await generateKeyPair()
    const response = await call(
      base,
      ROUTE,
      { input: lmsInput({ issuer: { id: other.controller, name: 'Another University', country: 'FR' } }) },
      token,
    )
    expect(response).toMatchObject({ status: 422, body: { code: 'ERR_ISSUER_KEY_MISMATCH', path: 'input.issuer.id' } })
    expect(response.body.detail).toContain(keyPair.controller)
  })

  it('needs the same authorization as /credentials/issue: 401 without a token or with a wrong one', async () => {
    for (const credentials of [undefined, 'wrong-token', `${token}x`]) {
      const response = await call(base, ROUTE, { input: lmsInput() }, credentials)
      expect(response.status).toBe(401)
      expect(response.body).toMatchObject({ code: 'ERR_UNAUTHORIZED' })
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="microcred"/)
    }
  })

  it.each([
    ['no input', { options: {} }, 'input'],
    ['an input that is not an object', { input: 'Relational Databases' }, 'input'],
    ['an input that is an array', { input: [lmsInput()] }, 'input'],
    ['a member other than input and options', { input: lmsInput(), credential: {} }, undefined],
    ['an unknown proof', { input: lmsInput(), options: { proof: 'rsa' } }, 'options.proof'],
    ['a created that is not a date-time', { input: lmsInput(), options: { created: 'yesterday' } }, 'options.created'],
    [
      'an unknown status purpose',
      { input: lmsInput(), options: { credentialStatus: { statusPurpose: 'expiry' } } },
      'options.credentialStatus.statusPurpose',
    ],
  ])("a body with %s gets 400 ERR_INVALID_INPUT from the route's schema", async (_name, body, path) => {
    const response = await call(base, ROUTE, body, token)
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ code: 'ERR_INVALID_INPUT', ...(path === undefined ? {} : { path }) })
  })

  it('options.proof "jwt" (the name of earlier releases) gets 400 at options.proof naming "vc-jwt", on both issue routes', async () => {
    for (const [route, body] of [
      [ROUTE, { input: lmsInput(), options: { proof: 'jwt' } }],
      ['/credentials/issue', { credential: lmsInput(), options: { proof: 'jwt' } }],
    ] as const) {
      const response = await call(base, route, body, token)
      expect(response.status).toBe(400)
      expect(response.body).toMatchObject({
        code: 'ERR_INVALID_INPUT',
        path: 'options.proof',
        detail: 'the request body is not valid: options.proof "jwt" was replaced by "vc-jwt" (a VC-JWT)',
      })
    }
    const unknown = await call(base, ROUTE, { input: lmsInput(), options: { proof: 'rsa' } }, token)
    expect(unknown.body.detail).toContain('"eddsa-rdfc-2022", "Ed25519Signature2020", "vc-jwt"')
  })

  it('builder input sent to POST /credentials/issue gets one problem pointing at /micro-credentials/issue', async () => {
    const response = await call(base, '/credentials/issue', { credential: lmsInput() }, token)
    expect(response.status).toBe(422)
    expect(response.body).toMatchObject({ code: 'ERR_INVALID_INPUT', path: 'credential.@context' })
    expect(response.body.issues).toBeUndefined()
    expect(response.body.detail).toMatch(/not a verifiable credential/)
    expect(response.body.detail).toContain('POST /micro-credentials/issue')
    expect(response.body.detail).toContain('title, learner, learningOutcomes')
    // Anything else without @context: the same problem, saying what a credential is and where builder input goes.
    const other = await call(
      base,
      '/credentials/issue',
      {
        credential: {
          type: ['VerifiableCredential'],
          issuer: keyPair.controller,
          credentialSubject: { id: 'did:example:1' },
        },
      },
      token,
    )
    expect(other).toMatchObject({ status: 422, body: { code: 'ERR_INVALID_INPUT', path: 'credential.@context' } })
    expect(other.body.detail).toContain('https://www.w3.org/ns/credentials/v2')
    expect(other.body.issues).toBeUndefined()
  })
})

describe('POST /micro-credentials/issue on a service without a status store', () => {
  it('refuses a status entry (422 at options.credentialStatus) before building anything', async () => {
    const keyPair = await generateKeyPair()
    const server = await createVcApiServer({
      keyPair,
      publicUrl: PUBLIC_URL,
      allowUnauthenticated: true,
      logger: false,
      threads: 1,
    })
    const base = await server.listen()
    try {
      const status = { credentialStatus: { statusPurpose: 'revocation' } }
      // The input is wrong too, but the options are judged first.
      const response = await call(base, ROUTE, { input: lmsInput({ level: { eqf: 9 } }), options: status })
      expect(response).toMatchObject({
        status: 422,
        body: { code: 'ERR_STATUS_LIST_UNKNOWN', path: 'options.credentialStatus' },
      })
      expect((await call(base, ROUTE, { input: lmsInput() })).status).toBe(201)
    } finally {
      await server.close()
    }
  })
})

describe('POST /micro-credentials/issue with options.bake: the badge image with the credential baked in', () => {
  const BADGE_PNG = new Uint8Array(readFileSync(new URL('../../assets/badge.png', import.meta.url)))
  const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
  const pngDataUrl = (bytes: Uint8Array) => `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`
  let keyPair: Ed25519KeyPair
  let server: VcApiServer
  let base: string
  let token: string
  /** Status entries handed out: artwork refused must not cost one. */
  let allocated = 0
  class CountingStore extends MemoryStatusListStore {
    override async allocate(id: string): Promise<number> {
      allocated++
      return super.allocate(id)
    }
  }

  beforeAll(async () => {
    ;({ keyPair, server, base, token } = await startService({ threads: 1, statusStore: new CountingStore() }))
  })
  afterAll(() => server.close())

  /** POSTs to the route and reads the answer as bytes. */
  async function issueBaked(
    options: Record<string, unknown>,
  ): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Uint8Array }> {
    const response = await fetch(`${base}${ROUTE}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ input: lmsInput(), options }),
    })
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      disposition: response.headers.get('content-disposition'),
      bytes: new Uint8Array(await response.arrayBuffer()),
    }
  }

  it("answers 201 with the PNG, the signed credential baked in (it verifies, in the service's name, with its status entry)", async () => {
    const answer = await issueBaked({ bake: pngDataUrl(BADGE_PNG), credentialStatus: { statusPurpose: 'revocation' } })
    expect(answer.status).toBe(201)
    expect(answer.type).toBe('image/png')
    expect(answer.disposition).toBe('attachment; filename="badge.png"')
    const baked = extractBaked(answer.bytes)
    if (baked.version !== 'ob3' || baked.format !== 'ldp')
      throw new Error('expected an OB 3.0 credential baked as JSON')
    expect(baked.image).toBe('png')
    expect(baked.credential).toMatchObject({
      issuer: { id: keyPair.controller },
      credentialStatus: { statusPurpose: 'revocation' },
    })
    const report = await call(base, '/credentials/verify', { verifiableCredential: baked.credential })
    expect(report.status).toBe(200)
  })

  it('bakes an SVG sent as a percent-encoded data: URL, and a VC-JWT', async () => {
    const svg = await issueBaked({ bake: `data:image/svg+xml,${encodeURIComponent(SVG)}` })
    expect(svg.status).toBe(201)
    expect(svg.type).toMatch(/^image\/svg\+xml/)
    expect(extractBaked(svg.bytes)).toMatchObject({ format: 'ldp', image: 'svg' })
    const jwt = await issueBaked({ bake: pngDataUrl(BADGE_PNG), proof: 'vc-jwt' })
    expect(jwt.status).toBe(201)
    expect(extractBaked(jwt.bytes)).toMatchObject({ format: 'jwt', image: 'png', jwt: expect.stringMatching(/^ey/) })
  })

  it('refuses artwork that is not the image its data: URL says (400 ERR_IMAGE_INVALID at options.bake) before issuing', async () => {
    const answer = await call(
      base,
      ROUTE,
      { input: lmsInput(), options: { bake: `data:image/png;base64,${Buffer.from(SVG).toString('base64')}` } },
      token,
    )
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ code: 'ERR_IMAGE_INVALID', path: 'options.bake' })
  })

  it('refuses other image types and anything but a data: URL (400 at options.bake, by the body schema)', async () => {
    for (const bake of ['data:image/gif;base64,R0lGODlh', 'https://issuer.example/badge.png']) {
      const answer = await call(base, ROUTE, { input: lmsInput(), options: { bake } }, token)
      expect(answer.status).toBe(400)
      expect(answer.body).toMatchObject({ code: 'ERR_INVALID_INPUT', path: 'options.bake' })
    }
  })

  it('damaged artwork that looks right at a glance (a PNG signature, broken chunks; SVG that does not parse) is refused at options.bake (400) before a status entry is spent', async () => {
    const damaged = new Uint8Array([...BADGE_PNG.slice(0, 8), 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3])
    const before = allocated
    for (const bake of [
      pngDataUrl(damaged),
      `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>')}`,
    ]) {
      const answer = await call(
        base,
        ROUTE,
        { input: lmsInput(), options: { bake, credentialStatus: { statusPurpose: 'revocation' } } },
        token,
      )
      expect(answer.status).toBe(400)
      expect(answer.body).toMatchObject({
        code: 'ERR_IMAGE_INVALID',
        path: 'options.bake',
        detail: expect.stringMatching(/^options\.bake: /),
      })
    }
    expect(allocated).toBe(before)
    // The same request with sound artwork spends one.
    expect(
      (await issueBaked({ bake: pngDataUrl(BADGE_PNG), credentialStatus: { statusPurpose: 'revocation' } })).status,
    ).toBe(201)
    expect(allocated).toBe(before + 1)
  })

  it('refuses an unencoded "#" in a data: URL, which would cut the SVG short (its colours), naming %23', async () => {
    const answer = await call(
      base,
      ROUTE,
      {
        input: lmsInput(),
        options: { bake: 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"><rect fill="#fff"/></svg>' },
      },
      token,
    )
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      code: 'ERR_IMAGE_INVALID',
      path: 'options.bake',
      detail: expect.stringContaining('%23'),
    })
  })
})
