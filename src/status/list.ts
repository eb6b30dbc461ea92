/**
 * Issuer side of the W3C Bitstring Status List: create a list, hand out entries to credentials, revoke or
 * suspend them, and build the `BitstringStatusListCredential` verifiers fetch (`publishStatusList()` in
 * issue/status-list.ts signs it).
 */
import { MicrocredError } from '../errors.js'
import { VC_V2_CONTEXT } from '../context/urls.js'
import type { CredentialBase, CredentialStatus } from '../model/ob3.js'
import { formatDateTime, nowDateTime } from '../util/dates.js'
import { isAbsent, isAbsoluteIri } from '../util/input-checks.js'
import { isJsonObject } from '../util/json.js'
import { encodeList, MIN_STATUS_LIST_LENGTH } from './bitstring.js'
import {
  MemoryStatusListStore,
  type StatusListRecord,
  type StatusListStore,
  type StatusMessage,
  type StatusPurpose,
} from './store.js'
import { assertList, statusEntry, type StatusList } from './entry.js'

export { statusEntry, type StatusList } from './entry.js'

/** Options of {@link createStatusList}. */
export interface CreateStatusListOptions {
  /** URL where the signed status list credential will be published (it is also the credential's id). */
  id: string
  /** `revocation` (permanent), `suspension` (reversible) or `message` (multi-bit, with `statusMessages`). */
  purpose: StatusPurpose
  /** Number of entries; default 131,072, the W3C minimum for herd privacy. */
  length?: number
  /** Bits per entry; 1 except for `message` lists. */
  statusSize?: number
  /** What each status value means, for `message` lists (e.g. `{ status: '0x1', message: 'pending review' }`). */
  statusMessages?: StatusMessage[]
  /** Where the list lives; default a new in-memory store. */
  store?: StatusListStore
}

/** The store's bitstring for `list`, checked for size: a custom store returning the wrong length is caught here, not by verifiers. */
async function listBits(list: StatusList): Promise<Uint8Array> {
  const bytes = await list.store.bits(list.id)
  const expected = Math.ceil((list.length * list.statusSize) / 8)
  if (!(bytes instanceof Uint8Array) || bytes.length !== expected) {
    throw new MicrocredError(
      'ERR_STATUS_LIST_INVALID',
      `the store returned ${bytes instanceof Uint8Array ? `${bytes.length} bytes` : 'no bytes'} for ${list.id}; ${list.length} entries of ${list.statusSize} bit${list.statusSize === 1 ? '' : 's'} take ${expected}`,
    )
  }
  return bytes
}

/** A status list credential as published (W3C Bitstring Status List §2.2). */
export interface BitstringStatusListCredential extends CredentialBase {
  issuer: string
  credentialSubject: { id: string; type: 'BitstringStatusList'; statusPurpose: StatusPurpose; encodedList: string }
}

/** `ERR_INPUT_REQUIRED` for an option of createStatusList() that is absent. */
function missingOption(option: string, what: string): MicrocredError {
  return new MicrocredError('ERR_INPUT_REQUIRED', `createStatusList: ${option} is required: ${what}`, { path: option })
}

/** The largest list microcred creates: 2^24 entries. */
const MAX_LENGTH = 2 ** 24

/**
 * Creates a status list in a store.
 *
 * @throws MicrocredError `ERR_INPUT_REQUIRED` for a missing `id` or `purpose` (or `statusMessages` for a list of more
 *   than one bit per entry), `ERR_INVALID_INPUT` for a bad option, `ERR_STATUS_LIST_EXISTS` for a list id that exists in
 * the store (after a restart, open it: {@link openStatusList}, or {@link openOrCreateStatusList}).
 * @example
 * ```ts
 * const store = new FileStatusListStore('./status')
 * const revocations = await createStatusList({ id: 'https://uni.example/status/revocation/1', purpose: 'revocation', store })
 * ```
 */
