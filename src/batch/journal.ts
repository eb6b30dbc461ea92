/**
 * The batch journal: an append-only JSON-lines file in the output folder that makes a batch resumable without
 * ever giving one roster row two credentials. Before a row is signed, its credential id, hash salt and status
 * index are appended and fsynced ("reserve"); a run that is killed and restarted re-issues an unfinished row
 * with exactly those, so the row's credential stays the same credential.
 */
import { randomUUID } from 'node:crypto'
import { link, open, readFile, unlink, writeFile, type FileHandle } from 'node:fs/promises'
import { MicrocredError } from '../errors.js'

/** What a batch is made of; a resumed run must be the same batch. */
export interface BatchIdentity {
  rosterSha256: string
  templateSha256: string
  imageSha256?: string
  keyId: string
  format: 'ldp' | 'jwt'
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
      throw new MicrocredError('ERR_INVALID_INPUT', `${path} is damaged at line ${i + 1}; it is not a batch journal microcred can resume`, { cause: error })
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

  static async open(path: string): Promise<BatchJournal> {
    return new BatchJournal(await open(path, 'a'))
  }

  /** Appends an entry; with `durable`, resolves only once it is on disk. */
  async append(entry: Entry, durable: boolean): Promise<void> {
    await this.handle.appendFile(`${JSON.stringify(entry)}\n`)
    if (durable) await this.handle.sync()
  }

  async close(): Promise<void> {
    await this.handle.close()
  }
}

/**
 * An exclusive lock on an output folder, so two runs of one batch cannot both issue a row. A lock left by a
 * process that no longer exists (killed) is taken over.
 */
export async function lockFolder(path: string): Promise<() => Promise<void>> {
  const token = randomUUID()
  for (let attempt = 0; attempt < 2; attempt++) {
    // Written aside, then hard-linked into place: the lock appears complete or not at all.
    const temporary = `${path}.${token}`
    await writeFile(temporary, JSON.stringify({ pid: process.pid, token }))
    try {
      await link(temporary, path)
      return async () => {
        const current = await readFile(path, 'utf8').catch(() => '')
        if (current.includes(token)) await unlink(path).catch(() => undefined)
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      await unlink(temporary).catch(() => undefined)
    }
    const holder = await lockHolder(path)
    if (holder !== undefined && Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new MicrocredError('ERR_INVALID_INPUT', `another batch (process ${holder}) is writing to this folder; wait for it, or remove ${path} if that process is gone`)
    }
    await unlink(path).catch(() => undefined)
  }
  throw new MicrocredError('ERR_INVALID_INPUT', `could not lock ${path}`)
}

/** The process id in a lock file; undefined when the file is gone or unreadable. */
async function lockHolder(path: string): Promise<number | undefined> {
  try {
    return Number((JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown }).pid)
  } catch {
    return undefined
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
