/**
 * The status lists a resolver keeps verified and decoded (src/status/verified-cache.ts): a second verification against
 * the same list reads a bit instead of verifying and inflating the list again, and concludes exactly what a fresh
 * verification would. Reuse is proved by counting fetches and the cache's own counts of list verifications and
 * decodes (statusListCacheStats), never by timing; time passes through a mocked performance.now(), the clock the
 * resolver's TTL runs on.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createDocumentLoader,
  createKeyResolver,
  generateKeyPair,
  issue,
  verify,
  type Ed25519KeyPair,
  type KeyResolver,
  type VerificationReport,
} from '../../../src/index.js'
import { createStatusList, publishStatusList, setStatus } from '../../../src/entries/status.js'
import { didWebDocument } from '../../../src/keys/documents.js'
import { statusListKey } from '../../../src/status/verified-cache.js'
import { statusListCacheStats } from '../../../src/verify/checks/status.js'
import { copy, euCredential } from '../../helpers/credentials.js'
import { serveDocuments } from '../../helpers/fetch.js'
import {
  bitstring,
  created,
  encodedList,
  entry,
  issuesOf,
  LIST_PATH,
  LIST_VALID_FROM,
  MESSAGE_URL,
  now,
  REVOCATION_URL,
  SUSPENSION_URL,
  type Doc,
} from '../status-check/helpers.js'

const OTHER_URL = 'https://tu-example.de/status/revocation/2'
const THIRD_URL = 'https://tu-example.de/status/revocation/3'
const ENTRIES = 131_072

afterEach(() => {
  vi.restoreAllMocks()
})

/** A BitstringStatusListCredential of `ENTRIES` one-bit entries with `set` set, signed with issue() by `keyPair`. */
async function listCredential(
  keyPair: Ed25519KeyPair,
  options: {
    url: string
    purpose?: string
    set?: number[]
    validFrom?: string
    validUntil?: string
    id?: string
    entries?: number
  },
): Promise<Doc> {
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: options.id ?? options.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: keyPair.controller,
    validFrom: options.validFrom ?? LIST_VALID_FROM,
    ...(options.validUntil === undefined ? {} : { validUntil: options.validUntil }),
    credentialSubject: {
      id: `${options.url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: options.purpose ?? 'revocation',
      encodedList: encodedList(bitstring(options.entries ?? ENTRIES, options.set ?? [])),
    },
  }
  return issue(credential as never, { keyPair, created: LIST_VALID_FROM })
}

/** An EU micro-credential of `keyPair` with a status entry at `index` of the list at `url`. */
function withStatus(keyPair: Ed25519KeyPair, url: string, index: number, purpose = 'revocation'): Promise<Doc> {
  return issue({ ...euCredential(keyPair), credentialStatus: entry(url, String(index), purpose) } as never, {
    keyPair,
    created,
  })
}

/** Lists served by URL (replace one to publish a new version), a counting fetch, and a resolver on it. */
async function setUp(
  options: { cacheTtlMs?: number; statusListCacheMaxEntries?: number; statusListCacheMaxBytes?: number } = {},
) {
  const keyPair = await generateKeyPair()
  const served = new Map<string, unknown>([[REVOCATION_URL, await listCredential(keyPair, { url: REVOCATION_URL })]])
  const fetch = serveDocuments(served)
  const resolver = createKeyResolver({ fetch, cacheTtlMs: 60_000, ...options })
  const fetchesOf = (url: string) => fetch.calls.filter((called) => called === url).length
  const stats = (of: KeyResolver = resolver) => statusListCacheStats(of)
  return { keyPair, served, fetch, resolver, fetchesOf, stats }
}

const codes = (report: VerificationReport, check = 'status') => issuesOf(report, check).map((issue) => issue.code)

describe('status: verified lists are kept by the resolver', () => {
  it('a second verification reads the kept list: one fetch, one list verification, one decode', async () => {
    const { keyPair, resolver, fetchesOf, stats } = await setUp()
    const signed = await withStatus(keyPair, REVOCATION_URL, 42)
    const first = await verify(signed, { now, resolver })
    expect(first.verified).toBe(true)
    expect(stats()).toMatchObject({ entries: 1, bytes: ENTRIES / 8, verifications: 1, decodes: 1, hits: 0 })
    const second = await verify(signed, { now, resolver })
    const third = await verify(signed, { now, resolver })
    expect(fetchesOf(REVOCATION_URL)).toBe(1)
    expect(stats()).toMatchObject({ entries: 1, verifications: 1, decodes: 1, hits: 2 })
    // What the kept list gives is what verifying it gave, nested report included.
    expect(second).toEqual(first)
    expect(third).toEqual(first)
    expect(second.nested?.[0]?.path).toBe(LIST_PATH)
  })

  it('a kept list concludes what a fresh verification concludes: revoked, other issuer, id not its URL, strict', async () => {
    const keyPair = await generateKeyPair()
    const listIssuer = await generateKeyPair()
    const served = new Map<string, unknown>([
      [REVOCATION_URL, await listCredential(listIssuer, { url: REVOCATION_URL, id: 'urn:uuid:elsewhere', set: [7] })],
    ])
    const fetch = serveDocuments(served)
    const resolver = createKeyResolver({ fetch })
    for (const [index, policy] of [
      [7, 'default'],
      [8, 'default'],
      [7, 'strict'],
      [8, 'strict'],
    ] as const) {
      const signed = await withStatus(keyPair, REVOCATION_URL, index)
      const fresh = await verify(signed, { now, policy, fetch })
      const kept1 = await verify(signed, { now, policy, resolver })
      const kept2 = await verify(signed, { now, policy, resolver })
      expect(kept1).toEqual(fresh)
      expect(kept2).toEqual(fresh)
      expect(codes(kept2)).toEqual([
        'ERR_STATUS_LIST_ID_MISMATCH',
        'ERR_STATUS_ISSUER_MISMATCH',
        ...(index === 7 ? ['ERR_REVOKED'] : []),
      ])
    }
    // One verification per policy (the policy is part of the key), each kept and then reused three times.
    expect(statusListCacheStats(resolver)).toMatchObject({ entries: 2, verifications: 2, decodes: 2, hits: 6 })
  })

  it('a revocation published after the first verification is seen once the TTL has passed (mocked clock)', async () => {
    let clock = 1_000_000
    vi.spyOn(performance, 'now').mockImplementation(() => clock)
    const { keyPair, served, resolver, fetchesOf, stats } = await setUp({ cacheTtlMs: 60_000 })
    const signed = await withStatus(keyPair, REVOCATION_URL, 42)
    expect((await verify(signed, { now, resolver })).verified).toBe(true)
    served.set(REVOCATION_URL, await listCredential(keyPair, { url: REVOCATION_URL, set: [42] }))
    clock += 59_000
    // Within the TTL: the kept list, as the kept document would say.
    expect((await verify(signed, { now, resolver })).verified).toBe(true)
    expect(stats()).toMatchObject({ verifications: 1, hits: 1 })
    clock += 2_000
    const revoked = await verify(signed, { now, resolver })
    expect(codes(revoked)).toEqual(['ERR_REVOKED'])
    expect(fetchesOf(REVOCATION_URL)).toBe(2)
    expect(stats()).toMatchObject({ entries: 1, verifications: 2, decodes: 2, hits: 1 })
    // The new list is kept in turn.
    expect(codes(await verify(signed, { now, resolver }))).toEqual(['ERR_REVOKED'])
    expect(stats()).toMatchObject({ verifications: 2, hits: 2 })
  })

  it('a list document evicted from the resolver and fetched again is verified again', async () => {
    const { keyPair, served, fetch, fetchesOf, stats } = await setUp()
    const resolver = createKeyResolver({ fetch, cacheMaxEntries: 1 })
    const signed = await withStatus(keyPair, REVOCATION_URL, 42)
    expect((await verify(signed, { now, resolver })).verified).toBe(true)
    served.set(REVOCATION_URL, await listCredential(keyPair, { url: REVOCATION_URL, set: [42] }))
    served.set(OTHER_URL, { unrelated: true })
    await resolver.fetchDocument(OTHER_URL)
    expect(codes(await verify(signed, { now, resolver }))).toEqual(['ERR_REVOKED'])
    expect(fetchesOf(REVOCATION_URL)).toBe(2)
    expect(stats(resolver)).toMatchObject({ verifications: 2, hits: 0 })
  })

  it('a list that fails verification is not kept: it is verified (and fails) each time', async () => {
    const { keyPair, served, resolver, fetchesOf, stats } = await setUp()
    const forged = copy(await listCredential(keyPair, { url: REVOCATION_URL, set: [42] }))
    forged.credentialSubject.encodedList = encodedList(bitstring(ENTRIES, []))
    served.set(REVOCATION_URL, forged)
    const signed = await withStatus(keyPair, REVOCATION_URL, 42)
    for (let round = 0; round < 3; round++) {
      const report = await verify(signed, { now, resolver })
      expect(report.verified).toBe(false)
      expect(codes(report)).toEqual(['ERR_STATUS_LIST_INVALID'])
      expect(report.nested?.[0]?.report.verified).toBe(false)
    }
    expect(fetchesOf(REVOCATION_URL)).toBe(1)
    expect(stats()).toMatchObject({ entries: 0, verifications: 3, decodes: 0, hits: 0 })
  })

  it('a list of another type than the entry names, or whose encodedList does not decode, is not kept', async () => {
    const { keyPair, served, resolver, stats } = await setUp()
    const notGzip = copy(await listCredential(keyPair, { url: REVOCATION_URL }))
    notGzip.credentialSubject.encodedList = 'uAAAA'
    served.set(REVOCATION_URL, await issue(notGzip, { keyPair, created: LIST_VALID_FROM }))
    const signed = await withStatus(keyPair, REVOCATION_URL, 42)
    for (let round = 0; round < 2; round++)
      expect(codes(await verify(signed, { now, resolver }))).toEqual(['ERR_STATUS_LIST_INVALID'])
    const wrongType = { ...euCredential(keyPair), id: 'urn:uuid:a1f6b7c4-4a3e-4d0b-9e7a-2a2c1a0e9d11' }
    served.set(OTHER_URL, await issue(wrongType as never, { keyPair, created }))
    const pointing = await withStatus(keyPair, OTHER_URL, 1)
    for (let round = 0; round < 2; round++)
      expect(codes(await verify(pointing, { now, resolver }))).toEqual(['ERR_STATUS_LIST_INVALID'])
    expect(stats()).toMatchObject({ entries: 0, verifications: 4, hits: 0 })
  })

  it('a forged list is refused at its own URL, however many good lists are kept for others', async () => {
    const { keyPair, served, resolver, stats } = await setUp()
    const good = await withStatus(keyPair, REVOCATION_URL, 42)
    expect((await verify(good, { now, resolver })).verified).toBe(true)
    // The same signed list, with the credential's bit cleared, served at another URL; and a list signed by a stranger
    // in the credential issuer's name.
    const tampered = copy(await listCredential(keyPair, { url: OTHER_URL, set: [42] }))
    tampered.credentialSubject.encodedList = encodedList(bitstring(ENTRIES, []))
    served.set(OTHER_URL, tampered)
    const stranger = await generateKeyPair()
    const impostor = copy(await listCredential(stranger, { url: THIRD_URL }))
    impostor.issuer = keyPair.controller
    served.set(THIRD_URL, impostor)
    for (let round = 0; round < 2; round++) {
      expect(codes(await verify(await withStatus(keyPair, OTHER_URL, 42), { now, resolver }))).toEqual([
        'ERR_STATUS_LIST_INVALID',
      ])
      expect(codes(await verify(await withStatus(keyPair, THIRD_URL, 42), { now, resolver }))).toEqual([
        'ERR_STATUS_LIST_INVALID',
      ])
      expect((await verify(good, { now, resolver })).verified).toBe(true)
    }
    expect(stats()).toMatchObject({ entries: 1, verifications: 5, hits: 2 })
  })
})

describe('status: the validity window of a kept list is judged at each verification', () => {
  it('a list whose validUntil passes between two verifications fails the second', async () => {
    const { keyPair, served, resolver, stats } = await setUp()
    served.set(
      REVOCATION_URL,
      await listCredential(keyPair, { url: REVOCATION_URL, validUntil: '2026-06-01T00:00:00Z' }),
    )
    const signed = await withStatus(keyPair, REVOCATION_URL, 42)
    expect((await verify(signed, { now, resolver })).verified).toBe(true)
    const later = new Date('2026-06-01T00:00:01Z')
    const expired = await verify(signed, { now: later, resolver })
    expect(stats()).toMatchObject({ verifications: 1, hits: 1 })
    expect(expired.verified).toBe(false)
    expect(codes(expired)).toEqual(['ERR_STATUS_UNAVAILABLE'])
    expect(codes(expired.nested![0]!.report, 'validity')).toEqual(['ERR_EXPIRED'])
    // Exactly what a fresh verification at that time says.
    expect(expired).toEqual(await verify(signed, { now: later, fetch: serveDocuments(served) }))
    // statusUnavailable: 'warn' and clock skew apply as they would.
    const warned = await verify(signed, { now: later, resolver, statusUnavailable: 'warn' })
    expect(warned.verified).toBe(true)
    expect(issuesOf(warned, 'status')).toEqual([expect.objectContaining({ severity: 'warning' })])
    const skewed = await verify(signed, { now: later, resolver, clockSkewSeconds: 5 })
    expect(skewed.verified).toBe(true)
  })

  it('a list kept before its validFrom is read once it is valid', async () => {
    const { keyPair, served, resolver, stats } = await setUp()
    served.set(
      REVOCATION_URL,
      await listCredential(keyPair, { url: REVOCATION_URL, validFrom: '2026-03-01T00:00:00Z' }),
    )
    const signed = await withStatus(keyPair, REVOCATION_URL, 42)
    const early = await verify(signed, { now, resolver })
    expect(codes(early)).toEqual(['ERR_STATUS_UNAVAILABLE'])
    const valid = await verify(signed, { now: new Date('2026-03-02T00:00:00Z'), resolver })
    expect(valid.verified).toBe(true)
    expect(valid.nested?.[0]?.report.checks.find((check) => check.id === 'validity')).toEqual({
      id: 'validity',
      status: 'passed',
      reason: 'valid at 2026-03-02T00:00:00.000Z',
    })
    expect(stats()).toMatchObject({ verifications: 1, hits: 1 })
  })
})

describe('status: what a kept list is kept for', () => {
  it('resolvers do not share kept lists, and neither do verifications with different options', async () => {
    const { keyPair, fetch, resolver, stats } = await setUp()
    const other = createKeyResolver({ fetch })
    const signed = await withStatus(keyPair, REVOCATION_URL, 42)
    await verify(signed, { now, resolver })
    await verify(signed, { now, resolver: other })
    expect(stats()).toMatchObject({ verifications: 1, hits: 0 })
    expect(stats(other)).toMatchObject({ verifications: 1, hits: 0 })
    // Another document loader, other allowed contexts, another profile: verified again, then kept for each.
    const documentLoader = createDocumentLoader()
    for (const options of [
      { documentLoader },
      { allowedContexts: ['https://example.org/ctx'] },
      { profile: 'vc' as const },
    ]) {
      await verify(signed, { now, resolver, ...options })
      await verify(signed, { now, resolver, ...options })
    }
    expect(stats()).toMatchObject({ entries: 4, verifications: 4, hits: 3 })
    // A different `now`, fetch budget or statusUnavailable does not change how the list verifies.
    await verify(signed, { now: new Date('2026-02-01T00:00:00Z'), resolver, maxFetches: 3, statusUnavailable: 'warn' })
    expect(stats()).toMatchObject({ verifications: 4, hits: 4 })
  })

  it('the key names every option the verification of a list depends on', () => {
    const loader = createDocumentLoader()
    const base = statusListKey({}, 'BitstringStatusListEntry', REVOCATION_URL)
    expect(
      statusListKey(
        { now, resolver: createKeyResolver(), checks: { schema: false } },
        'BitstringStatusListEntry',
        REVOCATION_URL,
      ),
    ).toBe(base)
    for (const options of [
      { policy: 'strict' },
      { profile: 'eu' },
      { documentLoader: loader },
      { allowedContexts: ['https://example.org/ctx'] },
      { clockSkewSeconds: 30 },
      { maxBytes: 1000 },
      { maxDepth: 10 },
      { maxImageBytes: 1000 },
      { someFutureOption: true },
    ])
      expect(statusListKey(options, 'BitstringStatusListEntry', REVOCATION_URL)).not.toBe(base)
    expect(statusListKey({}, 'StatusList2021Entry', REVOCATION_URL)).not.toBe(base)
    expect(statusListKey({}, 'BitstringStatusListEntry', OTHER_URL)).not.toBe(base)
    expect(statusListKey({ documentLoader: loader }, 'BitstringStatusListEntry', REVOCATION_URL)).toBe(
      statusListKey({ documentLoader: loader }, 'BitstringStatusListEntry', REVOCATION_URL),
    )
    expect(
      statusListKey({ documentLoader: createDocumentLoader() }, 'BitstringStatusListEntry', REVOCATION_URL),
    ).not.toBe(statusListKey({ documentLoader: loader }, 'BitstringStatusListEntry', REVOCATION_URL))
  })

  it('a resolver without a document cache, or with the status list cache off, keeps nothing', async () => {
    const { keyPair, fetch } = await setUp()
    const signed = await withStatus(keyPair, REVOCATION_URL, 42)
    for (const options of [
      { cacheTtlMs: 0 },
      { cacheMaxEntries: 0 },
      { statusListCacheMaxEntries: 0 },
      { statusListCacheMaxBytes: 0 },
    ]) {
      const resolver = createKeyResolver({ fetch, ...options })
      expect((await verify(signed, { now, resolver })).verified).toBe(true)
      expect((await verify(signed, { now, resolver })).verified).toBe(true)
      expect(statusListCacheStats(resolver)).toBeUndefined()
    }
    expect(() => createKeyResolver({ statusListCacheMaxEntries: -1 })).toThrow(
      /statusListCacheMaxEntries must be a whole number/,
    )
    expect(() => createKeyResolver({ statusListCacheMaxBytes: 1.5 })).toThrow(
      /statusListCacheMaxBytes must be a whole number/,
    )
  })

  it('a kept list signed by a did:web key is verified again once the key document is not the cached one', async () => {
    // The list's issuer hosts its key; the credential's issuer is a did:key, so only the list depends on that document.
    const listIssuer = await generateKeyPair({ controller: 'did:web:lists.example', id: 'did:web:lists.example#key-1' })
    const { url: didUrl, document: didDocument } = didWebDocument('did:web:lists.example', { keyPairs: [listIssuer] })
    const { keyPair, served, fetch, fetchesOf } = await setUp()
    served.set(didUrl, didDocument)
    served.set(REVOCATION_URL, await listCredential(listIssuer, { url: REVOCATION_URL }))
    served.set(OTHER_URL, { unrelated: true })
    const resolver = createKeyResolver({ fetch, cacheMaxEntries: 2 })
    const signed = await withStatus(keyPair, REVOCATION_URL, 42)
    expect(codes(await verify(signed, { now, resolver }))).toEqual(['ERR_STATUS_ISSUER_MISMATCH'])
    expect(codes(await verify(signed, { now, resolver }))).toEqual(['ERR_STATUS_ISSUER_MISMATCH'])
    expect(statusListCacheStats(resolver)).toMatchObject({ verifications: 1, hits: 1 })
    // The list document used last, then another document: the key document is evicted. It now lists another key.
    await resolver.fetchDocument(REVOCATION_URL)
    await resolver.fetchDocument(OTHER_URL)
    const rotated = await generateKeyPair({ controller: 'did:web:lists.example', id: 'did:web:lists.example#key-2' })
    served.set(didUrl, didWebDocument('did:web:lists.example', { keyPairs: [rotated] }).document)
    const report = await verify(signed, { now, resolver })
    expect(codes(report)).toEqual(['ERR_STATUS_LIST_INVALID'])
    expect(fetchesOf(didUrl)).toBe(2)
    expect(fetchesOf(REVOCATION_URL)).toBe(1)
    expect(statusListCacheStats(resolver)).toMatchObject({ verifications: 2, hits: 1 })
  })
})

describe('status: the bounds of the kept lists', () => {
  it('past statusListCacheMaxEntries the least recently used list is dropped', async () => {
    const { keyPair, served, resolver, stats } = await setUp({ statusListCacheMaxEntries: 2 })
    for (const url of [OTHER_URL, THIRD_URL]) served.set(url, await listCredential(keyPair, { url }))
    const credentials = await Promise.all(
      [REVOCATION_URL, OTHER_URL, THIRD_URL].map((url) => withStatus(keyPair, url, 42)),
    )
    for (const signed of credentials) expect((await verify(signed, { now, resolver })).verified).toBe(true)
    expect(stats()).toMatchObject({ entries: 2, evictions: 1, verifications: 3 })
    // The first list was dropped: verified again (evicting the second); the third is still kept.
    await verify(credentials[0]!, { now, resolver })
    await verify(credentials[2]!, { now, resolver })
    expect(stats()).toMatchObject({ entries: 2, evictions: 2, verifications: 4, hits: 1 })
  })

  it('past statusListCacheMaxBytes lists are dropped, and a list larger than the cap is not kept', async () => {
    const { keyPair, served, resolver, stats } = await setUp({ statusListCacheMaxBytes: (2 * ENTRIES) / 8 + 100 })
    for (const url of [OTHER_URL, THIRD_URL]) served.set(url, await listCredential(keyPair, { url }))
    for (const url of [REVOCATION_URL, OTHER_URL, THIRD_URL])
      expect((await verify(await withStatus(keyPair, url, 42), { now, resolver })).verified).toBe(true)
    expect(stats()).toMatchObject({ entries: 2, bytes: (2 * ENTRIES) / 8, evictions: 1 })

    const big = 'https://tu-example.de/status/revocation/big'
    served.set(big, await listCredential(keyPair, { url: big, entries: 4 * ENTRIES }))
    const signed = await withStatus(keyPair, big, 42)
    expect((await verify(signed, { now, resolver })).verified).toBe(true)
    expect((await verify(signed, { now, resolver })).verified).toBe(true)
    expect(stats()).toMatchObject({ entries: 2, bytes: (2 * ENTRIES) / 8, verifications: 5, hits: 0 })
  })
})

describe('status: every format and purpose reads from a kept list', () => {
  it('suspension: suspended and not suspended entries of one kept list', async () => {
    const { keyPair, served, resolver, stats } = await setUp()
    served.set(SUSPENSION_URL, await listCredential(keyPair, { url: SUSPENSION_URL, purpose: 'suspension', set: [5] }))
    const suspended = await withStatus(keyPair, SUSPENSION_URL, 5, 'suspension')
    const active = await withStatus(keyPair, SUSPENSION_URL, 6, 'suspension')
    expect(codes(await verify(suspended, { now, resolver }))).toEqual(['ERR_SUSPENDED'])
    expect(codes(await verify(suspended, { now, resolver }))).toEqual(['ERR_SUSPENDED'])
    expect((await verify(active, { now, resolver })).verified).toBe(true)
    // An entry whose purpose is not the list's.
    const revocationEntry = await withStatus(keyPair, SUSPENSION_URL, 5, 'revocation')
    expect(codes(await verify(revocationEntry, { now, resolver }))).toEqual(['ERR_STATUS_PURPOSE_MISMATCH'])
    expect(stats()).toMatchObject({ verifications: 1, decodes: 1, hits: 3 })
  })

  it('message: two-bit entries with their messages, and an index past the end', async () => {
    const { keyPair, served, resolver, stats } = await setUp()
    const messages = [
      { status: '0x0', message: 'valid' },
      { status: '0x1', message: 'pending review' },
      { status: '0x2', message: 'under appeal' },
      { status: '0x3', message: 'withdrawn' },
    ]
    const list = await createStatusList({
      id: MESSAGE_URL,
      purpose: 'message',
      statusSize: 2,
      statusMessages: messages,
    })
    const first = await issue(euCredential(keyPair), { keyPair, status: list, created })
    const second = await issue(euCredential(keyPair), { keyPair, status: list, created })
    await setStatus(list, Number(first.credentialStatus!.statusListIndex), 2)
    served.set(MESSAGE_URL, await publishStatusList(list, { keyPair, validFrom: LIST_VALID_FROM }))
    for (let round = 0; round < 2; round++) {
      const report = await verify(first, { now, resolver })
      expect(report.verified).toBe(true)
      expect(issuesOf(report, 'status')).toEqual([
        expect.objectContaining({
          code: 'ERR_STATUS_MESSAGE',
          severity: 'warning',
          message: 'status 0x2: under appeal',
        }),
      ])
      expect(issuesOf(await verify(second, { now, resolver }), 'status')).toEqual([
        expect.objectContaining({ code: 'ERR_STATUS_MESSAGE', message: 'status 0x0: valid' }),
      ])
    }
    const past = copy(euCredential(keyPair))
    past.credentialStatus = { ...first.credentialStatus, statusListIndex: String(list.length) }
    const beyond = await verify(await issue(past, { keyPair, created }), { now, resolver })
    expect(issuesOf(beyond, 'status')).toEqual([
      expect.objectContaining({ code: 'ERR_STATUS_LIST_INVALID', message: expect.stringContaining('beyond the end') }),
    ])
    expect(stats()).toMatchObject({ verifications: 1, decodes: 1, hits: 4 })
  })

  it('StatusList2021: the list without a multibase prefix is kept and read', async () => {
    const URL_2021 = 'https://tu-example.de/status/2021/1'
    const CONTEXT_2021 = 'https://w3id.org/vc/status-list/2021/v1'
    const { keyPair, served, resolver, stats } = await setUp()
    const list = {
      '@context': ['https://www.w3.org/2018/credentials/v1', CONTEXT_2021],
      id: URL_2021,
      type: ['VerifiableCredential', 'StatusList2021Credential'],
      issuer: keyPair.controller,
      issuanceDate: LIST_VALID_FROM,
      credentialSubject: {
        id: `${URL_2021}#list`,
        type: 'StatusList2021',
        statusPurpose: 'revocation',
        encodedList: encodedList(bitstring(ENTRIES, [42]), false),
      },
    }
    served.set(URL_2021, await issue(list as never, { keyPair, created: LIST_VALID_FROM }))
    const credential2021 = async (index: number) => {
      const credential = copy(euCredential(keyPair))
      credential['@context'].push(CONTEXT_2021)
      credential.credentialStatus = {
        id: `${URL_2021}#${index}`,
        type: 'StatusList2021Entry',
        statusPurpose: 'revocation',
        statusListIndex: String(index),
        statusListCredential: URL_2021,
      }
      return issue(credential, { keyPair, created })
    }
    const revoked = await credential2021(42)
    const active = await credential2021(43)
    for (let round = 0; round < 2; round++) {
      expect(codes(await verify(revoked, { now, resolver }))).toEqual(['ERR_REVOKED'])
      expect((await verify(active, { now, resolver })).verified).toBe(true)
    }
    expect(stats()).toMatchObject({ entries: 1, verifications: 1, decodes: 1, hits: 3 })
  })
})
