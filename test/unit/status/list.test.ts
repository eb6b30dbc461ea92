import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { generateKeyPair, isMicrocredError, issue, verify } from '../../../src/index.js'
import {
  MIN_STATUS_LIST_LENGTH,
  MemoryStatusListStore,
  allocateStatus,
  createStatusList,
  getStatus,
  openOrCreateStatusList,
  openStatusList,
  publishStatusList,
  setStatus,
  statusEntry,
} from '../../../src/entries/status.js'
import { euCredential } from '../../helpers/credentials.js'

const codeOf = async (action: Promise<unknown>): Promise<string | undefined> =>
  action.then(
    () => undefined,
    (e: unknown) => (isMicrocredError(e) ? e.code : `other: ${String(e)}`),
  )
/** Bit `position` of a decoded list, left to right (W3C Bitstring Status List §2.1). */
const bitOf = (bytes: Buffer, position: number): number =>
  (bytes[Math.floor(position / 8)]! >> (7 - (position % 8))) & 1

describe('openOrCreateStatusList', () => {
  it('creates the list on the first start and opens it, entries and statuses kept, on every later one', async () => {
    const store = new MemoryStatusListStore()
    const options = { id: 'https://uni.example/status/restart', purpose: 'revocation' as const, length: 64, store }
    const first = await openOrCreateStatusList(options)
    const { index } = await allocateStatus(first)
    await setStatus(first, index, true)
    // What the README's revocation code did on a second start: createStatusList refuses, naming the way out.
    const again = await createStatusList(options).catch((error: unknown) => error)
    expect(again).toMatchObject({
      code: 'ERR_STATUS_LIST_EXISTS',
      message: expect.stringContaining('openOrCreateStatusList'),
    })
    const second = await openOrCreateStatusList(options)
    expect(second).toMatchObject({ id: first.id, purpose: 'revocation', length: 64 })
    expect(await getStatus(second, index)).toBe(1)
  })

  it('refuses an existing list of another purpose or status size (ERR_STATUS_LIST_EXISTS at the option)', async () => {
    const store = new MemoryStatusListStore()
    await openOrCreateStatusList({ id: 'https://uni.example/status/kind', purpose: 'revocation', length: 64, store })
    await expect(
      openOrCreateStatusList({ id: 'https://uni.example/status/kind', purpose: 'suspension', store }),
    ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_EXISTS', path: 'purpose' })
    const messages = [
      { status: '0x0', message: 'a' },
      { status: '0x1', message: 'b' },
      { status: '0x2', message: 'c' },
      { status: '0x3', message: 'd' },
    ]
    await expect(
      openOrCreateStatusList({
        id: 'https://uni.example/status/kind',
        purpose: 'revocation',
        statusSize: 2,
        statusMessages: messages,
        store,
      }),
    ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_EXISTS', path: 'statusSize' })
  })

  it('two processes starting at once both end up with the one list (the loser of the race opens it)', async () => {
    const store = new MemoryStatusListStore()
    const options = { id: 'https://uni.example/status/race', purpose: 'revocation' as const, length: 64, store }
    const [a, b] = await Promise.all([openOrCreateStatusList(options), openOrCreateStatusList(options)])
    expect(a.id).toBe(b.id)
  })
})

describe('createStatusList / openStatusList', () => {
  it('defaults to 131,072 single-bit entries, the W3C herd-privacy minimum', async () => {
    const list = await createStatusList({ id: 'https://uni.example/status/1', purpose: 'revocation' })
    expect(MIN_STATUS_LIST_LENGTH).toBe(131_072)
    expect(list).toMatchObject({
      id: 'https://uni.example/status/1',
      purpose: 'revocation',
      length: 131_072,
      statusSize: 1,
    })
  })

  it.each([
    ['a relative id', { id: 'status/1', purpose: 'revocation' }, 'id'],
    ['an unknown purpose', { id: 'https://u.example/s', purpose: 'expiry' }, 'purpose'],
    ['a zero length', { id: 'https://u.example/s', purpose: 'revocation', length: 0 }, 'length'],
    ['a fractional length', { id: 'https://u.example/s', purpose: 'revocation', length: 10.5 }, 'length'],
    ['several bits for revocation', { id: 'https://u.example/s', purpose: 'revocation', statusSize: 2 }, 'statusSize'],
    [
      'several bits with an empty list of messages',
      { id: 'https://u.example/s', purpose: 'message', statusSize: 2, statusMessages: [] },
      'statusMessages',
    ],
    [
      'a malformed message',
      { id: 'https://u.example/s', purpose: 'message', statusSize: 2, statusMessages: [{ status: '1', message: 'x' }] },
      'statusMessages[0]',
    ],
    [
      'too few messages for the status size',
      {
        id: 'https://u.example/s',
        purpose: 'message',
        statusSize: 2,
        statusMessages: [
          { status: '0x0', message: 'a' },
          { status: '0x1', message: 'b' },
        ],
      },
      'statusMessages',
    ],
    [
      'a status given twice',
      {
        id: 'https://u.example/s',
        purpose: 'message',
        statusSize: 1,
        statusMessages: [
          { status: '0x1', message: 'a' },
          { status: '0x01', message: 'b' },
        ],
      },
      'statusMessages',
    ],
    [
      'a status beyond the status size',
      {
        id: 'https://u.example/s',
        purpose: 'message',
        statusSize: 1,
        statusMessages: [
          { status: '0x0', message: 'a' },
          { status: '0x2', message: 'b' },
        ],
      },
      'statusMessages',
    ],
  ])('rejects %s with ERR_INVALID_INPUT at its option', async (_name, options, path) => {
    const error = await createStatusList(options as never).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ERR_INVALID_INPUT', path })
  })

  it.each([
    ['no id', { purpose: 'revocation' }, 'id'],
    ['a null id', { id: null, purpose: 'revocation' }, 'id'],
    ['no purpose', { id: 'https://u.example/s' }, 'purpose'],
    [
      'several bits without messages',
      { id: 'https://u.example/s', purpose: 'message', statusSize: 2 },
      'statusMessages',
    ],
  ])('rejects %s with ERR_INPUT_REQUIRED at the option', async (_name, options, path) => {
    const error = await createStatusList(options as never).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ERR_INPUT_REQUIRED', path })
  })

  it('refuses to set an entry never handed out, or out of range, with ERR_STATUS_ENTRY_UNKNOWN at index', async () => {
    const list = await createStatusList({ id: 'https://uni.example/status/entries', purpose: 'revocation', length: 8 })
    const { index } = await allocateStatus(list)
    const free = [...Array(8).keys()].find((i) => i !== index)!
    await expect(setStatus(list, free, true)).rejects.toMatchObject({ code: 'ERR_STATUS_ENTRY_UNKNOWN', path: 'index' })
    await expect(setStatus(list, 8, true)).rejects.toMatchObject({ code: 'ERR_STATUS_ENTRY_UNKNOWN', path: 'index' })
    await expect(getStatus(list, -1)).rejects.toMatchObject({ code: 'ERR_STATUS_ENTRY_UNKNOWN', path: 'index' })
    // Present but unusable values stay ERR_INVALID_INPUT.
    await expect(setStatus(list, 1.5, true)).rejects.toMatchObject({ code: 'ERR_INVALID_INPUT', path: 'index' })
    await expect(setStatus(list, index, 2)).rejects.toMatchObject({ code: 'ERR_INVALID_INPUT', path: 'value' })
    expect(await getStatus(list, index)).toBe(0)
  })

  it('reopens a list from its store, and says when there is none', async () => {
    const store = new MemoryStatusListStore()
    await createStatusList({ id: 'https://uni.example/status/2', purpose: 'suspension', length: 100, store })
    expect(await openStatusList('https://uni.example/status/2', { store })).toMatchObject({
      purpose: 'suspension',
      length: 100,
    })
    expect(await codeOf(openStatusList('https://uni.example/status/none', { store }))).toBe('ERR_STATUS_LIST_UNKNOWN')
  })
})

describe('entries', () => {
  it('allocateStatus gives an index and the BitstringStatusListEntry pointing to it', async () => {
    const list = await createStatusList({ id: 'https://uni.example/status/3', purpose: 'revocation', length: 1000 })
    const { index, credentialStatus } = await allocateStatus(list)
    expect(credentialStatus).toEqual({
      id: `https://uni.example/status/3#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(index),
      statusListCredential: 'https://uni.example/status/3',
    })
  })

  it('a message list entry carries statusSize and statusMessage', async () => {
    const statusMessages = [
      { status: '0x0', message: 'valid' },
      { status: '0x1', message: 'pending' },
      { status: '0x2', message: 'appealed' },
      { status: '0x3', message: 'withdrawn' },
    ]
    const list = await createStatusList({
      id: 'https://uni.example/status/4',
      purpose: 'message',
      length: 64,
      statusSize: 2,
      statusMessages,
    })
    expect(statusEntry(list, 7)).toMatchObject({
      statusPurpose: 'message',
      statusSize: 2,
      statusMessage: statusMessages,
    })
  })

  it('setStatus takes booleans and numbers, getStatus reads them back', async () => {
    const list = await createStatusList({ id: 'https://uni.example/status/5', purpose: 'suspension', length: 64 })
    const { index } = await allocateStatus(list)
    await setStatus(list, index, true)
    expect(await getStatus(list, index)).toBe(1)
    await setStatus(list, index, false)
    expect(await getStatus(list, index)).toBe(0)
    await setStatus(list, index, 1)
    expect(await getStatus(list, index)).toBe(1)
    await expect(setStatus(list, index, 'yes' as never)).rejects.toThrow(TypeError)
    await expect(allocateStatus({ id: 'x' } as never)).rejects.toThrow(TypeError)
  })
})

describe('publishStatusList', () => {
  it('signs a VC 2.0 BitstringStatusListCredential whose encodedList is the GZIP base64url of the bits', async () => {
    const keyPair = await generateKeyPair()
    const list = await createStatusList({ id: 'https://uni.example/status/6', purpose: 'revocation', length: 131_072 })
    const a = (await allocateStatus(list)).index
    const b = (await allocateStatus(list)).index
    await setStatus(list, a, true)
    const credential = await publishStatusList(list, {
      keyPair,
      validFrom: '2025-01-01T00:00:00Z',
      validUntil: '2026-01-01T00:00:00Z',
    })
    expect(credential).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: list.id,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: keyPair.controller,
      validFrom: '2025-01-01T00:00:00Z',
      validUntil: '2026-01-01T00:00:00Z',
      credentialSubject: { id: `${list.id}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation' },
    })
    const encoded = credential.credentialSubject.encodedList
    expect(encoded.startsWith('u')).toBe(true)
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'))
    expect(bytes.length).toBe(131_072 / 8)
    expect(bitOf(bytes, a)).toBe(1)
    expect(bitOf(bytes, b)).toBe(0)
    expect([...bytes].reduce((sum, byte) => sum + byte.toString(2).split('1').length - 1, 0)).toBe(1)
    expect((await verify(credential, { now: new Date('2025-06-01T00:00:00Z') })).verified).toBe(true)
  })

  it("needs a key (TypeError) and signs as that key's controller", async () => {
    const list = await createStatusList({ id: 'https://uni.example/status/7', purpose: 'revocation', length: 8 })
    await expect(publishStatusList(list, {})).rejects.toThrow(TypeError)
  })

  it('refuses to publish when a custom store returns a bitstring of the wrong size (ERR_STATUS_LIST_INVALID)', async () => {
    const keyPair = await generateKeyPair()
    class ShortStore extends MemoryStatusListStore {
      override async bits(id: string): Promise<Uint8Array> {
        return (await super.bits(id)).subarray(1)
      }
    }
    const list = await createStatusList({
      id: 'https://uni.example/status/8',
      purpose: 'revocation',
      length: 64,
      store: new ShortStore(),
    })
    const error = await publishStatusList(list, { keyPair }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ERR_STATUS_LIST_INVALID' })
    expect((error as Error).message).toContain('7 bytes')
    expect((error as Error).message).toContain('take 8')
  })
})

describe('issue() with a status list', () => {
  it('allocates an entry, adds credentialStatus and signs it in', async () => {
    const keyPair = await generateKeyPair()
    const store = new MemoryStatusListStore()
    const list = await createStatusList({
      id: 'https://uni.example/status/8',
      purpose: 'revocation',
      length: 1000,
      store,
    })
    const signed = await issue(euCredential(keyPair), { keyPair, status: list })
    const index = Number(signed.credentialStatus?.statusListIndex)
    expect(signed.credentialStatus).toEqual(statusEntry(list, index))
    expect(await store.isAllocated(list.id, index)).toBe(true)
    const second = await issue(euCredential(keyPair), { keyPair, status: list })
    expect(second.credentialStatus?.statusListIndex).not.toBe(signed.credentialStatus?.statusListIndex)
  })

  it('refuses a credential that already has a credentialStatus, and a non-list (TypeError)', async () => {
    const keyPair = await generateKeyPair()
    const list = await createStatusList({ id: 'https://uni.example/status/9', purpose: 'revocation', length: 100 })
    const signed = await issue(euCredential(keyPair), { keyPair, status: list })
    const { proof: _proof, ...unsigned } = signed
    await expect(issue(unsigned, { keyPair, status: list })).rejects.toThrow(TypeError)
    await expect(issue(euCredential(keyPair), { keyPair, status: {} as never })).rejects.toThrow(TypeError)
  })
})
