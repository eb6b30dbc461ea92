/**
 * A status list store in a folder: one JSON file per list, rewritten atomically on every change (write to a
 * temporary file, fsync it, rename it over the old one, fsync the folder). A process killed at any moment leaves
 * either the old file or the new one, never a torn one, and a change is acknowledged only after it is on disk.
 * Changes to one list are serialised within the process and, through a lock file next to the list, across the
 * processes of one machine (a CLI and a service sharing the folder), so concurrent allocations never share an
 * index and no change overwrites another. For several machines, use the PostgreSQL store.
 */
import { readFile, mkdir } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { dirname, join, resolve } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { Bitstring } from '@digitalbazaar/bitstring'
import { MicrocredError } from '../errors.js'
import { writeFileAtomic } from '../util/fs.js'
import { acquireLock } from '../util/lock.js'
import { isJsonObject } from '../util/json.js'
import { createBits, readEntry, writeEntry } from './bitstring.js'
import {
  checkEntry,
  pickFreeIndex,
  unknownEntry,
  unknownList,
  type StatusListRecord,
  type StatusListStore,
} from './store.js'

interface FileList {
  record: StatusListRecord
  allocated: Bitstring
  status: Bitstring
}

interface FileContent {
  format: 'microcred-status-list/1'
  record: StatusListRecord
  /** base64 of the GZIP of the bitset of handed-out indexes. */
  allocated: string
  /** base64 of the GZIP of the status bitstring. */
  status: string
}

/** Whether a parsed file is in this store's format and holds the list `id`. */
function isFileContentOf(content: unknown, id: string): content is FileContent {
  return (
    isJsonObject(content) &&
    content['format'] === 'microcred-status-list/1' &&
    isJsonObject(content['record']) &&
    content['record']['id'] === id
  )
}

/** One queue per file in the whole process, so two store objects on one folder cannot interleave writes. */
const queues = new Map<string, Promise<unknown>>()

/**
 * Runs a change of one list file: after the changes queued before it in this process, and under the list's lock
 * file, so changes from other processes cannot interleave either (each reads, changes and rewrites the whole file).
 */
function serialised<T>(file: string, lockWaitMs: number, task: () => Promise<T>): Promise<T> {
  const locked = async (): Promise<T> => {
    await mkdir(dirname(file), { recursive: true })
    const release = await acquireLock(`${file}.lock`, { waitMs: lockWaitMs, what: `the status list file ${file}` })
    try {
      return await task()
    } finally {
      await release()
    }
  }
  const previous = queues.get(file) ?? Promise.resolve()
  const next = previous.then(locked, locked)
  const settled = next.then(
    () => undefined,
    () => undefined,
  )
  queues.set(file, settled)
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file)
  })
  return next
}

const pack = (bits: Bitstring): string => gzipSync(bits.bits).toString('base64')
const unpack = (text: string): Bitstring =>
  new Bitstring({ buffer: new Uint8Array(gunzipSync(Buffer.from(text, 'base64'))) })

/** Options of {@link FileStatusListStore}. */
export interface FileStatusListStoreOptions {
  /**
   * How long a change waits for another process's change to the same list, in milliseconds; default 30,000. Past
   * it, the change fails with `ERR_LOCKED`.
   */
  lockWaitMs?: number
}

/**
 * A {@link StatusListStore} in a folder.
 *
 * @example
 * ```ts
 * const store = new FileStatusListStore('./status-lists')
 * const list = await createStatusList({ id: 'https://uni.example/status/1', purpose: 'revocation', store })
 * const index = await allocateStatus(list)   // on disk before it returns
 * ```
 */
export class FileStatusListStore implements StatusListStore {
  private readonly folder: string
  private readonly lockWaitMs: number

  constructor(folder: string, options: FileStatusListStoreOptions = {}) {
    if (typeof folder !== 'string' || folder === '')
      throw new TypeError('new FileStatusListStore(folder): folder must be a path')
    this.folder = resolve(folder)
    this.lockWaitMs = options.lockWaitMs ?? 30_000
  }

  /** The file of a list: a hash of its id, so any URL maps to a safe file name. */
  private fileOf(id: string): string {
    return join(this.folder, `${createHash('sha256').update(id).digest('hex').slice(0, 32)}.json`)
  }

  private async read(id: string): Promise<FileList | undefined> {
    let text: string
    try {
      text = await readFile(this.fileOf(id), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    // Unknown until checked: another program's file, an older format or a damaged one, whatever FileContent says.
    const parsed: unknown = JSON.parse(text)
    if (!isFileContentOf(parsed, id)) {
      throw new MicrocredError('ERR_STATUS_LIST_UNKNOWN', `${this.fileOf(id)} is not the status list ${id}`)
    }
    return { record: parsed.record, allocated: unpack(parsed.allocated), status: unpack(parsed.status) }
  }

  private async require(id: string): Promise<FileList> {
    const list = await this.read(id)
    if (list === undefined) throw unknownList(id)
    return list
  }

  /** Writes the whole list atomically and durably (see the module description). */
  private async write(list: FileList): Promise<void> {
    await mkdir(this.folder, { recursive: true })
    const content: FileContent = {
      format: 'microcred-status-list/1',
      record: list.record,
      allocated: pack(list.allocated),
      status: pack(list.status),
    }
    await writeFileAtomic(this.fileOf(list.record.id), JSON.stringify(content))
  }

  create(record: StatusListRecord): Promise<void> {
    return serialised(this.fileOf(record.id), this.lockWaitMs, async () => {
      if ((await this.read(record.id)) !== undefined)
        throw new MicrocredError(
          'ERR_STATUS_LIST_EXISTS',
          `a status list ${record.id} already exists in ${this.folder}: open it with openStatusList(id, { store }), or create it with openOrCreateStatusList() to open it when it exists`,
        )
      await this.write({
        record: { ...record },
        allocated: new Bitstring({ length: record.length }),
        status: createBits(record.length, record.statusSize),
      })
    })
  }

  async get(id: string): Promise<StatusListRecord | undefined> {
    return (await this.read(id))?.record
  }

  allocate(id: string): Promise<number> {
    return serialised(this.fileOf(id), this.lockWaitMs, async () => {
      const list = await this.require(id)
      const index = pickFreeIndex(list.allocated, list.record.length, id)
      list.allocated.set(index, true)
      await this.write(list)
      return index
    })
  }

  async isAllocated(id: string, index: number): Promise<boolean> {
    const list = await this.require(id)
    checkEntry(list.record, index)
    return list.allocated.get(index)
  }

  setStatus(id: string, index: number, value: number): Promise<void> {
    return serialised(this.fileOf(id), this.lockWaitMs, async () => {
      const list = await this.require(id)
      checkEntry(list.record, index, value)
      if (!list.allocated.get(index)) throw unknownEntry(id, index)
      writeEntry(list.status, index, list.record.statusSize, value)
      await this.write(list)
    })
  }

  async getStatus(id: string, index: number): Promise<number> {
    const list = await this.require(id)
    checkEntry(list.record, index)
    return readEntry(list.status, index, list.record.statusSize)
  }

  async bits(id: string): Promise<Uint8Array> {
    return new Uint8Array((await this.require(id)).status.bits)
  }
}
