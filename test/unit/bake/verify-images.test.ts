/**
 * verify() reads baked images: PNG bytes, SVG text and SVG bytes are opened first (within options.maxImageBytes)
 * and the credential inside is verified as if it had been given; report.baked says which image it came from.
 * Also imageFormat() and extractBaked(), the sniffing helpers the CLI uses.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  issueJwt,
  verify,
  type Ed25519KeyPair,
  type SignedMicroCredential,
  type VerificationReport,
} from '../../../src/index.js'
import { DEFAULT_MAX_IMAGE_BYTES, bakePng, bakeSvg, extractBaked, imageFormat } from '../../../src/entries/bake.js'
import { euCredential, signedEuCredential } from '../../helpers/credentials.js'
import {
  BADGE_SVG,
  NOW,
  chunk,
  chunksOf,
  expectCode,
  itxtChunks,
  itxtData,
  makePng,
  withoutChunk,
  withChunks,
} from './helpers.js'

const statusOf = (report: VerificationReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]))

let keyPair: Ed25519KeyPair
let signed: SignedMicroCredential
let jwt: string
const png = makePng()

beforeAll(async () => {
  ;({ keyPair, signed } = await signedEuCredential())
  jwt = await issueJwt(euCredential(keyPair), { keyPair })
})

/** A baked PNG whose credential text was edited and whose chunk CRC was recomputed: intact as an image, tampered as a credential. */
function tamperedPng(baked: Uint8Array, edit: (text: string) => string): Uint8Array {
  const text = itxtChunks(baked, 'openbadgecredential')[0]!.text
  return withChunks(
    withoutChunk(baked, (c) => c.type === 'iTXt'),
    chunk('iTXt', itxtData('openbadgecredential', edit(text))),
  )
}

