/**
 * POST /credentials/verify over real HTTP on 127.0.0.1: the response's `summary` of what the credential says, a baked
 * badge uploaded as the raw image (image/png, image/svg+xml) verified in the service's threads, and a service tried out
 * on one machine under an http loopback public URL. Nothing leaves the machine.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair } from '../../src/index.js'
import { bakePng, bakeSvg } from '../../src/entries/bake.js'
import { createVcApiServer, type VcApiServer } from '../../src/entries/server.js'
import { signedEuCredential } from '../helpers/credentials.js'
import { call, read, type CallResult } from '../helpers/http.js'

const BADGE_PNG = new Uint8Array(readFileSync(new URL('../../assets/badge.png', import.meta.url)))
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'

/** POSTs raw bytes (or text) with the given content type, and the query string (`?...`) if any. */
async function upload(base: string, contentType: string, body: Uint8Array | string, query = ''): Promise<CallResult> {
  return read(
    await fetch(`${base}/credentials/verify${query}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    }),
  )
}

describe('POST /credentials/verify: summary and baked badge uploads', () => {
  let server: VcApiServer
  let base: string
  let signed: object
  let issuerId: string

  beforeAll(async () => {
    const credential = await signedEuCredential()
    signed = credential.signed
    issuerId = credential.keyPair.controller
    // An http public URL of a loopback host: accepted for a trial on one machine.
    server = await createVcApiServer({
      keyPair: await generateKeyPair(),
      publicUrl: 'http://127.0.0.1:8080',
      allowUnauthenticated: true,
      logger: false,
      threads: 1,
    })
    base = await server.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(() => server.close())

  it('answers a verified credential with the summary of what it says, the report otherwise as before', async () => {
    const response = await call(base, '/credentials/verify', { verifiableCredential: signed })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      verified: true,
      issues: [],
      checks: expect.any(Array),
      proofs: expect.any(Array),
    })
    expect(response.body.summary).toMatchObject({
      title: 'Data Engineering Fundamentals',
      learner: { name: 'Ada Lovelace' },
      issuer: { id: issuerId, binding: { status: 'passed' } },
      credits: { available: 5, system: { name: 'ects' } },
      eqfLevel: { label: 'EQF level 6' },
      assessment: [{ label: 'Written examination' }, { label: 'Project work' }],
      participation: [{ label: 'Blended' }],
      qualityAssurance: [{ type: { label: 'Institutional quality assurance' } }],
      status: { status: 'skipped' },
    })
  })

  it('gives no summary when the credential could not be read', async () => {
    const response = await call(base, '/credentials/verify', { verifiableCredential: 'eyJhbGciOiJFZERTQSJ9.e30.AAAA' })
    expect(response.status).toBe(422)
    expect(response.body.summary).toBeUndefined()
  })

  it('verifies a credential baked in a PNG sent as image/png (200)', async () => {
    const response = await upload(base, 'image/png', bakePng(BADGE_PNG, signed))
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      verified: true,
      baked: 'png',
      summary: { title: 'Data Engineering Fundamentals' },
    })
  })

  it('verifies a credential baked in an SVG sent as image/svg+xml (200)', async () => {
    const response = await upload(base, 'image/svg+xml; charset=utf-8', bakeSvg(SVG, signed))
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ verified: true, baked: 'svg' })
  })

  it('answers a PNG with nothing baked with 422 and ERR_NOT_BAKED', async () => {
    const response = await upload(base, 'image/png', BADGE_PNG)
    expect(response.status).toBe(422)
    expect(response.body).toMatchObject({ verified: false, baked: 'png' })
    expect(response.body.issues[0]).toMatchObject({ code: 'ERR_NOT_BAKED', check: 'syntax' })
  })

  it('answers a body that is not the image its type says with a 400 ERR_IMAGE_INVALID problem (the request is malformed; no report)', async () => {
    const response = await upload(base, 'image/png', JSON.stringify(signed))
    expect(response.status).toBe(400)
    expect(response.type).toMatch(/^application\/problem\+json/)
    expect(response.body).toMatchObject({ code: 'ERR_IMAGE_INVALID' })
  })

  it('still answers other content types with 415, here and on the other routes', async () => {
    const response = await upload(base, 'image/gif', new Uint8Array([0x47, 0x49, 0x46, 0x38]))
    expect(response.status).toBe(415)
    expect(response.body).toMatchObject({
      code: 'ERR_UNSUPPORTED_MEDIA_TYPE',
      detail: expect.stringContaining('image/png'),
    })
    const presentation = await fetch(`${base}/presentations/verify`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: bakePng(BADGE_PNG, signed),
    })
    expect(presentation.status).toBe(415)
    const issue = await fetch(`${base}/credentials/issue`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: bakePng(BADGE_PNG, signed),
    })
    expect(issue.status).toBe(415)
  })

  it('takes the options of an image upload from the query string (policy, profile, expectedRecipient)', async () => {
    const baked = bakePng(BADGE_PNG, signed)
    const strict = await upload(base, 'image/png', baked, '?policy=strict&profile=ob3')
    expect(strict.body).toMatchObject({ policy: 'strict', baked: 'png' })
    const recipient = await upload(base, 'image/png', baked, '?expectedRecipient=someone-else%40example.org')
    expect(recipient.status).toBe(422)
    expect(recipient.body.checks).toContainEqual(expect.objectContaining({ id: 'recipient', status: 'failed' }))
    const right = await upload(base, 'image/png', baked, `?expectedRecipient=${encodeURIComponent('ada@example.org')}`)
    expect(right.body.checks).toContainEqual(expect.objectContaining({ id: 'recipient', status: 'passed' }))
  })

  it('answers a query option it does not know, or a value not allowed, with 400 naming it and the allowed values', async () => {
    const unknown = await upload(base, 'image/png', bakePng(BADGE_PNG, signed), '?polcy=strict')
    expect(unknown.status).toBe(400)
    expect(unknown.body).toMatchObject({
      code: 'ERR_INVALID_INPUT',
      path: 'query.polcy',
      detail: expect.stringMatching(/^the query string is not valid: .*"polcy"/),
    })
    const bad = await upload(base, 'image/png', bakePng(BADGE_PNG, signed), '?policy=lenient')
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({
      code: 'ERR_INVALID_INPUT',
      path: 'query.policy',
      detail: expect.stringContaining('"strict"'),
    })
  })

  it('refuses query options with a JSON body, whose options travel in the body (400, not ignored)', async () => {
    const response = await fetch(`${base}/credentials/verify?policy=strict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiableCredential: signed }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'ERR_INVALID_INPUT', path: 'options.policy' })
  })

  it.each([
    ['a baked PNG', () => new Blob([bakePng(BADGE_PNG, signed)], { type: 'image/png' }), 'png'],
    ['a baked SVG', () => new Blob([bakeSvg(SVG, signed)], { type: 'image/svg+xml' }), 'svg'],
    ["a credential's JSON", () => new Blob([JSON.stringify(signed)], { type: 'application/json' }), undefined],
  ] as const)(
    'verifies %s uploaded as multipart/form-data (200), options from the query string',
    async (_name, file, baked) => {
      const form = new FormData()
      form.append('badge', file(), 'upload')
      const response = await fetch(`${base}/credentials/verify?policy=strict`, { method: 'POST', body: form })
      const body = (await response.json()) as any
      expect(response.status).toBe(200)
      expect(body).toMatchObject({
        verified: true,
        policy: 'strict',
        summary: { title: 'Data Engineering Fundamentals' },
      })
      expect(body.baked).toBe(baked)
    },
  )

  it('answers a multipart upload of a tampered credential with the 422 report', async () => {
    const tampered = JSON.parse(JSON.stringify(signed))
    tampered.credentialSubject.achievement.name = 'Something Else'
    const form = new FormData()
    form.append('file', new Blob([JSON.stringify(tampered)], { type: 'application/json' }), 'credential.json')
    const response = await fetch(`${base}/credentials/verify`, { method: 'POST', body: form })
    expect(response.status).toBe(422)
    expect(((await response.json()) as any).checks).toContainEqual(
      expect.objectContaining({ id: 'proof', status: 'failed' }),
    )
  })

  it('refuses a form field (the options go in the query string), a form without a file, two files and a broken form', async () => {
    const withField = new FormData()
    withField.append('policy', 'strict')
    withField.append('file', new Blob([bakePng(BADGE_PNG, signed)], { type: 'image/png' }), 'badge.png')
    const field = await fetch(`${base}/credentials/verify`, { method: 'POST', body: withField })
    expect(field.status).toBe(400)
    // The rest of a refused form (the file after the field) is read and dropped: the connection stays usable.
    expect(field.headers.get('connection')).not.toBe('close')
    expect(await field.json()).toMatchObject({
      code: 'ERR_INVALID_INPUT',
      path: 'policy',
      detail: expect.stringContaining('query string'),
    })

    const none = await fetch(`${base}/credentials/verify`, { method: 'POST', body: new FormData() })
    expect(none.status).toBe(400)

    const two = new FormData()
    two.append('a', new Blob([bakePng(BADGE_PNG, signed)], { type: 'image/png' }), 'a.png')
    two.append('b', new Blob([bakePng(BADGE_PNG, signed)], { type: 'image/png' }), 'b.png')
    const twice = await fetch(`${base}/credentials/verify`, { method: 'POST', body: two })
    expect(twice.status).toBe(413)
    expect(await twice.json()).toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' })

    const broken = await fetch(`${base}/credentials/verify`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nunterminated',
    })
    expect(broken.status).toBe(400)
    expect(await broken.json()).toMatchObject({ code: 'ERR_SYNTAX' })
  })

  it('an image over the body limit gets 413', async () => {
    const limited = await createVcApiServer({
      keyPair: await generateKeyPair(),
      publicUrl: 'http://localhost:8080',
      allowUnauthenticated: true,
      logger: false,
      threads: 1,
      bodyLimit: 1024,
    })
    try {
      const limitedBase = await limited.listen({ host: '127.0.0.1', port: 0 })
      const response = await upload(limitedBase, 'image/png', bakePng(BADGE_PNG, signed))
      expect(response.status).toBe(413)
      expect(response.body).toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' })
      // A multipart upload is bounded by its one file (the body limit)...
      const form = new FormData()
      form.append('file', new Blob([bakePng(BADGE_PNG, signed)], { type: 'image/png' }), 'badge.png')
      const multipart = await fetch(`${limitedBase}/credentials/verify`, { method: 'POST', body: form })
      expect(multipart.status).toBe(413)
      expect(await multipart.json()).toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' })
      // ... and as a whole (the body limit and 64 KiB for the form): what comes before the first part or after the
      // last, which the parser would read and throw away, counts too, whether the length is declared or not.
      const padded = `${'x'.repeat(200_000)}\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\n\r\n{}\r\n--b--\r\n`
      const declared = await fetch(`${limitedBase}/credentials/verify`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=b' },
        body: padded,
      })
      expect(declared.status).toBe(413)
      expect(await declared.json()).toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' })
      const chunks = [padded.slice(0, 100_000), padded.slice(100_000)]
      const chunked = await fetch(`${limitedBase}/credentials/verify`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=b' },
        body: new ReadableStream({
          pull: (controller) => {
            if (chunks.length > 0) controller.enqueue(new TextEncoder().encode(chunks.shift()))
            else controller.close()
          },
        }),
        duplex: 'half',
      })
      expect(chunked.status).toBe(413)
      expect(chunked.headers.get('connection')).toBe('close')
      expect(await chunked.json()).toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' })
    } finally {
      await limited.close()
    }
  })
})

describe('createVcApiServer(): an http public URL only for a loopback host', () => {
  it.each(['http://localhost', 'http://localhost:8080/', 'http://127.0.0.1:3000', 'http://[::1]:8080'])(
    'accepts %s',
    async (publicUrl) => {
      const server = await createVcApiServer({
        keyPair: await generateKeyPair(),
        publicUrl,
        allowUnauthenticated: true,
        logger: false,
        threads: 1,
      })
      await server.close()
    },
  )

  it.each([
    'http://issuer.example',
    'http://localhost.evil.example',
    'http://localhost@evil.example',
    'http://10.0.0.1',
    'ftp://localhost',
  ])('refuses %s', async (publicUrl) => {
    await expect(
      createVcApiServer({
        keyPair: await generateKeyPair(),
        publicUrl,
        allowUnauthenticated: true,
        logger: false,
        threads: 1,
      }),
    ).rejects.toThrow(/https URL .*loopback/)
  })
})
