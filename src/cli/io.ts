/**
 * What every command of the `microcred` CLI shares: reading inputs (files or stdin), writing outputs without
 * clobbering, loading keys, and the one error type that means "your input, exit code 2".
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { extractBaked, imageFormat } from '../bake/image.js'
import { createDocumentLoader, type DocumentLoader } from '../context/loader.js'
import { isMicrocredError } from '../errors.js'
import { importKeyPair, type KeyPair, type KeyPairInput } from '../keys/keypair.js'
import { VALIDATION_PROFILES, type ValidationProfile } from '../schema/validate.js'
import { decodeVcJwt } from '../proof/jwt/verify-jwt.js'
import { looksLikeCompactJws } from '../proof/jwt/format.js'
import { isJsonObject, type JsonObject } from '../util/json.js'
import { writeFileAtomic } from '../util/fs.js'

/** A problem with what the user gave: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Exit codes of every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const

/** The most the CLI reads from stdin: 64 MiB (a badge image is capped at 16 MiB, a credential at 1 MiB). */
const MAX_STDIN_BYTES = 64 * 1024 * 1024

/** Reads a file, or stdin for `-` / no file. */
export async function readInput(file: string | undefined): Promise<Uint8Array> {
  if (file === undefined || file === '-') {
    if (process.stdin.isTTY) throw new UsageError('no input: give a file, or pipe it on stdin')
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length
      if (size > MAX_STDIN_BYTES) throw new UsageError(`stdin: more than ${MAX_STDIN_BYTES} bytes; give a file instead`)
      chunks.push(chunk as Buffer)
    }
    return Buffer.concat(chunks)
  }
  try {
    return await readFile(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(
      code === 'ENOENT'
        ? `${file}: no such file`
        : code === 'EISDIR'
          ? `${file}: is a folder, not a file`
          : `${file}: cannot read (${code ?? (error as Error).message})`,
    )
  }
}

/**
 * UTF-8 text of a file or stdin. Anything else is refused rather than guessed: a roster saved by a spreadsheet in
 * a legacy encoding (Windows-1252) would otherwise put mangled names into signed credentials.
 */
export async function readText(file: string | undefined): Promise<string> {
  const bytes = await readInput(file)
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new UsageError(`${file ?? 'stdin'}: not UTF-8 text; save it as UTF-8 (in a spreadsheet: "CSV UTF-8")`)
  }
}

/** Parses JSON text, naming the file when it is not JSON. */
export function parseJson(text: string, file: string | undefined): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${file ?? 'stdin'}: not JSON (${(error as Error).message})`)
  }
}

/** A JSON object from a file, or a usage error saying what the file should have been. */
export async function readJsonObject(file: string, what: string): Promise<JsonObject> {
  const value = parseJson(await readText(file), file)
  if (!isJsonObject(value)) throw new UsageError(`${file}: expected ${what} (a JSON object)`)
  return value
}

/** Commander's collector for a repeatable option: every value, in order. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

/**
 * The `--profile` value of issue, verify and validate: which rules a credential is held to.
 *
 * @example
 * ```ts
 * parseProfile('vc') // 'vc'; parseProfile('ob4') throws UsageError
 * ```
 */
export function parseProfile(value: string): ValidationProfile {
  if (!(VALIDATION_PROFILES as readonly string[]).includes(value)) {
    throw new UsageError(
      `--profile must be ${VALIDATION_PROFILES.slice(0, -1).join(', ')} or ${VALIDATION_PROFILES.at(-1)}, not ${JSON.stringify(value)}`,
    )
  }
  return value as ValidationProfile
}

/** Extra trusted JSON-LD contexts from `--context <url>=<file>` options, and what issuing and verifying need of them. */
export interface ExtraContexts {
  /** Context URL -> document, as given (for `createVcApiServer({ contexts })`). */
  contexts: Record<string, JsonObject>
  /** Bundled contexts first, then these. */
  documentLoader: DocumentLoader
  /** The URLs of these contexts, for `verify({ allowedContexts })`. */
  allowedContexts: string[]
}

/**
 * Reads the `--context <url>=<file>` options every command shares: each file must hold a JSON-LD context document
 * (a JSON object with `@context`), a URL may be given once, and a bundled URL cannot be replaced. `undefined` for none.
 *
 * @example
 * ```ts
 * const extra = await readContexts(['https://example.edu/ctx/v1=ctx.json'])
 * await verify(input, { documentLoader: extra?.documentLoader, allowedContexts: extra?.allowedContexts })
 * ```
 */
export async function readContexts(specs: readonly string[] | undefined): Promise<ExtraContexts | undefined> {
  if (specs === undefined || specs.length === 0) return undefined
  const contexts: Record<string, JsonObject> = {}
  for (const spec of specs) {
    // Split at the last "=": a context URL may have a query ("?v=1"), a file name rarely has an "=".
    const at = spec.lastIndexOf('=')
    const url = at < 0 ? '' : spec.slice(0, at)
    const file = at < 0 ? '' : spec.slice(at + 1)
    if (url === '' || file === '')
      throw new UsageError(
        `--context ${JSON.stringify(spec)}: give it as <url>=<file>, e.g. https://example.edu/ctx/v1=ctx.json`,
      )
    if (!URL.canParse(url))
      throw new UsageError(`--context ${JSON.stringify(spec)}: ${JSON.stringify(url)} is not an absolute URL`)
    if (Object.hasOwn(contexts, url)) throw new UsageError(`--context: ${url} is given twice`)
    const document = await readJsonObject(file, 'a JSON-LD context document')
    if (!('@context' in document))
      throw new UsageError(`${file}: not a JSON-LD context document (no "@context" member)`)
    contexts[url] = document
  }
  let documentLoader: DocumentLoader
  try {
    documentLoader = createDocumentLoader({ contexts })
  } catch (error) {
    if (error instanceof TypeError)
      throw new UsageError(`--context: ${error.message.replace(/^createDocumentLoader\(options\): /, '')}`)
    throw error
  }
  return { contexts, documentLoader, allowedContexts: Object.keys(contexts) }
}

