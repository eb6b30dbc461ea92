/**
 * The `status` check, end to end: an issuer gives credentials entries in its status lists (issue() with
 * `status`), publishes the signed lists (publishStatusList), revokes, suspends and un-suspends; the verifier
 * fetches the list through the injected fetch and reads the entry's bit. Nothing touches the network.
 */
import { describe, expect, it } from 'vitest'
import { generateKeyPair, issue, verify } from '../../../src/index.js'
import {
  createStatusList,
  getStatus,
  publishStatusList,
  setStatus,
  type StatusList,
} from '../../../src/entries/status.js'
import { euCredential, signBypassingChecks } from '../../helpers/credentials.js'
import { serveDocuments } from '../../helpers/fetch.js'
import {
  bitAt,
  created,
  decodedList,
  issuesOf,
  LIST_PATH,
  LIST_VALID_FROM,
  now,
  REVOCATION_URL,
  statusOf,
  SUSPENSION_URL,
} from './helpers.js'

/** An issuer, a list of `purpose`, a credential with an entry in it, and a fetch serving whatever is published. */
async function setUp(url: string, purpose: 'revocation' | 'suspension') {
  const keyPair = await generateKeyPair()
  const list = await createStatusList({ id: url, purpose })
  const signed = await issue(euCredential(keyPair), { keyPair, status: list, created })
  const published = new Map<string, unknown>()
  const publish = async (target: StatusList = list) => {
    const credential = await publishStatusList(target, { keyPair, validFrom: LIST_VALID_FROM })
    published.set(url, credential)
    return credential
  }
  await publish()
  return {
    keyPair,
    list,
    signed,
    index: Number(signed.credentialStatus!.statusListIndex),
    publish,
    fetch: serveDocuments(published),
  }
}

