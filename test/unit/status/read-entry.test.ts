/**
 * Reading an entry straight from decoded list bytes (readEntryBytes, what the `status` check does on a kept list)
 * gives what `@digitalbazaar/bitstring` reads (readEntry, what the stores use), for every statusSize from 1 to 8, on
 * seeded random bytes (the seed is printed).
 */
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { Bitstring } from '@digitalbazaar/bitstring'
import { decodeListBytes, entryCountOf, readEntry, readEntryBytes } from '../../../src/status/bitstring.js'
import { seededRandom } from '../../helpers/random-credentials.js'

const SEED = Number(process.env['SEED'] ?? 20_250_901)

describe('readEntryBytes', () => {
  it(`reads every entry as @digitalbazaar/bitstring does, statusSize 1 to 8 (seed ${SEED})`, () => {
    console.log(`read-entry.test.ts seed: ${SEED} (set SEED to replay)`)
    const generator = seededRandom(SEED)
    const random = (): number => generator.next()
    const bytes = Uint8Array.from({ length: 257 }, () => Math.floor(random() * 256))
    const bits = new Bitstring({ buffer: bytes })
    for (let statusSize = 1; statusSize <= 8; statusSize++) {
      const entries = entryCountOf(bytes, statusSize)
      expect(entries).toBe(Math.floor((257 * 8) / statusSize))
      for (let index = 0; index < entries; index++)
        expect(readEntryBytes(bytes, index, statusSize), `statusSize ${statusSize}, index ${index}`).toBe(
          readEntry(bits, index, statusSize),
        )
    }
  })

  it('bits are counted from the most significant bit of the first byte (§2.1)', () => {
    expect(readEntryBytes(Uint8Array.of(0b1000_0000), 0, 1)).toBe(1)
    expect(readEntryBytes(Uint8Array.of(0b0100_0000), 1, 1)).toBe(1)
    expect(readEntryBytes(Uint8Array.of(0b0010_0000), 1, 2)).toBe(2)
    expect(readEntryBytes(Uint8Array.of(0b0000_0001, 0b1000_0000), 2, 3)).toBe(0b011)
  })

  it('decodeListBytes gives the bytes of an encodedList, and refuses what is not one', () => {
    const bytes = Buffer.alloc(16_384)
    bytes[16_383] = 1
    const decoded = decodeListBytes(`u${gzipSync(bytes).toString('base64url')}`)
    expect(Buffer.from(decoded).equals(bytes)).toBe(true)
    expect(readEntryBytes(decoded, 131_071, 1)).toBe(1)
    expect(() => decodeListBytes('H4sI')).toThrow(/multibase base64url/)
    expect(() => decodeListBytes('uAAAA')).toThrow(/not GZIP data/)
    expect(() => decodeListBytes(`u${gzipSync(Buffer.alloc(0)).toString('base64url')}`)).toThrow(/empty/)
  })
})
