/**
 * Cost is bounded before work is done: arrays that JSON-LD processing, proof checking or fetching multiplies are
 * capped when the input is read; one budget of fetches and of time covers a verification and everything verified
 * through it; proofs from the future fail. Each bound has its code and path. (No timing here: the time budget is
 * tested at 0 ms, which is spent before any step, whatever the machine's speed.)
 */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  generateKeyPair,
  issue,
  issueJwt,
  MAX_ARRAY_ENTRIES,
  verify,
  type Ed25519KeyPair,
  type VerificationReport,
  createPresentation,
  signPresentation,
  verifyPresentation,
} from '../../../src/index.js'
import { copy, euCredential, signedEuCredential } from '../../helpers/credentials.js'

const now = new Date('2026-01-01T00:00:00Z')
const failedAt = (report: { checks: { id: string; status: string }[] }) =>
  report.checks.filter((c) => c.status === 'failed').map((c) => c.id)
const codes = (report: VerificationReport) => report.issues.map((issue) => issue.code)

let signed: any
let keyPair: Ed25519KeyPair
beforeAll(async () => {
  ;({ signed, keyPair } = await signedEuCredential())
})

describe('array caps, checked when the input is read', () => {
  it.each([
    [
      'type',
      (c: any) => {
        c.credentialSubject.achievement.type = Array(60_000).fill('Achievement')
      },
      'credentialSubject.achievement.type',
      'type',
    ],
    [
      '@type',
      (c: any) => {
        c.credentialSubject['@type'] = Array(MAX_ARRAY_ENTRIES.type + 1).fill('AchievementSubject')
      },
      'credentialSubject.@type',
      'type',
    ],
    [
      'proof',
      (c: any) => {
        c.proof = Array(MAX_ARRAY_ENTRIES.proof + 1).fill(c.proof[0])
      },
      'proof',
      'proof',
    ],
    [
      'credentialStatus',
      (c: any) => {
        c.credentialStatus = Array(MAX_ARRAY_ENTRIES.credentialStatus + 1).fill({ type: 'BitstringStatusListEntry' })
      },
      'credentialStatus',
      'credentialStatus',
    ],
    [
      'result',
      (c: any) => {
        c.credentialSubject.result = Array(MAX_ARRAY_ENTRIES.result + 1).fill({ type: ['Result'] })
      },
      'credentialSubject.result',
      'result',
    ],
    [
      'resultDescription',
      (c: any) => {
        c.credentialSubject.achievement.resultDescription = Array(MAX_ARRAY_ENTRIES.result + 1).fill({})
      },
      'credentialSubject.achievement.resultDescription',
      'result',
    ],
    [
      'endorsement and endorsementJwt together',
      (c: any) => {
        c.endorsement = Array(30).fill({})
        c.endorsementJwt = Array(MAX_ARRAY_ENTRIES.endorsement - 29).fill('a.b.c')
      },
      'endorsement',
      'endorsement',
    ],
    [
      'verifiableCredential',
      (c: any) => {
        c.credentialSubject.verifiableCredential = Array(MAX_ARRAY_ENTRIES.verifiableCredential + 1).fill({})
      },
      'credentialSubject.verifiableCredential',
      'verifiableCredential',
    ],
  ])(
    '%s over its cap fails the syntax check at its path, before any other check runs',
    async (_name, mutate, path, cap) => {
      const hostile = copy(signed)
      mutate(hostile)
      const report = await verify(hostile, { now })
      expect(report.verified).toBe(false)
      expect(failedAt(report)).toEqual(['syntax'])
      expect(report.issues).toEqual([
        expect.objectContaining({
          check: 'syntax',
          code: 'ERR_INPUT_TOO_LARGE',
          path,
          message: expect.stringContaining(`MAX_ARRAY_ENTRIES.${cap}`),
        }),
      ])
      expect(report.checks.filter((c) => c.id !== 'syntax').every((c) => c.status === 'skipped')).toBe(true)
    },
  )

  it('arrays at their cap are read (the caps refuse only what is over them)', async () => {
    const atCap = copy(signed)
    atCap.credentialSubject.achievement.type = [...Array(MAX_ARRAY_ENTRIES.type - 1).fill('Achievement'), 'Achievement']
    const report = await verify(atCap, { now })
    expect(report.checks.find((c) => c.id === 'syntax')?.status).toBe('passed')
    // The signed type list changed, so the proof fails: the input was processed, not refused.
    expect(codes(report)).toContain('ERR_PROOF_INVALID')
  })

  it('a VC-JWT given as UTF-8 bytes (a file read, trailing newline) is read as a JWT, within the size cap', async () => {
    const jwt = await issueJwt(euCredential(keyPair), { keyPair })
    const report = await verify(new TextEncoder().encode(`${jwt}\n`), { now })
    expect(report.format).toBe('jwt')
    expect(report.verified).toBe(true)
    const tooBig = await verify(new TextEncoder().encode(`${jwt}\n`), { now, maxBytes: 100 })
    expect(tooBig.issues).toEqual([
      expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE', message: expect.stringContaining('options.maxBytes') }),
    ])
  })

  it('a JWT payload and JSON text are held to the same caps', async () => {
    const hostile = copy(signed)
    hostile.type = Array(MAX_ARRAY_ENTRIES.type + 1).fill('VerifiableCredential')
    const fromText = await verify(JSON.stringify(hostile), { now })
    expect(fromText.issues).toEqual([expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE', path: 'type' })])
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const { proof: _proof, ...unsigned } = hostile
    const jwt = `${b64({ alg: 'EdDSA', typ: 'JWT', kid: `${signed.issuer.id}#key` })}.${b64({ ...unsigned, iss: signed.issuer.id })}.${'A'.repeat(86)}`
    const fromJwt = await verify(jwt, { now })
    expect(fromJwt.format).toBe('jwt')
    expect(fromJwt.issues).toEqual([expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE', path: 'type' })])
  })
})

describe('the budget of one verification', () => {
  it('maxWorkMs: 0 is spent before the first check: every check after syntax fails with ERR_BUDGET_EXCEEDED', async () => {
    const report = await verify(signed, { now, maxWorkMs: 0 })
    expect(report.verified).toBe(false)
    expect(report.checks.find((c) => c.id === 'syntax')?.status).toBe('passed')
    expect(failedAt(report)).toEqual(report.checks.filter((c) => c.id !== 'syntax').map((c) => c.id))
    expect(new Set(codes(report))).toEqual(new Set(['ERR_BUDGET_EXCEEDED']))
    expect(report.issues[0]!.message).toContain('options.maxWorkMs')
  })

  it('the same credential verifies with the default budget', async () => {
    expect((await verify(signed, { now })).verified).toBe(true)
  })

  it('maxFetches: 0 lets nothing be fetched: a did:web key is not resolved (ERR_BUDGET_EXCEEDED), and the fetch is never called', async () => {
    const web = await generateKeyPair({ controller: 'did:web:issuer.example' })
    const credential = await issue(euCredential(web), { keyPair: web })
    let calls = 0
    const fetch = async () => {
      calls++
      return new Response('{}', { status: 404 })
    }
    const report = await verify(credential, { now, fetch, maxFetches: 0 })
    expect(calls).toBe(0)
    expect(report.verified).toBe(false)
    // The key itself is in its id (a multikey fragment); binding it to the issuer needs the DID document.
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        check: 'issuer-binding',
        code: 'ERR_BUDGET_EXCEEDED',
        message: expect.stringContaining('options.maxFetches'),
      }),
    )
  })

  it('a fetch that outlives the time budget is cut off, whatever timeout it has of its own', async () => {
    const web = await generateKeyPair({ controller: 'did:web:slow.example' })
    const credential = await issue(euCredential(web), { keyPair: web })
    // Never answers and ignores its signal: only the budget can end the wait.
    const fetch = () => new Promise<Response>(() => undefined)
    const report = await verify(credential, { now, fetch, maxWorkMs: 50 })
    expect(report.verified).toBe(false)
    expect(codes(report)).toContain('ERR_BUDGET_EXCEEDED')
  })

  it('an aborted signal stops the verification as a spent budget does (ERR_BUDGET_EXCEEDED naming options.signal)', async () => {
    const controller = new AbortController()
    controller.abort()
    const report = await verify(signed, { now, signal: controller.signal })
    expect(report.verified).toBe(false)
    expect(report.issues[0]).toMatchObject({
      code: 'ERR_BUDGET_EXCEEDED',
      message: expect.stringContaining('options.signal'),
    })
    await expect(verify(signed, { signal: 'stop' } as object)).rejects.toThrow(/options\.signal must be an AbortSignal/)
  })

  it.each([
    ['maxFetches', -1],
    ['maxWorkMs', Number.NaN],
    ['maxWorkMs', '100'],
  ])('refuses %s = %s (TypeError)', async (name, value) => {
    await expect(verify(signed, { [name]: value })).rejects.toThrow(
      new RegExp(`options\\.${name} must be a non-negative number`),
    )
  })

  it('a presentation and its credentials share one budget', async () => {
    const holder = keyPair
    const vp = await signPresentation(createPresentation({ credentials: [signed], holder: holder.controller }), {
      keyPair: holder,
      challenge: 'c-1',
    })
    const spent = await verifyPresentation(vp, { challenge: 'c-1', now, maxWorkMs: 0 })
    expect(spent.verified).toBe(false)
    expect(spent.issues).toContainEqual(expect.objectContaining({ check: 'proof', code: 'ERR_BUDGET_EXCEEDED' }))
    expect(spent.credentials[0]!.issues).toEqual([expect.objectContaining({ code: 'ERR_BUDGET_EXCEEDED' })])
    expect((await verifyPresentation(vp, { challenge: 'c-1', now })).verified).toBe(true)
  })

  it('a presentation is held to the size, depth and array caps too', async () => {
    const crowded = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: Array(MAX_ARRAY_ENTRIES.verifiableCredential + 1).fill(signed),
    }
    const report = await verifyPresentation(crowded, { challenge: 'c-1', now, maxBytes: 64 * 1024 * 1024 })
    expect(report.issues).toEqual([
      expect.objectContaining({ check: 'syntax', code: 'ERR_INPUT_TOO_LARGE', path: 'verifiableCredential' }),
    ])
    expect(report.credentials).toEqual([])
    const tooBig = await verifyPresentation(JSON.stringify(crowded), { challenge: 'c-1', now, maxBytes: 64 * 1024 })
    expect(tooBig.issues).toEqual([
      expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE', message: expect.stringContaining('options.maxBytes') }),
    ])
  })
})

