import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { exportKeyPair, generateKeyPair, importKeyPair } from '../../../src/index.js'
import { VECTOR, VECTOR_PUBLIC_KEY, VECTOR_SEED, b64u, expectMicrocredError, secretKeyMultibaseOf } from './helpers.js'

const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1'

describe('exportKeyPair() as Multikey', () => {
  it('defaults to the public Multikey with the multikey/v1 context and no secret', async () => {
    const keyPair = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
    const exported = exportKeyPair(keyPair)
    expect(exported).toStrictEqual({
      '@context': MULTIKEY_V1,
      type: 'Multikey',
      id: 'did:web:uni.example#key-1',
      controller: 'did:web:uni.example',
      publicKeyMultibase: keyPair.publicKeyMultibase,
    })
    expect('secretKeyMultibase' in exported).toBe(false)
    // explicit format and secret: false give the same
    expect(exportKeyPair(keyPair, { format: 'multikey', secret: false })).toStrictEqual(exported)
  })

  it('exports the vector key with its published public key', async () => {
    const keyPair = await generateKeyPair({ seed: VECTOR_SEED })
    const exported = exportKeyPair(keyPair)
    expect(exported.publicKeyMultibase).toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
    expect(exported.controller).toBe(`did:key:${VECTOR.keyPair.multikey.publicKeyMultibase}`)
  })

  it('{ secret: true } adds secretKeyMultibase = z + base58btc(0x8026 ‖ 32-byte seed)', async () => {
    const seed = Uint8Array.from(randomBytes(32))
    const keyPair = await generateKeyPair({ seed })
    const exported = exportKeyPair(keyPair, { secret: true })
    expect(exported).toStrictEqual({
      '@context': MULTIKEY_V1,
      type: 'Multikey',
      id: keyPair.id,
      controller: keyPair.controller,
      publicKeyMultibase: keyPair.publicKeyMultibase,
      secretKeyMultibase: secretKeyMultibaseOf(seed),
    })
  })

  it('returns a fresh object each time (mutating it does not affect the key pair)', async () => {
    const keyPair = await generateKeyPair()
    const exported = exportKeyPair(keyPair)
    exported.id = 'did:web:evil.example#key-1'
    expect(exportKeyPair(keyPair).id).toBe(keyPair.id)
    expect(keyPair.id).not.toBe('did:web:evil.example#key-1')
  })
})

describe("exportKeyPair({ format: 'jwk' })", () => {
  it('gives an RFC 8037 OKP/Ed25519 public JWK whose x is the raw public key, kid = id, no d', async () => {
    const keyPair = await generateKeyPair({ seed: VECTOR_SEED, controller: 'https://example.edu/issuers/565049' })
    const jwk = exportKeyPair(keyPair, { format: 'jwk' })
    expect(jwk.kty).toBe('OKP')
    expect(jwk.crv).toBe('Ed25519')
    expect(jwk.x).toBe(b64u(VECTOR_PUBLIC_KEY))
    expect(Buffer.from(jwk.x, 'base64url').toString('hex')).toBe(VECTOR.keyPair.publicKeyHex)
    expect(jwk.kid).toBe(keyPair.id)
    expect('d' in jwk).toBe(false)
    if (jwk.alg !== undefined) expect(jwk.alg).toBe('EdDSA')
    // node:crypto accepts it as an Ed25519 public key
    const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' })
    expect(publicKey.asymmetricKeyType).toBe('ed25519')
  })

  it('{ secret: true } adds d = base64url(32-byte seed)', async () => {
    const keyPair = await generateKeyPair({ seed: VECTOR_SEED })
    const jwk = exportKeyPair(keyPair, { format: 'jwk', secret: true })
    expect(jwk.d).toBe(b64u(VECTOR_SEED))
    expect(Buffer.from(jwk.d!, 'base64url')).toHaveLength(32)
    expect(jwk.x).toBe(b64u(VECTOR_PUBLIC_KEY))
    expect(jwk.kid).toBe(keyPair.id)
    // node:crypto accepts it and derives the same public key
    const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d! }, format: 'jwk' })
    expect((createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string }).x).toBe(jwk.x)
  })

  it('of an imported vector key (legacy 64-byte secret) still gives the 32-byte seed as d', async () => {
    const keyPair = await importKeyPair(VECTOR.keyPair.multikey)
    const jwk = exportKeyPair(keyPair, { format: 'jwk', secret: true })
    expect(jwk.d).toBe(b64u(VECTOR_SEED))
    expect(jwk.x).toBe(b64u(VECTOR_PUBLIC_KEY))
    expect(jwk.kid).toBe(VECTOR.keyPair.multikey.id)
  })
})

describe('exportKeyPair() argument errors', () => {
  it('rejects an object that is not a microcred key pair with TypeError', async () => {
    const keyPair = await generateKeyPair()
    expect(() => exportKeyPair({ ...keyPair })).toThrow(TypeError)
    expect(() => exportKeyPair({} as never)).toThrow(TypeError)
  })

  it('rejects an unknown format with TypeError', async () => {
    const keyPair = await generateKeyPair()
    expect(() => exportKeyPair(keyPair, { format: 'pem' as never })).toThrow(TypeError)
  })

  it('{ secret: true } of a public-only key pair throws ERR_KEY_INVALID (both formats)', async () => {
    const keyPair = await importKeyPair({
      type: 'Multikey',
      publicKeyMultibase: VECTOR.keyPair.multikey.publicKeyMultibase,
    })
    await expectMicrocredError(() => exportKeyPair(keyPair, { secret: true }), 'ERR_KEY_INVALID')
    await expectMicrocredError(() => exportKeyPair(keyPair, { format: 'jwk', secret: true }), 'ERR_KEY_INVALID')
  })
})