export async function createStatusList(options: CreateStatusListOptions): Promise<StatusList> {
  if (!isJsonObject(options)) throw new TypeError('createStatusList(options): options must be an object')
  // Unknown until checked: the options come from callers, through JavaScript, whatever the type says.
  const { id, purpose }: Record<string, unknown> = options
  if (isAbsent(id)) throw missingOption('id', 'the absolute URL the list will be published at')
  if (typeof id !== 'string' || !isAbsoluteIri(id))
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `createStatusList: id ${JSON.stringify(id)} must be the absolute URL the list will be published at`,
      { path: 'id' },
    )
  if (isAbsent(purpose)) throw missingOption('purpose', '"revocation", "suspension" or "message"')
  if (purpose !== 'revocation' && purpose !== 'suspension' && purpose !== 'message') {
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `createStatusList: purpose must be "revocation", "suspension" or "message", not ${JSON.stringify(purpose)}`,
      { path: 'purpose' },
    )
  }
  const length = options.length ?? MIN_STATUS_LIST_LENGTH
  if (!Number.isInteger(length) || length < 1 || length > MAX_LENGTH)
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `createStatusList: length must be an integer from 1 to ${MAX_LENGTH}`,
      { path: 'length' },
    )
  const statusSize = options.statusSize ?? 1
  if (!Number.isInteger(statusSize) || statusSize < 1 || statusSize > 8)
    throw new MicrocredError('ERR_INVALID_INPUT', 'createStatusList: statusSize must be an integer from 1 to 8', {
      path: 'statusSize',
    })
  if (purpose !== 'message' && statusSize !== 1)
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      'createStatusList: only "message" lists have more than one bit per entry',
      { path: 'statusSize' },
    )
  // Bitstring Status List §2.1: statusMessage is required when statusSize is greater than 1.
  if (statusSize > 1 && isAbsent(options.statusMessages))
    throw missingOption('statusMessages', 'a list with more than one bit per entry needs them')
  if (statusSize > 1 && options.statusMessages?.length === 0) {
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      'createStatusList: a list with more than one bit per entry needs statusMessages',
      { path: 'statusMessages' },
    )
  }
  for (const [i, message] of (options.statusMessages ?? []).entries()) {
    if (
      !isJsonObject(message) ||
      typeof message.status !== 'string' ||
      !/^0x[0-9a-fA-F]+$/.test(message.status) ||
      typeof message.message !== 'string'
    ) {
      throw new MicrocredError(
        'ERR_INVALID_INPUT',
        'createStatusList: each status message is { status: "0x<hex>", message: string }',
        { path: `statusMessages[${i}]` },
      )
    }
  }
  if (options.statusMessages !== undefined) {
    // Bitstring Status List §2.1: one message for each of the 2^statusSize possible values.
    const values = new Set(options.statusMessages.map((m) => Number.parseInt(m.status.slice(2), 16)))
    const expected = 2 ** statusSize
    if (
      options.statusMessages.length !== expected ||
      values.size !== expected ||
      [...values].some((v) => v >= expected)
    ) {
      throw new MicrocredError(
        'ERR_INVALID_INPUT',
        `createStatusList: statusMessages must give exactly one message for each of the ${expected} values 0x0 to 0x${(expected - 1).toString(16)}`,
        { path: 'statusMessages' },
      )
    }
  }
  const store = options.store ?? new MemoryStatusListStore()
  const record: StatusListRecord = {
    id,
    purpose,
    length,
    statusSize,
    ...(options.statusMessages === undefined ? {} : { statusMessages: options.statusMessages.map((m) => ({ ...m })) }),
  }
  await store.create(record)
  return Object.freeze({ ...record, store })
}

/**
 * Opens the list with this id when the store has it, and creates it otherwise: what a service calls at every start.
 * An existing list must be the one asked for (same purpose and bits per entry); its length is the one it was created
 * with.
 *
 * @throws MicrocredError `ERR_INPUT_REQUIRED` for a missing option, `ERR_INVALID_INPUT` for a bad one,
 *   `ERR_STATUS_LIST_EXISTS` for an existing list of another purpose or status size.
 * @example
 * ```ts
 * const store = new FileStatusListStore('./status')
 * // The first start creates the list; every later one opens it, with every entry handed out and every status set.
 * const revocations = await openOrCreateStatusList({ id: 'https://uni.example/status/revocation/1', purpose: 'revocation', store })
 * ```
 */
export async function openOrCreateStatusList(
  options: CreateStatusListOptions & { store: StatusListStore },
): Promise<StatusList> {
  if (!isJsonObject(options) || !isJsonObject(options.store))
    throw new TypeError('openOrCreateStatusList(options): options must be an object with a store')
  // A non-string id (from JavaScript) has no list to open: createStatusList() below reports it.
  const id: unknown = options.id
  const existing = typeof id === 'string' ? await options.store.get(id) : undefined
  const list =
    existing === undefined
      ? await createStatusList(options).catch(async (error: unknown) => {
          // Another process created it between the two calls: open what it created.
          if (error instanceof MicrocredError && error.code === 'ERR_STATUS_LIST_EXISTS')
            return openStatusList(options.id, { store: options.store })
          throw error
        })
      : Object.freeze({ ...existing, store: options.store })
  if (list.purpose !== options.purpose) {
    throw new MicrocredError(
      'ERR_STATUS_LIST_EXISTS',
      `openOrCreateStatusList: the list ${list.id} exists with purpose "${list.purpose}", not ${JSON.stringify(options.purpose)}`,
      { path: 'purpose' },
    )
  }
  if (list.statusSize !== (options.statusSize ?? 1)) {
    throw new MicrocredError(
      'ERR_STATUS_LIST_EXISTS',
      `openOrCreateStatusList: the list ${list.id} exists with ${list.statusSize} bit(s) per entry, not ${options.statusSize ?? 1}`,
      { path: 'statusSize' },
    )
  }
  return list
}

