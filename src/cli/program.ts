/**
 * The `microcred` command's program: one file per command under commands/, shared input/output in io.ts.
 * Exit codes: 0 success (verified / valid / done), 1 the credential failed (or some batch rows did), 2 usage or
 * input error (a one-line message on stderr, never a stack trace), 130 interrupted.
 */
import { Command, CommanderError } from 'commander'
import { isMicrocredError } from '../errors.js'
import { version } from '../version.js'
import { cliAdvice } from './advice.js'
import { registerBake } from './commands/bake.js'
import { registerBatch } from './commands/batch.js'
import { registerDidWeb } from './commands/did-web.js'
import { registerIssue } from './commands/issue.js'
import { registerKeygen } from './commands/keygen.js'
import { registerServe } from './commands/serve.js'
import { registerStatus } from './commands/status.js'
import { registerTemplate } from './commands/template.js'
import { registerValidate } from './commands/validate.js'
import { registerVerify } from './commands/verify.js'
import { EXIT, UsageError } from './io.js'

export function createProgram(): Command {
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
  registerKeygen(program)
  registerIssue(program)
  registerVerify(program)
  registerValidate(program)
  registerBake(program)
  registerStatus(program)
  registerDidWeb(program)
  registerBatch(program)
  registerTemplate(program)
  registerServe(program)
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
    await createProgram().parseAsync([...argv], { from: 'user' })
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
