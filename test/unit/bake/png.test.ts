/**
 * PNG baking (OB 3.0 §"Baked Badge" > PNG): one uncompressed iTXt chunk "openbadgecredential" holding the
 * credential's JSON or its VC-JWT; legacy Open Badges 2.0 iTXt / 1.x tEXt "openbadges" chunks read as what they are.
 * Images are made with pngjs; chunks are inspected with the hand-written reader in ./helpers.ts.
 */
import { deflateSync } from 'node:zlib'
import { PNG } from 'pngjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { issueJwt, verify, type Ed25519KeyPair, type SignedMicroCredential } from '../../../src/index.js'
import { bakePng, extractFromPng } from '../../../src/entries/bake.js'
import { copy, euCredential, signedEuCredential } from '../../helpers/credentials.js'
import {
  NOW,
  chunk,
  chunksOf,
  expectCode,
  itxtChunks,
  itxtData,
  makePng,
  textData,
  withChunks,
  withoutChunk,
} from './helpers.js'

let keyPair: Ed25519KeyPair
let signed: SignedMicroCredential
let jwt: string
const png = makePng()

beforeAll(async () => {
  ;({ keyPair, signed } = await signedEuCredential())
  jwt = await issueJwt(euCredential(keyPair), { keyPair })
})

describe('bakePng() + extractFromPng()', () => {
  it('bakes a credential with an embedded proof as JSON, extracts it, and verify() passes the image', async () => {
    const baked = bakePng(png, signed)
    const chunks = itxtChunks(baked, 'openbadgecredential')
    expect(chunks).toHaveLength(1)
    expect(chunks[0]).toMatchObject({ flag: 0, method: 0, language: '', translated: '', text: JSON.stringify(signed) })

    const extracted = extractFromPng(baked)
    expect(extracted).toEqual({
      version: 'ob3',
      format: 'ldp',
      image: 'png',
      credential: JSON.parse(JSON.stringify(signed)),
      text: JSON.stringify(signed),
    })

    const report = await verify(baked, { now: NOW })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    expect(report.baked).toBe('png')
    expect(report.format).toBe('ldp')
    expect(report.credential).toEqual(JSON.parse(JSON.stringify(signed)))
  })

  it('bakes a VC-JWT as its compact JWS, extracts it, and verify() passes the image', async () => {
    const baked = bakePng(png, jwt)
    expect(itxtChunks(baked, 'openbadgecredential').map((c) => c.text)).toEqual([jwt])
    expect(extractFromPng(baked)).toEqual({ version: 'ob3', format: 'jwt', image: 'png', jwt })
    const report = await verify(baked, { now: NOW })
    expect(report.issues).toEqual([])
    expect(report).toMatchObject({ verified: true, format: 'jwt', baked: 'png' })
  })

  it('accepts the JSON text of a signed credential and bakes that text unchanged', () => {
    const text = JSON.stringify(signed, null, 2)
    const baked = bakePng(png, `\n${text}\n`)
    expect(itxtChunks(baked, 'openbadgecredential')[0]!.text).toBe(text)
    expect(extractFromPng(baked)).toMatchObject({ format: 'ldp', text })
  })

  it('keeps the image: pngjs decodes the baked PNG to the same pixels, and every other chunk is kept byte for byte before IEND', () => {
    const baked = bakePng(png, signed)
    const before = PNG.sync.read(Buffer.from(png))
    const after = PNG.sync.read(Buffer.from(baked))
    expect([after.width, after.height]).toEqual([before.width, before.height])
    expect(Buffer.compare(after.data, before.data)).toBe(0)

    const types = chunksOf(baked).map((c) => c.type)
    expect(types.slice(-2)).toEqual(['iTXt', 'IEND'])
    expect(Buffer.from(withoutChunk(baked, (c) => c.type === 'iTXt')).equals(Buffer.from(png))).toBe(true)
  })

  it('keeps other text chunks, and a second bake replaces the first credential: exactly one chunk, with the new content', () => {
    const original = withChunks(
      png,
      chunk('tEXt', textData('Software', 'pngjs')),
      chunk('iTXt', itxtData('Description', 'Abzeichen für Datenverarbeitung')),
    )
    const once = bakePng(original, signed)
    const twice = bakePng(once, jwt)
    expect(itxtChunks(twice, 'openbadgecredential').map((c) => c.text)).toEqual([jwt])
    expect(extractFromPng(twice)).toMatchObject({ format: 'jwt', jwt })
    expect(Buffer.from(twice).equals(Buffer.from(bakePng(original, jwt)))).toBe(true)
    expect(itxtChunks(twice, 'Description').map((c) => c.text)).toEqual(['Abzeichen für Datenverarbeitung'])
    expect(
      chunksOf(twice)
        .filter((c) => c.type === 'tEXt')
        .map((c) => c.data.toString('latin1')),
    ).toEqual(['Software\0pngjs'])
  })

  it('reads a compressed iTXt chunk (which OB 3.0 forbids writers to use) and caps what it inflates to', () => {
    const compressed = withChunks(
      png,
      chunk('iTXt', itxtData('openbadgecredential', JSON.stringify(signed), { compressed: true })),
    )
    expect(extractFromPng(compressed)).toMatchObject({
      version: 'ob3',
      format: 'ldp',
      credential: JSON.parse(JSON.stringify(signed)),
    })

    // 64 MiB of spaces deflate to about 64 KiB: a "zip bomb" stops at the cap instead of filling memory.
    const bomb = withChunks(
      png,
      chunk(
        'iTXt',
        Buffer.concat([
          Buffer.from('openbadgecredential\0\x01\x00\0\0', 'latin1'),
          deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20)),
        ]),
      ),
    )
    expect(expectCode(() => extractFromPng(bomb), 'ERR_INPUT_TOO_LARGE').message).toMatch(
      /inflates to more than 1048576 bytes/,
    )
  })

  it('does not write more than one credential: a PNG that already carries two is refused, to bake and to read', () => {
    const two = withChunks(
      png,
      chunk('iTXt', itxtData('openbadgecredential', jwt)),
      chunk('iTXt', itxtData('openbadgecredential', jwt)),
    )
    expect(expectCode(() => extractFromPng(two), 'ERR_IMAGE_INVALID').message).toMatch(
      /2 iTXt chunks with the keyword "openbadgecredential"/,
    )
    // Thousands of them: the message names the first ten offsets, not every one.
    const many = withChunks(
      png,
      ...Array.from({ length: 5000 }, () => chunk('iTXt', itxtData('openbadgecredential', 'x'))),
    )
    expect(expectCode(() => extractFromPng(many), 'ERR_IMAGE_INVALID').message).toMatch(
      /^the PNG has 5000 iTXt chunks with the keyword "openbadgecredential" \(at bytes (\d+, ){10}…\); an image carries at most one$/,
    )
    expectCode(() => bakePng(two, jwt), 'ERR_IMAGE_INVALID')
  })

  it('an image with nothing baked is ERR_NOT_BAKED; so is one with only unrelated text chunks', () => {
    expect(expectCode(() => extractFromPng(png), 'ERR_NOT_BAKED').message).toMatch(
      /no iTXt chunk with the keyword "openbadgecredential"/,
    )
    expectCode(
      () =>
        extractFromPng(
          withChunks(
            png,
            chunk('iTXt', itxtData('openbadgecredentials', jwt)),
            chunk('tEXt', textData('Comment', 'openbadgecredential')),
          ),
        ),
      'ERR_NOT_BAKED',
    )
  })
})

