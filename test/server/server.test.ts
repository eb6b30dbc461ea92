/**
 * The VC-API service over real HTTP on 127.0.0.1: issue -> verify for each proof format, revocation through the
 * API, problem details for bad input, authorization (bearer tokens, OAuth2), no fetches into the private network,
 * rate limits, graceful shutdown. Nothing leaves the machine.
 */
import { createServer, type Server } from 'node:net'
import { request as httpRequest } from 'node:http'
import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportJWK, generateKeyPair as joseKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createDocumentLoader,
  generateKeyPair,
  issue,
  type CredentialBase,
  type Ed25519KeyPair,
  type KeyPair,
  createPresentation,
  signPresentation,
} from '../../src/index.js'
import { MemoryStatusListStore, publishStatusList, createStatusList } from '../../src/entries/status.js'
import {
  createBearerToken,
  createVcApiServer,
  hashBearerToken,
  type VcApiServer,
  type VcApiServerOptions,
} from '../../src/entries/server.js'
import { DEFAULT_MAX_BYTES } from '../../src/limits.js'
import { withStatusContext } from '../../src/status/entry.js'
import { euCredential } from '../helpers/credentials.js'
import { call } from '../helpers/http.js'

const PUBLIC_URL = 'https://issuer.example'
const VC_V2 = 'https://www.w3.org/ns/credentials/v2'
const VC_V1 = 'https://www.w3.org/2018/credentials/v1'
const EXAMPLES_V2 = 'https://www.w3.org/ns/credentials/examples/v2'

/** A plain W3C VC 2.0 credential (no Open Badges), as the W3C test suites send them. */
function plainCredential(issuer: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': [VC_V2, EXAMPLES_V2],
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuer,
    credentialSubject: {
      id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      alumniOf: { id: 'did:example:c276e12ec21ebfeb1f712ebc6f1', name: 'Example University' },
    },
    ...extra,
  }
}

/** A VC 2.0 §5.3 related resource whose digest cannot be checked offline: a warning (the only one) under the default policy. */
const UNCHECKABLE_RESOURCE = {
  relatedResource: [{ id: 'https://university.example/logo.png', digestSRI: `sha384-${'A'.repeat(64)}` }],
}

/** An extra context a university defines for its own credentials (not bundled). */
const UNI_CONTEXT_URL = 'https://university.example/contexts/transcript/v1'
const UNI_CONTEXT = { '@context': { '@protected': true, gpa: 'https://university.example/vocab#gpa' } }

