/**
 * The `status` check fails closed, each failure with its own code: a list that cannot be obtained
 * (ERR_STATUS_UNAVAILABLE, or a warning with `statusUnavailable: 'warn'`), a tampered, malformed or hostile list
 * (ERR_STATUS_LIST_INVALID), a list of another purpose (ERR_STATUS_PURPOSE_MISMATCH), an expired list
 * (ERR_STATUS_UNAVAILABLE), an entry it cannot read. A list from someone else (ERR_STATUS_ISSUER_MISMATCH) or under
 * another id (ERR_STATUS_LIST_ID_MISMATCH) is read, with a warning (a failure under the strict policy).
 */
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  generateKeyPair,
  issue,
  verify,
  type Ed25519KeyPair,
  type FetchLike,
  type Issue,
  type VerificationReport,
} from '../../../src/index.js'
import { createStatusList, publishStatusList, setStatus } from '../../../src/entries/status.js'
import { copy, euCredential, signBypassingChecks } from '../../helpers/credentials.js'
import { serveDocuments } from '../../helpers/fetch.js'
import {
  bitstring,
  created,
  encodedList,
  entry,
  handMadeList,
  LIST_PATH,
  LIST_VALID_FROM,
  now,
  REVOCATION_URL,
  statusOf,
  type Doc,
} from './helpers.js'

/** An issuer, its revocation list (published, clear) and a credential with an entry in it. */
async function setUp() {
  const keyPair = await generateKeyPair()
  const list = await createStatusList({ id: REVOCATION_URL, purpose: 'revocation' })
  const signed = await issue(euCredential(keyPair), { keyPair, status: list, created })
  const published = await publishStatusList(list, { keyPair, validFrom: LIST_VALID_FROM })
  return { keyPair, list, signed, published, index: Number(signed.credentialStatus!.statusListIndex) }
}

/** A credential of `keyPair` with a hand-written credentialStatus, signed with issue(). */
async function withEntry(keyPair: Ed25519KeyPair, credentialStatus: Doc): Promise<Doc> {
  return issue({ ...euCredential(keyPair), credentialStatus } as never, { keyPair, created })
}

/** The status check failed with exactly one issue of `code` at `path`, and every other check that ran passed. */
function expectStatusFailure(report: VerificationReport, code: Issue['code'], path: string): Issue {
  expect(report.verified).toBe(false)
  expect(statusOf(report)['status']).toBe('failed')
  expect(report.checks.filter((c) => c.id !== 'status' && c.status === 'failed')).toEqual([])
  expect(report.issues).toEqual([expect.objectContaining({ check: 'status', code, path })])
  expect(report.issues[0]!.severity).toBeUndefined()
  return report.issues[0]!
}

const unreachable: [string, () => FetchLike | undefined, string][] = [
  ['the list URL answers 404', () => serveDocuments({}), 'HTTP 404'],
  [
    'the fetch throws',
    () => async () => {
      throw new TypeError('getaddrinfo ENOTFOUND tu-example.de')
    },
    'ENOTFOUND',
  ],
  ['no fetch is given', () => undefined, 'no fetch was given'],
]

describe('status: a list that cannot be obtained', () => {
  it.each(unreachable)('%s: ERR_STATUS_UNAVAILABLE (fail closed)', async (_what, makeFetch, cause) => {
    const { signed } = await setUp()
    const fetch = makeFetch()
    const report = await verify(signed, { now, ...(fetch === undefined ? {} : { fetch }) })
    const problem = expectStatusFailure(report, 'ERR_STATUS_UNAVAILABLE', LIST_PATH)
    expect(problem.message).toContain(REVOCATION_URL)
    expect(problem.message).toContain(cause)
    expect(report.nested).toBeUndefined()
  })

  it.each(unreachable)(
    '%s, with statusUnavailable: "warn": a warning, and the credential verifies',
    async (_what, makeFetch) => {
      const { signed } = await setUp()
      const fetch = makeFetch()
      const report = await verify(signed, { now, statusUnavailable: 'warn', ...(fetch === undefined ? {} : { fetch }) })
      expect(report.verified).toBe(true)
      expect(statusOf(report)['status']).toBe('passed')
      expect(report.issues).toEqual([
        expect.objectContaining({
          check: 'status',
          code: 'ERR_STATUS_UNAVAILABLE',
          path: LIST_PATH,
          severity: 'warning',
        }),
      ])
    },
  )

  it('statusUnavailable: "warn" does not soften anything else: a revoked credential still fails', async () => {
    const keyPair = await generateKeyPair()
    const signed = await withEntry(keyPair, entry(REVOCATION_URL, '5'))
    const list = await handMadeList(keyPair, {
      id: REVOCATION_URL,
      purpose: 'revocation',
      encodedList: encodedList(bitstring(131_072, [5])),
    })
    const report = await verify(signed, {
      now,
      statusUnavailable: 'warn',
      fetch: serveDocuments({ [REVOCATION_URL]: list }),
    })
    expectStatusFailure(report, 'ERR_REVOKED', 'credentialStatus')
  })

  it('statusUnavailable: "fail" is the default', async () => {
    const { signed } = await setUp()
    const report = await verify(signed, { now, statusUnavailable: 'fail', fetch: serveDocuments({}) })
    expectStatusFailure(report, 'ERR_STATUS_UNAVAILABLE', LIST_PATH)
  })
})

