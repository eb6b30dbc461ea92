/**
 * A lock file that several processes on one machine can share: the status list file store takes one around each
 * change, `issueBatch()` one for its output folder.
 *
 * Hand-written rather than `proper-lockfile` because staleness here is decided by the holder's process id: a
 * holder that was killed is detected at once, where an mtime-based lock makes every restart wait out a timeout.
 * Not for network file systems (process ids of other machines cannot be checked).
 */
import { randomUUID } from 'node:crypto'
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { MicrocredError } from '../errors.js'

interface LockContent {
  pid: number
  host: string
  token: string
}

/** Tokens of the locks this process holds, so a lock file naming this process id is known to be ours or stale. */
const held = new Set<string>()

/** Options of {@link acquireLock}. */
export interface AcquireLockOptions {
  /** How long to wait for a live holder, in milliseconds; 0 (default) fails at once. */
  waitMs?: number
  /** What is locked, for the error message ("the status list …", "the batch folder …"). */
  what: string
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** The lock's content; `'missing'` when there is no lock file, `'unreadable'` when it is not a lock microcred wrote. */
async function readLock(path: string): Promise<LockContent | 'missing' | 'unreadable'> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw error
  }
  try {
    const value = JSON.parse(text) as Partial<LockContent>
    return typeof value.token === 'string' && typeof value.host === 'string' ? (value as LockContent) : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

function isAlive(pid: unknown): boolean {
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Whether the holder of a lock is gone: a dead process of this machine, or this process without holding it (a restarted container reuses process ids). */
function isStale(content: LockContent): boolean {
  if (content.host !== hostname()) return false
  if (content.pid === process.pid) return !held.has(content.token)
  return !isAlive(content.pid)
}

/**
 * Takes the lock at `path`, waiting up to `waitMs` for a live holder; a lock left by a dead process is taken over.
 * Resolves with the function that releases it. Throws `ERR_LOCKED` when a live process keeps holding it.
 */
export async function acquireLock(path: string, options: AcquireLockOptions): Promise<() => Promise<void>> {
  const token = randomUUID()
  const content: LockContent = { pid: process.pid, host: hostname(), token }
  const deadline = Date.now() + (options.waitMs ?? 0)
  let pause = 2
  for (;;) {
    // Written aside and hard-linked into place: the lock file appears complete or not at all.
    const aside = `${path}.${token}`
    await writeFile(aside, JSON.stringify(content))
    let linked = false
    try {
      await link(aside, path)
      linked = true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      await unlink(aside).catch(() => undefined)
    }
    if (linked) {
      held.add(token)
      return async () => {
        held.delete(token)
        const current = await readLock(path)
        if (typeof current === 'object' && current.token === token) await unlink(path).catch(() => undefined)
      }
    }

    const holder = await readLock(path)
    if (holder === 'missing') continue // released in the meantime
    if (holder !== 'unreadable' && isStale(holder)) {
      await takeOver(path, holder)
      continue
    }
    if (Date.now() >= deadline) {
      const who =
        holder === 'unreadable'
          ? 'an unknown holder'
          : `process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}`
      throw new MicrocredError(
        'ERR_LOCKED',
        `${options.what} is locked by ${who} (${path}); wait for it to finish, or remove the lock file if that process is gone`,
      )
    }
    await sleep(pause)
    pause = Math.min(pause * 2, 50)
  }
}

/**
 * Removes a stale lock without ever removing a live one: the file is first renamed aside (only one process can
 * rename a given file), then checked to be the stale lock that was inspected; a fresh lock moved by mistake (it
 * replaced the stale one in between) is put back.
 */
async function takeOver(path: string, stale: LockContent): Promise<void> {
  const aside = `${path}.stale.${randomUUID()}`
  try {
    await rename(path, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const moved = await readLock(aside)
  if (typeof moved === 'object' && moved.token !== stale.token) await link(aside, path).catch(() => undefined)
  await unlink(aside).catch(() => undefined)
}
