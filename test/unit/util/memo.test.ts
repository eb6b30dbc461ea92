import { describe, expect, it } from 'vitest'
import { boundedMemo } from '../../../src/util/memo.js'

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