describe('status: revocation', () => {
  it('issue() with status gives the credential a BitstringStatusListEntry (index as a string) that is signed', async () => {
    const { signed, list, index } = await setUp(REVOCATION_URL, 'revocation')
    expect(signed.credentialStatus).toEqual({
      id: `${REVOCATION_URL}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(index),
      statusListCredential: REVOCATION_URL,
    })
    expect(typeof signed.credentialStatus!.statusListIndex).toBe('string')
    expect(Number.isInteger(index) && index >= 0 && index < list.length).toBe(true)
    // The entry is covered by the signature: moving it to another index breaks the proof.
    const moved = structuredClone(signed)
    moved.credentialStatus!.statusListIndex = String((index + 1) % list.length)
    const report = await verify(moved, { now, fetch: serveDocuments({}) })
    expect(statusOf(report)['proof']).toBe('failed')
  })

  it('passes a credential whose entry is clear, and lists the verified list in report.nested', async () => {
    const { signed, fetch, index } = await setUp(REVOCATION_URL, 'revocation')
    const report = await verify(signed, { now, fetch })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    expect(statusOf(report)['status']).toBe('passed')
    expect(report.checks.find((c) => c.id === 'status')!.reason).toContain(String(index))
    expect(fetch.calls).toContain(REVOCATION_URL)
    expect(report.nested).toHaveLength(1)
    const nested = report.nested![0]!
    expect(nested.path).toBe(LIST_PATH)
    expect(nested.report.verified).toBe(true)
    expect(nested.report.credential).toMatchObject({
      id: REVOCATION_URL,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    })
    expect(statusOf(nested.report)).toMatchObject({
      proof: 'passed',
      'issuer-binding': 'passed',
      validity: 'passed',
      status: 'skipped',
    })
  })

  it('publishes the list in the W3C encoding: multibase base64url GZIP, bit `index` set MSB-first after setStatus', async () => {
    const { list, index, publish } = await setUp(REVOCATION_URL, 'revocation')
    const before = decodedList((await publish()).credentialSubject.encodedList)
    expect(before.length * 8).toBe(list.length)
    expect(before.every((byte) => byte === 0)).toBe(true)
    await setStatus(list, index, true)
    expect(await getStatus(list, index)).toBe(1)
    const after = decodedList((await publish()).credentialSubject.encodedList)
    expect(after.length).toBe(before.length)
    expect(bitAt(after, index)).toBe(true)
    const setBits = [...after].reduce(
      (sum, byte) =>
        sum +
        byte
          .toString(2)
          .split('')
          .filter((b) => b === '1').length,
      0,
    )
    expect(setBits).toBe(1)
  })

  it('fails with ERR_REVOKED at credentialStatus once the revocation is published, and not before', async () => {
    const { signed, list, index, publish, fetch } = await setUp(REVOCATION_URL, 'revocation')
    await setStatus(list, index, true)
    // Set in the store but not yet published: verifiers still see the old list.
    expect((await verify(signed, { now, fetch })).verified).toBe(true)
    await publish()
    const report = await verify(signed, { now, fetch })
    expect(report.verified).toBe(false)
    expect(statusOf(report)).toMatchObject({
      proof: 'passed',
      'issuer-binding': 'passed',
      validity: 'passed',
      status: 'failed',
    })
    expect(report.issues).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_REVOKED', path: 'credentialStatus' }),
    ])
    expect(report.issues[0]!.severity).toBeUndefined()
    expect(report.issues[0]!.message).toContain(String(index))
    // The list itself still verifies: it is the credential that is revoked.
    expect(report.nested?.[0]).toMatchObject({ path: LIST_PATH, report: { verified: true } })
  })

  it('only the revoked entry: another credential of the same list still passes', async () => {
    const { keyPair, signed, list, index, publish, fetch } = await setUp(REVOCATION_URL, 'revocation')
    const other = await issue(euCredential(keyPair, { id: 'urn:uuid:7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }), {
      keyPair,
      status: list,
      created,
    })
    expect(other.credentialStatus!.statusListIndex).not.toBe(String(index))
    await setStatus(list, index, true)
    await publish()
    expect(issuesOf(await verify(signed, { now, fetch }), 'status').map((i) => i.code)).toEqual(['ERR_REVOKED'])
    const report = await verify(other, { now, fetch })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })
})

describe('status: suspension', () => {
  it('suspends (ERR_SUSPENDED) and un-suspends (passes again) as each change is published', async () => {
    const { signed, list, index, publish, fetch } = await setUp(SUSPENSION_URL, 'suspension')
    expect(signed.credentialStatus).toMatchObject({
      statusPurpose: 'suspension',
      statusListCredential: SUSPENSION_URL,
      statusListIndex: String(index),
    })

    const clear = await verify(signed, { now, fetch })
    expect(clear.verified).toBe(true)
    expect(statusOf(clear)['status']).toBe('passed')

    await setStatus(list, index, true)
    await publish()
    const suspended = await verify(signed, { now, fetch })
    expect(suspended.verified).toBe(false)
    expect(statusOf(suspended)['status']).toBe('failed')
    expect(suspended.issues).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_SUSPENDED', path: 'credentialStatus' }),
    ])

    await setStatus(list, index, false)
    expect(await getStatus(list, index)).toBe(0)
    await publish()
    const resumed = await verify(signed, { now, fetch })
    expect(resumed.issues).toEqual([])
    expect(resumed.verified).toBe(true)
    expect(statusOf(resumed)['status']).toBe('passed')
    expect(resumed.nested?.[0]?.path).toBe(LIST_PATH)
  })

  it('reads every entry of a credentialStatus array, reporting each by its own path', async () => {
    const keyPair = await generateKeyPair()
    const revocations = await createStatusList({ id: REVOCATION_URL, purpose: 'revocation' })
    const suspensions = await createStatusList({ id: SUSPENSION_URL, purpose: 'suspension' })
    const withRevocation = await issue(euCredential(keyPair), { keyPair, status: revocations, created })
    const suspensionEntry = (await issue(euCredential(keyPair), { keyPair, status: suspensions, created }))
      .credentialStatus!
    // VC 2.0 allows several entries, the OB 3.0 schema only one: issue() refuses the array, so this credential is
    // signed directly (its schema finding is a warning; only the status check is examined here).
    const signed = await signBypassingChecks(
      { ...euCredential(keyPair), credentialStatus: [withRevocation.credentialStatus!, suspensionEntry] },
      keyPair,
    )
    await setStatus(suspensions, Number(suspensionEntry.statusListIndex), true)
    const fetch = serveDocuments({
      [REVOCATION_URL]: await publishStatusList(revocations, { keyPair, validFrom: LIST_VALID_FROM }),
      [SUSPENSION_URL]: await publishStatusList(suspensions, { keyPair, validFrom: LIST_VALID_FROM }),
    })
    const report = await verify(signed, { now, fetch })
    expect(report.verified).toBe(false)
    expect(statusOf(report)).toMatchObject({ proof: 'passed', schema: 'passed', status: 'failed' })
    expect(report.issues).toContainEqual(
      expect.objectContaining({ check: 'schema', path: 'credentialStatus', severity: 'warning' }),
    )
    expect(issuesOf(report, 'status')).toEqual([
      expect.objectContaining({ code: 'ERR_SUSPENDED', path: 'credentialStatus[1]' }),
    ])
    expect(report.nested?.map((n) => n.path)).toEqual([
      'credentialStatus[0].statusListCredential',
      'credentialStatus[1].statusListCredential',
    ])
  })
})
