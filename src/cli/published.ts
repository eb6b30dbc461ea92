/**
 * `microcred verify` before publishing: a fetch that answers the URLs of a did:web DID document and of status list
 * credentials from local files (`--did-document`, `--status-list`, `--published`), so an issuer can check credentials
 * before the files are hosted. Every other URL is refused, or with `--online` fetched through `safeFetch`.
 */
import { stat, readFile } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import { MicrocredError } from '../errors.js'
import { didWebUrl } from '../keys/resolve.js'
import type { FetchLike } from '../net/fetch-json.js'
import { readJsonObject, UsageError } from './io.js'

/** The files `verify` answers from, as given on the command line. */
export interface PublishedFiles {
  /** `--did-document <file>` (repeatable): did.json files, each answering its `id`'s did:web URL. */
  didDocuments?: readonly string[]
  /** `--status-list <url>=<file>` (repeatable): a signed status list credential for that URL. */
  statusLists?: readonly string[]
  /** `--published <folder>`: a web root, URL path -> file under it. */
  published?: string
  /** Fetches every other URL (with `--online`: `safeFetch()`); without it they are refused. */
  fallback?: FetchLike
}

/** Normalised form of a URL for lookups (`new URL(u).href` without the fragment), or undefined for a non-URL. */
function urlKey(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined
  const parsed = new URL(url)
  parsed.hash = ''
  return parsed.href
}

function jsonResponse(bytes: Uint8Array): Response {
  return new Response(bytes, { status: 200, headers: { 'content-type': 'application/json' } })
}

/**
 * Reads the `--did-document`, `--status-list` and `--published` options and returns the fetch that answers from
 * them, or `fallback` alone when none is given. Unusable options (a DID document that is not did:web, a URL given
 * twice, a missing folder) are usage errors, raised before anything is verified.
 *
 * @example
 * ```ts
 * const fetch = await publishedFetch({ didDocuments: ['did.json'], statusLists: ['https://uni.example/status/1=list.json'] })
 * const report = await verify(credential, { fetch })
 * ```
 */
export async function publishedFetch(files: PublishedFiles): Promise<FetchLike | undefined> {
  const answers = new Map<string, { file: string; bytes: Uint8Array }>()
  const add = (url: string, file: string, bytes: Uint8Array, option: string): void => {
    const key = urlKey(url)
    if (key === undefined) throw new UsageError(`${option}: ${JSON.stringify(url)} is not a URL`)
    const earlier = answers.get(key)
    if (earlier !== undefined)
      throw new UsageError(`${option}: ${key} is answered by two files (${earlier.file}, ${file})`)
    answers.set(key, { file, bytes })
  }

  for (const file of files.didDocuments ?? []) {
    const document = await readJsonObject(file, 'a DID document (did.json)')
    const id = document['id']
    if (typeof id !== 'string' || !id.startsWith('did:web:'))
      throw new UsageError(`--did-document ${file}: its "id" must be a did:web DID, not ${JSON.stringify(id ?? null)}`)
    let url: string
    try {
      url = didWebUrl(id)
    } catch (error) {
      throw new UsageError(`--did-document ${file}: ${error instanceof Error ? error.message : String(error)}`)
    }
    add(url, file, Buffer.from(JSON.stringify(document)), '--did-document')
  }

  for (const spec of files.statusLists ?? []) {
    // Split at the last "=": a list URL may have a query ("?v=1"), a file name rarely has an "=".
    const at = spec.lastIndexOf('=')
    const url = at < 0 ? '' : spec.slice(0, at)
    const file = at < 0 ? '' : spec.slice(at + 1)
    if (url === '' || file === '')
      throw new UsageError(
        `--status-list ${JSON.stringify(spec)}: give it as <url>=<file>, e.g. https://uni.example/status/1=list.json`,
      )
    if (!URL.canParse(url) || new URL(url).protocol !== 'https:')
      throw new UsageError(`--status-list ${JSON.stringify(spec)}: ${JSON.stringify(url)} is not an https URL`)
    const list = await readJsonObject(file, 'a status list credential (microcred status publish)')
    add(url, file, Buffer.from(JSON.stringify(list)), '--status-list')
  }

  let root: string | undefined
  if (files.published !== undefined) {
    root = resolve(files.published)
    const info = await stat(root).catch(() => undefined)
    if (!info?.isDirectory()) throw new UsageError(`--published ${files.published}: no such folder`)
  }

  if (answers.size === 0 && root === undefined) return files.fallback
  const { fallback } = files

  /** The file under the web root a URL's path names, or undefined (a query, a folder, a path leaving the root). */
  async function fromFolder(url: URL): Promise<Uint8Array | undefined> {
    if (root === undefined || url.search !== '' || url.pathname.endsWith('/')) return undefined
    let path: string
    try {
      path = decodeURIComponent(url.pathname)
    } catch {
      return undefined
    }
    const file = resolve(root, `.${path}`)
    if (!file.startsWith(root + sep)) return undefined
    return readFile(file).catch(() => undefined)
  }

  return async (input, init) => {
    const key = urlKey(input)
    const given = key === undefined ? undefined : answers.get(key)
    if (given !== undefined) return jsonResponse(given.bytes)
    if (key !== undefined && new URL(key).protocol === 'https:') {
      const bytes = await fromFolder(new URL(key))
      if (bytes !== undefined) return jsonResponse(bytes)
    }
    if (fallback !== undefined) return fallback(input, init)
    throw new MicrocredError(
      'ERR_FETCH_REFUSED',
      `${input} is not answered by the files given (--did-document, --status-list, --published); add it, or pass --online to fetch it`,
    )
  }
}
