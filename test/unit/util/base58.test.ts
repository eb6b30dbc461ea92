/** base58btc (src/util/base58.ts) against base58-universal, the library it replaces on the signing path. */
import * as reference from 'base58-universal'
import { describe, expect, it } from 'vitest'
import { decodeBase58btc, encodeBase58btc } from '../../../src/util/base58.js'
import { seededRandom } from '../../helpers/random-credentials.js'

const SEED = Number(process.env['MICROCRED_SEED'] ?? 58)
console.log(`base58: seed ${SEED} (MICROCRED_SEED to replay)`)

describe('base58btc', () => {
  it('encodes and decodes as base58-universal does: 5,000 random byte strings, leading zeros included', () => {
    const random = seededRandom(SEED)
    for (let n = 0; n < 5000; n++) {
      const bytes = new Uint8Array(random.int(0, 80))
      for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(0, 255)
      const zeros = random.int(0, 3)
      for (let i = 0; i < Math.min(zeros, bytes.length); i++) bytes[i] = 0
      const text = reference.encode(bytes)
      expect(encodeBase58btc(bytes), `bytes ${Buffer.from(bytes).toString('hex')}`).toBe(text)
      expect(decodeBase58btc(text), `text ${text}`).toEqual(bytes)
    }
  })

  it('known values: empty, zeros, a did:key fingerprint', () => {
    expect(encodeBase58btc(new Uint8Array())).toBe('')
    expect(encodeBase58btc(new Uint8Array([0, 0, 1]))).toBe('112')
    expect(encodeBase58btc(new Uint8Array([0, 1, 2]))).toBe('15T')
    const key = decodeBase58btc('6MksYN6ij66UbfsHfTs4XV2oMrTWyZWLo2TiB94RGpky4Ch')
    expect(key?.length).toBe(34)
    expect([key?.[0], key?.[1]]).toEqual([0xed, 0x01])
  })

  it('refuses characters outside the alphabet (0, O, I, l, non-ASCII)', () => {
    for (const text of ['0', 'O', 'I', 'l', 'z0', 'é', '2+']) expect(decodeBase58btc(text), text).toBeUndefined()
  })
})
