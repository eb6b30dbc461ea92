/**
 * What every command of the `microcred` CLI shares: reading inputs (files or stdin), writing outputs without
 * clobbering, loading keys, and the one error type that means "your input, exit code 2".
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { extractBaked, imageFormat } from '../bake/image.js'
import { isMicrocredError } from '../errors.js'
import { importKeyPair, type KeyPair, type KeyPairInput } from '../keys/keypair.js'
import { decodeVcJwt } from '../proof/jwt/verify-jwt.js'
import { looksLikeCompactJws } from '../proof/jwt/format.js'
import { isJsonObject, type JsonObject } from '../util/json.js'
import { writeFileAtomic } from '../util/fs.js'

/** A problem with what the user gave: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Exit codes of every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const

/** Reads a file, or stdin for `-` / no file. */
export async function readInput(file: string | undefined): Promise<Uint8Array> {
  if (file === undefined || file === '-') {
    if (process.stdin.isTTY === true) throw new UsageError('no input: give a file, or pipe it on stdin')
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }
  try {
    return await readFile(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : code === 'EISDIR' ? `${file}: is a folder, not a file` : `${file}: cannot read (${code ?? (error as Error).message})`)
  }
}

/** UTF-8 text of a file or stdin. */
export async function readText(file: string | undefined): Promise<string> {
  return Buffer.from(await readInput(file)).toString('utf8').replace(/^\uFEFF/, '')
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
    text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '').trim()
  }
  if (looksLikeCompactJws(text)) {
    const decoded = decodeVcJwt(text)
    if ('problem' in decoded) throw new UsageError(`${file ?? 'stdin'}: ${decoded.problem}`)
    return { credential: decoded.credential, jwt: text }
  }
  const value = parseJson(text, file)
  if (!isJsonObject(value)) throw new UsageError(`${file ?? 'stdin'}: not a credential (a JSON object, a VC-JWT or a baked image)`)
  return { credential: value }
}

/**
 * Writes an output file, refusing to replace an existing one unless `force`; the file appears complete or not
 * at all. `mode` 0o600 for secrets.
 */
export async function writeOutput(file: string, data: string | Uint8Array, options: { force?: boolean; mode?: number } = {}): Promise<void> {
  if (options.force !== true && existsSync(file)) throw new UsageError(`${file} exists; pass --force to replace it`)
  try {
    await writeFileAtomic(file, data, options.mode === undefined ? {} : { mode: options.mode })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(`${file}: cannot write (${code ?? (error as Error).message})`)
  }
}

/** Writes to `--out` when given, else to stdout (text), refusing binary data on a terminal. */
export async function writeResult(out: string | undefined, data: string | Uint8Array, options: { force?: boolean } = {}): Promise<void> {
  if (out !== undefined && out !== '-') return writeOutput(out, data, options)
  if (typeof data !== 'string' && process.stdout.isTTY === true) throw new UsageError('the output is an image: give --out <file>, or redirect stdout')
  await new Promise<void>((resolve, reject) => process.stdout.write(data, (error) => (error === null || error === undefined ? resolve() : reject(error))))
}

/**
 * Loads a key file written by `microcred keygen` (or any exported key pair: Multikey or JWK). It must hold the
 * secret key unless `publicOnly`.
 */
export async function loadKey(file: string, options: { publicOnly?: boolean } = {}): Promise<KeyPair> {
  const exported = await readJsonObject(file, 'a key exported by `microcred keygen`')
  let keyPair: KeyPair
  try {
    keyPair = await importKeyPair(exported as unknown as KeyPairInput)
  } catch (error) {
    if (isMicrocredError(error)) throw new UsageError(`${file}: ${error.message}`)
    throw error
  }
  if (!keyPair.canSign && options.publicOnly !== true) throw new UsageError(`${file}: holds only a public key; signing needs the secret key file made by \`microcred keygen\``)
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
