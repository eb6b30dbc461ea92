/**
 * The library as it was at an earlier commit, built once into `.tmp/bench-previous/<commit>/` (the commit's files from
 * `git archive`, this checkout's node_modules, the commit's own tsup config), so a benchmark can run today's code and
 * that version in one process, interleaved, and report their ratio rather than figures from different runs.
 *
 * The default is the commit before issue 20's performance work (cb1967f, 2026-12-07).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The commit the benchmarks compare against unless `--previous <commit>` names another. */
export const BASELINE_COMMIT = 'cb1967f431f982685dc2912bc345e0c3087b8677'

const ROOT = resolve(import.meta.dirname, '..', '..')

/**
 * The folder holding the build of `commit` (built on first use), or `undefined` when this checkout does not have the
 * commit (a shallow clone): the benchmarks then say so and leave its rows out.
 */
export function previousBuild(commit: string = BASELINE_COMMIT): string | undefined {
  let sha: string
  try {
    sha = execFileSync('git', ['rev-parse', '--verify', '--quiet', `${commit}^{commit}`], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    console.error(
      `microcred at ${commit.slice(0, 7)} is not in this checkout (a shallow clone?): its rows are left out`,
    )
    return undefined
  }
  const folder = join(ROOT, '.tmp', 'bench-previous', sha)
  if (existsSync(join(folder, 'dist', 'index.js'))) return folder
  rmSync(folder, { recursive: true, force: true })
  mkdirSync(folder, { recursive: true })
  console.error(`building microcred at ${sha.slice(0, 7)} into ${folder} (once)...`)
  const archive = execFileSync('git', ['archive', '--format=tar', sha], { cwd: ROOT, maxBuffer: 1 << 30 })
  execFileSync('tar', ['-x', '-C', folder], { input: archive })
  symlinkSync(join(ROOT, 'node_modules'), join(folder, 'node_modules'), 'dir')
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsup'), [], { cwd: folder, stdio: ['ignore', 'ignore', 'inherit'] })
  return folder
}

/** Imports a module of the build of `commit` (e.g. `dist/index.js`); `undefined` without the commit. */
export async function importPrevious<T>(file: string, commit?: string): Promise<T | undefined> {
  const folder = previousBuild(commit)
  return folder === undefined ? undefined : ((await import(pathToFileURL(join(folder, file)).href)) as T)
}
