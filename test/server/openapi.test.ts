/**
 * `GET /openapi.json` over real HTTP on 127.0.0.1: a valid OpenAPI 3.1 document (checked by an independent validator
 * against the OpenAPI Initiative's schema), generated from the routes the service really has, with the request body
 * schemas it really validates with, and security only where a token is needed.
 */
import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair } from '../../src/index.js'
import { MemoryStatusListStore } from '../../src/entries/status.js'
import { createBearerToken, createVcApiServer, type VcApiServer } from '../../src/entries/server.js'
import { issueBody, verifyBody } from '../../src/server/schemas.js'
import { call, get } from '../helpers/http.js'

describe('GET /openapi.json', () => {
  let server: VcApiServer
  let base: string
  let document: any

  beforeAll(async () => {
    const keyPair = await generateKeyPair({ controller: 'did:web:issuer.example', id: 'did:web:issuer.example#key-1' })
    server = await createVcApiServer({
      keyPair,
      publicUrl: 'https://issuer.example',
      auth: { tokens: [createBearerToken('lms').entry] },
      statusStore: new MemoryStatusListStore(),
      logger: false,
      threads: 1,
    })
    base = await server.listen({ host: '127.0.0.1', port: 0 })
    const response = await get(base, '/openapi.json')
    expect(response.status).toBe(200)
    expect(response.type).toMatch(/^application\/json/)
    document = response.body
  })
  afterAll(() => server.close())

  it('is a valid OpenAPI 3.1 document naming the service, its version and its public URL', async () => {
    const validator = new Validator()
    const result = await validator.validate(structuredClone(document))
    expect(result.errors).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(document.openapi).toBe('3.1.0')
    expect(document.info).toMatchObject({
      title: expect.stringContaining('microcred'),
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    })
    expect(document.servers).toEqual([{ url: 'https://issuer.example' }])
  })

  it('lists every route the service answers, and not itself', async () => {
    expect(Object.keys(document.paths).sort()).toEqual([
      '/.well-known/did.json',
      '/credentials/issue',
      '/credentials/status',
      '/credentials/verify',
      '/health',
      '/health/ready',
      '/micro-credentials/issue',
      '/presentations/verify',
      '/status/{purpose}',
    ])
    // Each one documented is really there: nothing answers 404 for a documented path (GET ones fetched, POST ones posted empty).
    for (const [path, operations] of Object.entries<any>(document.paths)) {
      const url = path.replace('{purpose}', 'revocation')
      const response = 'get' in operations ? await get(base, url) : await call(base, url, {})
      expect(response.status, path).not.toBe(404)
    }
  })

  it('documents the request bodies with the schemas the routes validate with', () => {
    const issueRequest = document.paths['/credentials/issue'].post.requestBody.content['application/json'].schema
    expect(issueRequest).toMatchObject({ required: [...issueBody.required], additionalProperties: false })
    expect(Object.keys(issueRequest.properties)).toEqual(Object.keys(issueBody.properties))
    const verifyContent = document.paths['/credentials/verify'].post.requestBody.content
    expect(Object.keys(verifyContent).sort()).toEqual([
      'application/json',
      'image/png',
      'image/svg+xml',
      'multipart/form-data',
    ])
    expect(verifyContent['application/json'].schema.required).toEqual([...verifyBody.required])
    const bake =
      document.paths['/micro-credentials/issue'].post.requestBody.content['application/json'].schema.properties.options
        .properties.bake
    expect(bake).toMatchObject({ type: 'string', pattern: expect.any(String) })
    // The query string of an upload, with its allowed values.
    const parameters = document.paths['/credentials/verify'].post.parameters
    expect(parameters).toContainEqual(
      expect.objectContaining({
        in: 'query',
        name: 'policy',
        schema: expect.objectContaining({ enum: ['default', 'strict'] }),
      }),
    )
  })

  it('asks for the bearer token on the issue and status routes only', () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
    const secured = Object.entries<any>(document.paths).flatMap(([path, operations]) =>
      Object.entries<any>(operations)
        .filter(([, operation]) => operation.security !== undefined)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    )
    expect(secured.sort()).toEqual([
      'POST /credentials/issue',
      'POST /credentials/status',
      'POST /micro-credentials/issue',
    ])
  })

  it('documents the problem answers by the shared Problem schema, and the verify answers by the report', () => {
    const verify = document.paths['/credentials/verify'].post.responses
    expect(verify['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/VerificationReport',
    })
    expect(verify['400'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' })
    expect(document.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'detail', 'code'])
  })

  it('the answers stay as the handlers build them: a report keeps members its schema does not list', async () => {
    // The response schemas only document; a serializer built from them would drop the report's summary or nested reports.
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: 'did:example:someone',
      credentialSubject: { name: 'x' },
    }
    const response = await call(base, '/credentials/verify', { verifiableCredential: credential })
    expect(response.status).toBe(422)
    expect(response.body.credential).toEqual(credential)
    expect(response.body.summary).toMatchObject({ issuer: { id: 'did:example:someone' } })
  })
})

describe('GET /openapi.json on a service without authorization', () => {
  it('declares no security scheme and no security requirement', async () => {
    const server = await createVcApiServer({
      keyPair: await generateKeyPair(),
      publicUrl: 'http://127.0.0.1:8080',
      allowUnauthenticated: true,
      logger: false,
      threads: 1,
    })
    try {
      const base = await server.listen({ host: '127.0.0.1', port: 0 })
      const { body } = await get(base, '/openapi.json')
      expect(body.components.securitySchemes).toBeUndefined()
      expect(JSON.stringify(body.paths)).not.toContain('"security"')
      expect(body.paths['/.well-known/did.json']).toBeUndefined()
    } finally {
      await server.close()
    }
  })

  it("leaves a route the user adds to Fastify's serialisation (undeclared members dropped), and out of the public document unless asked", async () => {
    const server = await createVcApiServer({
      keyPair: await generateKeyPair(),
      publicUrl: 'http://127.0.0.1:8080',
      allowUnauthenticated: true,
      logger: false,
      threads: 1,
    })
    server.fastify.get(
      '/mine',
      { schema: { response: { 200: { type: 'object', properties: { shown: { type: 'string' } } } } } },
      async () => ({ shown: 'yes', internal: 'not for clients' }),
    )
    server.fastify.get('/admin/keys', async () => ({}))
    server.fastify.get('/public-extra', { schema: { hide: false, summary: 'documented on purpose' } }, async () => ({}))
    try {
      const base = await server.listen({ host: '127.0.0.1', port: 0 })
      expect((await get(base, '/mine')).body).toEqual({ shown: 'yes' })
      const { paths } = (await get(base, '/openapi.json')).body
      expect(paths['/mine']).toBeUndefined()
      expect(paths['/admin/keys']).toBeUndefined()
      expect(paths['/public-extra'].get.summary).toBe('documented on purpose')
    } finally {
      await server.close()
    }
  })
})
