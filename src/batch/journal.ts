/**
 * The batch journal: an append-only JSON-lines file in the output folder that makes a batch resumable without
 * ever giving one roster row two credentials. Before a row is signed, its credential id, hash salt and status
 * index are appended and fsynced ("reserve"); a run that is killed and restarted re-issues an unfinished row
 * with exactly those, so the row's credential stays the same credential.
 */
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { MicrocredError } from '../errors.js'
import { syncFolder } from '../util/fs.js'

/** What a batch is made of; a resumed run must be the same batch. */
export interface BatchIdentity {
  rosterSha256: string
  templateSha256: string
  imageSha256?: string
  keyId: string
  format: 'ldp' | 'jwt'
  /** The proof type, for format `ldp`. */
  proof?: string
  statusListId?: string
}

/** The first entry: the batch's identity and the values every row shares. */
export interface StartEntry extends BatchIdentity {
  type: 'start'
  version: 1
  /** `validFrom` of every credential of the batch (unless the template gives `issued`). */
  issued: string
  /** The one achievement every credential of the batch is about. */
  achievementId: string
  startedAt: string
}

/** A row about to be signed, with what makes its credential that credential. */
export interface ReserveEntry {
  type: 'reserve'
  line: number
  credentialId: string
  salt: string
  statusListIndex?: number
}

/** A row whose files are written. */
export interface DoneEntry {
  type: 'done'
  line: number
  credential: string
  badge?: string
}

type Entry = StartEntry | ReserveEntry | DoneEntry | { type: 'resume'; at: string }

/** The journal as read back. */
export interface JournalState {
  start?: StartEntry
  reserved: Map<number, ReserveEntry>
  done: Map<number, DoneEntry>
}

/** Reads a journal; a missing file is an empty journal. A torn last line (a crash mid-append) was never acknowledged and is ignored. */
export async function readJournal(path: string): Promise<JournalState> {
  const state: JournalState = { reserved: new Map(), done: new Map() }
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return state
    throw error
  }
  const lines = text.split('\n')
  lines.forEach((line, i) => {
    if (line === '') return
    let entry: Entry
    try {
      entry = JSON.parse(line) as Entry
    } catch (error) {
      if (i === lines.length - 1) return
      throw new MicrocredError(
        'ERR_INVALID_INPUT',
        `${path} is damaged at line ${i + 1}; it is not a batch journal microcred can resume`,
        { cause: error },
      )
    }
    if (entry.type === 'start') state.start = entry
    else if (entry.type === 'reserve') state.reserved.set(entry.line, entry)
    else if (entry.type === 'done') state.done.set(entry.line, entry)
  })
  return state
}

/** An open journal, appended to. */
export class BatchJournal {
  private constructor(private readonly handle: FileHandle) {}

  /**
   * Opens a journal for appending. A torn last line (a crash mid-append) is cut off first, so the next entry
   * starts on a line of its own; a new journal's folder entry is made durable.
   */
  static async open(path: string): Promise<BatchJournal> {
    const existing = await readFile(path).catch((error: unknown) => {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined
      throw error
    })
    if (existing !== undefined && existing.length > 0 && existing[existing.length - 1] !== 0x0a) {
      await truncate(path, existing.lastIndexOf(0x0a) + 1)
    }
    const handle = await open(path, 'a')
    if (existing === undefined) await syncFolder(dirname(path))
    return new BatchJournal(handle)
  }

  /** Appends an entry; with `durable`, resolves only once it is on disk. */
  async append(entry: Entry, durable: boolean): Promise<void> {
    await this.handle.appendFile(`${JSON.stringify(entry)}\n`)
    if (durable) await this.handle.sync()
  }

  /** Resolves once every entry appended so far is on disk: one fsync for many entries appended without `durable`. */
  async sync(): Promise<void> {
    await this.handle.sync()
  }

  async close(): Promise<void> {
    await this.handle.close()
  }
}
