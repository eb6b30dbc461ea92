/**
 * The `microcred` command's program: one file per command under commands/, shared input/output in io.ts.
 * Exit codes: 0 success (verified / valid / done), 1 the credential failed (or some batch rows did), 2 usage or
 * input error (a one-line message on stderr, never a stack trace), 130 interrupted.
 */
import { Command, CommanderError } from 'commander'
import { isMicrocredError } from '../errors.js'
import { version } from '../version.js'
import { cliAdvice } from './advice.js'
import { EXIT, UsageError } from './io.js'

type Register = (program: Command) => void

/**
 * Each command's module, in the order `--help` lists them. Loaded on demand: `microcred verify file.json` loads the
 * verify command (and what it uses of the library), not the service, the batch runner or the status stores.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  keygen: async () => (await import('./commands/keygen.js')).registerKeygen,
  issue: async () => (await import('./commands/issue.js')).registerIssue,
  verify: async () => (await import('./commands/verify.js')).registerVerify,
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  bake: async () => (await import('./commands/bake.js')).registerBake,
  status: async () => (await import('./commands/status.js')).registerStatus,
  'did-web': async () => (await import('./commands/did-web.js')).registerDidWeb,
  batch: async () => (await import('./commands/batch.js')).registerBatch,
  template: async () => (await import('./commands/template.js')).registerTemplate,
  serve: async () => (await import('./commands/serve.js')).registerServe,
}

/**
 * The program with the command `argv` names registered, or every command when it names none that exists (for
 * `--help`, `--version`, and commander's "did you mean" on a misspelt name).
 */
export async function createProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command()
  program
    .name('microcred')
    .description('Issue and verify EU micro-credentials as Open Badges 3.0 Verifiable Credentials')
    .version(version, '-v, --version')
    .exitOverride()
    // One line, like every other input error: commander's message (and its "Did you mean …?"), then where help is.
    .configureOutput({
      outputError: (text, write) => {
        write(
          `microcred: ${text
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')} (see --help)\n`,
        )
      },
    })
  const named = argv.find((argument) => !argument.startsWith('-'))
  const only = named === undefined ? undefined : COMMANDS[named]
  const registers = await Promise.all(
    only !== undefined && Object.hasOwn(COMMANDS, named ?? '')
      ? [only()]
      : Object.values(COMMANDS).map((load) => load()),
  )
  for (const register of registers) register(program)
  return program
}

/** The message for an error that ends a command: its code and path for the library's errors, and each issue. */
function describe(error: unknown): string {
  if (error instanceof UsageError) return error.message
  if (isMicrocredError(error)) {
    // An error summarising issues names the first one's path in its message; the others follow, one a line.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- isMicrocredError() also accepts errors of another copy of microcred, whose `issues` may be missing
    if (error.issues !== undefined && error.issues.length > 0) {
      return [
        `${error.code}: ${error.message}`,
        ...error.issues
          .slice(1)
          .map((issue) => `  ${issue.code}${issue.path === undefined ? '' : ` at ${issue.path}`}: ${issue.message}`),
      ].join('\n')
    }
    return `${error.code}${error.path === undefined ? '' : ` at ${error.path}`}: ${error.message}`
  }
  if (error instanceof Error) return error.message
  return String(error)
}

/** Runs the program; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  process.exitCode = undefined
  try {
    await (await createProgram(argv)).parseAsync([...argv], { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit with 0; usage errors (already printed by commander) with 2.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    process.stderr.write(`microcred: ${cliAdvice(describe(error))}\n`)
    return EXIT.usage
  }
}
