/**
 * The status formats the `status` check reads: the W3C Bitstring Status List with one and several bits per entry
 * (bit order checked against hand-made lists), its predecessor StatusList2021 (encodedList without the multibase
 * prefix), and 1EdTech's `1EdTechRevocationList` (a JSON list of revoked credential ids).
 */
import { describe, expect, it } from 'vitest'
import { generateKeyPair, issue, verify, type Ed25519KeyPair, type MicrocredError } from '../../../src/index.js'
import { createStatusList, publishStatusList, setStatus } from '../../../src/entries/status.js'
import { copy, euCredential } from '../../helpers/credentials.js'
import { serveDocuments } from '../../helpers/fetch.js'
import {
  bitAt,
  bitstring,
  created,
  decodedList,
  encodedList,
  entry,
  handMadeList,
  issuesOf,
  LIST_PATH,
  LIST_VALID_FROM,
  MESSAGE_URL,
  now,
  REVOCATION_URL,
  statusOf,
  type Doc,
} from './helpers.js'

const MESSAGES = [
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'pending review' },
  { status: '0x2', message: 'under appeal' },
  { status: '0x3', message: 'withdrawn' },
]

describe('status: Bitstring Status List bit order', () => {
  // Hand-made lists: entry i is bit i, counted left to right, most significant bit of each byte first.
  it.each([0, 7, 8, 13, 131_071])('reads entry %i at bit i (MSB first) of a hand-made list', async (index) => {
    const keyPair = await generateKeyPair()
    const signed = await issue(
      { ...euCredential(keyPair), credentialStatus: entry(REVOCATION_URL, String(index)) } as never,
      { keyPair, created },
    )
    const serve = async (set: number[]) =>
      serveDocuments({
        [REVOCATION_URL]: await handMadeList(keyPair, {
          id: REVOCATION_URL,
          purpose: 'revocation',
          encodedList: encodedList(bitstring(131_072, set)),
        }),
      })

    const revoked = await verify(signed, { now, fetch: await serve([index]) })
    expect(revoked.issues).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_REVOKED', path: 'credentialStatus' }),
    ])

    // The mirrored bit of the same byte (LSB-first reading) and the neighbours do not concern this entry.
    const mirrored = (index & ~7) | (7 - (index & 7))
    const others = [mirrored, index - 1, index + 1].filter((i) => i !== index && i >= 0 && i < 131_072)
    const clear = await verify(signed, { now, fetch: await serve(others) })
    expect(clear.issues).toEqual([])
    expect(statusOf(clear)['status']).toBe('passed')
  })
})

