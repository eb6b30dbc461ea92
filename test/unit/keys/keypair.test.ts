import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateKeyPair, exportKeyPair, MicrocredError, isMicrocredError } from '../../../src/index.js'
import {
  VECTOR,
  VECTOR_PUBLIC_KEY,
  VECTOR_SEED,
  base58btcDecode,
  decodePublicKeyMultibase,
  expectMicrocredError,
  nodePublicKeyFromSeed,
  publicKeyMultibaseOf,
  secretKeyMultibaseOf,
} from './helpers.js'

describe('test helpers (independent encoders)', () => {
  it('reproduce the published vector: publicKeyMultibase = z + base58btc(0xed01 ‖ publicKeyHex)', () => {
    expect(publicKeyMultibaseOf(VECTOR_PUBLIC_KEY)).toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
    // the vector's secretKeyMultibase is the legacy 64-byte (seed ‖ public) form with header 0x8026
    expect(secretKeyMultibaseOf(Uint8Array.from(Buffer.from(VECTOR.keyPair.privateKeyHex, 'hex')))).toBe(
      VECTOR.keyPair.multikey.secretKeyMultibase,
    )
    // node:crypto derives the vector's public key from its seed
    expect(Buffer.from(nodePublicKeyFromSeed(VECTOR_SEED)).toString('hex')).toBe(VECTOR.keyPair.publicKeyHex)
    // leading zero bytes are '1's
    expect([...base58btcDecode('112')]).toEqual([0, 0, 1])
  })
})

describe('generateKeyPair() defaults', () => {
  it('is a self-describing did:key Ed25519 Multikey that can sign', async () => {
    const keyPair = await generateKeyPair()
    expect(keyPair.publicKeyMultibase).toMatch(/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/)
    // 0xed 0x01 ‖ 32 bytes
    expect(decodePublicKeyMultibase(keyPair.publicKeyMultibase)).toHaveLength(32)
    expect(keyPair.controller).toBe(`did:key:${keyPair.publicKeyMultibase}`)
    expect(keyPair.id).toBe(`did:key:${keyPair.publicKeyMultibase}#${keyPair.publicKeyMultibase}`)
    expect(keyPair.type).toBe('Multikey')
    expect(keyPair.algorithm).toBe('Ed25519')
    expect(keyPair.canSign).toBe(true)
  })

  it('generates a fresh random key each time', async () => {
    const [a, b] = await Promise.all([generateKeyPair(), generateKeyPair()])
    expect(a.publicKeyMultibase).not.toBe(b.publicKeyMultibase)
  })

  it('accepts no options object as well as an empty one', async () => {
    const keyPair = await generateKeyPair({})
    expect(keyPair.controller).toBe(`did:key:${keyPair.publicKeyMultibase}`)
  })
})

describe('generateKeyPair({ controller, id })', () => {
  it('with a controller, the id defaults to controller#publicKeyMultibase', async () => {
    const keyPair = await generateKeyPair({ controller: 'did:web:uni.example' })
    expect(keyPair.controller).toBe('did:web:uni.example')
    expect(keyPair.id).toBe(`did:web:uni.example#${keyPair.publicKeyMultibase}`)
    expect(keyPair.canSign).toBe(true)
  })

  it('with a controller and an id, both are used as given', async () => {
    const keyPair = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
    expect(keyPair.controller).toBe('did:web:uni.example')
    expect(keyPair.id).toBe('did:web:uni.example#key-1')
  })

  it('accepts an https controller', async () => {
    const keyPair = await generateKeyPair({ controller: 'https://uni.example/issuer' })
    expect(keyPair.controller).toBe('https://uni.example/issuer')
    expect(keyPair.id).toBe(`https://uni.example/issuer#${keyPair.publicKeyMultibase}`)
  })

  it("accepts the key's own did:key as controller", async () => {
    const keyPair = await generateKeyPair({
      seed: VECTOR_SEED,
      controller: `did:key:${VECTOR.keyPair.multikey.publicKeyMultibase}`,
    })
    expect(keyPair.controller).toBe(`did:key:${VECTOR.keyPair.multikey.publicKeyMultibase}`)
    expect(keyPair.id).toBe(
      `did:key:${VECTOR.keyPair.multikey.publicKeyMultibase}#${VECTOR.keyPair.multikey.publicKeyMultibase}`,
    )
  })

  it('rejects a did:key controller that is another key with ERR_KEY_INVALID', async () => {
    const other = await generateKeyPair()
    const error = await expectMicrocredError(() => generateKeyPair({ controller: other.controller }), 'ERR_KEY_INVALID')
    expect(error).toBeInstanceOf(MicrocredError)
    // also with a seed (so the key is known not to match)
    await expectMicrocredError(
      () => generateKeyPair({ seed: VECTOR_SEED, controller: other.controller }),
      'ERR_KEY_INVALID',
    )
  })

  it('rejects a controller that is not an absolute URI with ERR_KEY_INVALID', async () => {
    await expectMicrocredError(() => generateKeyPair({ controller: 'uni.example' }), 'ERR_KEY_INVALID')
  })
})

