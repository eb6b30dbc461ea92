import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createSigner, exportKeyPair, generateKeyPair, importKeyPair, isMicrocredError } from '../../../src/index.js'
import {
  VECTOR,
  VECTOR_PUBLIC_KEY,
  VECTOR_SEED,
  b64u,
  base58btcDecode,
  base58btcEncode,
  caught,
  expectMicrocredError,
  hex,
  nodePublicKeyFromSeed,
  publicKeyMultibaseOf,
  secretKeyMultibaseOf,
} from './helpers.js'
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey'

/** A P-384 public key: a real Multikey of a curve microcred does not support. */
const P384_MULTIBASE = (await EcdsaMultikey.generate({ curve: 'P-384' })).publicKeyMultibase

const message = new TextEncoder().encode('EU micro-credential: 5 ECTS, EQF 6')

describe('importKeyPair() of the published vector Multikey', () => {
  it("reproduces the vector's publicKeyMultibase, id and controller and can sign", async () => {
    const keyPair = await importKeyPair(VECTOR.keyPair.multikey)
    expect(keyPair.publicKeyMultibase).toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
    expect(keyPair.id).toBe(VECTOR.keyPair.multikey.id)
    expect(keyPair.controller).toBe(VECTOR.keyPair.multikey.controller)
    expect(keyPair.type).toBe('Multikey')
    expect(keyPair.algorithm).toBe('Ed25519')
    expect(keyPair.canSign).toBe(true)
  })

  it("export({ secret: true }) returns the vector's secret key (as the canonical 32-byte seed Multikey)", async () => {
    const keyPair = await importKeyPair(VECTOR.keyPair.multikey)
    const exported = exportKeyPair(keyPair, { secret: true })
    expect(exported.publicKeyMultibase).toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
    expect(exported.id).toBe(VECTOR.keyPair.multikey.id)
    expect(exported.controller).toBe(VECTOR.keyPair.multikey.controller)
    // The vector publishes the legacy 64-byte (seed ‖ public) secret; W3C Multikey defines the Ed25519 secret as
    // 0x8026 ‖ 32-byte seed. Both carry the same seed.
    const vectorSecret = base58btcDecode(VECTOR.keyPair.multikey.secretKeyMultibase.slice(1))
    const exportedSecret = base58btcDecode(exported.secretKeyMultibase!.slice(1))
    expect([...exportedSecret.subarray(0, 2)]).toEqual([0x80, 0x26])
    expect(Buffer.from(exportedSecret.subarray(2)).toString('hex')).toBe(
      Buffer.from(vectorSecret.subarray(2, 34)).toString('hex'),
    )
    expect(exported.secretKeyMultibase).toBe(secretKeyMultibaseOf(VECTOR_SEED))
  })

  it('the re-exported secret imports back to a key that signs identically', async () => {
    const original = await importKeyPair(VECTOR.keyPair.multikey)
    const restored = await importKeyPair(exportKeyPair(original, { secret: true }))
    expect(restored.id).toBe(original.id)
    expect(restored.publicKeyMultibase).toBe(original.publicKeyMultibase)
    const data = hex(VECTOR.dataToSignHex)
    expect(Buffer.from(await createSigner(restored).sign(data)).toString('hex')).toBe(VECTOR.signatureHex)
  })

  it('a Multikey without id or controller defaults to its own did:key', async () => {
    const keyPair = await importKeyPair({
      type: 'Multikey',
      publicKeyMultibase: VECTOR.keyPair.multikey.publicKeyMultibase,
      secretKeyMultibase: VECTOR.keyPair.multikey.secretKeyMultibase,
    })
    const did = `did:key:${VECTOR.keyPair.multikey.publicKeyMultibase}`
    expect(keyPair.controller).toBe(did)
    expect(keyPair.id).toBe(`${did}#${VECTOR.keyPair.multikey.publicKeyMultibase}`)
  })

  it('options override the document id and controller', async () => {
    const keyPair = await importKeyPair(VECTOR.keyPair.multikey, {
      controller: 'did:web:uni.example',
      id: 'did:web:uni.example#key-1',
    })
    expect(keyPair.controller).toBe('did:web:uni.example')
    expect(keyPair.id).toBe('did:web:uni.example#key-1')
  })
})