describe('status: several bits per entry (statusSize > 1, purpose message)', () => {
  async function setUp() {
    const keyPair = await generateKeyPair()
    const list = await createStatusList({
      id: MESSAGE_URL,
      purpose: 'message',
      statusSize: 2,
      statusMessages: MESSAGES,
    })
    const signed = await issue(euCredential(keyPair), { keyPair, status: list, created })
    const index = Number(signed.credentialStatus!.statusListIndex)
    const publish = () => publishStatusList(list, { keyPair, validFrom: LIST_VALID_FROM })
    return { keyPair, list, signed, index, publish }
  }

  it('the entry carries statusSize and statusMessage', async () => {
    const { signed, index } = await setUp()
    expect(signed.credentialStatus).toEqual({
      id: `${MESSAGE_URL}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'message',
      statusListIndex: String(index),
      statusListCredential: MESSAGE_URL,
      statusSize: 2,
      statusMessage: MESSAGES,
    })
  })

  it('status 2 passes the check with an ERR_STATUS_MESSAGE warning naming its message ("under appeal")', async () => {
    const { list, signed, index, publish } = await setUp()
    await setStatus(list, index, 2)
    const published = await publish()
    // Entry i occupies bits 2i and 2i+1, most significant first: 2 is "10".
    const bytes = decodedList(published.credentialSubject.encodedList)
    expect(bytes.length * 8).toBe(list.length * 2)
    expect([bitAt(bytes, 2 * index), bitAt(bytes, 2 * index + 1)]).toEqual([true, false])

    const report = await verify(signed, { now, fetch: serveDocuments({ [MESSAGE_URL]: published }) })
    expect(report.verified).toBe(true)
    expect(statusOf(report)['status']).toBe('passed')
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'status',
        code: 'ERR_STATUS_MESSAGE',
        severity: 'warning',
        path: 'credentialStatus',
      }),
    ])
    expect(report.issues[0]!.message).toContain('under appeal')
    expect(report.issues[0]!.message).not.toContain('pending review')
    expect(report.nested?.[0]?.path).toBe(LIST_PATH)
  })

  it('status 1 is "pending review"', async () => {
    const { list, signed, index, publish } = await setUp()
    await setStatus(list, index, 1)
    const report = await verify(signed, { now, fetch: serveDocuments({ [MESSAGE_URL]: await publish() }) })
    expect(report.verified).toBe(true)
    expect(issuesOf(report, 'status')).toEqual([
      expect.objectContaining({ code: 'ERR_STATUS_MESSAGE', severity: 'warning' }),
    ])
    expect(report.issues[0]!.message).toContain('pending review')
  })

  it('status 3 is "withdrawn"', async () => {
    const { list, signed, index, publish } = await setUp()
    await setStatus(list, index, 3)
    const report = await verify(signed, { now, fetch: serveDocuments({ [MESSAGE_URL]: await publish() }) })
    expect(report.verified).toBe(true)
    expect(issuesOf(report, 'status')).toEqual([
      expect.objectContaining({ code: 'ERR_STATUS_MESSAGE', severity: 'warning' }),
    ])
    expect(report.issues[0]!.message).toContain('0x3: withdrawn')
  })

  it('a status the entry gives no message for (another issuer left it out) is still reported, as a warning', async () => {
    const keyPair = await generateKeyPair()
    const index = 4
    const credential = {
      ...euCredential(keyPair),
      credentialStatus: {
        ...entry(MESSAGE_URL, String(index), 'message'),
        statusSize: 2,
        statusMessage: MESSAGES.slice(0, 3),
      },
    }
    const signed = await issue(credential as never, { keyPair, created })
    const list = await handMadeList(keyPair, {
      id: MESSAGE_URL,
      purpose: 'message',
      encodedList: encodedList(bitstring(2 * 131_072, [2 * index, 2 * index + 1])),
    })
    const report = await verify(signed, { now, fetch: serveDocuments({ [MESSAGE_URL]: list }) })
    expect(report.verified).toBe(true)
    expect(report.issues).toEqual([expect.objectContaining({ code: 'ERR_STATUS_MESSAGE', severity: 'warning' })])
    expect(report.issues[0]!.message).toContain('status 0x3 (no message defined for it)')
  })

  it('reads a hand-made 2-bit list: value 2 of entry i is bits 2i..2i+1 = "10"', async () => {
    const keyPair = await generateKeyPair()
    const index = 5
    const credential = {
      ...euCredential(keyPair),
      credentialStatus: { ...entry(MESSAGE_URL, String(index), 'message'), statusSize: 2, statusMessage: MESSAGES },
    }
    const signed = await issue(credential as never, { keyPair, created })
    const list = await handMadeList(keyPair, {
      id: MESSAGE_URL,
      purpose: 'message',
      encodedList: encodedList(bitstring(2 * 131_072, [2 * index])),
    })
    const report = await verify(signed, { now, fetch: serveDocuments({ [MESSAGE_URL]: list }) })
    expect(report.verified).toBe(true)
    expect(report.issues).toEqual([expect.objectContaining({ code: 'ERR_STATUS_MESSAGE', severity: 'warning' })])
    expect(report.issues[0]!.message).toContain('under appeal')
  })
})

describe('status: statusMessage values are hexadecimal numbers', () => {
  // Bitstring Status List §2.1: each statusMessage "status" is the hexadecimal value of the status prefixed with
  // 0x. '0x02' and '0x2' are the same value; so are '0xA' and '0xa'.
  const messagesOf = (statusSize: number, write: (value: number) => string) =>
    Array.from({ length: 2 ** statusSize }, (_, value) => ({
      status: write(value),
      message: `message number ${value}`,
    }))

  it.each([
    ['zero-padded ("0x02")', 2, 2, messagesOf(2, (v) => `0x${v.toString(16).padStart(2, '0')}`)],
    ['in upper case ("0xA")', 4, 10, messagesOf(4, (v) => `0x${v.toString(16).toUpperCase()}`)],
    ['plainly ("0xa")', 4, 10, messagesOf(4, (v) => `0x${v.toString(16)}`)],
  ])('finds the message of a status written %s', async (_how, statusSize, value, messages) => {
    const keyPair = await generateKeyPair()
    const index = 9
    const credential = {
      ...euCredential(keyPair),
      credentialStatus: { ...entry(MESSAGE_URL, String(index), 'message'), statusSize, statusMessage: messages },
    }
    const signed = await issue(credential as never, { keyPair, created })
    const set = Array.from({ length: statusSize }, (_, bit) => bit)
      .filter((bit) => ((value >> (statusSize - 1 - bit)) & 1) === 1)
      .map((bit) => index * statusSize + bit)
    const list = await handMadeList(keyPair, {
      id: MESSAGE_URL,
      purpose: 'message',
      encodedList: encodedList(bitstring(statusSize * 131_072, set)),
    })
    const report = await verify(signed, { now, fetch: serveDocuments({ [MESSAGE_URL]: list }) })
    expect(report.verified).toBe(true)
    expect(report.issues).toEqual([expect.objectContaining({ code: 'ERR_STATUS_MESSAGE', severity: 'warning' })])
    expect(report.issues[0]!.message).toContain(`message number ${value}`)
  })
})

describe('status: statusMessage values written by createStatusList', () => {
  it('createStatusList accepts zero-padded statuses ("0x02"), and the verifier finds their messages', async () => {
    const keyPair = await generateKeyPair()
    const padded = MESSAGES.map((m) => ({ ...m, status: `0x0${m.status.slice(2)}` }))
    const list = await createStatusList({ id: MESSAGE_URL, purpose: 'message', statusSize: 2, statusMessages: padded })
    const signed = await issue(euCredential(keyPair), { keyPair, status: list, created })
    expect(signed.credentialStatus!.statusMessage).toEqual(padded)
    await setStatus(list, Number(signed.credentialStatus!.statusListIndex), 2)
    const report = await verify(signed, {
      now,
      fetch: serveDocuments({ [MESSAGE_URL]: await publishStatusList(list, { keyPair, validFrom: LIST_VALID_FROM }) }),
    })
    expect(report.verified).toBe(true)
    expect(report.issues).toEqual([expect.objectContaining({ code: 'ERR_STATUS_MESSAGE', severity: 'warning' })])
    expect(report.issues[0]!.message).toContain('under appeal')
  })
})

describe('status: a list with several purposes', () => {
  it('a list whose statusPurpose is ["revocation", "suspension"] is read for a revocation entry', async () => {
    const keyPair = await generateKeyPair()
    const signed = await issue({ ...euCredential(keyPair), credentialStatus: entry(REVOCATION_URL, '77') } as never, {
      keyPair,
      created,
    })
    const list = await handMadeList(keyPair, {
      id: REVOCATION_URL,
      purpose: 'revocation',
      encodedList: encodedList(bitstring(131_072, [77])),
    })
    const { proof: _proof, ...unsigned } = list
    const both = await issue(
      {
        ...unsigned,
        credentialSubject: { ...unsigned.credentialSubject, statusPurpose: ['revocation', 'suspension'] },
      } as never,
      { keyPair, created: LIST_VALID_FROM },
    )
    const report = await verify(signed, { now, fetch: serveDocuments({ [REVOCATION_URL]: both }) })
    expect(report.issues).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_REVOKED', path: 'credentialStatus' }),
    ])
  })
})

describe('status: StatusList2021 (legacy)', () => {
  const URL_2021 = 'https://tu-example.de/status/2021/1'
  const STATUS_LIST_2021_CONTEXT = 'https://w3id.org/vc/status-list/2021/v1'

  /** A StatusList2021Credential (VC 1.1), encodedList = base64url GZIP without multibase prefix, signed with issue(). */
  async function list2021(keyPair: Ed25519KeyPair, revoked: number[]): Promise<Doc> {
    const credential = {
      '@context': ['https://www.w3.org/2018/credentials/v1', STATUS_LIST_2021_CONTEXT],
      id: URL_2021,
      type: ['VerifiableCredential', 'StatusList2021Credential'],
      issuer: keyPair.controller,
      issuanceDate: LIST_VALID_FROM,
      credentialSubject: {
        id: `${URL_2021}#list`,
        type: 'StatusList2021',
        statusPurpose: 'revocation',
        encodedList: encodedList(bitstring(131_072, revoked), false),
      },
    }
    return issue(credential as never, { keyPair, created: LIST_VALID_FROM })
  }

  const entry2021 = (index: string) => ({
    id: `${URL_2021}#${index}`,
    type: 'StatusList2021Entry',
    statusPurpose: 'revocation',
    statusListIndex: index,
    statusListCredential: URL_2021,
  })

  /**
   * An EU credential with a StatusList2021Entry, signed after the entry was added. The VC 2.0 and OB contexts do
   * not define StatusList2021Entry, so the credential also lists the StatusList2021 context (bundled): with it,
   * issue() signs the credential and it is valid JSON-LD (signBypassingChecks is not needed, and could not help:
   * the Digital Bazaar signer refuses undefined types too).
   */
  async function credential2021(keyPair: Ed25519KeyPair, index: string): Promise<Doc> {
    const credential = copy(euCredential(keyPair))
    credential['@context'].push(STATUS_LIST_2021_CONTEXT)
    credential.credentialStatus = entry2021(index)
    return issue(credential, { keyPair, created })
  }

  it('without the StatusList2021 context, issue() refuses the entry: StatusList2021Entry (and its terms) are undefined', async () => {
    const keyPair = await generateKeyPair()
    const credential = copy(euCredential(keyPair))
    credential.credentialStatus = entry2021('1')
    const error = await issue(credential, { keyPair, created }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ name: 'MicrocredError' })
    expect((error as MicrocredError).issues).toContainEqual(
      expect.objectContaining({ code: 'ERR_JSONLD_UNDEFINED_TYPE', path: expect.stringContaining('credentialStatus') }),
    )
  })

  it('the list (a VC 1.1 StatusList2021Credential) verifies on its own', async () => {
    const keyPair = await generateKeyPair()
    const list = await list2021(keyPair, [])
    expect(list.credentialSubject.encodedList.startsWith('u')).toBe(false)
    const report = await verify(list, { now })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('a set bit: ERR_REVOKED; a clear bit: the status check passes', async () => {
    const keyPair = await generateKeyPair()
    const index = 42
    const signed = await credential2021(keyPair, String(index))

    const revoked = await verify(signed, {
      now,
      fetch: serveDocuments({ [URL_2021]: await list2021(keyPair, [index]) }),
    })
    expect(revoked.verified).toBe(false)
    expect(statusOf(revoked)).toMatchObject({
      context: 'passed',
      schema: 'passed',
      proof: 'passed',
      'issuer-binding': 'passed',
      validity: 'passed',
      status: 'failed',
    })
    expect(revoked.issues).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_REVOKED', path: 'credentialStatus' }),
    ])
    expect(revoked.nested?.[0]).toMatchObject({ path: LIST_PATH, report: { verified: true } })

    const clear = await verify(signed, {
      now,
      fetch: serveDocuments({ [URL_2021]: await list2021(keyPair, [index + 1]) }),
    })
    expect(clear.issues).toEqual([])
    expect(clear.verified).toBe(true)
    expect(statusOf(clear)['status']).toBe('passed')
  })

  it('a BitstringStatusListCredential served for a StatusList2021Entry: ERR_STATUS_LIST_INVALID', async () => {
    const keyPair = await generateKeyPair()
    const signed = await credential2021(keyPair, '1')
    const bitstringList = await handMadeList(keyPair, {
      id: URL_2021,
      purpose: 'revocation',
      encodedList: encodedList(bitstring(131_072)),
    })
    const report = await verify(signed, { now, fetch: serveDocuments({ [URL_2021]: bitstringList }) })
    expect(issuesOf(report, 'status')).toEqual([
      expect.objectContaining({ code: 'ERR_STATUS_LIST_INVALID', path: LIST_PATH }),
    ])
  })
})