describe('status: a list from someone else', () => {
  it('a list issued and signed by another party is read (Bitstring Status List §3.2), with an ERR_STATUS_ISSUER_MISMATCH warning naming who signed it', async () => {
    const { signed, list, keyPair, index } = await setUp()
    const other = await generateKeyPair()
    const foreign = await publishStatusList(list, { keyPair: other, validFrom: LIST_VALID_FROM })
    expect(foreign.issuer).toBe(other.controller)
    const report = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: foreign }) })
    expect(report.verified).toBe(true)
    expect(statusOf(report)['status']).toBe('passed')
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'status',
        code: 'ERR_STATUS_ISSUER_MISMATCH',
        path: LIST_PATH,
        severity: 'warning',
      }),
    ])
    expect(report.issues[0]!.message).toContain(other.controller)
    expect(report.issues[0]!.message).toContain(keyPair.controller)
    // The foreign list itself is a valid credential of its own issuer.
    expect(report.nested?.[0]?.report.verified).toBe(true)

    // Its bits are read: when it says revoked, the credential is revoked (not a status-list complaint).
    await setStatus(list, index, true)
    const revokedList = await publishStatusList(list, { keyPair: other, validFrom: LIST_VALID_FROM })
    const revoked = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: revokedList }) })
    expect(revoked.verified).toBe(false)
    expect(revoked.issues.filter((i) => i.severity !== 'warning')).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_REVOKED' }),
    ])

    // Strict: the mismatch fails the check.
    const strict = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: foreign }), policy: 'strict' })
    expectStatusFailure(strict, 'ERR_STATUS_ISSUER_MISMATCH', LIST_PATH)
  })

  it("a list naming the credential's issuer but signed with another key: ERR_STATUS_LIST_INVALID (not bound to the issuer)", async () => {
    const { signed, keyPair } = await setUp()
    const other = await generateKeyPair()
    // Signed directly: issue() would refuse a key that is not the issuer's.
    const forged = await signBypassingChecks(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        id: REVOCATION_URL,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: keyPair.controller,
        validFrom: LIST_VALID_FROM,
        credentialSubject: {
          id: `${REVOCATION_URL}#list`,
          type: 'BitstringStatusList',
          statusPurpose: 'revocation',
          encodedList: encodedList(bitstring(131_072)),
        },
      },
      other,
    )
    const report = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: forged }) })
    expectStatusFailure(report, 'ERR_STATUS_LIST_INVALID', LIST_PATH)
    expect(statusOf(report.nested![0]!.report)['issuer-binding']).toBe('failed')
  })
})

