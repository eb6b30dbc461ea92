/**
 * Where status lists live between requests: which indexes are handed out and what each entry's status is.
 * A store is the single source of truth; every method resolves only once the change is durable in it.
 */
import { randomInt } from 'node:crypto'
import { Bitstring } from '@digitalbazaar/bitstring'
import { MicrocredError } from '../errors.js'
import { createBits, readEntry, writeEntry } from './bitstring.js'

/** Purposes of a status list (W3C Bitstring Status List §2.1). */
export type StatusPurpose = 'revocation' | 'suspension' | 'message'

/** A status message for a multi-bit list: the status value (hex, `0x1`) and what it means. */
export interface StatusMessage {
  status: string
  message: string
}

/** What a store keeps about a list (besides its bits). */
export interface StatusListRecord {
  /** URL of the published status list credential. */
  id: string
  purpose: StatusPurpose
  /** Number of entries. */
  length: number
  /** Bits per entry (1 unless the purpose is `message`). */
  statusSize: number
  statusMessages?: StatusMessage[]
}

/**
 * Persistence of status lists. Implementations must make `allocate` hand out each index at most once ever (also
 * across processes for shared stores) and resolve `allocate`/`setStatus` only after the change is durable.
 *
 * @example
 * ```ts
 * const store: StatusListStore = new FileStatusListStore('/var/lib/issuer/status')
 * const list = await createStatusList({ id: 'https://uni.example/status/1', purpose: 'revocation', store })
 * ```
 */
export interface StatusListStore {
  /** Creates a list; `ERR_STATUS_LIST_EXISTS` if one with that id exists. */
  create(record: StatusListRecord): Promise<void>
  /** The list's record, or `undefined`. */
  get(id: string): Promise<StatusListRecord | undefined>
  /** Hands out an unused index, chosen at random; `ERR_STATUS_LIST_FULL` when none is left. */
  allocate(id: string): Promise<number>
  /** Whether an index has been handed out. */
  isAllocated(id: string, index: number): Promise<boolean>
  /** Sets an allocated entry's status value; `ERR_STATUS_ENTRY_UNKNOWN` for an index never handed out. */
  setStatus(id: string, index: number, value: number): Promise<void>
  /** An entry's status value (0 when never set). */
  getStatus(id: string, index: number): Promise<number>
  /**
   * Every entry's status as the list's uncompressed bitstring, for publishing: `length × statusSize` bits, entry
   * `i` at bits `i × statusSize` onwards, most significant bit of each byte first (W3C Bitstring Status List
   * §2.1), in `ceil(length × statusSize / 8)` bytes. A copy: the caller may keep it.
   */
  bits(id: string): Promise<Uint8Array>
}

/** `ERR_STATUS_LIST_UNKNOWN` for a list id the store does not have. */
export function unknownList(id: string): MicrocredError {
  return new MicrocredError('ERR_STATUS_LIST_UNKNOWN', `there is no status list ${id} in this store`)
}

/**
 * `ERR_STATUS_ENTRY_UNKNOWN` for an index of list `id` that no credential can carry: never handed out (`allocate`), or
 * out of the list's range.
 */
export function unknownEntry(id: string, index: number, why = 'was never handed out'): MicrocredError {
  return new MicrocredError('ERR_STATUS_ENTRY_UNKNOWN', `index ${index} of ${id} ${why}`, { path: 'index' })
}

/**
 * Checks an index and a status value against a list record: `ERR_INVALID_INPUT` for an index that is not a whole
 * number or a status value that does not fit, `ERR_STATUS_ENTRY_UNKNOWN` for an index out of the list's range.
 */
export function checkEntry(record: StatusListRecord, index: number, value?: number): void {
  if (!Number.isInteger(index)) {
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `index ${index} is not an entry of ${record.id}: not a whole number`,
      {
        path: 'index',
      },
    )
  }
  if (index < 0 || index >= record.length)
    throw unknownEntry(record.id, index, `is not an entry of the list (0 to ${record.length - 1})`)
  const max = 2 ** record.statusSize - 1
  if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > max)) {
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `status ${value} does not fit in ${record.statusSize} bit${record.statusSize === 1 ? '' : 's'} (0 to ${max})`,
      { path: 'value' },
    )
  }
}

/**
 * Picks a random index whose bit is clear in `allocated` (a bitset of `length` bits): random probes while the
 * list is sparse, then a scan from a random start, so it stays fast when the list is nearly full.
 */
export function pickFreeIndex(allocated: Bitstring, length: number, id: string): number {
  for (let attempt = 0; attempt < 32; attempt++) {
    const index = randomInt(length)
    if (!allocated.get(index)) return index
  }
  const start = randomInt(length)
  for (let step = 0; step < length; step++) {
    const index = (start + step) % length
    if (!allocated.get(index)) return index
  }
  throw new MicrocredError('ERR_STATUS_LIST_FULL', `every index of ${id} has been handed out; create another list`)
}

/**
 * Runs `work` now and gives its outcome as a promise, as an `async` method would: what it throws becomes a
 * rejection, never a synchronous throw (the memory store implements the async {@link StatusListStore}).
 */
function settle<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve) => {
    resolve(work())
  })
}

interface MemoryList {
  record: StatusListRecord
  allocated: Bitstring
  status: Bitstring
}

/**
 * A store in memory, for tests and single-process services that rebuild their lists on start. Nothing survives
 * a restart.
 *
 * @example
 * ```ts
 * const list = await createStatusList({ id: 'https://uni.example/status/1', purpose: 'revocation', store: new MemoryStatusListStore() })
 * ```
 */
export class MemoryStatusListStore implements StatusListStore {
  private readonly lists = new Map<string, MemoryList>()

  private list(id: string): MemoryList {
    const list = this.lists.get(id)
    if (list === undefined) throw unknownList(id)
    return list
  }

  create(record: StatusListRecord): Promise<void> {
    return settle(() => {
      if (this.lists.has(record.id))
        throw new MicrocredError(
          'ERR_STATUS_LIST_EXISTS',
          `a status list ${record.id} already exists in this store: open it with openStatusList(id, { store }), or create it with openOrCreateStatusList() to open it when it exists`,
        )
      this.lists.set(record.id, {
        record: { ...record },
        allocated: new Bitstring({ length: record.length }),
        status: createBits(record.length, record.statusSize),
      })
    })
  }

  get(id: string): Promise<StatusListRecord | undefined> {
    return settle(() => {
      const list = this.lists.get(id)
      return list === undefined ? undefined : { ...list.record }
    })
  }

  allocate(id: string): Promise<number> {
    return settle(() => {
      const list = this.list(id)
      const index = pickFreeIndex(list.allocated, list.record.length, id)
      list.allocated.set(index, true)
      return index
    })
  }

  isAllocated(id: string, index: number): Promise<boolean> {
    return settle(() => {
      const list = this.list(id)
      checkEntry(list.record, index)
      return list.allocated.get(index)
    })
  }

  setStatus(id: string, index: number, value: number): Promise<void> {
    return settle(() => {
      const list = this.list(id)
      checkEntry(list.record, index, value)
      if (!list.allocated.get(index)) throw unknownEntry(id, index)
      writeEntry(list.status, index, list.record.statusSize, value)
    })
  }

  getStatus(id: string, index: number): Promise<number> {
    return settle(() => {
      const list = this.list(id)
      checkEntry(list.record, index)
      return readEntry(list.status, index, list.record.statusSize)
    })
  }

  bits(id: string): Promise<Uint8Array> {
    return settle(() => new Uint8Array(this.list(id).status.bits))
  }
}
