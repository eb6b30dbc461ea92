/**
 * issueMany(): the same proofs as issue() one by one, in order, on worker threads; a bad credential gets its own
 * error without stopping the others.
 */
import { describe, expect, it } from 'vitest'
import { generateKeyPair, issue, issueMany, MicrocredError, verify, type MicroCredential } from '../../../src/index.js'
import { euCredential } from '../../helpers/credentials.js'

const created = '2025-09-01T00:00:00Z'

describe('issueMany()', async () => {
  const keyPair = await generateKeyPair()
  const credentials: MicroCredential[] = Array.from({ length: 6 }, (_, i) => euCredential(keyPair, { id: `urn:uuid:4e5f6a7b-0000-4000-8000-00000000000${i}` }))

  it('signs every credential on worker threads, in order, byte-identical to issue() one by one', async () => {
    const results = await issueMany(credentials, { keyPair, created, workers: 2 })
    expect(results.map((r) => r.ok)).toEqual(credentials.map(() => true))
    for (const [i, result] of results.entries()) {
      if (!result.ok) throw result.error
      const one = await issue(credentials[i]!, { keyPair, created })
      expect(result.credential).toEqual(one)
    }
    const first = results[0]!
    expect(first.ok && (await verify(first.credential, { now: new Date('2026-01-01T00:00:00Z') })).verified).toBe(true)
  })

  it('gives a bad credential its own error (code and path) and signs the rest', async () => {
    const other = await generateKeyPair()
    const undefinedTerm = { ...credentials[1]!, favouriteColour: 'blue' } as MicroCredential
    const results = await issueMany([credentials[0]!, undefinedTerm, euCredential(other)], { keyPair, created, workers: 2 })
    expect(results[0]!.ok).toBe(true)
    const [, second, third] = results
    expect(second!.ok === false && second!.error).toBeInstanceOf(MicrocredError)
    expect(second!.ok === false && [second!.error.code, second!.error.path]).toEqual(['ERR_JSONLD_UNDEFINED_TERM', 'favouriteColour'])
    expect(third!.ok === false && third!.error.code).toBe('ERR_ISSUER_KEY_MISMATCH')
  })

  it('issues VC-JWTs with format jwt', async () => {
    const results = await issueMany(credentials.slice(0, 2), { keyPair, format: 'jwt', workers: 1 })
    for (const result of results) {
      expect(result.ok && typeof result.credential).toBe('string')
      if (result.ok) expect((await verify(result.credential, { now: new Date('2026-01-01T00:00:00Z') })).verified).toBe(true)
    }
  })

  it('refuses bad options as programming mistakes, and returns [] for no credentials', async () => {
    expect(await issueMany([], { keyPair })).toEqual([])
    await expect(issueMany(credentials, { keyPair: {} as never })).rejects.toThrow(TypeError)
    await expect(issueMany(credentials, { keyPair, format: 'rsa' as never })).rejects.toThrow(TypeError)
    await expect(issueMany(credentials, { keyPair, created: 'yesterday' })).rejects.toThrow(TypeError)
    await expect(issueMany(credentials, { keyPair, created: '2025-09-01' })).rejects.toThrow(TypeError)
    await expect(issueMany(credentials, { keyPair, workers: 1.5 })).rejects.toThrow(TypeError)
    await expect(issueMany([null as never], { keyPair })).rejects.toThrow(TypeError)
  })
})