describe('status: an invalid list', () => {
  it('a list whose encodedList was changed after signing: ERR_STATUS_LIST_INVALID (the proof fails)', async () => {
    const { signed, published, index } = await setUp()
    const tampered = copy(published)
    tampered.credentialSubject.encodedList = encodedList(bitstring(131_072, [index]))
    const report = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: tampered }) })
    const problem = expectStatusFailure(report, 'ERR_STATUS_LIST_INVALID', LIST_PATH)
    expect(problem.message).toContain('ERR_PROOF_INVALID')
    expect(statusOf(report.nested![0]!.report)['proof']).toBe('failed')
  })

  it('a caller who turns off checks for the credential still gets the list verified in full', async () => {
    const { signed, published, index } = await setUp()
    const tampered = copy(published)
    tampered.credentialSubject.encodedList = encodedList(bitstring(131_072, [index]))
    const fetch = serveDocuments({ [REVOCATION_URL]: tampered })
    const report = await verify(signed, { now, checks: { validity: false, schema: false }, fetch })
    expect(report.checks.find((c) => c.id === 'validity')?.status).toBe('skipped')
    expect(report.issues).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_STATUS_LIST_INVALID', path: LIST_PATH }),
    ])
    expect(statusOf(report.nested![0]!.report)['proof']).toBe('failed')
  })

  it("nothing is fetched when the credential's own proof is not checked or does not verify: the status check is skipped", async () => {
    const { signed, published } = await setUp()
    const fetch = serveDocuments({ [REVOCATION_URL]: published })
    const unchecked = await verify(signed, { now, checks: { proof: false }, fetch })
    expect(unchecked.verified).toBe(false)
    expect(statusOf(unchecked)['status']).toBe('skipped')
    const forged = copy(signed)
    forged.name = 'Forged'
    const failed = await verify(forged, { now, fetch })
    expect(statusOf(failed)).toMatchObject({ proof: 'failed', status: 'skipped' })
    expect(failed.checks.find((c) => c.id === 'status')?.reason).toContain('nothing a credential names is fetched')
    expect(fetch.calls).toEqual([])
  })

  it('an unsigned list: ERR_STATUS_LIST_INVALID', async () => {
    const { signed, published } = await setUp()
    const { proof: _proof, ...unsigned } = published
    const report = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: unsigned }) })
    expectStatusFailure(report, 'ERR_STATUS_LIST_INVALID', LIST_PATH)
  })

  it('a list of another purpose at the URL (a suspension list for a revocation entry): ERR_STATUS_PURPOSE_MISMATCH', async () => {
    const { signed, keyPair } = await setUp()
    const suspensions = await createStatusList({ id: REVOCATION_URL, purpose: 'suspension' })
    const wrong = await publishStatusList(suspensions, { keyPair, validFrom: LIST_VALID_FROM })
    const report = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: wrong }) })
    const problem = expectStatusFailure(report, 'ERR_STATUS_PURPOSE_MISMATCH', 'credentialStatus.statusPurpose')
    expect(problem.message).toContain('"revocation"')
    expect(problem.message).toContain('"suspension"')
  })

  it('an expired list (validUntil before now): ERR_STATUS_UNAVAILABLE, a warning with statusUnavailable: "warn"', async () => {
    const { signed, list, keyPair } = await setUp()
    const expired = await publishStatusList(list, {
      keyPair,
      validFrom: LIST_VALID_FROM,
      validUntil: '2025-12-31T00:00:00Z',
    })
    const fetch = serveDocuments({ [REVOCATION_URL]: expired })
    const report = await verify(signed, { now, fetch })
    expectStatusFailure(report, 'ERR_STATUS_UNAVAILABLE', LIST_PATH)
    expect(report.nested![0]!.report.issues).toEqual([
      expect.objectContaining({ check: 'validity', code: 'ERR_EXPIRED' }),
    ])
    // The same list is fine while it is valid.
    expect((await verify(signed, { now: new Date('2025-12-30T00:00:00Z'), fetch })).verified).toBe(true)
    const warned = await verify(signed, { now, fetch, statusUnavailable: 'warn' })
    expect(warned.verified).toBe(true)
    expect(warned.issues).toEqual([expect.objectContaining({ code: 'ERR_STATUS_UNAVAILABLE', severity: 'warning' })])
  })

  it('a list that is not valid yet: ERR_STATUS_UNAVAILABLE', async () => {
    const { signed, list, keyPair } = await setUp()
    const future = await publishStatusList(list, { keyPair, validFrom: '2026-06-01T00:00:00Z' })
    const report = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: future }) })
    expectStatusFailure(report, 'ERR_STATUS_UNAVAILABLE', LIST_PATH)
  })

  it('a verified credential that is not a BitstringStatusListCredential: ERR_STATUS_LIST_INVALID', async () => {
    const { signed, keyPair } = await setUp()
    const notAList = await issue(euCredential(keyPair), { keyPair, created })
    const report = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: notAList }) })
    const problem = expectStatusFailure(report, 'ERR_STATUS_LIST_INVALID', LIST_PATH)
    expect(problem.message).toContain('BitstringStatusListCredential')
  })

  it('a JSON document that is no credential at all: ERR_STATUS_LIST_INVALID', async () => {
    const { signed } = await setUp()
    const report = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: { revoked: [] } }) })
    expectStatusFailure(report, 'ERR_STATUS_LIST_INVALID', LIST_PATH)
  })

  it('a list published under another id than the URL it was fetched from is read (Bitstring Status List §2.2: the id MAY match), with an ERR_STATUS_LIST_ID_MISMATCH warning', async () => {
    const { signed, keyPair, index } = await setUp()
    const hostedElsewhere = await createStatusList({
      id: 'https://tu-example.de/status/revocation/2',
      purpose: 'revocation',
    })
    const elsewhere = await publishStatusList(hostedElsewhere, { keyPair, validFrom: LIST_VALID_FROM })
    const report = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: elsewhere }) })
    expect(report.verified).toBe(true)
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'status',
        code: 'ERR_STATUS_LIST_ID_MISMATCH',
        path: LIST_PATH,
        severity: 'warning',
      }),
    ])
    expect(report.issues[0]!.message).toContain('https://tu-example.de/status/revocation/2')
    const revokedElsewhere = await handMadeList(keyPair, {
      id: 'https://tu-example.de/status/revocation/2',
      purpose: 'revocation',
      encodedList: encodedList(bitstring(131_072, [index])),
    })
    const revoked = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: revokedElsewhere }) })
    expect(revoked.issues.filter((i) => i.severity !== 'warning')).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_REVOKED' }),
    ])
    expectStatusFailure(
      await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: elsewhere }), policy: 'strict' }),
      'ERR_STATUS_LIST_ID_MISMATCH',
      LIST_PATH,
    )
  })

  it('an index beyond the end of the list: ERR_STATUS_LIST_INVALID at statusListIndex; the last index is read', async () => {
    const keyPair = await generateKeyPair()
    const full = await createStatusList({ id: REVOCATION_URL, purpose: 'revocation' })
    const fetch = serveDocuments({
      [REVOCATION_URL]: await publishStatusList(full, { keyPair, validFrom: LIST_VALID_FROM }),
    })
    const beyond = await verify(await withEntry(keyPair, entry(REVOCATION_URL, String(full.length))), { now, fetch })
    const problem = expectStatusFailure(beyond, 'ERR_STATUS_LIST_INVALID', 'credentialStatus.statusListIndex')
    expect(problem.message).toContain(String(full.length))
    const last = await verify(await withEntry(keyPair, entry(REVOCATION_URL, String(full.length - 1))), { now, fetch })
    expect(last.issues).toEqual([])
    expect(last.verified).toBe(true)
  })

  it('an index beyond a short list (16 entries): ERR_STATUS_LIST_INVALID', async () => {
    const keyPair = await generateKeyPair()
    const short = await createStatusList({ id: REVOCATION_URL, purpose: 'revocation', length: 16 })
    const fetch = serveDocuments({
      [REVOCATION_URL]: await publishStatusList(short, { keyPair, validFrom: LIST_VALID_FROM }),
    })
    for (const index of ['16', '1000']) {
      const report = await verify(await withEntry(keyPair, entry(REVOCATION_URL, index)), { now, fetch })
      expectStatusFailure(report, 'ERR_STATUS_LIST_INVALID', 'credentialStatus.statusListIndex')
    }
  })

  it('a GZIP bomb (a few KB expanding past 16 MiB): ERR_STATUS_LIST_INVALID, without inflating it', async () => {
    const keyPair = await generateKeyPair()
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024))
    expect(bomb.length).toBeLessThan(64 * 1024)
    const signed = await withEntry(keyPair, entry(REVOCATION_URL, '3'))
    const list = await handMadeList(keyPair, {
      id: REVOCATION_URL,
      purpose: 'revocation',
      encodedList: `u${bomb.toString('base64url')}`,
    })
    const report = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: list }) })
    const problem = expectStatusFailure(report, 'ERR_STATUS_LIST_INVALID', LIST_PATH)
    expect(problem.message).toMatch(/expands past/)
    // The bomb is a validly signed list of the issuer: only its content is refused.
    expect(report.nested![0]!.report.verified).toBe(true)
  })

  it.each([
    ['not multibase (no "u" prefix)', gzipSync(bitstring(131_072)).toString('base64url')],
    ['not base64url', 'u!!!not-base64url!!!'],
    ['not GZIP', `u${Buffer.from('just some bytes, not gzip').toString('base64url')}`],
    ['empty once decompressed', encodedList(Buffer.alloc(0))],
  ])('an encodedList that is %s: ERR_STATUS_LIST_INVALID', async (_what, encoded) => {
    const keyPair = await generateKeyPair()
    const signed = await withEntry(keyPair, entry(REVOCATION_URL, '0'))
    const list = await handMadeList(keyPair, { id: REVOCATION_URL, purpose: 'revocation', encodedList: encoded })
    const report = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: list }) })
    expectStatusFailure(report, 'ERR_STATUS_LIST_INVALID', LIST_PATH)
  })
})