/**
 * A credential from a file's bytes: JSON, a VC-JWT, or a baked PNG/SVG. Returns the credential object and, for a
 * JWT, the token (the object is then the decoded credential, unverified).
 */
export function credentialFrom(bytes: Uint8Array, file: string | undefined): { credential: JsonObject; jwt?: string } {
  let text: string
  if (imageFormat(bytes) !== undefined) {
    const baked = extractBaked(bytes)
    if (baked.version !== 'ob3') throw new UsageError(`${file ?? 'stdin'}: ${baked.description}`)
    text = baked.format === 'jwt' ? baked.jwt : baked.text
  } else {
    text = Buffer.from(bytes)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
  }
  if (looksLikeCompactJws(text)) {
    const decoded = decodeVcJwt(text)
    if ('problem' in decoded) throw new UsageError(`${file ?? 'stdin'}: ${decoded.problem}`)
    return { credential: decoded.credential, jwt: text }
  }
  const value = parseJson(text, file)
  if (!isJsonObject(value))
    throw new UsageError(`${file ?? 'stdin'}: not a credential (a JSON object, a VC-JWT or a baked image)`)
  return { credential: value }
}

/** Refuses an output file that exists unless `force`: checked before any work with side effects. */
export function assertWritable(file: string | undefined, force: boolean | undefined): void {
  if (file !== undefined && file !== '-' && force !== true && existsSync(file))
    throw new UsageError(`${file} exists; pass --force to replace it`)
}

/**
 * Writes an output file, refusing to replace an existing one unless `force`; the file appears complete or not
 * at all. `mode` 0o600 for secrets.
 */
export async function writeOutput(
  file: string,
  data: string | Uint8Array,
  options: { force?: boolean; mode?: number } = {},
): Promise<void> {
  assertWritable(file, options.force)
  try {
    await writeFileAtomic(file, data, options.mode === undefined ? {} : { mode: options.mode })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(`${file}: cannot write (${code ?? (error as Error).message})`)
  }
}

/** Writes to `--out` when given, else to stdout, refusing `binary` data on a terminal. */
export async function writeResult(
  out: string | undefined,
  data: string | Uint8Array,
  options: { force?: boolean; binary?: boolean } = {},
): Promise<void> {
  if (out !== undefined && out !== '-') return writeOutput(out, data, options)
  if (options.binary === true && process.stdout.isTTY)
    throw new UsageError('the output is an image: give --out <file>, or redirect stdout')
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(data, (error) => {
      if (error === null || error === undefined) resolve()
      else reject(error)
    }),
  )
}

/**
 * Loads a key file written by `microcred keygen` (or any exported key pair: Multikey or JWK). It must hold the
 * secret key unless `publicOnly`.
 */
export async function loadKey(file: string, options: { publicOnly?: boolean } = {}): Promise<KeyPair> {
  let exported: unknown
  try {
    exported = JSON.parse(await readText(file))
  } catch (error) {
    if (error instanceof UsageError) throw error
    // JSON.parse quotes the text around the problem: from a key file, that could be part of the secret.
    throw new UsageError(`${file}: not a key file (not valid JSON); make one with \`microcred keygen\``)
  }
  if (!isJsonObject(exported)) throw new UsageError(`${file}: not a key file; make one with \`microcred keygen\``)
  let keyPair: KeyPair
  try {
    keyPair = await importKeyPair(exported as unknown as KeyPairInput)
  } catch (error) {
    if (isMicrocredError(error)) throw new UsageError(`${file}: ${error.message}`)
    throw error
  }
  if (!keyPair.canSign && options.publicOnly !== true)
    throw new UsageError(
      `${file}: holds only a public key; signing needs the secret key file made by \`microcred keygen\``,
    )
  return keyPair
}

/** A file shipped with the package (assets/), found from the running module whether built (dist/) or not (src/). */
export function packageAsset(name: string): string {
  let folder = dirname(fileURLToPath(import.meta.url))
  for (let up = 0; up < 5; up++) {
    const candidate = join(folder, 'assets', name)
    if (existsSync(candidate)) return candidate
    folder = dirname(folder)
  }
  throw new Error(`the packaged asset ${name} is missing; reinstall microcred`)
}