describe('JWK round trip', () => {
  it('import(export(kp, jwk + secret), { controller }) is the same key and signs identically', async () => {
    const original = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
    const jwk = exportKeyPair(original, { format: 'jwk', secret: true })
    const restored = await importKeyPair(jwk, { controller: original.controller })
    expect(restored.canSign).toBe(true)
    expect(restored.publicKeyMultibase).toBe(original.publicKeyMultibase)
    expect(restored.id).toBe(original.id) // from kid
    expect(restored.controller).toBe(original.controller)
    const [a, b] = await Promise.all([createSigner(original).sign(message), createSigner(restored).sign(message)])
    expect(a).toHaveLength(64)
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true)
  })

  it('the vector key survives Multikey → JWK → key pair and still produces the published signature', async () => {
    const fromMultikey = await importKeyPair(VECTOR.keyPair.multikey)
    const restored = await importKeyPair(exportKeyPair(fromMultikey, { format: 'jwk', secret: true }), {
      controller: VECTOR.keyPair.multikey.controller,
    })
    expect(restored.id).toBe(VECTOR.keyPair.multikey.id)
    expect(restored.algorithm).toBe('Ed25519')
    expect('publicKeyMultibase' in restored && restored.publicKeyMultibase).toBe(
      VECTOR.keyPair.multikey.publicKeyMultibase,
    )
    const signature = await createSigner(restored).sign(hex(VECTOR.dataToSignHex))
    expect(Buffer.from(signature).toString('hex')).toBe(VECTOR.signatureHex)
  })

  it('a hand-made RFC 8037 JWK (x, d from the vector) imports as the vector key', async () => {
    const keyPair = await importKeyPair({
      kty: 'OKP',
      crv: 'Ed25519',
      x: b64u(VECTOR_PUBLIC_KEY),
      d: b64u(VECTOR_SEED),
    })
    expect(keyPair.publicKeyMultibase).toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
    // no kid, no controller: its own did:key
    expect(keyPair.controller).toBe(`did:key:${VECTOR.keyPair.multikey.publicKeyMultibase}`)
    expect(keyPair.canSign).toBe(true)
  })
})

describe('public-only keys', () => {
  const publicMultikey = {
    type: 'Multikey',
    id: VECTOR.keyPair.multikey.id,
    controller: VECTOR.keyPair.multikey.controller,
    publicKeyMultibase: VECTOR.keyPair.multikey.publicKeyMultibase,
  } as const
  const publicJwk = { kty: 'OKP', crv: 'Ed25519', x: b64u(VECTOR_PUBLIC_KEY) } as const

  it.each([
    ['Multikey', () => importKeyPair(publicMultikey)],
    [
      'exported public Multikey (with @context)',
      async () => importKeyPair(exportKeyPair(await importKeyPair(VECTOR.keyPair.multikey))),
    ],
    [
      'JWK',
      () =>
        importKeyPair(publicJwk, { controller: VECTOR.keyPair.multikey.controller, id: VECTOR.keyPair.multikey.id }),
    ],
  ])('%s: imports with canSign false; createSigner and secret export throw ERR_KEY_INVALID', async (_name, load) => {
    const keyPair = await load()
    expect(keyPair.canSign).toBe(false)
    expect(keyPair.publicKeyMultibase).toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
    expect(keyPair.id).toBe(VECTOR.keyPair.multikey.id)
    expect(keyPair.controller).toBe(VECTOR.keyPair.multikey.controller)
    await expectMicrocredError(() => createSigner(keyPair), 'ERR_KEY_INVALID')
    await expectMicrocredError(() => exportKeyPair(keyPair, { secret: true }), 'ERR_KEY_INVALID')
    // the public export still works
    expect(exportKeyPair(keyPair, { format: 'jwk' }).x).toBe(publicJwk.x)
    expect(exportKeyPair(keyPair).publicKeyMultibase).toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
  })
})

