/**
 * The files a command is given as files, folders and glob patterns, expanded in one stable order.
 *
 * Globs are tinyglobby's rather than `fs.glob`, which is experimental in early Node 22 releases; tinyglobby is small
 * (two dependencies, both already in the tree) and well kept.
 */
import { realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { glob, isDynamicPattern } from 'tinyglobby'
import { UsageError } from './io.js'

/** The extensions a folder is searched for: credentials as JSON, JSON-LD or VC-JWT. */
export const CREDENTIAL_EXTENSIONS: readonly string[] = Object.freeze(['json', 'jsonld', 'jwt'])

/** What stands for stdin among the inputs. */
export const STDIN = '-'

/** Code-unit order: the same on every machine and in every locale. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Every credential file under `folder`, at any depth, sorted; hidden files and folders (".git") are skipped. Symbolic
 * links are followed, as a shell's glob does (a link back up the tree is not followed round).
 */
async function folderFiles(folder: string): Promise<string[]> {
  const found = await glob([`**/*.{${CREDENTIAL_EXTENSIONS.join(',')}}`], {
    cwd: folder,
    caseSensitiveMatch: false,
    dot: false,
  })
  return found.sort(byCodeUnits).map((file) => join(folder, file))
}

/** The files a glob pattern matches, sorted. */
async function patternFiles(pattern: string): Promise<string[]> {
  const found = await glob([pattern], { absolute: isAbsolute(pattern), dot: false, expandDirectories: false })
  return found.sort(byCodeUnits)
}

/**
 * Expands a command's inputs into the files to read, in the order given and each folder's or pattern's files sorted
 * by path; a file named twice (or by a link) is read once. An input is a file, `-` (stdin, at most once), a folder (every `.json`,
 * `.jsonld` and `.jwt` file under it, hidden ones aside) or a glob pattern (`creds/**\/*.json`; quote it so the shell
 * leaves it alone). An input that names nothing, or matches no file, is a usage error: in CI, a typo in a path
 * should fail, not pass with nothing checked.
 *
 * @throws UsageError naming the input.
 * @example
 * ```ts
 * await expandInputs(['creds', 'extra/*.jwt']) // ['creds/a.json', 'creds/sub/b.jsonld', 'extra/c.jwt']
 * ```
 */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = []
  const seen = new Set<string>()
  // The same file by another name (./a.json, a link to it) is the same file.
  const add = async (file: string): Promise<void> => {
    const key = file === STDIN ? STDIN : await realpath(file).catch(() => resolve(file))
    if (!seen.has(key)) {
      seen.add(key)
      files.push(file)
    }
  }
  for (const input of inputs) {
    if (input === STDIN) {
      if (seen.has(STDIN)) throw new UsageError('"-" (stdin) is given twice')
      await add(STDIN)
      continue
    }
    if (input === '') throw new UsageError('an empty file name was given')
    let kind: 'file' | 'folder' | 'missing'
    try {
      const stats = await stat(input)
      kind = stats.isDirectory() ? 'folder' : 'file'
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        throw new UsageError(`${input}: cannot read (${code ?? (error as Error).message})`)
      kind = 'missing'
    }
    if (kind === 'file') await add(input)
    else if (kind === 'folder') {
      const found = await folderFiles(input)
      if (found.length === 0)
        throw new UsageError(
          `${input}: no ${CREDENTIAL_EXTENSIONS.map((extension) => `.${extension}`).join(', ')} file in this folder`,
        )
      for (const file of found) await add(file)
    } else if (isDynamicPattern(input)) {
      const found = await patternFiles(input)
      if (found.length === 0) throw new UsageError(`${input}: no file matches this pattern`)
      for (const file of found) await add(file)
    } else throw new UsageError(`${input}: no such file or folder`)
  }
  return files
}
