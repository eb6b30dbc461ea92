/**
 * jsonTextSizeBound (src/util/json.ts): the size caps of verify() and issue() write the JSON to measure it only when
 * this bound says it could be over, so the bound must never be below the real size, for any value.
 */
import { describe, expect, it } from 'vitest'
import { verify } from '../../../src/index.js'
import { jsonTextSizeBound } from '../../../src/util/json.js'
import { seededRandom, type Random } from '../../helpers/random-credentials.js'

const SEED = Number(process.env['MICROCRED_SEED'] ?? 7)
console.log(`json-size: seed ${SEED} (MICROCRED_SEED to replay)`)

const STRINGS = [
  '',
  'plain',
  'quote " and \\ backslash',
  'controls \u0000\u0001\u001f\n\t',
  'é ü ß',
  '中文',
  '😀🎓',
  '\ud800 lone',
  '\u2028\u2029',
]
const NUMBERS = [0, -0, 1, -1.5, 1e21, 1.7976931348623157e308, -5e-324, 123456789012345680000, 0.1 + 0.2]

function randomValue(random: Random, depth: number): unknown {
  const kind = depth > 5 ? random.int(0, 3) : random.int(0, 6)
  switch (kind) {
    case 0:
      return random.pick(STRINGS).repeat(random.int(1, 4))
    case 1:
      return random.pick(NUMBERS)
    case 2:
      return random.chance(0.5)
    case 3:
      return random.chance(0.2) ? undefined : null
    case 4:
      return Array.from({ length: random.int(0, 5) }, () => randomValue(random, depth + 1))
    default:
      return Object.fromEntries(
        Array.from({ length: random.int(0, 5) }, (_, i) => [
          `${random.pick(STRINGS)}${i}`,
          randomValue(random, depth + 1),
        ]),
      )
  }
}

describe('jsonTextSizeBound', () => {
  it('is never below the UTF-8 size of the JSON text (2,000 seeded random values)', () => {
    const random = seededRandom(SEED)
    for (let n = 0; n < 2000; n++) {
      const value = { root: randomValue(random, 0) }
      const bound = jsonTextSizeBound(value, 64)
      const size = Buffer.byteLength(JSON.stringify(value), 'utf8')
      expect(bound, JSON.stringify(value)).toBeGreaterThanOrEqual(size)
    }
  })

  it('is undefined past the depth limit and for a cycle; Infinity for what only JSON.stringify can measure', () => {
    let deep: unknown = 'leaf'
    for (let i = 0; i < 10; i++) deep = [deep]
    expect(jsonTextSizeBound(deep, 10)).toBeDefined()
    expect(jsonTextSizeBound([deep], 10)).toBeUndefined()
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    expect(jsonTextSizeBound(cyclic, 64)).toBeUndefined()
    expect(jsonTextSizeBound({ when: new Date(0) }, 64)).toBe(Infinity)
    expect(jsonTextSizeBound({ big: 1n }, 64)).toBe(Infinity)
    // Boxed primitives: JSON writes their value, which their (empty) members do not show.
    expect(jsonTextSizeBound({ n: Object(1e21) as unknown, b: Object(false) as unknown }, 64)).toBe(Infinity)
    expect(jsonTextSizeBound({ s: Object('x'.repeat(10)) as unknown }, 64)).toBe(Infinity)
    expect(jsonTextSizeBound({ map: new Map([[1, 2]]) }, 64)).toBe(Infinity)
    // The same object twice is not a cycle.
    const shared = { a: 1 }
    expect(jsonTextSizeBound({ x: shared, y: shared }, 64)).toBeGreaterThan(0)
  })

  it('verify() still applies maxBytes to an object whose values JSON writes larger than its members show', async () => {
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      filler: Array.from({ length: 5000 }, () => Object(-1.234567890123456e-300) as unknown),
    }
    expect(Buffer.byteLength(JSON.stringify(credential))).toBeGreaterThan(100_000)
    const report = await verify(credential, { maxBytes: 100_000 })
    expect(report.issues.map((issue) => issue.code)).toContain('ERR_INPUT_TOO_LARGE')
  })
})