describe('extractFromPng(): damaged and malformed images', () => {
  it('a PNG truncated at any offset is ERR_IMAGE_INVALID', () => {
    const baked = bakePng(png, jwt)
    for (let length = 0; length < baked.length; length++) {
      expectCode(() => extractFromPng(baked.subarray(0, length)), 'ERR_IMAGE_INVALID')
    }
  })

  it('truncation is reported with the chunk and offset', () => {
    const baked = bakePng(png, jwt)
    const credentialChunk = itxtChunks(baked, 'openbadgecredential')[0]!
    const error = expectCode(() => extractFromPng(baked.subarray(0, credentialChunk.offset + 100)), 'ERR_IMAGE_INVALID')
    expect(error.message).toBe(
      `the PNG is truncated: the iTXt chunk at byte ${credentialChunk.offset} declares ${jwt.length + 24} data bytes, only 88 follow`,
    )
    expect(expectCode(() => extractFromPng(baked.subarray(0, baked.length - 12)), 'ERR_IMAGE_INVALID').message).toMatch(
      /ends without an IEND chunk/,
    )
  })

  it('a corrupted byte fails the chunk CRC, in the pixels and in the credential', () => {
    const baked = bakePng(png, jwt)
    const idat = chunksOf(baked).find((c) => c.type === 'IDAT')!
    const pixels = new Uint8Array(baked)
    pixels[idat.offset + 10]! ^= 0x01
    expect(expectCode(() => extractFromPng(pixels), 'ERR_IMAGE_INVALID').message).toBe(
      `the IDAT chunk at byte ${idat.offset} of the PNG fails its CRC check: the image is damaged`,
    )

    const credential = itxtChunks(baked, 'openbadgecredential')[0]!
    const text = new Uint8Array(baked)
    text[credential.offset + 40]! ^= 0x01
    expect(expectCode(() => extractFromPng(text), 'ERR_IMAGE_INVALID').message).toMatch(
      /^the iTXt chunk at byte \d+ of the PNG fails its CRC check/,
    )
  })

  it('a wrong signature is ERR_IMAGE_INVALID, with a hint when line endings were converted', () => {
    const converted = new Uint8Array([...png.subarray(0, 4), 0x0a, ...png.subarray(6)])
    expect(expectCode(() => extractFromPng(converted), 'ERR_IMAGE_INVALID').message).toMatch(
      /signature is damaged at byte 4 \(line endings converted/,
    )
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1])
    expect(expectCode(() => extractFromPng(jpeg), 'ERR_IMAGE_INVALID').message).toMatch(/^not a PNG image/)
  })

  it('a PNG that does not start with IHDR, has bytes after IEND, or an invalid chunk type is ERR_IMAGE_INVALID', () => {
    const chunks = chunksOf(png)
    const noIhdr = new Uint8Array(
      Buffer.concat([Buffer.from(png.subarray(0, 8)), ...chunks.slice(1).map((c) => c.raw)]),
    )
    expect(expectCode(() => extractFromPng(noIhdr), 'ERR_IMAGE_INVALID').message).toMatch(
      /first chunk of the PNG is IDAT, not IHDR/,
    )
    expect(expectCode(() => extractFromPng(new Uint8Array([...png, 0, 0, 0])), 'ERR_IMAGE_INVALID').message).toBe(
      '3 bytes follow the IEND chunk that ends the PNG',
    )
    expectCode(() => extractFromPng(withChunks(png, chunk('i1XT', Buffer.from('x')))), 'ERR_IMAGE_INVALID')
  })

  it.each([
    [
      'no language tag terminator',
      Buffer.from('openbadgecredential\0\0\0en', 'latin1'),
      /language tag is not terminated/,
    ],
    ['nothing after the keyword', Buffer.from('openbadgecredential\0', 'latin1'), /ends after its keyword/],
    ['an unknown compression flag', Buffer.from('openbadgecredential\0\x02\0\0\0{}', 'latin1'), /compression flag 2/],
    [
      'compressed text that does not inflate',
      Buffer.from('openbadgecredential\0\x01\0\0\0not zlib', 'latin1'),
      /does not inflate/,
    ],
    [
      'text that is not UTF-8',
      Buffer.concat([Buffer.from('openbadgecredential\0\0\0\0\0', 'latin1'), Buffer.from([0x7b, 0xff, 0x7d])]),
      /not UTF-8/,
    ],
    [
      'text that is neither JSON nor a JWS',
      itxtData('openbadgecredential', 'hello'),
      /neither a VC-JWT \(a compact JWS\) nor valid JSON/,
    ],
    ['JSON that is not an object', itxtData('openbadgecredential', '[1, 2]'), /not an object/],
    ['an empty text', itxtData('openbadgecredential', '  '), /is empty/],
  ])('a credential chunk with %s is ERR_IMAGE_INVALID', (_name, data, message) => {
    expect(expectCode(() => extractFromPng(withChunks(png, chunk('iTXt', data))), 'ERR_IMAGE_INVALID').message).toMatch(
      message,
    )
  })

  it('caps the image size (options.maxImageBytes) and the credential size (options.maxBytes)', () => {
    const baked = bakePng(png, signed)
    expect(expectCode(() => extractFromPng(baked, { maxImageBytes: 1000 }), 'ERR_INPUT_TOO_LARGE').message).toBe(
      `the PNG is ${baked.length} bytes, over the 1000-byte cap (options.maxImageBytes)`,
    )
    expect(expectCode(() => extractFromPng(baked, { maxBytes: 1000 }), 'ERR_INPUT_TOO_LARGE').message).toMatch(
      /over the 1000-byte cap \(options\.maxBytes\)/,
    )
    expect(
      extractFromPng(baked, { maxImageBytes: baked.length, maxBytes: Buffer.byteLength(JSON.stringify(signed)) }),
    ).toMatchObject({ version: 'ob3' })
  })
})

