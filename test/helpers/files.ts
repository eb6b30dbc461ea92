/** Reads the project's test data (never ../shared: the repository stands alone). */
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Parses a JSON file relative to the repository root. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape of the fixture it reads
export function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, `file://${ROOT}`), 'utf8')) as T
}

/** The `.json` files of a folder relative to the repository root, sorted. */
export function jsonFiles(folder: string): string[] {
  return readdirSync(new URL(folder, `file://${ROOT}`))
    .filter((name) => name.endsWith('.json'))
    .sort()
}
