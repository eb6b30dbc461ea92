/**
 * `microcred validate` on one file: read it (JSON, VC-JWT or a baked image), validate it, and locate each issue in
 * the file. Whatever is wrong with a file's content is one of its issues, never an exception, so one bad file among a
 * thousand is reported with the others.
 */
import { extname } from 'node:path'
import { extractBaked, imageFormat } from '../bake/image.js'
import type { DocumentLoader } from '../context/loader.js'
import { isMicrocredError, type Issue } from '../errors.js'
import { looksLikeCompactJws } from '../proof/jwt/format.js'
import { decodeVcJwt } from '../proof/jwt/verify-jwt.js'
import { validateCredential, type ValidationProfile } from '../schema/validate.js'
import { lineColumn, offsetOfPath, scanJson } from '../util/json-source.js'

/** An issue of a file, with where it is in the file when that is known (JSON text: always). */
export interface FileIssue extends Issue {
  /** 1-based line of the issue's value (or of the syntax error) in the file. */
  line?: number
  /** 1-based column (UTF-16 code units) on that line. */
  column?: number
}

/** The outcome for one file. */
export interface FileValidation {
  /** The file as given or found (`<stdin>` for stdin). */
  file: string
  /** No issue but warnings (with `strict`, no issue at all). */
  valid: boolean
  /** Issues that make the file invalid. */
  errors: number
  /** Issues that do not. */
  warnings: number
  /** Every issue, in check order. */
  issues: FileIssue[]
  /** Time spent on the file, in milliseconds (for JUnit's `time`). */
  ms: number
}

/** Options of {@link validateFile}: those of `validate`, the same for every file. */
export interface ValidateFileOptions {
  profile: ValidationProfile
  /** Loader with the contexts of `--context`; default: the bundled contexts' shared loader. */
  documentLoader?: DocumentLoader | undefined
  /** Every warning counts as an error. */
  strict?: boolean | undefined
}

/**
 * The text of a file's credential, or why there is none. `ownText`: the file's own text, where a line and column
 * mean something (not the text baked in an image); `jwt`: a `.jwt` file, read as a VC-JWT whatever it holds.
 */
type Content = { text: string; ownText: boolean; jwt: boolean } | { issue: FileIssue }

const readProblem = (code: Issue['code'], message: string): { issue: FileIssue } => ({
  issue: { code, check: 'syntax', message },
})

/** Opens a baked image, or takes the bytes as UTF-8 text. */
function contentOf(bytes: Uint8Array, file: string): Content {
  if (imageFormat(bytes) !== undefined) {
    try {
      const baked = extractBaked(bytes)
      if (baked.version !== 'ob3')
        return readProblem(
          'ERR_OB2_ASSERTION',
          `${baked.description}; microcred validates Open Badges 3.0 credentials only`,
        )
      return baked.format === 'jwt'
        ? { text: baked.jwt, ownText: false, jwt: true }
        : { text: baked.text, ownText: false, jwt: false }
    } catch (error) {
      if (isMicrocredError(error)) return readProblem(error.code, error.message)
      return readProblem(
        'ERR_IMAGE_INVALID',
        `the image could not be read: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  return { text: Buffer.from(bytes).toString('utf8'), ownText: true, jwt: extname(file).toLowerCase() === '.jwt' }
}

/**
 * Validates one file's bytes with `validateCredential()`: a JSON credential, a VC-JWT (its credential, unverified)
 * or a baked PNG/SVG. A text that is not JSON fails with `ERR_SYNTAX` at its line and column; each issue of a JSON
 * file gets the line and column of the value its path names (or of the nearest one that exists).
 *
 * @example
 * ```ts
 * const result = await validateFile('creds/ada.json', await readFile('creds/ada.json'), { profile: 'auto' })
 * for (const issue of result.issues) console.log(`${result.file}:${issue.path ?? ''}: ${issue.code} ${issue.message}`)
 * ```
 */
export async function validateFile(
  file: string,
  bytes: Uint8Array,
  options: ValidateFileOptions,
): Promise<FileValidation> {
  const started = performance.now()
  const found = await issuesOf(bytes, file, options)
  const issues: FileIssue[] = options.strict === true ? found.map(({ severity: _warning, ...issue }) => issue) : found
  const errors = issues.filter((issue) => issue.severity !== 'warning').length
  return {
    file,
    valid: errors === 0,
    errors,
    warnings: issues.length - errors,
    issues,
    ms: performance.now() - started,
  }
}

async function issuesOf(bytes: Uint8Array, file: string, options: ValidateFileOptions): Promise<FileIssue[]> {
  const content = contentOf(bytes, file)
  if ('issue' in content) return [content.issue]
  const text = content.text
  // Where the value is: after a byte order mark and the whitespace the CLI has always trimmed.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const start = bom + (text.length - bom - text.slice(bom).trimStart().length)
  const end = start + text.slice(start).trimEnd().length
  const trimmed = text.slice(start, end)
  let credential: unknown
  if (content.jwt || looksLikeCompactJws(trimmed)) {
    const decoded = decodeVcJwt(trimmed)
    if ('problem' in decoded) return [readProblem('ERR_JWT_INVALID', decoded.problem).issue]
    credential = decoded.credential
  } else {
    try {
      credential = JSON.parse(trimmed)
    } catch (error) {
      const found = scanJson(text, { start, end }).error
      if (found === undefined) return [readProblem('ERR_SYNTAX', `not valid JSON: ${(error as Error).message}`).issue]
      // In a baked image, a line and column of the text inside it would point nowhere in the file.
      return [
        {
          ...readProblem('ERR_SYNTAX', `not valid JSON: ${found.message}`).issue,
          ...(content.ownText ? lineColumn(text, found.offset) : {}),
        },
      ]
    }
  }
  let issues: FileIssue[]
  try {
    issues = await validateCredential(credential, {
      profile: options.profile,
      ...(options.documentLoader === undefined ? {} : { documentLoader: options.documentLoader }),
    })
  } catch (error) {
    // validateCredential() reports what is wrong with a credential; a throw is a bug or a library failing on odd input.
    if (isMicrocredError(error))
      issues = [
        {
          code: error.code,
          check: 'syntax',
          message: error.message,
          ...(error.path === undefined ? {} : { path: error.path }),
        },
      ]
    else
      issues = [
        {
          code: 'ERR_INTERNAL',
          check: 'syntax',
          message: `validation failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
        },
      ]
  }
  if (content.ownText && !content.jwt && issues.length > 0) {
    const offsets = scanJson(text, { start, end, offsets: true }).offsets
    if (offsets !== undefined) {
      issues = issues.map((issue) => {
        const offset = offsetOfPath(offsets, issue.path ?? '')
        return offset === undefined ? issue : { ...issue, ...lineColumn(text, offset) }
      })
    }
  }
  return issues
}