describe('extractFromPng(): legacy Open Badges data', () => {
  const assertion = {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: 'https://example.org/assertions/123',
    recipient: { type: 'email', hashed: false, identity: 'ada@example.org' },
    badge: 'https://example.org/badges/5',
    verification: { type: 'hosted' },
    issuedOn: '2016-12-31T23:59:59Z',
  }

  it('an Open Badges 2.0 assertion (iTXt "openbadges") is returned as such, and verify() fails it with ERR_OB2_ASSERTION', async () => {
    const ob2 = withChunks(png, chunk('iTXt', itxtData('openbadges', JSON.stringify(assertion))))
    const extracted = extractFromPng(ob2)
    expect(extracted).toMatchObject({ version: 'ob2', image: 'png', kind: 'assertion', value: assertion })
    expect(extracted.version === 'ob2' && extracted.description).toBe(
      `an Open Badges 2.0 assertion (https://example.org/assertions/123) as JSON in the PNG's iTXt chunk "openbadges" (Open Badges 2.0 baking)`,
    )

    const report = await verify(ob2, { now: NOW })
    expect(report.verified).toBe(false)
    expect(report.baked).toBe('png')
    expect(report.issues).toHaveLength(1)
    expect(report.issues[0]).toMatchObject({ check: 'syntax', code: 'ERR_OB2_ASSERTION' })
    expect(report.issues[0]!.message).toMatch(
      /^the PNG image carries an Open Badges 2\.0 assertion, not an Open Badges 3\.0 credential: an Open Badges 2\.0 assertion \(https:\/\/example\.org\/assertions\/123\) as JSON/,
    )
    expect(report.checks.slice(1).every((c) => c.status === 'skipped')).toBe(true)
  })

  it('a signed Open Badges 2.0 assertion (a JWS) is kind "jws"', () => {
    const jws = 'eyJhbGciOiJSUzI1NiJ9.eyJ1aWQiOiIxMjMifQ.c2lnbmF0dXJl'
    expect(extractFromPng(withChunks(png, chunk('iTXt', itxtData('openbadges', jws))))).toMatchObject({
      version: 'ob2',
      kind: 'jws',
      value: jws,
      description: expect.stringMatching(/^a signed Open Badges 2\.0 assertion \(a compact JWS\)/),
    })
  })

  it('an Open Badges 1.x tEXt "openbadges" chunk holding a URL is kind "url"', async () => {
    const ob1 = withChunks(png, chunk('tEXt', textData('openbadges', 'https://example.org/assertions/123.json')))
    const extracted = extractFromPng(ob1)
    expect(extracted).toMatchObject({ version: 'ob2', kind: 'url', value: 'https://example.org/assertions/123.json' })
    expect(extracted.version === 'ob2' && extracted.description).toMatch(
      /URL of a hosted Open Badges assertion \(https:\/\/example\.org\/assertions\/123\.json\).*tEXt chunk "openbadges" \(the baking format before Open Badges 2\.0\)/,
    )
    expect((await verify(ob1)).issues).toEqual([expect.objectContaining({ code: 'ERR_OB2_ASSERTION' })])
  })

  it('the OB 3.0 credential wins over legacy data in the same image, which baking keeps', () => {
    const legacy = chunk('iTXt', itxtData('openbadges', JSON.stringify(assertion)))
    const both = bakePng(withChunks(png, legacy), jwt)
    expect(chunksOf(both).some((c) => c.raw.equals(legacy))).toBe(true)
    expect(extractFromPng(both)).toMatchObject({ version: 'ob3', format: 'jwt' })
  })

  it('legacy text that is neither JSON, a JWS nor a URL is ERR_IMAGE_INVALID', () => {
    expectCode(
      () => extractFromPng(withChunks(png, chunk('tEXt', textData('openbadges', 'not a badge')))),
      'ERR_IMAGE_INVALID',
    )
  })
})