describe('proof creation time', () => {
  it('a proof created in the future (beyond the clock skew) fails, judged against the real clock', async () => {
    const future = await issue(euCredential(keyPair), { keyPair, created: '2099-01-01T00:00:00Z' })
    const report = await verify(future, { now })
    expect(report.verified).toBe(false)
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        check: 'proof',
        code: 'ERR_PROOF_INVALID',
        path: 'proof[0]',
        message: expect.stringContaining('from the future'),
      }),
    )
    // A caller's `now` moves the validity window, not the clock a proof is judged by.
    expect((await verify(future, { now: new Date('2100-01-01T00:00:00Z') })).issues).toContainEqual(
      expect.objectContaining({ code: 'ERR_PROOF_INVALID' }),
    )
  })

  it('a proof created within the clock skew ahead verifies', async () => {
    const soon = new Date(Date.now() + 60 * 60 * 1000).toISOString()
    const credential = await issue(euCredential(keyPair), { keyPair, created: soon })
    expect((await verify(credential, { now: new Date() })).issues).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('from the future') }),
    )
    expect((await verify(credential, { clockSkewSeconds: 2 * 60 * 60 })).verified).toBe(true)
  })
})

describe('names that would reach a JavaScript prototype', () => {
  const untouched = Object.getOwnPropertyNames(Object.prototype)
  const prototypeIsClean = () => {
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(untouched)
  }

  it('a member name is refused by the syntax check (ERR_SYNTAX at its path)', async () => {
    const hostile = copy(signed)
    hostile.credentialSubject.achievement.criteria = JSON.parse('{"__proto__": {"polluted": true}}')
    const report = await verify(JSON.stringify(hostile), { now })
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'syntax',
        code: 'ERR_SYNTAX',
        path: 'credentialSubject.achievement.criteria.__proto__',
        message: expect.stringContaining('"__proto__"'),
      }),
    ])
    prototypeIsClean()
  })

  it.each([
    [
      'a node id',
      (c: any) => {
        c.credentialSubject.id = '__proto__'
      },
      'credentialSubject.id',
      '__proto__',
    ],
    [
      'an IRI value',
      (c: any) => {
        c.credentialSubject.achievement.id = 'constructor'
      },
      'credentialSubject.achievement.id',
      'constructor',
    ],
    [
      'a type',
      (c: any) => {
        c.credentialSubject.achievement.type = ['Achievement', 'hasOwnProperty']
      },
      'credentialSubject.achievement.type[1]',
      'hasOwnProperty',
    ],
  ])(
    '%s fails the context check (ERR_JSONLD_INVALID at its path), and Object.prototype stays clean',
    async (_name, mutate, path, name) => {
      const hostile = copy(signed)
      mutate(hostile)
      const report = await verify(JSON.stringify(hostile), { now })
      expect(report.verified).toBe(false)
      expect(report.issues).toContainEqual(
        expect.objectContaining({
          check: 'context',
          code: 'ERR_JSONLD_INVALID',
          path,
          message: expect.stringContaining(`"${name}"`),
        }),
      )
      prototypeIsClean()
      expect((await verify(signed, { now })).verified).toBe(true)
    },
  )

  it.each(['ecdsa-rdfc-2019', 'ecdsa-sd-2023', 'eddsa-2022', 'eddsa-rdfc-2022'])(
    'a %s proof following a proof with id "constructor" never lets it reach jsonld.js',
    async (cryptosuite) => {
      const p256 = await generateKeyPair({ algorithm: 'ES256' })
      const hostile = copy(signed)
      hostile.proof = [
        { type: 'Whatever', id: 'constructor' },
        {
          type: 'DataIntegrityProof',
          cryptosuite,
          previousProof: 'constructor',
          created: '2025-01-01T00:00:00Z',
          verificationMethod: cryptosuite.startsWith('ecdsa') ? p256.id : keyPair.id,
          proofPurpose: 'assertionMethod',
          proofValue: `z${'3'.repeat(86)}`,
        },
      ]
      const report = await verify(hostile, { now })
      expect(report.verified).toBe(false)
      expect(report.proofs[1]).toMatchObject({ status: 'failed' })
      expect(report.issues).toContainEqual(
        expect.objectContaining({
          check: 'proof',
          path: 'proof[1]',
          message: expect.stringContaining('"constructor" (at proof[0].id)'),
        }),
      )
      expect(Object.keys(Object)).toEqual([])
      prototypeIsClean()
    },
  )

  it('the same names as plain text are ordinary literals: a credential saying "constructor" issues and verifies', async () => {
    const unsigned = euCredential(keyPair) as any
    unsigned.credentialSubject.achievement.name = 'constructor'
    unsigned.credentialSubject.achievement.tag = ['toString', '__proto__']
    const issued = await issue(unsigned, { keyPair })
    const report = await verify(issued, { now: new Date() })
    expect(report.issues.filter((issue) => issue.severity !== 'warning')).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('validateCredential() and issue() refuse them where they would be ids (ERR_JSONLD_INVALID), before jsonld.js sees them', async () => {
    const unsigned = euCredential(keyPair) as any
    unsigned.credentialSubject.id = '__proto__'
    await expect(issue(unsigned, { keyPair })).rejects.toMatchObject({
      code: 'ERR_JSONLD_INVALID',
      path: 'credentialSubject.id',
    })
    prototypeIsClean()
  })
})

