/** Durable file writes shared by the stores, the batch journal and the CLI. */
import { open, rename, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** File mode of a new file, e.g. `0o600` for secrets. Default `0o666` (less the umask). */
  mode?: number
  /**
   * Fsync the file and its folder before returning (default `true`). With `false` the replacement is still
   * atomic, but a power loss may lose it: for files something else can rebuild.
   */
  sync?: boolean
}

/**
 * Replaces `path` with `data` so that a crash at any moment leaves either the old file or the new one, never a
 * torn one, and returns only once the new file is on disk: write a temporary file next to it, fsync it, rename
 * it over the target, fsync the folder (POSIX rename is atomic; the folder fsync makes the rename durable).
 *
 * @example
 * ```ts
 * await writeFileAtomic('/var/lib/issuer/key.json', JSON.stringify(secretKey), { mode: 0o600 })
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`
  const handle = await open(temporary, 'wx', options.mode ?? 0o666)
  try {
    await handle.writeFile(data)
    if (options.sync !== false) await handle.sync()
  } catch (error) {
    await handle.close()
    await unlink(temporary).catch(() => undefined)
    throw error
  }
  await handle.close()
  try {
    await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    throw error
  }
  if (options.sync !== false) await syncFolder(dirname(path))
}

/** Fsyncs a folder, so that files created or renamed in it survive a crash. */
export async function syncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder for fsync (EPERM); NTFS journals the rename itself.
  if (process.platform === 'win32') return
  const directory = await open(folder, 'r')
  try {
    await directory.sync()
  } finally {
    await directory.close()
  }
}