describe('bakePng(): what may be baked', () => {
  it('refuses an unsigned credential with ERR_PROOF_MISSING, as an object and as JSON', () => {
    const unsigned = euCredential(keyPair)
    expect(expectCode(() => bakePng(png, unsigned), 'ERR_PROOF_MISSING').message).toMatch(/has no proof; sign it/)
    expectCode(() => bakePng(png, JSON.stringify(unsigned)), 'ERR_PROOF_MISSING')
    expectCode(() => bakePng(png, { ...copy(signed), proof: [] }), 'ERR_PROOF_MISSING')
  })

  it('refuses what is no credential at all (builder input, an Open Badges 2.0 assertion) with ERR_INVALID_INPUT and its path', () => {
    expect(
      expectCode(() => bakePng(png, { title: 'Data Engineering', learner: { name: 'Ada' } }), 'ERR_INVALID_INPUT'),
    ).toMatchObject({ path: '@context' })
    expect(
      expectCode(
        () => bakePng(png, { '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion' }),
        'ERR_INVALID_INPUT',
      ),
    ).toMatchObject({ path: 'type' })
  })

  it('refuses an unsigned JWT (empty signature) with ERR_PROOF_MISSING and a JWS that is no VC-JWT with ERR_JWT_INVALID', () => {
    const [header, payload] = jwt.split('.')
    expectCode(() => bakePng(png, `${header}.${payload}.`), 'ERR_PROOF_MISSING')
    expectCode(() => bakePng(png, 'eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln'), 'ERR_JWT_INVALID')
  })

  it.each([
    ['an object that is no credential', { name: 'x', proof: {} }],
    ['a string that is neither JSON nor a JWS', 'https://example.org/credential.json'],
    ['JSON that does not parse', '{"@context": '],
    [
      'a proof that is a string',
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], proof: 'signed' },
    ],
  ])('refuses %s with ERR_INVALID_INPUT', (_name, credential) => {
    expectCode(() => bakePng(png, credential), 'ERR_INVALID_INPUT')
  })

  it('throws TypeError for arguments of the wrong type', () => {
    expect(() => bakePng(Buffer.from(png).toString('base64') as never, signed)).toThrow(TypeError)
    expect(() => bakePng(png, 42 as never)).toThrow(TypeError)
    expect(() => bakePng(png, null as never)).toThrow(TypeError)
    expect(() => extractFromPng('png' as never)).toThrow(TypeError)
  })

  it('refuses to bake into a damaged PNG', () => {
    expectCode(() => bakePng(png.subarray(0, 40), signed), 'ERR_IMAGE_INVALID')
  })
})
