/**
 * issueMany(): the same credentials as issue() one by one (as JSON text), in order, on the calling thread or on
 * worker threads; a bad credential gets its own error without stopping the others. openIssuingPool(): the same,
 * list after list on threads started once; busy it keeps the process alive, idle it does not. With output 'text',
 * both give each signed credential's JSON text, byte for byte issue()'s result written out. The internal pool's
 * own tests (pool.test.ts) cover the calling thread starting workers for long lists.
 */
import { once } from 'node:events'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  exportKeyPair,
  generateKeyPair,
  importKeyPair,
  issue,
  issueJwt,
  MicrocredError,
  verify,
  type MicroCredential,
} from '../../../src/index.js'
import {
  issueMany,
  openIssuingPool,
  type IssueManyResult,
  type IssueManyTextResult,
} from '../../../src/entries/batch.js'
import { spawnFixture } from '../../helpers/child.js'
import { euCredential } from '../../helpers/credentials.js'

const created = '2025-09-01T00:00:00Z'

describe('issueMany()', async () => {
  const keyPair = await generateKeyPair()
  const credentials: MicroCredential[] = Array.from({ length: 6 }, (_, i) =>
    euCredential(keyPair, { id: `urn:uuid:4e5f6a7b-0000-4000-8000-00000000000${i}` }),
  )

  it('signs every credential in order, byte-identical to issue() one by one, on the calling thread and on workers', async () => {
    const expected = await Promise.all(credentials.map((credential) => issue(credential, { keyPair, created })))
    for (const options of [{}, { workers: 2, callingThread: false }, { workers: 1 }]) {
      const results = await issueMany(credentials, { keyPair, created, ...options })
      expect(
        results.map((r) => r.ok),
        JSON.stringify(options),
      ).toEqual(credentials.map(() => true))
      expect(
        results.map((r) => JSON.stringify(r.ok && r.credential)),
        JSON.stringify(options),
      ).toEqual(expected.map((one) => JSON.stringify(one)))
    }
    const [first] = await issueMany(credentials.slice(0, 1), { keyPair, created, workers: 1, callingThread: false })
    expect(first!.ok && (await verify(first!.credential, { now: new Date('2026-01-01T00:00:00Z') })).verified).toBe(
      true,
    )
  })

  it('gives a bad credential its own error (code and path) and signs the rest', async () => {
    const other = await generateKeyPair()
    const undefinedTerm = { ...credentials[1]!, favouriteColour: 'blue' } as MicroCredential
    const results = await issueMany([credentials[0]!, undefinedTerm, euCredential(other)], {
      keyPair,
      created,
      workers: 2,
      callingThread: false,
    })
    expect(results[0]!.ok).toBe(true)
    const [, second, third] = results
    expect(!second!.ok && second!.error).toBeInstanceOf(MicrocredError)
    expect(!second!.ok && [second!.error.code, second!.error.path]).toEqual([
      'ERR_JSONLD_UNDEFINED_TERM',
      'favouriteColour',
    ])
    expect(!third!.ok && third!.error.code).toBe('ERR_ISSUER_KEY_MISMATCH')
  })

  it("with output text, gives each credential's JSON text (byte for byte issue()'s, written out), errors and VC-JWTs as with objects", async () => {
    const undefinedTerm = { ...credentials[1]!, favouriteColour: 'blue' } as MicroCredential
    const list = [credentials[0]!, undefinedTerm, ...credentials.slice(2)]
    const expected = await Promise.all(
      list.map((credential) =>
        issue(credential, { keyPair, created }).then(
          (signed) => JSON.stringify(signed),
          (error: unknown) => (error as MicrocredError).code,
        ),
      ),
    )
    expect(expected[1]).toBe('ERR_JSONLD_UNDEFINED_TERM')
    for (const options of [{ workers: 1 }, { workers: 2, callingThread: false }]) {
      const results = await issueMany(list, { keyPair, created, output: 'text', ...options })
      expect(
        results.map((r) => (r.ok ? r.text : r.error.code)),
        JSON.stringify(options),
      ).toEqual(expected)
    }
    const tokens = await issueMany(credentials.slice(0, 2), {
      keyPair,
      proof: 'vc-jwt',
      output: 'text',
      workers: 1,
      callingThread: false,
    })
    expect(tokens).toEqual(
      await Promise.all(
        credentials
          .slice(0, 2)
          .map(async (credential) => ({ ok: true, text: await issueJwt(credential, { keyPair }) })),
      ),
    )
    // The result type follows `output` (checked by the type checker; the calls are never made).
    expectTypeOf(() => issueMany(list, { keyPair, output: 'text' })).returns.resolves.toEqualTypeOf<
      IssueManyTextResult[]
    >()
    expectTypeOf(() => issueMany(list, { keyPair })).returns.resolves.toEqualTypeOf<
      IssueManyResult<MicroCredential>[]
    >()
    expectTypeOf(() => issueMany(list, { keyPair, output: 'objects' })).returns.resolves.toEqualTypeOf<
      IssueManyResult<MicroCredential>[]
    >()
    const chosen: 'objects' | 'text' = list.length > 0 ? 'text' : 'objects'
    expectTypeOf(() => issueMany(list, { keyPair, output: chosen })).returns.resolves.toEqualTypeOf<
      IssueManyResult<MicroCredential>[] | IssueManyTextResult[]
    >()
  })

  it("issues VC-JWTs with proof 'vc-jwt'", async () => {
    const results = await issueMany(credentials.slice(0, 2), {
      keyPair,
      proof: 'vc-jwt',
      workers: 1,
      callingThread: false,
    })
    for (const result of results) {
      expect(result.ok && typeof result.credential).toBe('string')
      if (result.ok)
        expect((await verify(result.credential, { now: new Date('2026-01-01T00:00:00Z') })).verified).toBe(true)
    }
  })

  it('refuses bad options as programming mistakes, and returns [] for no credentials', async () => {
    expect(await issueMany([], { keyPair })).toEqual([])
    await expect(issueMany(credentials, { keyPair: {} as never })).rejects.toThrow(TypeError)
    await expect(issueMany(credentials, { keyPair, proof: 'rsa' as never })).rejects.toThrow(TypeError)
    await expect(issueMany(credentials, { keyPair, created: 'yesterday' })).rejects.toThrow(TypeError)
    await expect(issueMany(credentials, { keyPair, created: '2025-09-01' })).rejects.toThrow(TypeError)
    await expect(issueMany(credentials, { keyPair, workers: 1.5 })).rejects.toThrow(TypeError)
    await expect(issueMany(credentials, { keyPair, workers: 0 })).rejects.toThrow(
      'options.workers must be a whole number of at least 1, not 0',
    )
    await expect(issueMany(credentials, { keyPair, callingThread: 'no' as never })).rejects.toThrow(
      'options.callingThread must be a boolean',
    )
    await expect(issueMany(credentials, { keyPair, output: 'json' as never })).rejects.toThrow(
      `issueMany(credentials, options): options.output must be 'objects' or 'text', not "json"`,
    )
    await expect(issueMany(credentials, { keyPair, output: 10n as never })).rejects.toThrow(
      `options.output must be 'objects' or 'text', not 10`,
    )
    await expect(issueMany(credentials, { keyPair, output: Object.create(null) as never })).rejects.toThrow(
      `options.output must be 'objects' or 'text', not an object`,
    )
    await expect(issueMany([null as never], { keyPair })).rejects.toThrow(TypeError)
  })
})