/**
 * Opens a list that exists in a store (after a restart, or in another process).
 *
 * @throws MicrocredError `ERR_STATUS_LIST_UNKNOWN` when the store has no such list.
 * @example
 * ```ts
 * const list = await openStatusList('https://uni.example/status/revocation/1', { store })
 * ```
 */
export async function openStatusList(id: string, options: { store: StatusListStore }): Promise<StatusList> {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- options come from callers: JavaScript may pass none
  const record = await options?.store?.get(id)
  if (record === undefined)
    throw new MicrocredError('ERR_STATUS_LIST_UNKNOWN', `there is no status list ${id} in this store`)
  return Object.freeze({ ...record, store: options.store })
}

/**
 * Hands out an entry: a random index never handed out before (random order, so an index says nothing about when
 * or to whom a credential was issued). Durable in the store before it resolves.
 *
 * @throws MicrocredError `ERR_STATUS_LIST_FULL` when the list has no free index.
 * @example
 * ```ts
 * const { index, credentialStatus } = await allocateStatus(list)
 * ```
 */
export async function allocateStatus(list: StatusList): Promise<{ index: number; credentialStatus: CredentialStatus }> {
  assertList(list, 'allocateStatus(list)')
  const index = await list.store.allocate(list.id)
  return { index, credentialStatus: statusEntry(list, index) }
}

/**
 * Sets an entry's status: `true`/`1` revokes or suspends, `false`/`0` clears (un-suspends; a revocation is meant
 * to be permanent but the bit is yours). Durable in the store before it resolves; verifiers see it once the list
 * is published again.
 *
 * @throws MicrocredError `ERR_STATUS_ENTRY_UNKNOWN` (path `index`) for an index never handed out or out of the list's
 *   range; `ERR_INVALID_INPUT` for an index that is not a whole number or a value that does not fit the entry.
 * @example
 * ```ts
 * await setStatus(list, index, true)
 * await publish(await publishStatusList(list, { keyPair }))
 * ```
 */
export async function setStatus(list: StatusList, index: number, value: boolean | number): Promise<void> {
  assertList(list, 'setStatus(list, index, value)')
  const numeric = typeof value === 'boolean' ? (value ? 1 : 0) : value
  if (typeof numeric !== 'number')
    throw new TypeError('setStatus(list, index, value): value must be a boolean or a number')
  await list.store.setStatus(list.id, index, numeric)
}

/**
 * An entry's current status value in the store (0 when clear).
 *
 * @example
 * ```ts
 * if ((await getStatus(list, index)) === 1) console.log('revoked')
 * ```
 */
export async function getStatus(list: StatusList, index: number): Promise<number> {
  assertList(list, 'getStatus(list, index)')
  return list.store.getStatus(list.id, index)
}

/** Options of {@link statusListCredential}. */
export interface StatusListCredentialOptions {
  /** The list credential's issuer: the issuer of the credentials that point to the list. */
  issuer: string
  /** Start of the list credential's validity; default now. */
  validFrom?: string | Date
  /** End of its validity. */
  validUntil?: string | Date
}

/** The unsigned `BitstringStatusListCredential` of a list, with the current statuses (`publishStatusList()` signs it). */
export async function statusListCredential(
  list: StatusList,
  options: StatusListCredentialOptions,
): Promise<BitstringStatusListCredential> {
  const date = (value: string | Date | undefined, fallback?: string): string | undefined =>
    value === undefined
      ? fallback
      : value instanceof Date
        ? formatDateTime(new Date(Math.floor(value.getTime() / 1000) * 1000))
        : value
  const validUntil = date(options.validUntil)
  return {
    '@context': [VC_V2_CONTEXT],
    id: list.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: options.issuer,
    validFrom: date(options.validFrom, nowDateTime()) ?? nowDateTime(),
    ...(validUntil === undefined ? {} : { validUntil }),
    credentialSubject: {
      id: `${list.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: list.purpose,
      encodedList: await encodeList(await listBits(list)),
    },
  }
}