describe('the empty string as an IRI', () => {
  it('is refused (ERR_JSONLD_RELATIVE_IRI at its path): JSON-LD drops it, so it would go unsigned', async () => {
    const hostile = copy(signed)
    hostile.credentialSubject.achievement.assessmentType = [
      ...[hostile.credentialSubject.achievement.assessmentType ?? []].flat(),
      '',
    ]
    const report = await verify(hostile, { now })
    expect(report.verified).toBe(false)
    const index = hostile.credentialSubject.achievement.assessmentType.length - 1
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        check: 'context',
        code: 'ERR_JSONLD_RELATIVE_IRI',
        path: `credentialSubject.achievement.assessmentType[${index}]`,
      }),
    )
  })
})

describe('values no JSON could be', () => {
  it('a Promise (issue() without await) is named as one, with the fix', async () => {
    const pending = issue(euCredential(keyPair), { keyPair })
    const report = await verify(pending, { now })
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'syntax',
        code: 'ERR_SYNTAX',
        message: expect.stringMatching(/a Promise: await it first/),
      }),
    ])
    const presented = await verifyPresentation(Promise.resolve({}), { challenge: 'c' })
    expect(presented.issues).toEqual([
      expect.objectContaining({
        check: 'syntax',
        code: 'ERR_SYNTAX',
        message: expect.stringMatching(/a Promise: await it first/),
      }),
    ])
    await pending
  })

  it('a throwing getter or a Proxy whose traps throw gets a report (ERR_SYNTAX) from verify() and verifyPresentation(), not an exception', async () => {
    const getter = {
      '@context': [],
      type: ['VerifiableCredential'],
      get issuer(): string {
        throw new Error('boom')
      },
    }
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap')
        },
      },
    )
    for (const input of [getter, proxy]) {
      const report = await verify(input, { now })
      expect(report.verified).toBe(false)
      expect(report.issues).toEqual([expect.objectContaining({ check: 'syntax', code: 'ERR_SYNTAX' })])
      const presented = await verifyPresentation(input, { challenge: 'c' })
      expect(presented.verified).toBe(false)
      expect(presented.issues).toEqual([expect.objectContaining({ check: 'syntax', code: 'ERR_SYNTAX' })])
    }
  })
})
