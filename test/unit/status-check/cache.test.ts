/**
 * Status lists are fetched through the resolver's `fetchDocument`, so its TTL cache (`cacheTtlMs`) decides how
 * often a list is fetched, and how soon a newly published revocation is seen.
 */
import { describe, expect, it } from 'vitest'
import { createKeyResolver, generateKeyPair, issue, verify } from '../../../src/index.js'
import { createStatusList, publishStatusList, setStatus } from '../../../src/entries/status.js'
import { euCredential } from '../../helpers/credentials.js'
import { serveDocuments } from '../../helpers/fetch.js'
import { created, issuesOf, LIST_VALID_FROM, now, REVOCATION_URL } from './helpers.js'

async function setUp() {
  const keyPair = await generateKeyPair()
  const list = await createStatusList({ id: REVOCATION_URL, purpose: 'revocation' })
  const signed = await issue(euCredential(keyPair), { keyPair, status: list, created })
  const published = new Map<string, unknown>([
    [REVOCATION_URL, await publishStatusList(list, { keyPair, validFrom: LIST_VALID_FROM })],
  ])
  const fetch = serveDocuments(published)
  const listFetches = () => fetch.calls.filter((url) => url === REVOCATION_URL).length
  const revoke = async () => {
    await setStatus(list, Number(signed.credentialStatus!.statusListIndex), true)
    published.set(REVOCATION_URL, await publishStatusList(list, { keyPair, validFrom: LIST_VALID_FROM }))
  }
  return { signed, published, fetch, listFetches, revoke }
}

describe('status: the resolver cache', () => {
  it('one resolver with cacheTtlMs 60 000 shared by two verifications fetches the list once', async () => {
    const { signed, fetch, listFetches } = await setUp()
    const resolver = createKeyResolver({ fetch, cacheTtlMs: 60_000 })
    const first = await verify(signed, { now, resolver })
    const second = await verify(signed, { now, resolver })
    expect(first.verified).toBe(true)
    expect(second.verified).toBe(true)
    expect(listFetches()).toBe(1)
  })

  it('with cacheTtlMs 0 the list is fetched for each verification', async () => {
    const { signed, fetch, listFetches } = await setUp()
    const resolver = createKeyResolver({ fetch, cacheTtlMs: 0 })
    expect((await verify(signed, { now, resolver })).verified).toBe(true)
    expect(listFetches()).toBe(1)
    expect((await verify(signed, { now, resolver })).verified).toBe(true)
    expect(listFetches()).toBe(2)
  })

  it('a revocation published after the first verification is seen by a resolver without cache', async () => {
    const { signed, fetch, revoke } = await setUp()
    const resolver = createKeyResolver({ fetch, cacheTtlMs: 0 })
    expect((await verify(signed, { now, resolver })).verified).toBe(true)
    await revoke()
    const report = await verify(signed, { now, resolver })
    expect(report.verified).toBe(false)
    expect(issuesOf(report, 'status')).toEqual([
      expect.objectContaining({ code: 'ERR_REVOKED', path: 'credentialStatus' }),
    ])
  })

  it('while the cached copy is fresh, a resolver with a TTL keeps using it (the revocation shows after the TTL)', async () => {
    const { signed, fetch, listFetches, revoke } = await setUp()
    const resolver = createKeyResolver({ fetch, cacheTtlMs: 60_000 })
    expect((await verify(signed, { now, resolver })).verified).toBe(true)
    await revoke()
    expect((await verify(signed, { now, resolver })).verified).toBe(true)
    expect(listFetches()).toBe(1)
    // A new resolver (as verify() makes when given only a fetch) sees the new list.
    const fresh = await verify(signed, { now, fetch })
    expect(issuesOf(fresh, 'status').map((i) => i.code)).toEqual(['ERR_REVOKED'])
    expect(listFetches()).toBe(2)
  })

  it('a failed fetch is not cached: the next verification fetches the list again and reads it', async () => {
    const { signed, published, fetch, listFetches } = await setUp()
    const list = published.get(REVOCATION_URL)
    let attempts = 0
    published.set(REVOCATION_URL, () =>
      ++attempts === 1 ? new Response('unavailable', { status: 503 }) : Response.json(list),
    )
    const resolver = createKeyResolver({ fetch, cacheTtlMs: 60_000 })
    const failed = await verify(signed, { now, resolver })
    expect(issuesOf(failed, 'status').map((i) => i.code)).toEqual(['ERR_STATUS_UNAVAILABLE'])
    const retried = await verify(signed, { now, resolver })
    expect(retried.verified).toBe(true)
    expect(listFetches()).toBe(2)
  })
})