describe('status: an entry that cannot be read', () => {
  it('an unsupported status type: ERR_STATUS_UNAVAILABLE at credentialStatus.type, a warning with statusUnavailable: "warn"', async () => {
    const keyPair = await generateKeyPair()
    // 1EdTechCredentialRefresh is a type the OB extensions context defines (so the credential is valid JSON-LD),
    // but it is no status mechanism.
    const credential = copy(euCredential(keyPair))
    credential['@context'].push('https://purl.imsglobal.org/spec/ob/v3p0/extensions.json')
    credential.credentialStatus = { id: 'https://tu-example.de/status/other/1', type: '1EdTechCredentialRefresh' }
    const signed = await issue(credential, { keyPair, created })
    const fetch = serveDocuments({})
    const report = await verify(signed, { now, fetch })
    const problem = expectStatusFailure(report, 'ERR_STATUS_UNAVAILABLE', 'credentialStatus.type')
    expect(problem.message).toContain('1EdTechCredentialRefresh')
    expect(fetch.calls).toEqual([])
    const warned = await verify(signed, { now, fetch, statusUnavailable: 'warn' })
    expect(warned.verified).toBe(true)
    expect(warned.issues).toEqual([
      expect.objectContaining({ code: 'ERR_STATUS_UNAVAILABLE', severity: 'warning', path: 'credentialStatus.type' }),
    ])
  })

  // Bitstring Status List §2.1: "statusListIndex ... MUST be an arbitrary size integer greater than or equal to 0,
  // expressed as a string in base 10". A hexadecimal or exponent form is not one: reading '0x10' as entry 16 or
  // '1e3' as entry 1000 reads a bit the issuer never meant.
  it.each(['-1', 'abc', '1.5', '', ' ', '0x10', '1e3'])(
    'a malformed statusListIndex %j: ERR_STATUS_LIST_INVALID, nothing fetched',
    async (index) => {
      const keyPair = await generateKeyPair()
      const signed = await withEntry(keyPair, entry(REVOCATION_URL, index))
      const list = await handMadeList(keyPair, {
        id: REVOCATION_URL,
        purpose: 'revocation',
        encodedList: encodedList(bitstring(131_072)),
      })
      const fetch = serveDocuments({ [REVOCATION_URL]: list })
      const report = await verify(signed, { now, fetch })
      expectStatusFailure(report, 'ERR_STATUS_LIST_INVALID', 'credentialStatus.statusListIndex')
      expect(fetch.calls).not.toContain(REVOCATION_URL)
    },
  )

  it('an entry without statusListCredential: ERR_STATUS_LIST_INVALID', async () => {
    const keyPair = await generateKeyPair()
    const { statusListCredential: _url, ...noUrl } = entry(REVOCATION_URL, '1')
    const report = await verify(await withEntry(keyPair, noUrl), { now, fetch: serveDocuments({}) })
    expectStatusFailure(report, 'ERR_STATUS_LIST_INVALID', 'credentialStatus.statusListCredential')
  })

  it('a list URL that is not https: ERR_STATUS_UNAVAILABLE, never fetched', async () => {
    const keyPair = await generateKeyPair()
    const url = 'http://tu-example.de/status/revocation/1'
    const fetch = serveDocuments({
      [url]: await handMadeList(keyPair, {
        id: url,
        purpose: 'revocation',
        encodedList: encodedList(bitstring(131_072)),
      }),
    })
    const report = await verify(await withEntry(keyPair, entry(url, '1')), { now, fetch })
    expectStatusFailure(report, 'ERR_STATUS_UNAVAILABLE', LIST_PATH)
    expect(fetch.calls).toEqual([])
  })
})
