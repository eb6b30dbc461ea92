/** Makes sure `dist/` is built from the current sources (test/setup/build.ts calls it once per test run). */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './files.js'

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** Builds with `npm run build` unless dist is newer than every file under src/, contexts/, schemas/ and assets/. */
export function ensureBuilt(): void {
  const outputs = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.js'].map((f) =>
    join(ROOT, f),
  )
  const built = outputs.every((f) => existsSync(f)) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0
  const sources = Math.max(
    ...['src', 'contexts', 'schemas', 'assets'].map((d) => newestMtime(join(ROOT, d))),
    statSync(join(ROOT, 'package.json')).mtimeMs,
  )
  if (built < sources) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' })
}