describe('verify(): baked images', () => {
  it('passes PNG bytes, SVG text and SVG bytes, with embedded proofs and VC-JWTs, and says which image it read', async () => {
    const svgLdp = bakeSvg(BADGE_SVG, signed)
    const inputs: [string, Uint8Array | string, 'png' | 'svg', 'ldp' | 'jwt'][] = [
      ['PNG, ldp', bakePng(png, signed), 'png', 'ldp'],
      ['PNG, jwt', bakePng(png, jwt), 'png', 'jwt'],
      ['SVG text, ldp', svgLdp, 'svg', 'ldp'],
      ['SVG bytes, ldp', new TextEncoder().encode(svgLdp), 'svg', 'ldp'],
      ['SVG bytes, jwt', Buffer.from(bakeSvg(BADGE_SVG, jwt)), 'svg', 'jwt'],
    ]
    for (const [name, input, baked, format] of inputs) {
      const report = await verify(input, { now: NOW })
      expect(report.issues, name).toEqual([])
      expect(report, name).toMatchObject({ verified: true, baked, format })
      expect(statusOf(report), name).toMatchObject({
        syntax: 'passed',
        context: 'passed',
        schema: 'passed',
        'eu-profile': 'passed',
        proof: 'passed',
        'issuer-binding': 'passed',
        validity: 'passed',
      })
    }
  })

  it('a credential given directly has no report.baked', async () => {
    expect(await verify(signed, { now: NOW })).not.toHaveProperty('baked')
    expect(await verify(JSON.stringify(signed), { now: NOW })).not.toHaveProperty('baked')
    expect(await verify(jwt, { now: NOW })).not.toHaveProperty('baked')
  })

  it('a tampered baked credential fails at the proof (the image itself is intact)', async () => {
    const png1 = tamperedPng(bakePng(png, signed), (text) => text.replace('"value":"B"', '"value":"A"'))
    const pngReport = await verify(png1, { now: NOW })
    expect(pngReport.baked).toBe('png')
    expect(statusOf(pngReport)).toMatchObject({ syntax: 'passed', proof: 'failed' })
    expect(pngReport.issues).toContainEqual(expect.objectContaining({ check: 'proof', code: 'ERR_PROOF_INVALID' }))

    const svg = bakeSvg(BADGE_SVG, signed)
    expect(svg).toContain('"value":"B"')
    const svgReport = await verify(svg.replace('"value":"B"', '"value":"A"'), { now: NOW })
    expect(statusOf(svgReport)).toMatchObject({ syntax: 'passed', proof: 'failed' })
    expect(svgReport.issues).toContainEqual(expect.objectContaining({ check: 'proof', code: 'ERR_PROOF_INVALID' }))

    const [h, p, s] = jwt.split('.') as [string, string, string]
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'))
    payload.credentialSubject.result[0].value = 'A'
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`
    const jwtReport = await verify(bakePng(png, forged), { now: NOW })
    expect(jwtReport).toMatchObject({ verified: false, format: 'jwt', baked: 'png' })
    expect(jwtReport.issues).toContainEqual(expect.objectContaining({ check: 'proof', code: 'ERR_PROOF_INVALID' }))
  })

  it('a damaged image fails the syntax check with ERR_IMAGE_INVALID and skips the rest; nothing baked is ERR_NOT_BAKED', async () => {
    const baked = bakePng(png, signed)
    for (const input of [
      baked.subarray(0, 100),
      baked.subarray(0, 5),
      '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>',
      '<html/>',
    ]) {
      const report = await verify(input, { now: NOW })
      expect(report.issues).toEqual([expect.objectContaining({ check: 'syntax', code: 'ERR_IMAGE_INVALID' })])
      expect(report.checks.slice(1).every((c) => c.status === 'skipped')).toBe(true)
      expect(report.credential).toBeUndefined()
    }
    const crc = new Uint8Array(baked)
    crc[chunksOf(baked).find((c) => c.type === 'IDAT')!.offset + 9]! ^= 0xff
    expect((await verify(crc)).issues[0]!.message).toMatch(/IDAT chunk .* fails its CRC check/)

    for (const [input, baked] of [
      [png, 'png'],
      [BADGE_SVG, 'svg'],
    ] as const) {
      const report = await verify(input)
      expect(report).toMatchObject({ verified: false, baked })
      expect(report.issues).toEqual([expect.objectContaining({ check: 'syntax', code: 'ERR_NOT_BAKED' })])
    }
  })

  it('caps the image with options.maxImageBytes (default 16 MiB) and the credential inside with options.maxBytes', async () => {
    expect(DEFAULT_MAX_IMAGE_BYTES).toBe(16 * 1024 * 1024)
    const baked = bakePng(png, signed)
    const small = await verify(baked, { now: NOW, maxImageBytes: 4000 })
    expect(small.issues).toEqual([
      expect.objectContaining({
        check: 'syntax',
        code: 'ERR_INPUT_TOO_LARGE',
        message: `the PNG is ${baked.length} bytes, over the 4000-byte cap (options.maxImageBytes)`,
      }),
    ])
    expect((await verify(baked, { now: NOW, maxBytes: 4000 })).issues).toEqual([
      expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE', message: expect.stringMatching(/options\.maxBytes/) }),
    ])

    // An image may be larger than the credential cap: a 2 MiB SVG (an embedded bitmap, say) still verifies by default.
    const padded = bakeSvg(BADGE_SVG.replace('</svg>', `<desc>${'x'.repeat(2 * 1024 * 1024)}</desc></svg>`), signed)
    expect((await verify(padded, { now: NOW })).verified).toBe(true)
    const tooBig = `${BADGE_SVG.replace('</svg>', '')}<desc>${'x'.repeat(DEFAULT_MAX_IMAGE_BYTES)}</desc></svg>`
    expect((await verify(tooBig)).issues).toEqual([
      expect.objectContaining({
        code: 'ERR_INPUT_TOO_LARGE',
        message: expect.stringMatching(/options\.maxImageBytes/),
      }),
    ])
  })

  it('JSON and JWT input is read as before: only "<" (after a byte order mark and whitespace) or the PNG signature makes an image', async () => {
    expect((await verify(`\uFEFF  ${JSON.stringify(signed)}`, { now: NOW })).verified).toBe(true)
    expect((await verify(`\n${jwt}\n`, { now: NOW })).verified).toBe(true)
    expect((await verify('{"@context": [')).issues[0]).toMatchObject({ code: 'ERR_SYNTAX' })
  })
})

describe('imageFormat() and extractBaked()', () => {
  it.each([
    ['PNG bytes', makePng(), 'png'],
    ['the first bytes of a PNG', new Uint8Array([0x89, 0x50]), 'png'],
    ['SVG text', BADGE_SVG, 'svg'],
    ['SVG text after a byte order mark and whitespace', `\uFEFF \r\n${BADGE_SVG}`, 'svg'],
    ['SVG bytes with a UTF-8 byte order mark', new Uint8Array([0xef, 0xbb, 0xbf, 0x0a, 0x3c, 0x73]), 'svg'],
    ['UTF-16LE SVG bytes', new Uint8Array([0xff, 0xfe, 0x20, 0x00, 0x3c, 0x00]), 'svg'],
    ['UTF-16BE SVG bytes', new Uint8Array([0xfe, 0xff, 0x00, 0x3c]), 'svg'],
    ['JSON text', '{"@context": []}', undefined],
    ['JSON bytes', new TextEncoder().encode(' {"a": 1}'), undefined],
    ['a JWT', 'eyJhbGciOiJFZERTQSJ9.e30.c2ln', undefined],
    ['a JPEG', new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), undefined],
    ['empty bytes', new Uint8Array(0), undefined],
    ['an object', { '@context': [] }, undefined],
  ])('%s is %s', (_name, input, expected) => {
    expect(imageFormat(input)).toBe(expected)
  })

  it('extractBaked() extracts from whichever image it is given', () => {
    expect(extractBaked(bakePng(png, jwt))).toEqual({ version: 'ob3', format: 'jwt', image: 'png', jwt })
    expect(extractBaked(bakeSvg(BADGE_SVG, jwt))).toEqual({ version: 'ob3', format: 'jwt', image: 'svg', jwt })
    expect(extractBaked(Buffer.from(bakeSvg(BADGE_SVG, jwt)))).toMatchObject({ image: 'svg', jwt })
    expect(expectCode(() => extractBaked(new Uint8Array([0xff, 0xd8, 0xff])), 'ERR_IMAGE_INVALID').message).toMatch(
      /neither a PNG nor an SVG/,
    )
    expectCode(() => extractBaked(bakePng(png, jwt), { maxImageBytes: 10 }), 'ERR_INPUT_TOO_LARGE')
    expect(() => extractBaked(42 as never)).toThrow(TypeError)
  })
})