describe('generateKeyPair({ seed })', () => {
  it("the vector's seed gives the vector's public key", async () => {
    const keyPair = await generateKeyPair({ seed: VECTOR_SEED })
    expect(keyPair.publicKeyMultibase).toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
    expect(keyPair.controller).toBe(`did:key:${VECTOR.keyPair.multikey.publicKeyMultibase}`)
    expect(Buffer.from(decodePublicKeyMultibase(keyPair.publicKeyMultibase)).toString('hex')).toBe(
      VECTOR.keyPair.publicKeyHex,
    )
  })

  it('is deterministic: the same seed gives the same key, matching node:crypto', async () => {
    const seed = Uint8Array.from(randomBytes(32))
    const a = await generateKeyPair({ seed })
    const b = await generateKeyPair({ seed: Uint8Array.from(seed), controller: 'did:web:uni.example' })
    expect(a.publicKeyMultibase).toBe(b.publicKeyMultibase)
    expect(a.publicKeyMultibase).toBe(publicKeyMultibaseOf(nodePublicKeyFromSeed(seed)))
    // the secret exported is that seed (Multikey 0x8026 ‖ 32-byte seed)
    expect(exportKeyPair(a, { secret: true }).secretKeyMultibase).toBe(secretKeyMultibaseOf(seed))
  })

  it('different seeds give different keys', async () => {
    const seed = Uint8Array.from(VECTOR_SEED)
    seed[0] = seed[0]! ^ 1
    const keyPair = await generateKeyPair({ seed })
    expect(keyPair.publicKeyMultibase).not.toBe(VECTOR.keyPair.multikey.publicKeyMultibase)
  })

  it.each([
    ['31 bytes', new Uint8Array(31)],
    ['33 bytes', new Uint8Array(33)],
    ['0 bytes', new Uint8Array(0)],
    ['the 64-byte seed ‖ public form', Uint8Array.from(Buffer.from(VECTOR.keyPair.privateKeyHex, 'hex'))],
  ])('rejects a seed of %s with TypeError', async (_name, seed) => {
    const error = await (async () => {
      try {
        await generateKeyPair({ seed })
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(TypeError)
    expect(isMicrocredError(error)).toBe(false)
  })

  it('rejects a seed that is not a Uint8Array with TypeError', async () => {
    await expect(generateKeyPair({ seed: Array.from(VECTOR_SEED) as unknown as Uint8Array })).rejects.toBeInstanceOf(
      TypeError,
    )
    await expect(
      generateKeyPair({ seed: Buffer.from(VECTOR_SEED).toString('hex') as unknown as Uint8Array }),
    ).rejects.toBeInstanceOf(TypeError)
  })

  it('rejects options that are not an object with TypeError', async () => {
    await expect(generateKeyPair('did:web:uni.example' as never)).rejects.toBeInstanceOf(TypeError)
  })
})
