import { describe, expect, it } from 'vitest'
import { boundedMemo, frozenMemo, weakMemo } from '../../../src/util/memo.js'

describe('boundedMemo', () => {
  it('computes each key once while it is remembered, and forgets the oldest beyond its capacity', () => {
    const calls: string[] = []
    const upper = boundedMemo(2, (key: string) => {
      calls.push(key)
      return key.toUpperCase()
    })
    expect([upper('a'), upper('a'), upper('b'), upper('a')]).toEqual(['A', 'A', 'B', 'A'])
    expect(calls).toEqual(['a', 'b'])
    upper('c') // evicts 'a', the first in
    upper('b')
    upper('a')
    expect(calls).toEqual(['a', 'b', 'c', 'a'])
  })

  it('forgets a rejected promise, so a failure is retried', async () => {
    let attempts = 0
    const flaky = boundedMemo(4, async (key: string) => {
      attempts++
      if (attempts === 1) throw new Error(`no ${key} yet`)
      return key
    })
    await expect(flaky('x')).rejects.toThrow('no x yet')
    await new Promise((resolve) => setImmediate(resolve))
    expect(await flaky('x')).toBe('x')
    expect(await flaky('x')).toBe('x')
    expect(attempts).toBe(2)
  })
})

describe('weakMemo', () => {
  it('computes once per object key, an undefined result included, and separately for another object', () => {
    const calls: object[] = []
    // A memo whose result may be undefined (`string | undefined`: a bare `undefined` would read as void).
    const nothing = weakMemo((key: object): string | undefined => {
      calls.push(key)
      return undefined
    })
    const a = {}
    const b = {}
    expect([nothing(a), nothing(a), nothing(b), nothing(b)]).toEqual([undefined, undefined, undefined, undefined])
    expect(calls).toEqual([a, b])
  })

  it('forgets a rejected promise, so a failure is retried', async () => {
    let attempts = 0
    const key = {}
    const flaky = weakMemo(async (_key: object) => {
      attempts++
      if (attempts === 1) throw new Error('not yet')
      return attempts
    })
    await expect(flaky(key)).rejects.toThrow('not yet')
    await new Promise((resolve) => setImmediate(resolve))
    expect(await flaky(key)).toBe(2)
    expect(await flaky(key)).toBe(2)
  })
})

describe('frozenMemo', () => {
  it('remembers results for frozen objects only: a mutable object is computed again, and sees its changes', () => {
    let calls = 0
    const size = frozenMemo((key: Record<string, unknown>) => {
      calls++
      return Object.keys(key).length
    })
    const frozen = Object.freeze({ a: 1 })
    expect([size(frozen), size(frozen)]).toEqual([1, 1])
    expect(calls).toBe(1)
    const mutable: Record<string, unknown> = { a: 1 }
    expect(size(mutable)).toBe(1)
    mutable['b'] = 2
    expect(size(mutable)).toBe(2)
    expect(calls).toBe(3)
  })
})
