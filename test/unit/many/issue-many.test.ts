/**
 * issueMany(): the same credentials as issue() one by one (as JSON text), in order, on the calling thread or on
 * worker threads; a bad credential gets its own error without stopping the others. The pool's own tests
 * (pool.test.ts) cover the calling thread starting workers for long lists.
 */
import { describe, expect, it } from 'vitest'
import { generateKeyPair, issue, issueMany, MicrocredError, verify, type MicroCredential } from '../../../src/index.js'
import { euCredential } from '../../helpers/credentials.js'

const created = '2025-09-01T00:00:00Z'

describe('issueMany()', async () => {
  const keyPair = await generateKeyPair()
  const credentials: MicroCredential[] = Array.from({ length: 6 }, (_, i) => euCredential(keyPair, { id: `urn:uuid:4e5f6a7b-0000-4000-8000-00000000000${i}` }))

  it('signs every credential in order, byte-identical to issue() one by one, on the calling thread and on workers', async () => {
    const expected = await Promise.all(credentials.map((credential) => issue(credential, { keyPair, created })))
    for (const options of [{}, { workers: 2, callingThread: false }, { workers: 1 }]) {
      const results = await issueMany(credentials, { keyPair, created, ...options })
      expect(results.map((r) => r.ok), JSON.stringify(options)).toEqual(credentials.map(() => true))
      expect(results.map((r) => JSON.stringify(r.ok && r.credential)), JSON.stringify(options)).toEqual(expected.map((one) => JSON.stringify(one)))
    }
    const [first] = await issueMany(credentials.slice(0, 1), { keyPair, created, workers: 1, callingThread: false })
    expect(first!.ok && (await verify(first!.credential, { now: new Date('2026-01-01T00:00:00Z') })).verified).toBe(true)
  })

  it('gives a bad credential its own error (code and path) and signs the rest', async () => {
    const other = await generateKeyPair()
    const undefinedTerm = { ...credentials[1]!, favouriteColour: 'blue' } as MicroCredential
    const results = await issueMany([credentials[0]!, undefinedTerm, euCredential(other)], { keyPair, created, workers: 2, callingThread: false })
    expect(results[0]!.ok).toBe(true)
    const [, second, third] = results
    expect(second!.ok === false && second!.error).toBeInstanceOf(MicrocredError)
    expect(second!.ok === false && [second!.error.code, second!.error.path]).toEqual(['ERR_JSONLD_UNDEFINED_TERM', 'favouriteColour'])
    expect(third!.ok === false && third!.error.code).toBe('ERR_ISSUER_KEY_MISMATCH')
  })

  it('issues VC-JWTs with format jwt', async () => {
    const results = await issueMany(credentials.slice(0, 2), { keyPair, format: 'jwt', workers: 1, callingThread: false })
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
    await expect(issueMany(credentials, { keyPair, workers: 0 })).rejects.toThrow('options.workers must be a whole number of at least 1, not 0')
    await expect(issueMany(credentials, { keyPair, callingThread: 'no' as never })).rejects.toThrow('options.callingThread must be a boolean')
    await expect(issueMany([null as never], { keyPair })).rejects.toThrow(TypeError)
  })
})
