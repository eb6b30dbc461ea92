/**
 * SigningPool (internal; issueMany() and the batch issuer use it): worker threads and the calling thread sign from
 * one queue; several calls at once, each with its own `created`, answered in order with what issue() returns (as
 * JSON text: the same members in the same order); errors cross back with code, path and issues; the calling
 * thread starts the workers only for work that pays for them; closing rejects what is not answered yet.
 */
import { once } from 'node:events'
import type { Worker } from 'node:worker_threads'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, it, vi } from 'vitest'
import { generateKeyPair, issue, issueJwt, MicrocredError, type MicroCredential } from '../../../src/index.js'
import { SigningPool } from '../../../src/many/pool.js'
import { euCredential } from '../../helpers/credentials.js'

const asText = (value: unknown): string => JSON.stringify(value)

describe('SigningPool', async () => {
  const keyPair = await generateKeyPair()
  const credentials: MicroCredential[] = Array.from({ length: 6 }, (_, i) =>
    euCredential(keyPair, { id: `urn:uuid:4e5f6a7b-0000-4000-8000-00000000010${i}` }),
  )

  it('on workers: answers calls made at once, each in order and with its own created, exactly as issue() would', async () => {
    const pool = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 2, callingThread: false })
    try {
      const [first, second] = await Promise.all([
        pool.sign(credentials.slice(0, 3), '2025-09-01T00:00:00Z'),
        pool.sign(credentials.slice(3), '2025-09-02T00:00:00Z'),
      ])
      const expected = await Promise.all(
        credentials.map((credential, i) =>
          issue(credential, { keyPair, created: i < 3 ? '2025-09-01T00:00:00Z' : '2025-09-02T00:00:00Z' }),
        ),
      )
      expect([...first, ...second]).toEqual(expected.map((credential) => ({ ok: true, credential })))
      expect([...first, ...second].map((result) => asText(result.ok && result.credential))).toEqual(
        expected.map(asText),
      )
      // Still usable after those calls.
      expect(await pool.sign([credentials[0]!], '2025-09-03T00:00:00Z')).toEqual([
        { ok: true, credential: await issue(credentials[0]!, { keyPair, created: '2025-09-03T00:00:00Z' }) },
      ])
      expect(pool.signed).toEqual({ callingThread: 0, workers: 7, workersStarted: true })
    } finally {
      await pool.close()
    }
  })

  it('on workers: Ed25519Signature2020 adds its context, VC-JWTs come back as text, as issue() and issueJwt() make them', async () => {
    const ed2020 = SigningPool.open({
      keyPair,
      signing: { proof: 'Ed25519Signature2020' },
      workers: 1,
      callingThread: false,
    })
    const jwt = SigningPool.open({ keyPair, signing: { proof: 'vc-jwt' }, workers: 1, callingThread: false })
    try {
      const [legacy] = await ed2020.sign([credentials[0]!], '2025-09-01T00:00:00Z')
      const expected = await issue(credentials[0]!, {
        keyPair,
        proof: 'Ed25519Signature2020',
        created: '2025-09-01T00:00:00Z',
      })
      expect(asText(legacy!.ok && legacy!.credential)).toBe(asText(expected))
      expect(expected['@context']).not.toEqual(credentials[0]!['@context'])
      const [token] = await jwt.sign([credentials[1]!], undefined)
      expect(token).toEqual({ ok: true, credential: await issueJwt(credentials[1]!, { keyPair }) })
    } finally {
      await Promise.all([ed2020.close(), jwt.close()])
    }
  })

  it('on workers: a credential that cannot be signed gets its MicrocredError (code, path, issues), the others are signed', async () => {
    const pool = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 1, callingThread: false })
    try {
      const undefinedTerm = { ...credentials[1]!, favouriteColour: 'blue' } as MicroCredential
      const [good, bad] = await pool.sign([credentials[0]!, undefinedTerm], '2025-09-01T00:00:00Z')
      expect(good!.ok).toBe(true)
      const expected = await issue(undefinedTerm, { keyPair, created: '2025-09-01T00:00:00Z' }).then(
        () => expect.unreachable('issue() accepted it'),
        (error: unknown) => error as MicrocredError,
      )
      expect(!bad!.ok && bad!.error).toBeInstanceOf(MicrocredError)
      expect(
        !bad!.ok && {
          code: bad!.error.code,
          path: bad!.error.path,
          message: bad!.error.message,
          issues: bad!.error.issues,
        },
      ).toEqual({
        code: expected.code,
        path: expected.path,
        message: expected.message,
        issues: expected.issues,
      })
      expect(expected.code).toBe('ERR_JSONLD_UNDEFINED_TERM')
    } finally {
      await pool.close()
    }
  })

  it('on workers: a credential JSON cannot carry (a cycle) gets the error issue() gives it, the others are signed', async () => {
    const pool = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 1, callingThread: false })
    try {
      const cyclic = { ...credentials[1]! } as MicroCredential & { self?: unknown }
      cyclic.self = cyclic
      const results = await pool.sign([credentials[0]!, cyclic, credentials[2]!], '2025-09-01T00:00:00Z')
      const expected = await issue(cyclic, { keyPair, created: '2025-09-01T00:00:00Z' }).then(
        () => expect.unreachable('issue() accepted it'),
        (error: unknown) => error,
      )
      expect(results.map((result) => result.ok)).toEqual([true, false, true])
      expect(!results[1]!.ok && [results[1]!.error.code, results[1]!.error.message]).toEqual([
        'ERR_INVALID_INPUT',
        (expected as Error).message,
      ])
    } finally {
      await pool.close()
    }
  })

  it('on workers: a credential JSON would change (a Date, a URL) gets exactly what issue() gives the object itself', async () => {
    const pool = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 1, callingThread: false })
    try {
      const withDate = { ...credentials[1]!, validFrom: new Date('2025-09-01T00:00:00Z') } as unknown as MicroCredential
      const withUrl = {
        ...credentials[2]!,
        id: new URL('https://example.org/credentials/1'),
      } as unknown as MicroCredential
      const results = await pool.sign([credentials[0]!, withDate, withUrl], '2025-09-01T00:00:00Z')
      const outcome = async (credential: MicroCredential): Promise<unknown> =>
        issue(credential, { keyPair, created: '2025-09-01T00:00:00Z' }).then(
          (signed) => ({ ok: true, text: asText(signed) }),
          (error: unknown) => ({
            ok: false,
            code: (error as MicrocredError).code,
            path: (error as MicrocredError).path,
          }),
        )
      const asOutcome = (result: (typeof results)[number]): unknown =>
        result.ok
          ? { ok: true, text: asText(result.credential) }
          : { ok: false, code: result.error.code, path: result.error.path }
      expect(results.map(asOutcome)).toEqual([
        await outcome(credentials[0]!),
        await outcome(withDate),
        await outcome(withUrl),
      ])
      expect(results.map((result) => result.ok)).toEqual([true, false, false])
    } finally {
      await pool.close()
    }
  })

  it('on workers: a credential the caller changes after it was sent comes back as it was signed, sharing nothing with it', async () => {
    const pool = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 1, callingThread: false })
    try {
      // Once the worker has answered, it is ready: the next call's chunk is sent within sign() itself.
      await pool.sign([credentials[0]!], '2025-09-01T00:00:00Z')
      const original = structuredClone(credentials[2]!)
      const changing = structuredClone(credentials[2]!)
      const pending = pool.sign([changing], '2025-09-01T00:00:00Z')
      changing.credentialSubject.achievement.name = 'Changed after sending'
      const [result] = await pending
      expect(asText(result!.ok && result!.credential)).toBe(
        asText(await issue(original, { keyPair, created: '2025-09-01T00:00:00Z' })),
      )
      const signed = result!.ok ? (result!.credential as MicroCredential) : expect.unreachable('not signed')
      expect(signed.credentialSubject).not.toBe(changing.credentialSubject)
      expect(signed.credentialSubject.achievement).not.toBe(changing.credentialSubject.achievement)
    } finally {
      await pool.close()
    }
  })

  it('signs the list as it was given: the caller shortening its array meanwhile changes nothing', async () => {
    const pool = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 0, callingThread: true })
    try {
      const list = [...credentials]
      const pending = pool.sign(list, '2025-09-01T00:00:00Z')
      list.length = 2
      const results = await pending
      expect(results).toHaveLength(credentials.length)
      expect(results.every((result) => result.ok)).toBe(true)
      expect(await pool.sign([credentials[0]!], '2025-09-01T00:00:00Z')).toHaveLength(1)
    } finally {
      await pool.close()
    }
  })

  it('with the calling thread: a short list is signed there, and no worker is started', async () => {
    const pool = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 1, callingThread: true })
    try {
      const results = await pool.sign(credentials, '2025-09-01T00:00:00Z')
      const expected = await Promise.all(
        credentials.map((credential) => issue(credential, { keyPair, created: '2025-09-01T00:00:00Z' })),
      )
      expect(results.map((result) => asText(result.ok && result.credential))).toEqual(expected.map(asText))
      expect(pool.signed).toEqual({ callingThread: 6, workers: 0, workersStarted: false })
    } finally {
      await pool.close()
    }
  })

  it('with the calling thread: once the list is judged long enough the workers start, both sign, every credential as issue() would', async () => {
    // Decided by events, not by the machine's speed: the workers start once the calling thread has judged its pace
    // (workersPayFromMs 0: any work left pays for them), and from then on the calling thread waits before each of its
    // slices until a worker has answered a chunk. Both have then signed, whatever the worker's start took.
    const many = Array.from({ length: 600 }, (_, i) => ({
      ...credentials[i % credentials.length]!,
      id: `urn:uuid:4e5f6a7b-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }))
    let workerAnswered!: () => void
    const answered = new Promise<void>((resolve) => {
      workerAnswered = resolve
    })
    const pool: SigningPool = SigningPool.open({
      keyPair,
      signing: { proof: 'eddsa-rdfc-2022' },
      workers: 1,
      callingThread: true,
      testHooks: {
        workersPayFromMs: 0,
        beforeSlice: () => (pool.signed.workersStarted ? answered : undefined),
        workerAnswered,
      },
    })
    try {
      const results = await pool.sign(many, '2025-09-01T00:00:00Z')
      expect(results.every((result) => result.ok)).toBe(true)
      const { callingThread, workers, workersStarted } = pool.signed
      expect(workersStarted).toBe(true)
      expect(callingThread + workers).toBe(many.length)
      expect(workers).toBeGreaterThan(0)
      expect(callingThread).toBeGreaterThan(0)
      const expected = await Promise.all(
        many.map((credential) => issue(credential, { keyPair, created: '2025-09-01T00:00:00Z' })),
      )
      expect(results.map((result) => asText(result.ok && result.credential))).toEqual(expected.map(asText))
    } finally {
      await pool.close()
    }
  }, 60_000)

  it('closing rejects the calls not answered yet, and any later call', async () => {
    const pool = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 1, callingThread: false })
    const pending = expect(pool.sign(credentials, '2025-09-01T00:00:00Z')).rejects.toMatchObject({
      code: 'ERR_POOL_CLOSED',
      message: 'the signing pool was closed',
    })
    await pool.close()
    await pending
    await expect(pool.sign(credentials, '2025-09-01T00:00:00Z')).rejects.toMatchObject({ code: 'ERR_POOL_CLOSED' })
  })

  it('closing stops the calling thread too: a long call rejects, and what it had signed is dropped', async () => {
    const many = Array.from({ length: 2_000 }, (_, i) => ({
      ...credentials[0]!,
      id: `urn:uuid:4e5f6a7b-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }))
    const pool = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 0, callingThread: true })
    const pending = pool.sign(many, '2025-09-01T00:00:00Z')
    // Closed once signing is under way (seen, not assumed after a pause).
    await vi.waitFor(
      () => {
        expect(pool.signed.callingThread).toBeGreaterThan(0)
      },
      { timeout: 60_000, interval: 1 },
    )
    await pool.close()
    await expect(pending).rejects.toMatchObject({ code: 'ERR_POOL_CLOSED' })
    const signedWhenClosed = pool.signed.callingThread
    expect(signedWhenClosed).toBeLessThan(many.length)
    // The calling thread signs a few credentials per turn of the event loop: turns go by, and none is signed.
    for (let turn = 0; turn < 20; turn++) await nextTurn()
    expect(pool.signed.callingThread).toBe(signedWhenClosed)
  })

  it('a worker that dies breaks the pool: the call under way rejects with why, the other workers stop, later calls reject', async () => {
    const pool = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 2, callingThread: false })
    const workers = (pool as unknown as { workers: { worker: Worker }[] }).workers.map((state) => state.worker)
    try {
      await pool.sign(credentials.slice(0, 2), '2025-09-01T00:00:00Z')
      const survivorExit = once(workers[1]!, 'exit')
      const pending = pool.sign(credentials, '2025-09-01T00:00:00Z')
      await workers[0]!.terminate()
      await expect(pending).rejects.toMatchObject({
        code: 'ERR_INTERNAL',
        message: expect.stringMatching(/a signing worker stopped \(exit code \d+\)/),
      })
      // The survivor is stopped by the pool itself, not by close(): it holds the key and would keep the process alive.
      await survivorExit
      await expect(pool.sign(credentials.slice(0, 1), '2025-09-01T00:00:00Z')).rejects.toThrow(
        'a signing worker stopped',
      )
    } finally {
      await pool.close()
    }
  })

  it("as text, on workers: each credential's JSON text, byte for byte what issue() returns written out, in every format", async () => {
    const created = '2025-09-01T00:00:00Z'
    const eddsa = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 1, callingThread: false })
    const ed2020 = SigningPool.open({
      keyPair,
      signing: { proof: 'Ed25519Signature2020' },
      workers: 1,
      callingThread: false,
    })
    const jwt = SigningPool.open({ keyPair, signing: { proof: 'vc-jwt' }, workers: 1, callingThread: false })
    try {
      // A credential signed again has a `proof` already: signing changes a member it had, not only adds one.
      const signedOnce = await issue(credentials[3]!, { keyPair, created: '2025-08-01T00:00:00Z' })
      const undefinedTerm = { ...credentials[4]!, favouriteColour: 'blue' } as MicroCredential
      const list = [credentials[0]!, signedOnce, undefinedTerm, credentials[1]!]
      // Calls for objects and for text at once: each gets what it asked for.
      const [texts, objects] = await Promise.all([eddsa.signToText(list, created), eddsa.sign(list, created)])
      const expected = await Promise.all(
        list.map((credential) =>
          issue(credential, { keyPair, created }).then(asText, (error: unknown) => (error as MicrocredError).code),
        ),
      )
      expect(texts.map((result) => (result.ok ? result.text : result.error.code))).toEqual(expected)
      expect(objects.map((result) => (result.ok ? asText(result.credential) : result.error.code))).toEqual(expected)
      expect(expected[2]).toBe('ERR_JSONLD_UNDEFINED_TERM')

      const [legacy] = await ed2020.signToText([credentials[0]!], created)
      expect(legacy).toEqual({
        ok: true,
        text: asText(await issue(credentials[0]!, { keyPair, proof: 'Ed25519Signature2020', created })),
      })
      const [token] = await jwt.signToText([credentials[1]!], undefined)
      expect(token).toEqual({ ok: true, text: await issueJwt(credentials[1]!, { keyPair }) })
      expect([eddsa.signed.workers, ed2020.signed.workers, jwt.signed.workers]).toEqual([8, 1, 1])
    } finally {
      await Promise.all([eddsa.close(), ed2020.close(), jwt.close()])
    }
  })

  it('as text, on the calling thread: what it signs itself, and what a worker could not be sent, written out as issue() returns it', async () => {
    const created = '2025-09-01T00:00:00Z'
    const here = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 0, callingThread: true })
    const jwtHere = SigningPool.open({ keyPair, signing: { proof: 'vc-jwt' }, workers: 0, callingThread: true })
    const workers = SigningPool.open({
      keyPair,
      signing: { proof: 'eddsa-rdfc-2022' },
      workers: 1,
      callingThread: false,
    })
    try {
      const results = await here.signToText(credentials, created)
      const expected = await Promise.all(credentials.map((credential) => issue(credential, { keyPair, created })))
      expect(results).toEqual(expected.map((signed) => ({ ok: true, text: asText(signed) })))
      expect(here.signed).toEqual({ callingThread: credentials.length, workers: 0, workersStarted: false })
      expect(await jwtHere.signToText(credentials.slice(0, 1), undefined)).toEqual([
        { ok: true, text: await issueJwt(credentials[0]!, { keyPair }) },
      ])

      // A member set to undefined: JSON text drops it, so the pool keeps the credential to sign it as it is.
      const withUndefined = { ...credentials[1]!, description: undefined } as unknown as MicroCredential
      const [sent, kept] = await workers.signToText([credentials[0]!, withUndefined], created)
      expect(sent).toEqual({ ok: true, text: asText(expected[0]) })
      expect(kept).toEqual({ ok: true, text: asText(await issue(withUndefined, { keyPair, created })) })
      expect(workers.signed).toEqual({ callingThread: 1, workers: 1, workersStarted: true })
    } finally {
      await Promise.all([here.close(), jwtHere.close(), workers.close()])
    }
  })

  it('an answer that does not fit its chunk breaks the pool rather than being guessed at', async () => {
    const pool = SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 1, callingThread: false })
    const [state] = (pool as unknown as { workers: { worker: Worker; inFlight: Map<number, unknown> }[] }).workers
    try {
      await pool.sign([credentials[0]!], '2025-09-01T00:00:00Z')
      const pending = pool.signToText(credentials.slice(0, 1), '2025-09-01T00:00:00Z')
      const [id] = [...state!.inFlight.keys()]
      // An answer for objects (`members`) to a chunk sent for text, as a worker out of step with its pool would give.
      state!.worker.emit('message', { id, outcomes: JSON.stringify([{ members: { proof: {} } }]), ms: 1 })
      await expect(pending).rejects.toThrow('a signing worker answered ["members"] to a chunk for output text')
      await expect(pool.sign(credentials.slice(0, 1), '2025-09-01T00:00:00Z')).rejects.toThrow(
        'a signing worker answered',
      )
    } finally {
      await pool.close()
    }
  })

  it('refuses a pool with no thread to sign on', () => {
    expect(() =>
      SigningPool.open({ keyPair, signing: { proof: 'eddsa-rdfc-2022' }, workers: 0, callingThread: false }),
    ).toThrow(TypeError)
  })
})
