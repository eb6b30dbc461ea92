/**
 * cloneJson(): a direct copy of plain data, always equal to the JSON text round trip it replaces (the same members
 * in the same order, the same numbers and strings), and the round trip itself for anything JSON transforms; and
 * sameAsPlainJson(), the comparison with a kept copy that stands in for comparing JSON texts; and
 * jsonTextWithMembersAppended(), which stands in for setting new members and writing the object again.
 */
import { describe, expect, it } from 'vitest'
import { generateKeyPair, createMicroCredential, issue } from '../../../src/index.js'
import {
  cloneJson,
  copyIfPlainJson,
  deepFreeze,
  isPlainJson,
  jsonTextWithMembersAppended,
  sameAsPlainJson,
} from '../../../src/util/json.js'
import { mutate, randomInput, randomText, seededRandom } from '../../helpers/random-credentials.js'

/** What cloneJson must equal; compared as text too, so that member order and -0 count. */
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown

function expectSameAsRoundTrip(value: unknown): void {
  const copy = cloneJson(value)
  expect(copy).toStrictEqual(roundTrip(value))
  expect(JSON.stringify(copy)).toBe(JSON.stringify(value))
}

/** Values JSON text does not carry as they are (and a null-prototype object, which it carries as a plain one). */
function transformedByJson(): { cases: unknown[]; nullPrototype: Record<string, unknown> } {
  class Point {
    constructor(readonly x: number) {}
    get double(): number {
      return this.x * 2
    }
  }
  const nullPrototype = Object.assign(Object.create(null) as Record<string, unknown>, { kept: 1 })
  const cases: unknown[] = [
    { gone: undefined, fn: () => 1, kept: 1 },
    [undefined, () => 1, Symbol('s')],
    { nan: NaN, inf: Infinity, minus: -Infinity },
    { when: new Date('2025-09-01T00:00:00Z') },
    { custom: { toJSON: () => 'custom' } },
    // eslint-disable-next-line no-sparse-arrays
    [1, , 3],
    { point: new Point(2) },
    { boxed: new String('text'), number: new Number(3) },
    nullPrototype,
    { nested: { deeper: [{ gone: undefined, date: new Date(0) }] } },
    { hidden: Object.defineProperty({ a: 1 }, 'toJSON', { value: () => 'hidden', enumerable: false }) },
    { list: Object.assign([1, 2], { toJSON: () => 'list' }) },
    {
      proxy: new Proxy(
        { a: 1 },
        { get: (target, key) => (key === 'toJSON' ? () => 'proxied' : (target as Record<PropertyKey, unknown>)[key]) },
      ),
    },
  ]
  return { cases, nullPrototype }
}

describe('cloneJson()', () => {
  it('copies plain data deeply: the copy shares no object with the input', () => {
    const input = { a: [1, { b: 'two' }], c: { d: null, e: true } }
    const copy = cloneJson(input)
    expect(copy).toStrictEqual(input)
    copy.a.push(3)
    ;(copy.c as Record<string, unknown>)['e'] = false
    expect(input).toStrictEqual({ a: [1, { b: 'two' }], c: { d: null, e: true } })
  })

  it('equals the JSON round trip on generated EU micro-credentials, their mutations and their signed forms', async () => {
    const keyPair = await generateKeyPair()
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed)
      const credential = createMicroCredential({
        ...randomInput(random),
        issuer: { id: keyPair.controller, name: 'University', country: 'DE' },
      })
      expectSameAsRoundTrip(credential)
      expectSameAsRoundTrip(mutate(credential, random).document)
      if (seed % 10 === 0) expectSameAsRoundTrip(await issue(credential, { keyPair, created: '2025-09-01T00:00:00Z' }))
    }
  })

  it('keeps member order, integer-like keys included, and makes "__proto__" an own member as JSON.parse does', () => {
    const input = JSON.parse('{"z":1,"10":2,"a":3,"2":4,"__proto__":{"polluted":true}}') as Record<string, unknown>
    const copy = cloneJson(input)
    expect(Object.keys(copy)).toEqual(['2', '10', 'z', 'a', '__proto__'])
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true })
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expectSameAsRoundTrip(input)
  })

  it('writes numbers and strings as JSON would: -0 becomes 0, lone surrogates and control characters are kept', () => {
    const copy = cloneJson({ zero: -0, list: [-0], big: 1e21, small: 5e-324, text: 'a\u0000\ud800b\udfff\u2028' })
    expect(Object.is(copy.zero, 0)).toBe(true)
    expect(Object.is(copy.list[0], 0)).toBe(true)
    expectSameAsRoundTrip({ zero: -0, list: [-0], big: 1e21, small: 5e-324, text: 'a\u0000\ud800b\udfff\u2028' })
  })

  it('transforms what JSON transforms: undefined, functions, NaN, dates, toJSON, holes, class instances, null prototypes', () => {
    const { cases, nullPrototype } = transformedByJson()
    for (const value of cases) expectSameAsRoundTrip(value)
    expect(Object.getPrototypeOf(cloneJson(nullPrototype))).toBe(Object.prototype)
  })

  it('refuses cycles as JSON.stringify does (TypeError), and copies data nested deeper than it walks', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic['self'] = cyclic
    expect(() => cloneJson(cyclic)).toThrow(TypeError)
    let deep: unknown = 'bottom'
    for (let i = 0; i < 1000; i++) deep = i % 2 === 0 ? [deep] : { next: deep }
    expectSameAsRoundTrip(deep)
  })

  it('returns primitives as they are', () => {
    for (const value of ['text', 3, true, null]) expect(cloneJson(value)).toBe(value)
  })
})

