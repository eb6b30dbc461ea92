/**
 * SigningPool (internal; issueMany() and the batch issuer use it): one set of threads for several calls, each
 * call with its own `created`, answered in order; closing it rejects what is not answered yet.
 */
import { describe, expect, it } from 'vitest'
import { generateKeyPair, issue, type MicroCredential } from '../../../src/index.js'
import { SigningPool } from '../../../src/many/pool.js'
import { euCredential } from '../../helpers/credentials.js'

describe('SigningPool', async () => {
  const keyPair = await generateKeyPair()
  const credentials: MicroCredential[] = Array.from({ length: 6 }, (_, i) => euCredential(keyPair, { id: `urn:uuid:4e5f6a7b-0000-4000-8000-00000000010${i}` }))

  it('answers calls made at once, each in order and with its own created, as issue() would', async () => {
    const pool = SigningPool.open({ keyPair, format: 'eddsa-rdfc-2022', workers: 2 })
    try {
      const [first, second] = await Promise.all([
        pool.sign(credentials.slice(0, 3), '2025-09-01T00:00:00Z'),
        pool.sign(credentials.slice(3), '2025-09-02T00:00:00Z'),
      ])
      const expected = await Promise.all(credentials.map((credential, i) => issue(credential, { keyPair, created: i < 3 ? '2025-09-01T00:00:00Z' : '2025-09-02T00:00:00Z' })))
      expect([...first!, ...second!]).toEqual(expected.map((credential) => ({ ok: true, credential })))
      // Still usable after those calls.
      expect(await pool.sign([credentials[0]!], '2025-09-03T00:00:00Z')).toEqual([{ ok: true, credential: await issue(credentials[0]!, { keyPair, created: '2025-09-03T00:00:00Z' }) }])
    } finally {
      await pool.close()
    }
  })

  it('closing rejects the calls not answered yet, and any later call', async () => {
    const pool = SigningPool.open({ keyPair, format: 'eddsa-rdfc-2022', workers: 1 })
    const pending = expect(pool.sign(credentials, '2025-09-01T00:00:00Z')).rejects.toThrow('the signing pool was closed')
    await pool.close()
    await pending
    await expect(pool.sign(credentials, '2025-09-01T00:00:00Z')).rejects.toThrow('the signing pool was closed')
  })
})
