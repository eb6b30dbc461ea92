import { randomBytes, verify as nodeVerify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createSigner, exportKeyPair, generateKeyPair, importKeyPair, isMicrocredError } from '../../../src/index.js'
import {
  VECTOR,
  VECTOR_SEED,
  b64u,
  base58btcEncode,
  caught,
  decodePublicKeyMultibase,
  hex,
  nodePrivateKeyFromSeed,
  nodePublicKeyFromX,
} from './helpers.js'
import { sign as nodeSign } from 'node:crypto'

describe('createSigner(keyPair).sign(data)', () => {
  it('returns a 64-byte Ed25519 signature that node:crypto verifies with the public key', async () => {
    const keyPair = await generateKeyPair({ controller: 'did:web:uni.example' })
    const signer = createSigner(keyPair)
    const data = Uint8Array.from(randomBytes(100))
    const signature = await signer.sign(data)
    expect(signature).toBeInstanceOf(Uint8Array)
    expect(signature).toHaveLength(64)

    const { x } = exportKeyPair(keyPair, { format: 'jwk' })
    // the JWK x is the key of publicKeyMultibase (decoded independently)
    expect(x).toBe(b64u(decodePublicKeyMultibase(keyPair.publicKeyMultibase)))
    const publicKey = nodePublicKeyFromX(x)
    expect(nodeVerify(null, data, publicKey, signature)).toBe(true)

    // a different message or a flipped signature bit does not verify
    const tampered = Uint8Array.from(data)
    tampered[0] = tampered[0]! ^ 1
    expect(nodeVerify(null, tampered, publicKey, signature)).toBe(false)
    const badSignature = Uint8Array.from(signature)
    badSignature[10] = badSignature[10]! ^ 0x80
    expect(nodeVerify(null, data, publicKey, badSignature)).toBe(false)
    // another key does not verify it
    const other = await generateKeyPair()
    expect(nodeVerify(null, data, nodePublicKeyFromX(exportKeyPair(other, { format: 'jwk' }).x), signature)).toBe(false)
  })

  it('signs the empty message', async () => {
    const keyPair = await generateKeyPair()
    const signature = await createSigner(keyPair).sign(new Uint8Array(0))
    expect(signature).toHaveLength(64)
    expect(
      nodeVerify(null, new Uint8Array(0), nodePublicKeyFromX(exportKeyPair(keyPair, { format: 'jwk' }).x), signature),
    ).toBe(true)
  })

  it('is deterministic (RFC 8032) and equals node:crypto signing with the same seed', async () => {
    const seed = Uint8Array.from(randomBytes(32))
    const signer = createSigner(await generateKeyPair({ seed }))
    const data = new TextEncoder().encode('hello')
    const [a, b] = [await signer.sign(data), await signer.sign(data)]
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    expect(Buffer.from(a).equals(nodeSign(null, data, nodePrivateKeyFromSeed(seed)))).toBe(true)
  })

  it("the vector key signing the vector's dataToSignHex gives the published signatureHex", async () => {
    const data = hex(VECTOR.dataToSignHex)
    for (const keyPair of [
      await importKeyPair(VECTOR.keyPair.multikey),
      await generateKeyPair({ seed: VECTOR_SEED }),
    ]) {
      const signature = await createSigner(keyPair).sign(data)
      expect(Buffer.from(signature).toString('hex')).toBe(VECTOR.signatureHex)
      // and the published proofValue is z + base58btc(signature)
      expect('z' + base58btcEncode(signature)).toBe(VECTOR.proofValue)
    }
  })

  it('signer.id is the key pair id and signer.algorithm is Ed25519', async () => {
    const vectorKey = await importKeyPair(VECTOR.keyPair.multikey)
    const vectorSigner = createSigner(vectorKey)
    expect(vectorSigner.id).toBe(VECTOR.keyPair.multikey.id)
    expect(vectorSigner.algorithm).toBe('Ed25519')

    const hosted = await generateKeyPair({ controller: 'did:web:uni.example', id: 'did:web:uni.example#key-1' })
    const hostedSigner = createSigner(hosted)
    expect(hostedSigner.id).toBe('did:web:uni.example#key-1')
    expect(hostedSigner.algorithm).toBe('Ed25519')

    const didKey = await generateKeyPair()
    expect(createSigner(didKey).id).toBe(didKey.id)
  })
})

describe('createSigner() argument errors', () => {
  it('{} → TypeError', async () => {
    const error = await caught(() => createSigner({} as never))
    expect(error).toBeInstanceOf(TypeError)
    expect(isMicrocredError(error)).toBe(false)
  })

  it('a copy of a key pair (not made by microcred) → TypeError', async () => {
    const keyPair = await generateKeyPair()
    expect(() => createSigner({ ...keyPair })).toThrow(TypeError)
    expect(() => createSigner(null as never)).toThrow(TypeError)
    expect(() => createSigner(exportKeyPair(keyPair, { secret: true }) as never)).toThrow(TypeError)
  })
})