describe('sameAsPlainJson()', () => {
  /** A kept copy as the context cache keeps it (frozen: member names cached) and as the worker has it (not frozen). */
  const keptForms = (value: unknown): unknown[] => {
    const plain = copyIfPlainJson(value)
    if (plain === undefined) throw new Error('test data must be plain JSON')
    return [plain.copy, deepFreeze(copyIfPlainJson(value)!.copy)]
  }

  it('agrees with comparing JSON texts on generated credentials and their mutations, whichever side is kept', () => {
    const credentials: unknown[] = []
    for (let seed = 1; seed <= 30; seed++) {
      const random = seededRandom(seed)
      const credential = createMicroCredential({
        ...randomInput(random),
        issuer: { id: 'did:example:issuer', name: 'University', country: 'DE' },
      })
      credentials.push(credential, mutate(credential, random).document)
    }
    for (let i = 0; i < credentials.length; i++) {
      for (const kept of keptForms(credentials[i])) {
        for (const other of [credentials[i], credentials[(i + 1) % credentials.length], credentials[i ^ 1]]) {
          expect(sameAsPlainJson(other, kept)).toBe(JSON.stringify(other) === JSON.stringify(kept))
        }
      }
    }
  })

  it('tells apart member order, a missing or extra member, and arrays from objects', () => {
    for (const kept of keptForms({ a: 1, b: { c: [1, 2] } })) {
      expect(sameAsPlainJson({ a: 1, b: { c: [1, 2] } }, kept)).toBe(true)
      expect(sameAsPlainJson({ b: { c: [1, 2] }, a: 1 }, kept)).toBe(false)
      expect(sameAsPlainJson({ a: 1 }, kept)).toBe(false)
      expect(sameAsPlainJson({ a: 1, b: { c: [1, 2] }, d: 0 }, kept)).toBe(false)
      expect(sameAsPlainJson({ a: 1, b: { c: { 0: 1, 1: 2 } } }, kept)).toBe(false)
      expect(sameAsPlainJson({ a: 1, b: { c: [1, 2, 3] } }, kept)).toBe(false)
      expect(sameAsPlainJson({ a: '1', b: { c: [1, 2] } }, kept)).toBe(false)
    }
  })

  it('refuses what JSON text would not show the same: class instances, inherited members, hidden members', () => {
    class Box {
      a = 1
    }
    const inheriting = Object.create({ b: 2 }) as Record<string, unknown>
    inheriting['a'] = 1
    const hidden = { a: 1 }
    Object.defineProperty(hidden, 'b', { value: 2, enumerable: false })
    for (const kept of keptForms({ a: 1 })) {
      expect(sameAsPlainJson(new Box(), kept)).toBe(false)
      expect(sameAsPlainJson(inheriting, kept)).toBe(false)
      // A non-enumerable member is not in the JSON text either.
      expect(sameAsPlainJson(hidden, kept)).toBe(true)
      expect(sameAsPlainJson(Object.assign(Object.create(null) as object, { a: 1 }), kept)).toBe(true)
    }
    for (const kept of keptForms({ a: 1, b: 2 })) expect(sameAsPlainJson(inheriting, kept)).toBe(false)
  })

  it('ignores enumerable members added to Object.prototype, as JSON text does', () => {
    const [plain, frozen] = keptForms({ a: { b: 1 } })
    Object.defineProperty(Object.prototype, 'addedByAnotherLibrary', {
      value: 'x',
      enumerable: true,
      configurable: true,
      writable: true,
    })
    try {
      for (const kept of [plain, frozen]) {
        expect(sameAsPlainJson({ a: { b: 1 } }, kept)).toBe(true)
        expect(sameAsPlainJson({ a: { b: 2 } }, kept)).toBe(false)
        expect(sameAsPlainJson({ a: { b: 1, c: 1 } }, kept)).toBe(false)
      }
    } finally {
      delete (Object.prototype as Record<string, unknown>)['addedByAnotherLibrary']
    }
  })

  it('sees a change made to the compared object after an earlier comparison (nothing about it is cached)', () => {
    const [, frozen] = keptForms({ a: { b: 1 } })
    const value = { a: { b: 1 } }
    expect(sameAsPlainJson(value, frozen)).toBe(true)
    ;(value.a as Record<string, unknown>)['c'] = 2
    expect(sameAsPlainJson(value, frozen)).toBe(false)
    delete (value.a as Record<string, unknown>)['c']
    expect(sameAsPlainJson(value, frozen)).toBe(true)
  })
})

