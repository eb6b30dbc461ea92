/**
 * 1EdTech's conformance fixture bitstring-credential-status-revoked.json: a credential whose entry 23 is revoked
 * in a Bitstring Status List. The real list lives at a raw.githubusercontent.com URL, which is not available
 * offline (and these tests never use the network), so an equivalent list is rebuilt here: same id (the
 * fixture's statusListCredential), same issuer (https://1edtech.edu/issuers/565049), 131,072 entries with index
 * 23 revoked, signed with the published 1EdTech test-vector key, which is the key of the fixture's own proof. The
 * list and the issuer's controller document (listing that Multikey under assertionMethod) are served through an
 * injected fetch.
 */
import { describe, expect, it } from 'vitest'
import { importKeyPair, verify, type Ed25519KeyPair } from '../../../src/index.js'
import { serveDocuments } from '../../helpers/fetch.js'
import { readJson } from '../../helpers/files.js'
import { bitstring, encodedList, handMadeList, LIST_PATH, statusOf, type Doc } from './helpers.js'

const fixture = readJson<Doc>('test/vectors/validator-fixtures/ob30/bitstring-credential-status-revoked.json')
const vector = readJson<{ keyPair: { multikey: { publicKeyMultibase: string; secretKeyMultibase: string } } }>(
  'test/vectors/test-vectors/ob-ldp-test-vector.json',
)

const ISSUER = 'https://1edtech.edu/issuers/565049'
const KEY_ID = `${ISSUER}#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi`
const LIST_URL: string = fixture['credentialStatus'].statusListCredential
const now = new Date('2025-01-01T00:00:00Z')

const controllerDocument = {
  '@context': ['https://www.w3.org/ns/cid/v1'],
  id: ISSUER,
  verificationMethod: [
    {
      id: KEY_ID,
      type: 'Multikey',
      controller: ISSUER,
      publicKeyMultibase: vector.keyPair.multikey.publicKeyMultibase,
    },
  ],
  assertionMethod: [KEY_ID],
}

async function issuerKey(): Promise<Ed25519KeyPair> {
  return (await importKeyPair(vector.keyPair.multikey, { controller: ISSUER, id: KEY_ID })) as Ed25519KeyPair
}

/** The rebuilt list: `revoked` entries set in 131,072 single-bit entries. */
async function rebuiltList(revoked: number[]): Promise<Doc> {
  return handMadeList(await issuerKey(), {
    id: LIST_URL,
    issuer: ISSUER,
    purpose: 'revocation',
    encodedList: encodedList(bitstring(131_072, revoked)),
    validFrom: '2024-01-01T00:00:00Z',
  })
}

describe('1EdTech fixture bitstring-credential-status-revoked', () => {
  it('is what the test relies on: entry 23 (a JSON number) of a revocation list, proof by the test-vector key', () => {
    expect(fixture['issuer'].id).toBe(ISSUER)
    expect(fixture['proof'].verificationMethod).toBe(KEY_ID)
    expect(fixture['credentialStatus']).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: 23,
    })
    expect(typeof fixture['credentialStatus'].statusListIndex).toBe('number')
    expect(LIST_URL.startsWith('https://raw.githubusercontent.com/')).toBe(true)
  })

  it("the rebuilt list is signed by the fixture's issuer key and verifies on its own", async () => {
    const list = await rebuiltList([23])
    expect(list.issuer).toBe(ISSUER)
    expect(list.proof[0].verificationMethod).toBe(KEY_ID)
    const report = await verify(list, { now, fetch: serveDocuments({ [ISSUER]: controllerDocument }) })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('every check passes except status, which fails with ERR_REVOKED (index 23, read from a number)', async () => {
    const fetch = serveDocuments({ [ISSUER]: controllerDocument, [LIST_URL]: await rebuiltList([23]) })
    const report = await verify(fixture, { now, fetch })
    expect(report.verified).toBe(false)
    expect(report.issues).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_REVOKED', path: 'credentialStatus' }),
    ])
    expect(report.issues[0]!.message).toContain('23')
    const checks = statusOf(report)
    expect(checks).toMatchObject({
      syntax: 'passed',
      context: 'passed',
      schema: 'passed',
      proof: 'passed',
      'issuer-binding': 'passed',
      validity: 'passed',
      status: 'failed',
    })
    expect(Object.entries(checks).filter(([id, status]) => id !== 'status' && status === 'failed')).toEqual([])
    expect(fetch.calls).toContain(LIST_URL)
    expect(report.nested).toEqual([
      expect.objectContaining({ path: LIST_PATH, report: expect.objectContaining({ verified: true }) }),
    ])
  })

  it('with entry 23 clear (only its neighbours set) the fixture verifies', async () => {
    const fetch = serveDocuments({ [ISSUER]: controllerDocument, [LIST_URL]: await rebuiltList([22, 24]) })
    const report = await verify(fixture, { now, fetch })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    expect(statusOf(report)['status']).toBe('passed')
  })
})