describe('status: 1EdTechRevocationList', () => {
  const LIST_URL = 'https://tu-example.de/revocations'
  const EXTENSIONS = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'

  async function setUp() {
    const keyPair = await generateKeyPair()
    const credential = copy(euCredential(keyPair))
    credential['@context'].push(EXTENSIONS)
    credential.credentialStatus = { id: LIST_URL, type: '1EdTechRevocationList' }
    const signed: Doc = await issue(credential, { keyPair, created })
    return { keyPair, signed }
  }

  it('a listed credential id: ERR_REVOKED, with the reason', async () => {
    const { keyPair, signed } = await setUp()
    const list = {
      id: LIST_URL,
      issuer: keyPair.controller,
      revokedCredentials: [
        { id: 'urn:uuid:00000000-0000-4000-8000-000000000000' },
        { id: signed.id, revocationReason: 'Academic misconduct' },
      ],
    }
    const fetch = serveDocuments({ [LIST_URL]: list })
    const report = await verify(signed, { now, fetch })
    expect(report.verified).toBe(false)
    expect(statusOf(report)).toMatchObject({ context: 'passed', proof: 'passed', status: 'failed' })
    expect(report.issues).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_REVOKED', path: 'credentialStatus' }),
    ])
    expect(report.issues[0]!.message).toContain('Academic misconduct')
    expect(fetch.calls).toContain(LIST_URL)
  })

  it('a credential id not in the list: passes', async () => {
    const { keyPair, signed } = await setUp()
    const list = {
      id: LIST_URL,
      issuer: keyPair.controller,
      revokedCredentials: [
        { id: 'urn:uuid:00000000-0000-4000-8000-000000000000', revocationReason: 'Issued in error' },
      ],
    }
    const report = await verify(signed, { now, fetch: serveDocuments({ [LIST_URL]: list }) })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    expect(statusOf(report)['status']).toBe('passed')
  })

  it('a list naming another issuer is read, with an ERR_STATUS_ISSUER_MISMATCH warning (a failure under the strict policy)', async () => {
    const { signed } = await setUp()
    const other = await generateKeyPair()
    const list = { id: LIST_URL, issuer: other.controller, revokedCredentials: [] }
    const report = await verify(signed, { now, fetch: serveDocuments({ [LIST_URL]: list }) })
    expect(report.verified).toBe(true)
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'status',
        code: 'ERR_STATUS_ISSUER_MISMATCH',
        path: 'credentialStatus.id',
        severity: 'warning',
      }),
    ])
    const revoked = { ...list, revokedCredentials: [{ id: signed.id }] }
    const revokedReport = await verify(signed, { now, fetch: serveDocuments({ [LIST_URL]: revoked }) })
    expect(revokedReport.issues.filter((i) => i.severity !== 'warning')).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_REVOKED' }),
    ])
    expect(
      (await verify(signed, { now, fetch: serveDocuments({ [LIST_URL]: list }), policy: 'strict' })).verified,
    ).toBe(false)
  })

  it('an unreachable list: ERR_STATUS_UNAVAILABLE; a document without revokedCredentials: ERR_STATUS_LIST_INVALID', async () => {
    const { keyPair, signed } = await setUp()
    const missing = await verify(signed, { now, fetch: serveDocuments({}) })
    expect(missing.issues).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_STATUS_UNAVAILABLE', path: 'credentialStatus.id' }),
    ])
    const wrong = await verify(signed, {
      now,
      fetch: serveDocuments({ [LIST_URL]: { id: LIST_URL, issuer: keyPair.controller, revoked: [signed.id] } }),
    })
    expect(wrong.issues).toEqual([
      expect.objectContaining({ check: 'status', code: 'ERR_STATUS_LIST_INVALID', path: 'credentialStatus.id' }),
    ])
  })
})