describe('VC-API service', () => {
  let keyPair: Ed25519KeyPair
  let server: VcApiServer
  let base: string
  let token: string
  let oauthSigner: Parameters<SignJWT['sign']>[0]
  const logs: string[] = []
  const folder = mkdtempSync(join(tmpdir(), 'microcred-server-'))
  const indexFile = join(folder, 'issued.jsonl')

  beforeAll(async () => {
    keyPair = await generateKeyPair()
    const created = createBearerToken('lms-test')
    token = created.token
    const oauthKeys = await joseKeyPair('ES256')
    oauthSigner = oauthKeys.privateKey
    const jwk = { ...(await exportJWK(oauthKeys.publicKey)), kid: 'as-1', alg: 'ES256' }
    server = await createVcApiServer({
      keyPair,
      publicUrl: PUBLIC_URL,
      auth: {
        tokens: [created.entry],
        oauth: {
          jwks: { keys: [jwk] },
          issuer: 'https://auth.example',
          audience: 'https://issuer.example',
          scope: 'credentials:issue',
        },
      },
      statusStore: new MemoryStatusListStore(),
      statusIndexFile: indexFile,
      logDestination: { write: (line) => void logs.push(line) },
    })
    base = await server.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(() => server.close())

  const oauthToken = (expiresIn: string | number, overrides: { audience?: string; scope?: string } = {}) =>
    new SignJWT({ scope: overrides.scope ?? 'credentials:issue', client_id: 'registrar-app' })
      .setProtectedHeader({ alg: 'ES256', kid: 'as-1' })
      .setIssuer('https://auth.example')
      .setAudience(overrides.audience ?? 'https://issuer.example')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(expiresIn)
      .sign(oauthSigner)

  it.each(['eddsa-rdfc-2022', 'Ed25519Signature2020', 'vc-jwt'] as const)(
    'issues (201) and verifies (200) with %s',
    async (proof) => {
      const issued = await call(
        base,
        '/credentials/issue',
        { credential: euCredential(keyPair), options: { proof } },
        token,
      )
      expect(issued.status).toBe(201)
      const vc = issued.body.verifiableCredential
      if (proof === 'vc-jwt')
        expect(vc).toMatchObject({
          type: 'EnvelopedVerifiableCredential',
          id: expect.stringMatching(/^data:application\/vc\+jwt,ey/),
        })
      else
        expect(vc.proof[0]).toMatchObject(
          proof === 'eddsa-rdfc-2022'
            ? { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' }
            : { type: 'Ed25519Signature2020' },
        )
      const verified = await call(base, '/credentials/verify', { verifiableCredential: vc })
      expect(verified.status).toBe(200)
      expect(verified.body).toMatchObject({ verified: true, issues: [] })
      expect(verified.body.format).toBe(proof === 'vc-jwt' ? 'jwt' : 'ldp')
    },
  )

  it('a credential issued with a status entry, then revoked through the API, fails verification', async () => {
    const issued = await call(
      base,
      '/credentials/issue',
      {
        credential: euCredential(keyPair, { id: 'urn:uuid:6d1f0c2e-0000-4000-8000-000000000001' }),
        options: { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } },
      },
      token,
    )
    expect(issued.status).toBe(201)
    const vc = issued.body.verifiableCredential
    expect(vc.credentialStatus).toMatchObject({
      statusPurpose: 'revocation',
      statusListCredential: `${PUBLIC_URL}/status/revocation`,
    })
    expect((await call(base, '/credentials/verify', { verifiableCredential: vc })).status).toBe(200)

    const revoked = await call(
      base,
      '/credentials/status',
      { credentialId: vc.id, credentialStatus: [{ type: 'BitstringStatusListCredential', status: 'revoked' }] },
      token,
    )
    expect(revoked.status).toBe(200)
    const after = await call(base, '/credentials/verify', { verifiableCredential: vc })
    expect(after.status).toBe(422)
    expect(after.body.issues).toContainEqual(expect.objectContaining({ check: 'status', code: 'ERR_REVOKED' }))
    // The published list says so too, signed by the issuer.
    const list = await (await fetch(`${base}/status/revocation`)).json()
    expect(list).toMatchObject({
      id: `${PUBLIC_URL}/status/revocation`,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    })
    // The index file keeps which credential has which entry.
    expect(readFileSync(indexFile, 'utf8')).toContain(vc.id)
  })

  it('suspends and restores', async () => {
    const vc = (
      await call(
        base,
        '/credentials/issue',
        {
          credential: euCredential(keyPair, { id: 'urn:uuid:6d1f0c2e-0000-4000-8000-000000000002' }),
          options: { credentialStatus: { statusPurpose: 'suspension' } },
        },
        token,
      )
    ).body.verifiableCredential
    await call(base, '/credentials/status', { credentialId: vc.id, credentialStatus: [{ status: 'suspended' }] }, token)
    expect((await call(base, '/credentials/verify', { verifiableCredential: vc })).body.issues).toContainEqual(
      expect.objectContaining({ code: 'ERR_SUSPENDED' }),
    )
    await call(base, '/credentials/status', { credentialId: vc.id, credentialStatus: [{ status: 'active' }] }, token)
    expect((await call(base, '/credentials/verify', { verifiableCredential: vc })).status).toBe(200)
    const wrongPurpose = await call(
      base,
      '/credentials/status',
      { credentialId: vc.id, credentialStatus: [{ status: 'revoked' }] },
      token,
    )
    expect(wrongPurpose).toMatchObject({ status: 422, body: { code: 'ERR_STATUS_PURPOSE_MISMATCH' } })
    const unknown = await call(
      base,
      '/credentials/status',
      { credentialId: 'urn:uuid:never-issued', credentialStatus: [{ status: 'revoked' }] },
      token,
    )
    expect(unknown).toMatchObject({ status: 404, body: { code: 'ERR_STATUS_LIST_UNKNOWN', path: 'credentialId' } })
  })

  it.each([
    ['malformed JSON', undefined, '{"credential": ', 400, 'ERR_SYNTAX', undefined],
    ['no credential', { options: {} }, undefined, 400, 'ERR_INVALID_INPUT', 'credential'],
    ['an unknown member', { credential: {}, extra: 1 }, undefined, 400, 'ERR_INVALID_INPUT', undefined],
  ])('%s gets %s', async (_name, body, raw, status, code, path) => {
    const response = await call(base, '/credentials/issue', body, token, raw)
    expect(response.status).toBe(status)
    expect(response.type).toMatch(/^application\/problem\+json/)
    expect(response.body).toMatchObject({ type: `https://w3id.org/microcred/problems#${code}`, status, code })
    if (path !== undefined) expect(response.body.path).toBe(path)
    expect(JSON.stringify(response.body)).not.toMatch(/\bat .*\.(ts|js):\d+/)
  })

  it('an invalid created time, or JSON nested deeper than any credential, gets 400 (never 5xx)', async () => {
    const created = await call(
      base,
      '/credentials/issue',
      { credential: euCredential(keyPair), options: { created: 'yesterday' } },
      token,
    )
    expect(created).toMatchObject({ status: 400, body: { code: 'ERR_INVALID_INPUT' } })
    // Date-times a JSON Schema "date-time" accepts but a proof's created may not be (RFC 3339 as VC Data Integrity uses it).
    const credential = euCredential(keyPair, { id: 'urn:uuid:6d1f0c2e-0000-4000-8000-00000000c7ea' })
    const status = { credentialStatus: { statusPurpose: 'revocation' } }
    for (const time of ['2025-01-01t00:00:00z', '2025-01-01 00:00:00Z', '2016-12-31T23:59:60Z']) {
      const response = await call(
        base,
        '/credentials/issue',
        { credential, options: { ...status, created: time } },
        token,
      )
      expect({ time, status: response.status, code: response.body.code, path: response.body.path }).toEqual({
        time,
        status: 400,
        code: 'ERR_INVALID_INPUT',
        path: 'options.created',
      })
    }
    // Refused before its status entry was allocated: the id is issued, with an entry, once the time is right.
    expect(
      (
        await call(
          base,
          '/credentials/issue',
          { credential, options: { ...status, created: '2025-01-01T00:00:00Z' } },
          token,
        )
      ).status,
    ).toBe(201)
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    for (const path of ['/credentials/verify', '/presentations/verify', '/credentials/issue']) {
      const body =
        path === '/credentials/verify'
          ? `{"verifiableCredential":{"x":${deep}}}`
          : path === '/credentials/issue'
            ? `{"credential":{"x":${deep}}}`
            : `{"verifiablePresentation":{"x":${deep}},"options":{"challenge":"c"}}`
      const response = await call(base, path, undefined, path === '/credentials/issue' ? token : undefined, body)
      expect(response).toMatchObject({ status: 400, body: { code: 'ERR_INPUT_TOO_LARGE' } })
    }
  })

  it('an issue request failing after its status entry was allocated gives the entry up: the id can be issued again', async () => {
    const id = 'urn:uuid:6d1f0c2e-0000-4000-8000-00000000f411'
    const status = { credentialStatus: { statusPurpose: 'revocation' } }
    // Under the 1 MiB cap as sent, over it once the status entry is added: the signing step refuses it (413).
    const credential = euCredential(keyPair, { id }) as any
    const size = Buffer.byteLength(JSON.stringify(withStatusContext(credential)), 'utf8')
    const achievement = credential.credentialSubject.achievement as { description: string }
    achievement.description += 'x'.repeat(DEFAULT_MAX_BYTES - size - 100)
    const tooLarge = await call(base, '/credentials/issue', { credential, options: status }, token)
    expect(tooLarge).toMatchObject({ status: 413, body: { code: 'ERR_INPUT_TOO_LARGE' } })
    const issued = await call(
      base,
      '/credentials/issue',
      { credential: euCredential(keyPair, { id }), options: status },
      token,
    )
    expect(issued.status).toBe(201)
    expect(issued.body.verifiableCredential.credentialStatus).toMatchObject({ statusPurpose: 'revocation' })
  })

  it('two concurrent issues of one credential id get one status entry; a partial status change applies nothing', async () => {
    const request = {
      credential: euCredential(keyPair, { id: 'urn:uuid:6d1f0c2e-0000-4000-8000-000000000003' }),
      options: { credentialStatus: { statusPurpose: 'suspension' } },
    }
    const [a, b] = await Promise.all([
      call(base, '/credentials/issue', request, token),
      call(base, '/credentials/issue', request, token),
    ])
    expect([a.status, b.status].sort()).toEqual([201, 422])
    const vc = (a.status === 201 ? a : b).body.verifiableCredential
    const partial = await call(
      base,
      '/credentials/status',
      { credentialId: vc.id, credentialStatus: [{ status: 'suspended' }, { status: 'revoked' }] },
      token,
    )
    expect(partial).toMatchObject({
      status: 422,
      body: { code: 'ERR_STATUS_PURPOSE_MISMATCH', path: 'credentialStatus[1].status' },
    })
    expect((await call(base, '/credentials/verify', { verifiableCredential: vc })).status).toBe(200)
  })

  it('a wrong issuer gets 422 ERR_ISSUER_KEY_MISMATCH', async () => {
    const other = await generateKeyPair()
    const response = await call(base, '/credentials/issue', { credential: euCredential(other) }, token)
    expect(response).toMatchObject({
      status: 422,
      body: { code: 'ERR_ISSUER_KEY_MISMATCH', path: 'credential.issuer.id' },
    })
  })

  it('an undefined JSON-LD term gets 422 ERR_JSONLD_UNDEFINED_TERM at its path', async () => {
    const credential = { ...euCredential(keyPair), favouriteColour: 'blue' }
    const response = await call(base, '/credentials/issue', { credential }, token)
    expect(response).toMatchObject({
      status: 422,
      body: { code: 'ERR_JSONLD_UNDEFINED_TERM', path: 'credential.favouriteColour' },
    })
    expect(response.body.issues).toContainEqual(
      expect.objectContaining({ code: 'ERR_JSONLD_UNDEFINED_TERM', path: 'favouriteColour' }),
    )
  })

  it('a 20 MB body gets 413', async () => {
    const response = await call(
      base,
      '/credentials/verify',
      undefined,
      undefined,
      JSON.stringify({ verifiableCredential: { padding: 'x'.repeat(20 * 1024 * 1024) } }),
    )
    expect(response).toMatchObject({ status: 413, body: { code: 'ERR_INPUT_TOO_LARGE' } })
  })

  it('issue and status calls without a token, with a wrong token, or with an expired or foreign OAuth2 token get 401 and mint nothing', async () => {
    const before = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : ''
    const request = {
      credential: euCredential(keyPair, { id: 'urn:uuid:6d1f0c2e-0000-4000-8000-0000000000ff' }),
      options: { credentialStatus: { statusPurpose: 'revocation' } },
    }
    const bad = [
      undefined,
      'wrong-token',
      `${token}x`,
      await oauthToken(Math.floor(Date.now() / 1000) - 3600),
      await oauthToken('1h', { audience: 'https://someone-else.example' }),
      await oauthToken('1h', { scope: 'credentials:read' }),
    ]
    for (const credentials of bad) {
      const issued = await call(base, '/credentials/issue', request, credentials)
      expect(issued.status).toBe(401)
      expect(issued.body).toMatchObject({ code: 'ERR_UNAUTHORIZED' })
      expect(issued.body.verifiableCredential).toBeUndefined()
      expect(issued.headers.get('www-authenticate')).toMatch(/^Bearer realm="microcred"/)
      const status = await call(
        base,
        '/credentials/status',
        { credentialId: 'urn:uuid:6d1f0c2e-0000-4000-8000-000000000001', credentialStatus: [{ status: 'revoked' }] },
        credentials,
      )
      expect(status.status).toBe(401)
    }
    expect(existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : '').toBe(before)
    // A valid OAuth2 access token issues.
    const issued = await call(base, '/credentials/issue', request, await oauthToken('1h'))
    expect(issued.status).toBe(201)
    // The logs name the client, never the token.
    const lines = logs.map((line) => JSON.parse(line))
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'authorized', client: 'registrar-app', via: 'oauth2' }))
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'authorized', client: 'lms-test', via: 'bearer' }))
    expect(logs.join('\n')).not.toContain(token)
  })

  it('a credential whose status list points at 127.0.0.1 or 10.0.0.1 is not fetched', async () => {
    let connections = 0
    const trap: Server = createServer((socket) => {
      connections++
      socket.destroy()
    })
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve))
    const port = (trap.address() as { port: number }).port
    try {
      const issuer = await generateKeyPair()
      for (const url of [`https://127.0.0.1:${port}/status/1`, 'https://10.0.0.1/status/1']) {
        const list = await createStatusList({ id: url, purpose: 'revocation' })
        const signed = await issue(euCredential(issuer), { keyPair: issuer, status: list })
        const response = await call(base, '/credentials/verify', { verifiableCredential: signed })
        expect(response.status).toBe(422)
        const problem = response.body.issues.find((i: { check: string }) => i.check === 'status')
        expect(problem).toMatchObject({ code: 'ERR_STATUS_UNAVAILABLE' })
        expect(problem.message).toMatch(/refused/)
      }
      expect(connections).toBe(0)
    } finally {
      trap.close()
    }
  })

  it('verifies a presentation with the expected challenge (200) and not with another one (422)', async () => {
    const holder = await generateKeyPair()
    const credential = (
      await call(
        base,
        '/credentials/issue',
        { credential: euCredential(keyPair, { learner: { id: holder.controller } }) },
        token,
      )
    ).body.verifiableCredential
    const presentation = await signPresentation(
      createPresentation({ credentials: [credential], holder: holder.controller }),
      { keyPair: holder, challenge: 'nonce-1', domain: 'https://employer.example' },
    )
    expect(
      (
        await call(base, '/presentations/verify', {
          verifiablePresentation: presentation,
          options: { challenge: 'nonce-1', domain: 'https://employer.example' },
        })
      ).status,
    ).toBe(200)
    const wrong = await call(base, '/presentations/verify', {
      verifiablePresentation: presentation,
      options: { challenge: 'nonce-2' },
    })
    expect(wrong.status).toBe(422)
    expect(wrong.body.issues).toContainEqual(expect.objectContaining({ code: 'ERR_CHALLENGE_MISMATCH' }))
    expect(
      (await call(base, '/presentations/verify', { verifiablePresentation: presentation, options: {} })).status,
    ).toBe(400)
  })

  it('issues plain W3C credentials (201): VC 2.0 and VC 1.1, with status entries too; they verify (200) and revoke', async () => {
    const plain = await call(
      base,
      '/credentials/issue',
      { credential: plainCredential(keyPair.controller), options: {} },
      token,
    )
    expect(plain.status).toBe(201)
    // VC-API answers one proof as an object (Open Badges keep the array their schema requires).
    expect(plain.body.verifiableCredential).toMatchObject({
      id: expect.stringMatching(/^urn:uuid:/),
      type: ['VerifiableCredential', 'ExampleAlumniCredential'],
      proof: { cryptosuite: 'eddsa-rdfc-2022' },
    })
    expect(
      (await call(base, '/credentials/verify', { verifiableCredential: plain.body.verifiableCredential })).body,
    ).toMatchObject({ verified: true, issues: [] })

    const vc11 = {
      '@context': [VC_V1],
      id: 'urn:uuid:6d1f0c2e-0000-4000-8000-000000000011',
      type: ['VerifiableCredential'],
      issuer: keyPair.controller,
      issuanceDate: '2024-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' },
    }
    for (const credential of [
      plainCredential(keyPair.controller, { id: 'urn:uuid:6d1f0c2e-0000-4000-8000-000000000010' }),
      vc11,
    ]) {
      const issued = await call(
        base,
        '/credentials/issue',
        { credential, options: { credentialStatus: { statusPurpose: 'revocation' } } },
        token,
      )
      expect(issued.status).toBe(201)
      const vc = issued.body.verifiableCredential
      expect(vc.credentialStatus).toMatchObject({
        type: 'BitstringStatusListEntry',
        statusListCredential: `${PUBLIC_URL}/status/revocation`,
      })
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
      const after = await call(base, '/credentials/verify', { verifiableCredential: vc })
      expect(after.status).toBe(422)
      expect(after.body.issues).toContainEqual(expect.objectContaining({ code: 'ERR_REVOKED' }))
    }
  })

  it.each([
    ['null', null],
    ['a number', 42],
    ['an object', { id: 'urn:uuid:x' }],
  ])('an id that is %s is refused (422 at credential.id), not replaced', async (_name, id) => {
    for (const options of [{}, { credentialStatus: { statusPurpose: 'revocation' } }]) {
      const response = await call(
        base,
        '/credentials/issue',
        { credential: plainCredential(keyPair.controller, { id }), options },
        token,
      )
      expect(response.status).toBe(422)
      expect(response.body).toMatchObject({ path: 'credential.id', code: expect.stringMatching(/^ERR_/) })
      expect(response.body.verifiableCredential).toBeUndefined()
    }
  })

  it.each([
    ['credentialSubject: []', { credentialSubject: [] }],
    ['credentialSubject of non-objects', { credentialSubject: [null, true, 4] }],
    ['no credentialSubject', { credentialSubject: undefined }],
    ['no @context', { '@context': undefined }],
    ['@context: 4', { '@context': 4 }],
    ['@context items that are not strings', { '@context': [{ foo: true }, 4, false, null] }],
    ['type: 4', { type: 4 }],
    ['no type', { type: undefined }],
    ['type items that are not strings', { type: [2, null, { foo: true }, false] }],
    ['issuer: 4', { issuer: 4 }],
  ])("the W3C issuer suite's bad input (%s) is refused with 400 or 422, never issued", async (_name, change) => {
    const credential = JSON.parse(JSON.stringify(plainCredential(keyPair.controller, change)))
    const response = await call(base, '/credentials/issue', { credential }, token)
    expect([400, 422]).toContain(response.status)
    expect(response.type).toMatch(/^application\/problem\+json/)
    expect(response.body.verifiableCredential).toBeUndefined()
  })

  it("an Open Badge keeps its proof array in the answer; a plain credential's one proof is an object", async () => {
    const badge = await call(base, '/credentials/issue', { credential: euCredential(keyPair) }, token)
    expect(badge.status).toBe(201)
    expect(Array.isArray(badge.body.verifiableCredential.proof)).toBe(true)
    const plain = await call(base, '/credentials/issue', { credential: plainCredential(keyPair.controller) }, token)
    expect(Array.isArray(plain.body.verifiableCredential.proof)).toBe(false)
  })

  it('a verifiableCredential given as a string of JSON text is not a credential (400 ERR_SYNTAX); a VC-JWT string is verified', async () => {
    const plain = (await call(base, '/credentials/issue', { credential: plainCredential(keyPair.controller) }, token))
      .body.verifiableCredential
    const asText = await call(base, '/credentials/verify', { verifiableCredential: JSON.stringify(plain) })
    expect(asText).toMatchObject({ status: 400, body: { code: 'ERR_SYNTAX', path: 'verifiableCredential' } })
    const jwt = await call(
      base,
      '/credentials/issue',
      { credential: plainCredential(keyPair.controller), options: { proof: 'vc-jwt' } },
      token,
    )
    const token64 = String(jwt.body.verifiableCredential.id).replace('data:application/vc+jwt,', '')
    expect((await call(base, '/credentials/verify', { verifiableCredential: token64 })).status).toBe(200)
  })

  it("credentialSubject: [] gets the library's ERR_DATA_MODEL at credential.credentialSubject", async () => {
    const response = await call(
      base,
      '/credentials/issue',
      { credential: plainCredential(keyPair.controller, { credentialSubject: [] }) },
      token,
    )
    expect(response).toMatchObject({
      status: 422,
      body: { code: 'ERR_DATA_MODEL', path: 'credential.credentialSubject' },
    })
  })

  it('a signed credential sent to issue gets one more proof (a proof set), but no status entry that would break the first', async () => {
    const first = (await call(base, '/credentials/issue', { credential: plainCredential(keyPair.controller) }, token))
      .body.verifiableCredential
    const second = await call(base, '/credentials/issue', { credential: first }, token)
    expect(second.status).toBe(201)
    expect(second.body.verifiableCredential.proof).toHaveLength(2)
    expect(second.body.verifiableCredential.proof[0]).toEqual(first.proof)
    const report = (await call(base, '/credentials/verify', { verifiableCredential: second.body.verifiableCredential }))
      .body
    expect(report).toMatchObject({ verified: true, proofs: [{ status: 'verified' }, { status: 'verified' }] })
    const withStatus = await call(
      base,
      '/credentials/issue',
      {
        credential: { ...first, id: 'urn:uuid:6d1f0c2e-0000-4000-8000-000000000012' },
        options: { credentialStatus: { statusPurpose: 'revocation' } },
      },
      token,
    )
    expect(withStatus).toMatchObject({
      status: 422,
      body: { code: 'ERR_INVALID_INPUT', path: 'options.credentialStatus' },
    })
  })

  it('options.policy: a warning verifies under "default" (200) and fails under "strict" (422)', async () => {
    const vc = (
      await call(
        base,
        '/credentials/issue',
        { credential: plainCredential(keyPair.controller, UNCHECKABLE_RESOURCE) },
        token,
      )
    ).body.verifiableCredential
    const lenient = await call(base, '/credentials/verify', { verifiableCredential: vc })
    expect(lenient.status).toBe(200)
    expect(lenient.body).toMatchObject({ verified: true, policy: 'default' })
    expect(lenient.body.issues).toEqual([
      expect.objectContaining({ code: 'ERR_RELATED_RESOURCE_UNVERIFIED', severity: 'warning' }),
    ])
    expect(
      (await call(base, '/credentials/verify', { verifiableCredential: vc, options: { policy: 'default' } })).status,
    ).toBe(200)
    const strict = await call(base, '/credentials/verify', { verifiableCredential: vc, options: { policy: 'strict' } })
    expect(strict.status).toBe(422)
    expect(strict.body).toMatchObject({ verified: false, policy: 'strict' })
    expect(strict.body.issues).toContainEqual(expect.objectContaining({ code: 'ERR_RELATED_RESOURCE_UNVERIFIED' }))
    expect(strict.body.issues.some((issue: { severity?: string }) => issue.severity === 'warning')).toBe(false)
  })

  it('options.profile: "ob3" holds a plain credential to the OB 3.0 schema (warnings; 422 if strict), "vc" to the VC Data Model alone', async () => {
    const vc = (await call(base, '/credentials/issue', { credential: plainCredential(keyPair.controller) }, token)).body
      .verifiableCredential
    const auto = (await call(base, '/credentials/verify', { verifiableCredential: vc })).body
    expect(auto.checks).toContainEqual(expect.objectContaining({ id: 'schema', status: 'skipped' }))
    const ob3 = await call(base, '/credentials/verify', { verifiableCredential: vc, options: { profile: 'ob3' } })
    expect(ob3.status).toBe(200)
    expect(ob3.body.issues.length).toBeGreaterThan(0)
    expect(
      ob3.body.issues.every(
        (issue: { check: string; severity?: string }) => issue.check === 'schema' && issue.severity === 'warning',
      ),
    ).toBe(true)
    expect(
      (
        await call(base, '/credentials/verify', {
          verifiableCredential: vc,
          options: { profile: 'ob3', policy: 'strict' },
        })
      ).status,
    ).toBe(422)
    const eu = (await call(base, '/credentials/issue', { credential: euCredential(keyPair) }, token)).body
      .verifiableCredential
    const asVc = await call(base, '/credentials/verify', { verifiableCredential: eu, options: { profile: 'vc' } })
    expect(asVc.status).toBe(200)
    expect(asVc.body.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'schema', status: 'skipped' }),
        expect.objectContaining({ id: 'eu-profile', status: 'skipped' }),
      ]),
    )
  })

  it("options.policy on /presentations/verify: a credential's warning fails the presentation only when strict", async () => {
    const holder = await generateKeyPair()
    const credential = plainCredential(keyPair.controller, {
      ...UNCHECKABLE_RESOURCE,
      credentialSubject: {
        id: holder.controller,
        alumniOf: { id: 'did:example:c276e12ec21ebfeb1f712ebc6f1', name: 'Example University' },
      },
    })
    const vc = (await call(base, '/credentials/issue', { credential }, token)).body.verifiableCredential
    const presentation = await signPresentation(createPresentation({ credentials: [vc], holder: holder.controller }), {
      keyPair: holder,
      challenge: 'nonce-3',
    })
    const lenient = await call(base, '/presentations/verify', {
      verifiablePresentation: presentation,
      options: { challenge: 'nonce-3' },
    })
    expect(lenient).toMatchObject({ status: 200, body: { verified: true, policy: 'default' } })
    const strict = await call(base, '/presentations/verify', {
      verifiablePresentation: presentation,
      options: { challenge: 'nonce-3', policy: 'strict' },
    })
    expect(strict).toMatchObject({ status: 422, body: { verified: false, policy: 'strict' } })
    expect(strict.body.credentials[0]).toMatchObject({ verified: false, policy: 'strict' })
  })

  it.each([
    ['/credentials/verify', 'policy', 'lenient', ['"default"', '"strict"']],
    ['/credentials/verify', 'profile', 'ob4', ['"auto"', '"vc"', '"ob3"', '"eu"']],
    ['/presentations/verify', 'policy', 'STRICT', ['"default"', '"strict"']],
    ['/presentations/verify', 'profile', 'eu2', ['"auto"', '"vc"', '"ob3"', '"eu"']],
  ])('%s with options.%s %j gets 400 naming the allowed values', async (path, option, value, allowed) => {
    const body =
      path === '/credentials/verify'
        ? { verifiableCredential: {}, options: { [option]: value } }
        : { verifiablePresentation: {}, options: { challenge: 'c', [option]: value } }
    const response = await call(base, path, body)
    expect(response).toMatchObject({ status: 400, body: { code: 'ERR_INVALID_INPUT', path: `options.${option}` } })
    for (const name of allowed) expect(response.body.detail).toContain(name)
  })

  it('answers unknown routes with a 404 problem', async () => {
    const response = await fetch(`${base}/credentials/nothing`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ code: 'ERR_NOT_FOUND' })
  })
})