describe('malformed keys → ERR_KEY_INVALID', () => {
  const x = b64u(VECTOR_PUBLIC_KEY)

  it.each([
    ['crv P-256', { kty: 'OKP', crv: 'P-256', x }],
    ['kty EC', { kty: 'EC', crv: 'P-256', x: b64u(randomBytes(32)), y: b64u(randomBytes(32)) }],
    ['kty EC with crv Ed25519', { kty: 'EC', crv: 'Ed25519', x }],
    ['crv X25519', { kty: 'OKP', crv: 'X25519', x }],
    ['x of 31 bytes', { kty: 'OKP', crv: 'Ed25519', x: b64u(VECTOR_PUBLIC_KEY.subarray(0, 31)) }],
    ['x of 33 bytes', { kty: 'OKP', crv: 'Ed25519', x: b64u(Uint8Array.from([...VECTOR_PUBLIC_KEY, 0])) }],
    ['x missing', { kty: 'OKP', crv: 'Ed25519' }],
    ['d of 31 bytes', { kty: 'OKP', crv: 'Ed25519', x, d: b64u(VECTOR_SEED.subarray(0, 31)) }],
  ])('JWK with %s', async (_name, jwk) => {
    await expectMicrocredError(() => importKeyPair(jwk as never), 'ERR_KEY_INVALID')
  })

  it.each([
    ['no multibase prefix', 'not-a-multibase-key'],
    ['characters outside base58btc', 'z0OIl0OIl0OIl'],
    ['an empty string', ''],
    ['a few base58 characters', 'zabc'],
    ['an Ed25519 header with a 31-byte key', publicKeyMultibaseOf(VECTOR_PUBLIC_KEY.subarray(0, 31))],
    ['an Ed25519 header with a 33-byte key', publicKeyMultibaseOf(Uint8Array.from([...VECTOR_PUBLIC_KEY, 1]))],
    ['a P-384 key (multicodec 0x1201)', P384_MULTIBASE],
    ['32 bytes without the 0xed01 header', 'z' + base58btcEncode(VECTOR_PUBLIC_KEY)],
  ])('public-only Multikey whose publicKeyMultibase is %s', async (_name, publicKeyMultibase) => {
    await expectMicrocredError(
      () => importKeyPair({ type: 'Multikey', controller: 'did:web:uni.example', publicKeyMultibase }),
      'ERR_KEY_INVALID',
    )
  })

  it('a public-only P-256 Multikey (multicodec 0x1200) imports as an ES256 key pair that cannot sign', async () => {
    const keyPair = await importKeyPair({
      type: 'Multikey',
      controller: 'did:web:uni.example',
      publicKeyMultibase: 'zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169',
    })
    expect(keyPair).toMatchObject({
      algorithm: 'ES256',
      canSign: false,
      publicKeyMultibase: 'zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169',
    })
  })

  it('Multikey with a non-string publicKeyMultibase or the wrong type', async () => {
    await expectMicrocredError(
      () => importKeyPair({ type: 'Multikey', publicKeyMultibase: 42 } as never),
      'ERR_KEY_INVALID',
    )
    await expectMicrocredError(
      () =>
        importKeyPair({
          type: 'JsonWebKey2020',
          publicKeyMultibase: VECTOR.keyPair.multikey.publicKeyMultibase,
        } as never),
      'ERR_KEY_INVALID',
    )
    await expectMicrocredError(() => importKeyPair({} as never), 'ERR_KEY_INVALID')
  })

  it("a secret key that does not belong to the public key (the vector's secret with another key's public)", async () => {
    const other = await generateKeyPair()
    // legacy 64-byte secret as published
    await expectMicrocredError(
      () =>
        importKeyPair({
          type: 'Multikey',
          publicKeyMultibase: other.publicKeyMultibase,
          secretKeyMultibase: VECTOR.keyPair.multikey.secretKeyMultibase,
        }),
      'ERR_KEY_INVALID',
    )
    // canonical 32-byte seed form
    await expectMicrocredError(
      () =>
        importKeyPair({
          type: 'Multikey',
          publicKeyMultibase: other.publicKeyMultibase,
          secretKeyMultibase: secretKeyMultibaseOf(VECTOR_SEED),
        }),
      'ERR_KEY_INVALID',
    )
    // JWK: x of the other key, d of the vector
    await expectMicrocredError(
      () =>
        importKeyPair({
          kty: 'OKP',
          crv: 'Ed25519',
          x: exportKeyPair(other, { format: 'jwk' }).x,
          d: b64u(VECTOR_SEED),
        }),
      'ERR_KEY_INVALID',
    )
    // and the other way round: the vector's public key with another seed
    const otherSeed = Uint8Array.from(randomBytes(32))
    expect(publicKeyMultibaseOf(nodePublicKeyFromSeed(otherSeed))).not.toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
    await expectMicrocredError(
      () => importKeyPair({ ...VECTOR.keyPair.multikey, secretKeyMultibase: secretKeyMultibaseOf(otherSeed) }),
      'ERR_KEY_INVALID',
    )
  })

  it('a secretKeyMultibase that is garbage', async () => {
    await expectMicrocredError(
      () => importKeyPair({ ...VECTOR.keyPair.multikey, secretKeyMultibase: 'zabc' }),
      'ERR_KEY_INVALID',
    )
    await expectMicrocredError(
      () => importKeyPair({ ...VECTOR.keyPair.multikey, secretKeyMultibase: 'not-multibase' }),
      'ERR_KEY_INVALID',
    )
  })

  it('a did:key id/controller of another key', async () => {
    const other = await generateKeyPair()
    await expectMicrocredError(
      () => importKeyPair({ ...VECTOR.keyPair.multikey, controller: other.controller, id: other.id }),
      'ERR_KEY_INVALID',
    )
    await expectMicrocredError(
      () => importKeyPair({ kty: 'OKP', crv: 'Ed25519', x: b64u(VECTOR_PUBLIC_KEY), kid: other.id }),
      'ERR_KEY_INVALID',
    )
  })

  it('error messages never contain the secret material', async () => {
    const other = await generateKeyPair()
    const secrets = [
      VECTOR.keyPair.multikey.secretKeyMultibase,
      secretKeyMultibaseOf(VECTOR_SEED),
      b64u(VECTOR_SEED),
      VECTOR.keyPair.privateKeyHex.slice(0, 64),
    ]
    const seed33 = b64u(Uint8Array.from([...VECTOR_SEED, 7]))
    const attempts: [() => unknown, string[]][] = [
      [
        () =>
          importKeyPair({
            type: 'Multikey',
            publicKeyMultibase: other.publicKeyMultibase,
            secretKeyMultibase: VECTOR.keyPair.multikey.secretKeyMultibase,
          }),
        secrets,
      ],
      [
        () =>
          importKeyPair({
            type: 'Multikey',
            publicKeyMultibase: other.publicKeyMultibase,
            secretKeyMultibase: secretKeyMultibaseOf(VECTOR_SEED),
          }),
        secrets,
      ],
      [
        () =>
          importKeyPair({
            kty: 'OKP',
            crv: 'Ed25519',
            x: exportKeyPair(other, { format: 'jwk' }).x,
            d: b64u(VECTOR_SEED),
          }),
        secrets,
      ],
      [
        () => importKeyPair({ kty: 'OKP', crv: 'Ed25519', x: b64u(VECTOR_PUBLIC_KEY), d: seed33 }),
        [...secrets, seed33],
      ],
      [
        () => importKeyPair({ kty: 'OKP', crv: 'P-256', x: b64u(VECTOR_PUBLIC_KEY), d: b64u(VECTOR_SEED) } as never),
        secrets,
      ],
      [() => importKeyPair({ ...VECTOR.keyPair.multikey, controller: other.controller }), secrets],
      [() => importKeyPair({ ...VECTOR.keyPair.multikey, publicKeyMultibase: 'zabc' }), secrets],
    ]
    for (const [attempt, forbidden] of attempts) {
      const error = await caught(attempt)
      expect(isMicrocredError(error)).toBe(true)
      const text = `${(error as Error).message}\n${String(error)}`
      for (const secret of forbidden) expect(text).not.toContain(secret)
    }
  })
})

describe('importKeyPair() argument errors → TypeError', () => {
  it.each([
    ['a string', 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi'],
    ['null', null],
    ['an array', [VECTOR.keyPair.multikey]],
    ['undefined', undefined],
  ])('%s', async (_name, value) => {
    const error = await caught(() => importKeyPair(value as never))
    expect(error).toBeInstanceOf(TypeError)
    expect(isMicrocredError(error)).toBe(false)
  })

  it('non-object options', async () => {
    await expect(importKeyPair(VECTOR.keyPair.multikey, 'did:web:uni.example' as never)).rejects.toBeInstanceOf(
      TypeError,
    )
  })
})