describe('jsonTextWithMembersAppended()', () => {
  /** What it stands for: the object parsed, the members set on it, and written again. */
  const setAndWrite = (text: string, members: Record<string, unknown>): string =>
    JSON.stringify(Object.assign(JSON.parse(text) as object, members))

  it('writes what JSON.stringify writes once new members are set, on generated credentials and their signed forms', async () => {
    const keyPair = await generateKeyPair()
    for (let seed = 1; seed <= 20; seed++) {
      const random = seededRandom(seed)
      const credential = createMicroCredential({
        ...randomInput(random),
        issuer: { id: keyPair.controller, name: 'University', country: 'DE' },
      })
      const signed = await issue(credential, { keyPair, created: '2025-09-01T00:00:00Z' })
      const text = JSON.stringify(credential)
      expect(jsonTextWithMembersAppended(text, { proof: signed.proof })).toBe(JSON.stringify(signed))
      const mutated = JSON.stringify(mutate(credential, random).document)
      const members = { proof: signed.proof, [randomText(random, 2)]: [randomText(random), -0, 1e21, null] }
      expect(jsonTextWithMembersAppended(mutated, members)).toBe(setAndWrite(mutated, members))
    }
  })

  it("writes into an empty object, keeps the members' order, and leaves the text as it is with no members", () => {
    for (const [text, members] of [
      ['{}', { proof: { type: 'DataIntegrityProof' } }],
      ['{"a":1}', { z: 1, b: [2, { c: '\u2028' }], a2: {} }],
      ['{"a":{"b":{}}}', {}],
      ['{}', {}],
    ] as const) {
      expect(jsonTextWithMembersAppended(text, members)).toBe(setAndWrite(text, members))
      expect(() => JSON.parse(jsonTextWithMembersAppended(text, members)) as unknown).not.toThrow()
    }
  })
})

describe('isPlainJson()', () => {
  it('says what copyIfPlainJson() says, without the copy: generated credentials, their mutations, and what JSON transforms', () => {
    const values: unknown[] = [...transformedByJson().cases, 'text', 3, -0, null, true, undefined, 10n, [], {}]
    for (let seed = 1; seed <= 20; seed++) {
      const random = seededRandom(seed)
      const credential = createMicroCredential({
        ...randomInput(random),
        issuer: { id: 'did:example:issuer', name: 'University', country: 'DE' },
      })
      values.push(credential, mutate(credential, random).document)
    }
    const cyclic: Record<string, unknown> = { a: [1] }
    ;(cyclic['a'] as unknown[]).push(cyclic)
    let deep: unknown = 'bottom'
    for (let i = 0; i < 1000; i++) deep = { next: deep }
    values.push(cyclic, deep)
    for (const value of values) expect(isPlainJson(value)).toBe(copyIfPlainJson(value) !== undefined)
    expect(values.filter((value) => isPlainJson(value)).length).toBeGreaterThan(40)
    expect(values.filter((value) => !isPlainJson(value)).length).toBeGreaterThan(10)
  })

  it('skips enumerable members added to Object.prototype, as JSON text does', () => {
    const prototype = Object.prototype as Record<string, unknown>
    prototype['pollutedWithDate'] = new Date(0)
    try {
      expect(isPlainJson({ a: 1 })).toBe(true)
      expect(isPlainJson({ a: new Date(0) })).toBe(false)
    } finally {
      delete prototype['pollutedWithDate']
    }
  })
})
