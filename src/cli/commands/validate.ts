/** `microcred validate`: files, folders and glob patterns, in one process, as text, JSON, JUnit XML or SARIF. */
import type { Command } from 'commander'
import { EXIT, collect, parseProfile, readContexts, readInput, UsageError } from '../io.js'
import { CREDENTIAL_EXTENSIONS, expandInputs, STDIN } from '../inputs.js'
import { validateFile, type FileValidation } from '../validate-files.js'
import {
  jsonReport,
  junitReport,
  sarifReport,
  summarize,
  textLines,
  textSummary,
  VALIDATE_FORMATS,
  type ValidateFormat,
} from '../validate-output.js'
import { CONTEXT_HELP, PROFILE_HELP } from './verify.js'

interface ValidateCommandOptions {
  profile: string
  context: string[]
  strict?: boolean
  format?: string
  json?: boolean
}

/** `--format`, with `--json` as its old spelling of `--format json`. */
function parseFormat(options: ValidateCommandOptions): ValidateFormat {
  const format = options.format ?? (options.json === true ? 'json' : 'text')
  if (!(VALIDATE_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(
      `--format must be ${VALIDATE_FORMATS.slice(0, -1).join(', ')} or ${VALIDATE_FORMATS.at(-1)}, not ${JSON.stringify(format)}`,
    )
  }
  if (options.json === true && format !== 'json')
    throw new UsageError(`--json is --format json; it cannot go with --format ${format}`)
  return format as ValidateFormat
}

/** Set once the reader of stdout has gone (`validate creds/ | head`): the run stops there instead of dying of an EPIPE. */
let stdoutClosed = false
let watchingStdout = false

/** Writes to stdout; resolves `false` when nobody reads it any more. */
function write(text: string): Promise<boolean> {
  if (!watchingStdout) {
    watchingStdout = true
    // Kept for the life of the process: the 'error' event of a failed write may come after its callback.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') stdoutClosed = true
    })
  }
  if (stdoutClosed) return Promise.resolve(false)
  return new Promise((resolve, reject) =>
    process.stdout.write(text, (error) => {
      if (error === null || error === undefined) resolve(true)
      else if ((error as NodeJS.ErrnoException).code === 'EPIPE') resolve(false)
      else reject(error)
    }),
  )
}

/** The whole report in a format written at the end. */
function report(format: Exclude<ValidateFormat, 'text'>, results: readonly FileValidation[]): string {
  if (format === 'json') return `${JSON.stringify(jsonReport(results), null, 2)}\n`
  if (format === 'junit') return junitReport(results)
  return `${JSON.stringify(sarifReport(results, process.cwd()), null, 2)}\n`
}

/**
 * Adds `validate` to the program.
 *
 * @example
 * ```ts
 * const program = new Command()
 * registerValidate(program)
 * await program.parseAsync(['validate', 'creds/', '--format', 'junit'], { from: 'user' })
 * ```
 */
export function registerValidate(program: Command): void {
  const extensions = CREDENTIAL_EXTENSIONS.map((extension) => `.${extension}`).join(', ')
  program
    .command('validate')
    .description(
      'validate credentials against the VC Data Model, the OB 3.0 schema, the EU profile and JSON-LD safe mode (no signature check); exit 0 all valid (warnings allowed), 1 some invalid, 2 input error',
    )
    .argument(
      '[inputs...]',
      `credential files (JSON, VC-JWT or baked image), folders (every ${extensions} file under them) or quoted glob patterns; "-" or nothing reads stdin`,
    )
    .option(
      '--format <format>',
      `output: ${VALIDATE_FORMATS.join(', ')} (text: one line per issue, file:json-path: CODE message, then a summary)`,
    )
    .option('--json', 'the same as --format json')
    .option('--profile <profile>', PROFILE_HELP, 'auto')
    .option('--context <url>=<file>', CONTEXT_HELP, collect, [])
    .option('--strict', 'every warning fails its file')
    .addHelpText(
      'after',
      `
Files are validated in the order given, each folder's and pattern's files sorted by path (hidden files and
folders skipped); a file given twice is validated once. An input that names nothing or matches no file is an
input error (exit 2). A file that is not a credential (not JSON, a broken VC-JWT or image) is an invalid file.

Examples:
  microcred validate creds/
  microcred validate 'creds/**/*.json' extra.jwt --profile eu
  microcred validate creds/ --format junit > validate.junit.xml
  microcred validate creds/ --format sarif > validate.sarif`,
    )
    .action(async (inputs: string[], options: ValidateCommandOptions) => {
      const format = parseFormat(options)
      const profile = parseProfile(options.profile)
      const extra = await readContexts(options.context)
      const files = await expandInputs(inputs.length === 0 ? [STDIN] : inputs)
      const fileOptions = { profile, documentLoader: extra?.documentLoader, strict: options.strict === true }
      const results: FileValidation[] = []
      // One after another: validation is CPU work on this thread, so running files side by side would not be faster.
      for (const file of files) {
        const bytes = await readInput(file === STDIN ? undefined : file)
        const result = await validateFile(file === STDIN ? '<stdin>' : file, bytes, fileOptions)
        results.push(result)
        if (format === 'text' && result.issues.length > 0 && !(await write(`${textLines(result).join('\n')}\n`))) break
      }
      const summary = summarize(results)
      await write(format === 'text' ? `${textSummary(summary)}\n` : report(format, results))
      process.exitCode = summary.invalid === 0 ? EXIT.ok : EXIT.failed
    })
}