describe('openIssuingPool()', async () => {
  const keyPair = await generateKeyPair()
  const credentials: MicroCredential[] = Array.from({ length: 4 }, (_, i) =>
    euCredential(keyPair, { id: `urn:uuid:4e5f6a7b-0000-4000-8000-00000000020${i}` }),
  )

  it('signs list after list on workers started once, each list as issue() would with its own created', async () => {
    const pool = openIssuingPool({ keyPair, workers: 1, callingThread: false })
    try {
      for (const [i, when] of ['2025-09-01T00:00:00Z', '2025-09-02T00:00:00Z'].entries()) {
        const results = await pool.issueMany(credentials, { created: when })
        const expected = await Promise.all(
          credentials.map((credential) => issue(credential, { keyPair, created: when })),
        )
        expect(results.map((r) => JSON.stringify(r.ok && r.credential))).toEqual(
          expected.map((one) => JSON.stringify(one)),
        )
        expect(pool.signed).toEqual({ callingThread: 0, workers: credentials.length * (i + 1), workersStarted: true })
      }
      // The same pool gives JSON text when asked, list by list.
      const texts = await pool.issueMany(credentials, { created, output: 'text' })
      const expected = await Promise.all(credentials.map((credential) => issue(credential, { keyPair, created })))
      expect(texts).toEqual(expected.map((one) => ({ ok: true, text: JSON.stringify(one) })))
      expectTypeOf(texts).toEqualTypeOf<IssueManyTextResult[]>()
      // created defaults to the time of the call, the same for the whole list.
      const before = Date.now()
      const results = await pool.issueMany(credentials.slice(0, 2))
      const times = results.map((r) =>
        r.ok && typeof r.credential !== 'string'
          ? Date.parse((r.credential.proof as { created: string }[])[0]!.created)
          : Number.NaN,
      )
      expect(new Set(times).size).toBe(1)
      expect(times[0]).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
      expect(times[0]).toBeLessThanOrEqual(Date.now())
    } finally {
      await pool.close()
    }
  })

  it("signs VC-JWTs with proof 'vc-jwt', and on the calling thread alone with workers 1", async () => {
    const jwt = openIssuingPool({ keyPair, proof: 'vc-jwt', workers: 1 })
    try {
      expect(await jwt.issueMany(credentials.slice(0, 1))).toEqual([
        { ok: true, credential: await issueJwt(credentials[0]!, { keyPair }) },
      ])
      expect(jwt.signed).toEqual({ callingThread: 1, workers: 0, workersStarted: false })
    } finally {
      await jwt.close()
    }
  })

  it('refuses bad options and bad lists as programming mistakes, and any call once closed', async () => {
    expect(() => openIssuingPool(undefined as never)).toThrow(
      'openIssuingPool(options): options with a keyPair are required',
    )
    expect(() => openIssuingPool({ keyPair: {} as never })).toThrow(TypeError)
    const publicOnly = await importKeyPair(exportKeyPair(keyPair, { format: 'jwk' }))
    expect(() => openIssuingPool({ keyPair: publicOnly })).toThrow(
      'openIssuingPool(options): options.keyPair holds no secret key',
    )
    expect(() => openIssuingPool({ keyPair, proof: 'rsa' as never })).toThrow(
      `openIssuingPool(options): options.proof must be 'eddsa-rdfc-2022', 'Ed25519Signature2020', 'vc-jwt', not "rsa"`,
    )
    expect(() => openIssuingPool({ keyPair, workers: 0 })).toThrow(
      'options.workers must be a whole number of at least 1, not 0',
    )
    expect(() => openIssuingPool({ keyPair, callingThread: 1 as never })).toThrow(
      'options.callingThread must be a boolean',
    )
    const pool = openIssuingPool({ keyPair, workers: 1 })
    await expect(pool.issueMany('credentials' as never)).rejects.toThrow(
      'pool.issueMany(credentials, options): credentials must be an array',
    )
    await expect(pool.issueMany([null as never])).rejects.toThrow('credentials[0] must be an object')
    await expect(pool.issueMany(credentials, { created: 'yesterday' })).rejects.toThrow(TypeError)
    await expect(pool.issueMany(credentials, { output: null } as never)).rejects.toThrow(
      `pool.issueMany(credentials, options): options.output must be 'objects' or 'text', not null`,
    )
    // The pool's key, proof and threads are fixed: passing them per call would be silently ignored.
    await expect(pool.issueMany(credentials, { keyPair } as never)).rejects.toThrow(
      'pool.issueMany(credentials, options): unknown option "keyPair"',
    )
    await expect(pool.issueMany(credentials, { proof: 'vc-jwt' } as never)).rejects.toThrow('unknown option "proof"')
    await expect(pool.issueMany(credentials, { format: 'jwt' } as never)).rejects.toThrow(
      'options.format was replaced by options.proof',
    )
    expect(await pool.issueMany([])).toEqual([])
    await pool.close()
    await expect(pool.issueMany(credentials)).rejects.toMatchObject({
      code: 'ERR_POOL_CLOSED',
      message: 'the signing pool was closed',
    })
  })

  it('starts its workers as it opens, and they share the first list with the calling thread', async () => {
    const pool = openIssuingPool({ keyPair, workers: 2 })
    try {
      expect(pool.signed).toEqual({ callingThread: 0, workers: 0, workersStarted: true })
      const results = await pool.issueMany(credentials, { created })
      expect(results.every((result) => result.ok)).toBe(true)
      expect(pool.signed.callingThread + pool.signed.workers).toBe(credentials.length)
    } finally {
      await pool.close()
    }
  })

  it('keeps the process alive while it signs, and lets it end once idle, even never closed', async () => {
    const child = spawnFixture('test/fixtures/many/pool-left-open.ts', [])
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const timer = setTimeout(() => child.kill(), 60_000)
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null]
    clearTimeout(timer)
    expect(signal, 'the script did not end by itself: an idle pool kept it alive').toBeNull()
    expect(code).toBe(0)
    expect(JSON.parse(out.trim())).toEqual({ signed: 1, byWorkers: 1 })
  }, 90_000)
})