/** Runs `test` against a server without authorization (loopback only), closing it afterwards. */
async function withOpenServer(
  keyPair: KeyPair,
  options: Partial<VcApiServerOptions>,
  test: (base: string) => Promise<void>,
): Promise<void> {
  const server = await createVcApiServer({
    keyPair,
    publicUrl: PUBLIC_URL,
    allowUnauthenticated: true,
    logger: false,
    ...options,
  })
  const base = await server.listen()
  try {
    await test(base)
  } finally {
    await server.close()
  }
}

describe('VC-API service configuration', () => {
  it('refuses to run without authorization, and an unauthenticated server anywhere but on loopback', async () => {
    const keyPair = await generateKeyPair()
    await expect(createVcApiServer({ keyPair, publicUrl: PUBLIC_URL })).rejects.toThrow(/auth/)
    await expect(
      createVcApiServer({ keyPair, publicUrl: 'http://issuer.example', allowUnauthenticated: true }),
    ).rejects.toThrow(/https/)
    const open = await createVcApiServer({ keyPair, publicUrl: PUBLIC_URL, allowUnauthenticated: true, logger: false })
    await expect(open.listen({ host: '0.0.0.0' })).rejects.toThrow(/without authorization/)
    await open.close()
    await withOpenServer(keyPair, {}, async (base) => {
      expect((await call(base, '/credentials/issue', { credential: euCredential(keyPair) })).status).toBe(201)
    })
  })

  it('an unauthenticated server answers only loopback requests under a loopback host name', async () => {
    const keyPair = await generateKeyPair()
    await withOpenServer(keyPair, {}, async (base) => {
      const port = new URL(base).port
      // A page that rebinds its own name to 127.0.0.1 still sends its own Host.
      const rebound = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/credentials/issue',
            method: 'POST',
            headers: { host: `evil.example:${port}`, 'content-type': 'application/json' },
          },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        req.end(JSON.stringify({ credential: euCredential(keyPair) }))
      })
      expect(rebound).toBe(401)
    })
  })

  it.each(['ES256', 'RS256'] as const)(
    'a service with an %s key issues VC-JWTs in its threads and refuses Data Integrity proofs (422 at options.proof)',
    async (algorithm) => {
      const keyPair = await generateKeyPair({ algorithm })
      await expect(
        createVcApiServer({
          keyPair,
          publicUrl: PUBLIC_URL,
          allowUnauthenticated: true,
          logger: false,
          statusStore: new MemoryStatusListStore(),
        }),
      ).rejects.toThrow(/status lists needs an Ed25519 key/)
      await withOpenServer(keyPair, {}, async (base) => {
        const credential = euCredential(keyPair)
        expect(await call(base, '/credentials/issue', { credential })).toMatchObject({
          status: 422,
          body: { code: 'ERR_KEY_INVALID', path: 'options.proof' },
        })
        const issued = await call(base, '/credentials/issue', { credential, options: { proof: 'vc-jwt' } })
        expect(issued.status).toBe(201)
        expect(issued.body.verifiableCredential).toMatchObject({
          type: 'EnvelopedVerifiableCredential',
          id: expect.stringMatching(/^data:application\/vc\+jwt,ey/),
        })
        const verified = await call(base, '/credentials/verify', {
          verifiableCredential: issued.body.verifiableCredential,
        })
        expect(verified, JSON.stringify(verified.body.issues)).toMatchObject({ status: 200, body: { verified: true } })
      })
    },
  )

  it('without a status store, no status entries are issued and no lists are served', async () => {
    const keyPair = await generateKeyPair()
    await withOpenServer(keyPair, {}, async (base) => {
      const response = await call(base, '/credentials/issue', {
        credential: euCredential(keyPair),
        options: { credentialStatus: { statusPurpose: 'revocation' } },
      })
      expect(response).toMatchObject({
        status: 422,
        body: { code: 'ERR_STATUS_LIST_UNKNOWN', path: 'options.credentialStatus' },
      })
      expect((await fetch(`${base}/status/revocation`)).status).toBe(404)
    })
  })

  it('validates bearer token entries: 64 hex digits of SHA-256', async () => {
    const keyPair = await generateKeyPair()
    await expect(
      createVcApiServer({ keyPair, publicUrl: PUBLIC_URL, auth: { tokens: [{ name: 'x', sha256: 'plain-token' }] } }),
    ).rejects.toThrow(TypeError)
    expect(hashBearerToken('secret')).toBe('2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b')
  })

  it('rate-limits the verify endpoints (429 problem)', async () => {
    const keyPair = await generateKeyPair()
    await withOpenServer(keyPair, { rateLimit: { max: 2 } }, async (base) => {
      const statuses = []
      for (let i = 0; i < 3; i++)
        statuses.push((await call(base, '/credentials/verify', { verifiableCredential: {} })).status)
      expect(statuses).toEqual([422, 422, 429])
      const limited = await call(base, '/credentials/verify', { verifiableCredential: {} })
      expect(limited.body).toMatchObject({ code: 'ERR_RATE_LIMITED', status: 429 })
    })
  })

  it('serves its did.json for a did:web issuer', async () => {
    const keyPair = await generateKeyPair({ controller: 'did:web:issuer.example', id: 'did:web:issuer.example#key-1' })
    await withOpenServer(keyPair, {}, async (base) => {
      const document = await (await fetch(`${base}/.well-known/did.json`)).json()
      expect(document).toMatchObject({
        id: 'did:web:issuer.example',
        assertionMethod: ['did:web:issuer.example#key-1'],
      })
      // Its own credentials verify through its own document, without a network.
      const issued = await call(base, '/credentials/issue', { credential: euCredential(keyPair) })
      expect(
        (await call(base, '/credentials/verify', { verifiableCredential: issued.body.verifiableCredential })).status,
      ).toBe(200)
    })
  })

  it('policy "strict" applies to every verification: a request cannot ask for less than the operator set', async () => {
    const keyPair = await generateKeyPair()
    const vc = (await issue(plainCredential(keyPair.controller, UNCHECKABLE_RESOURCE) as unknown as CredentialBase, {
      keyPair,
    })) as unknown as Record<string, unknown>
    await withOpenServer(keyPair, { policy: 'strict' }, async (base) => {
      const strict = await call(base, '/credentials/verify', { verifiableCredential: vc })
      expect(strict).toMatchObject({ status: 422, body: { verified: false, policy: 'strict' } })
      expect(
        await call(base, '/credentials/verify', { verifiableCredential: vc, options: { policy: 'default' } }),
      ).toMatchObject({ status: 422, body: { policy: 'strict' } })
      const holder = await generateKeyPair()
      const presentation = await signPresentation(
        createPresentation({ credentials: [vc], holder: holder.controller }),
        { keyPair: holder, challenge: 'n' },
      )
      expect(
        (
          await call(base, '/presentations/verify', {
            verifiablePresentation: presentation,
            options: { challenge: 'n' },
          })
        ).body,
      ).toMatchObject({ verified: false, policy: 'strict' })
      expect(
        (
          await call(base, '/presentations/verify', {
            verifiablePresentation: presentation,
            options: { challenge: 'n', policy: 'default' },
          })
        ).body,
      ).toMatchObject({ verified: false, policy: 'strict' })
    })
  })

  it('contexts: a credential using an extra context issues and verifies only on a server given that context', async () => {
    const keyPair = await generateKeyPair()
    const credential = {
      '@context': [VC_V2, UNI_CONTEXT_URL],
      type: ['VerifiableCredential'],
      issuer: keyPair.controller,
      validFrom: '2025-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', gpa: '3.9' },
    }
    let vc: Record<string, unknown> = {}
    await withOpenServer(keyPair, { contexts: { [UNI_CONTEXT_URL]: UNI_CONTEXT } }, async (base) => {
      const issued = await call(base, '/credentials/issue', { credential, options: { proof: 'Ed25519Signature2020' } })
      expect(issued.status).toBe(201)
      vc = issued.body.verifiableCredential
      expect((await call(base, '/credentials/verify', { verifiableCredential: vc })).body).toMatchObject({
        verified: true,
        issues: [],
      })
      const jwt = await call(base, '/credentials/issue', { credential, options: { proof: 'vc-jwt' } })
      expect(jwt.status).toBe(201)
      expect(
        (await call(base, '/credentials/verify', { verifiableCredential: jwt.body.verifiableCredential })).status,
      ).toBe(200)
      const holder = await generateKeyPair()
      const documentLoader = createDocumentLoader({ contexts: { [UNI_CONTEXT_URL]: UNI_CONTEXT } })
      const presentation = await signPresentation(
        createPresentation({ credentials: [vc], holder: holder.controller }),
        { keyPair: holder, challenge: 'n', documentLoader },
      )
      expect(
        (
          await call(base, '/presentations/verify', {
            verifiablePresentation: presentation,
            options: { challenge: 'n' },
          })
        ).status,
      ).toBe(200)
    })
    await withOpenServer(keyPair, {}, async (base) => {
      const issued = await call(base, '/credentials/issue', { credential })
      expect(issued.status).toBe(422)
      expect(issued.body.issues).toContainEqual(expect.objectContaining({ code: 'ERR_CONTEXT_UNKNOWN' }))
      const verified = await call(base, '/credentials/verify', { verifiableCredential: vc })
      expect(verified.status).toBe(422)
      expect(verified.body.issues).toContainEqual(
        expect.objectContaining({ code: 'ERR_CONTEXT_UNKNOWN', path: '@context[1]' }),
      )
    })
  })

  it('refuses an invalid policy or contexts option at startup (TypeError naming the option)', async () => {
    const keyPair = await generateKeyPair()
    const start = (options: Partial<VcApiServerOptions>) =>
      createVcApiServer({ keyPair, publicUrl: PUBLIC_URL, allowUnauthenticated: true, logger: false, ...options })
    await expect(start({ policy: 'lenient' as never })).rejects.toThrow(/options\.policy must be "default" or "strict"/)
    await expect(start({ contexts: 'https://university.example/ctx' as never })).rejects.toThrow(
      /options\.contexts must be an object/,
    )
    await expect(start({ contexts: [UNI_CONTEXT] as never })).rejects.toThrow(/options\.contexts must be an object/)
    await expect(start({ contexts: { [UNI_CONTEXT_URL]: 'not a document' as never } })).rejects.toThrow(
      /options\.contexts: .*must be a JSON object/,
    )
    await expect(start({ contexts: { [VC_V2]: UNI_CONTEXT } })).rejects.toThrow(/options\.contexts: .*bundled/)
    await expect(start({ contexts: { 'transcript-v1': UNI_CONTEXT } })).rejects.toThrow(
      /options\.contexts: "transcript-v1" is not an absolute URL/,
    )
    for (const options of [{ policy: 'lenient' as never }, { contexts: { [VC_V2]: UNI_CONTEXT } }])
      await expect(start(options)).rejects.toBeInstanceOf(TypeError)
  })

  it('finishes in-flight requests on close', async () => {
    const keyPair = await generateKeyPair()
    const listUrl = 'https://lists.example/status/1'
    const list = await createStatusList({ id: listUrl, purpose: 'revocation' })
    const published = await publishStatusList(list, { keyPair, validFrom: '2025-01-01T00:00:00Z' })
    // The status list fetch is held until close() has begun: the verification is in flight when the server closes.
    let fetchStarted!: () => void
    const started = new Promise<void>((resolve) => (fetchStarted = resolve))
    let releaseFetch!: () => void
    const released = new Promise<void>((resolve) => (releaseFetch = resolve))
    const heldFetch = async () => {
      fetchStarted()
      await released
      return Response.json(published)
    }
    const server = await createVcApiServer({
      keyPair,
      publicUrl: PUBLIC_URL,
      allowUnauthenticated: true,
      logger: false,
      fetch: heldFetch,
    })
    const base = await server.listen()
    const signed = await issue(euCredential(keyPair), { keyPair, status: list })
    const inFlight = call(base, '/credentials/verify', { verifiableCredential: signed })
    await started
    const closed = server.close()
    releaseFetch()
    const response = await inFlight
    await closed
    expect(response.status).toBe(200)
    await expect(fetch(`${base}/credentials/verify`, { method: 'POST' })).rejects.toThrow()
  })
})
