/**
 * The `microcred` command's program. Exit codes: 0 success (verified / valid), 1 the credential failed, 2 usage or
 * input error (a one-line message on stderr, never a stack trace).
 */
import { readFile } from 'node:fs/promises'
import { Command, CommanderError } from 'commander'
import { formatReport, safeFetch, validateCredential, verify, type ValidationProfile, type VerifyOptions } from '../index.js'
import { version } from '../version.js'

/** An input problem: reported in one line, exit code 2. */
class UsageError extends Error {}

async function readInput(file: string | undefined): Promise<Uint8Array> {
  if (file === undefined || file === '-') {
    if (process.stdin.isTTY) throw new UsageError('no input: give a file, or pipe the credential on stdin')
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }
  try {
    return await readFile(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? (error as Error).message})`)
  }
}

function parseJson(bytes: Uint8Array, file: string | undefined): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch (error) {
    throw new UsageError(`${file ?? 'stdin'}: not JSON (${(error as Error).message})`)
  }
}

export function createProgram(): Command {
  const program = new Command()
  program
    .name('microcred')
    .description('Issue and verify EU micro-credentials as Open Badges 3.0 Verifiable Credentials')
    .version(version, '-v, --version')
    .showHelpAfterError()
    .exitOverride()

  program
    .command('verify')
    .description('verify a credential (JSON file or stdin); exit 0 verified, 1 not verified, 2 input error')
    .argument('[file]', 'credential file; "-" or nothing reads stdin')
    .option('--json', 'print the report as JSON')
    .option('--now <date-time>', 'check validity at this time instead of now')
    .option('--online', 'fetch DID documents, issuer documents and JWKS over https (public addresses only); offline by default')
    .action(async (file: string | undefined, options: { json?: boolean; now?: string; online?: boolean }) => {
      const input = await readInput(file)
      const verifyOptions: VerifyOptions = {}
      if (options.now !== undefined) {
        const now = new Date(options.now)
        if (Number.isNaN(now.getTime())) throw new UsageError(`--now: ${JSON.stringify(options.now)} is not a date-time`)
        verifyOptions.now = now
      }
      if (options.online === true) verifyOptions.fetch = safeFetch()
      const report = await verify(input, verifyOptions)
      process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, { color: process.stdout.isTTY === true })}\n`)
      process.exitCode = report.verified ? 0 : 1
    })

  program
    .command('validate')
    .description('validate a credential against the OB 3.0 schema, the EU profile and JSON-LD safe mode; exit 0 valid, 1 invalid')
    .argument('[file]', 'credential file; "-" or nothing reads stdin')
    .option('--profile <profile>', 'ob3, eu or auto', 'auto')
    .option('--json', 'print the issues as JSON')
    .action(async (file: string | undefined, options: { profile: string; json?: boolean }) => {
      if (!['ob3', 'eu', 'auto'].includes(options.profile)) throw new UsageError(`--profile must be ob3, eu or auto, not ${JSON.stringify(options.profile)}`)
      const credential = parseJson(await readInput(file), file)
      const issues = await validateCredential(credential, { profile: options.profile as ValidationProfile })
      if (options.json === true) process.stdout.write(`${JSON.stringify(issues, null, 2)}\n`)
      else if (issues.length === 0) process.stdout.write('valid\n')
      else for (const issue of issues) process.stdout.write(`${issue.code} at ${issue.path ?? '(root)'}: ${issue.message}\n`)
      process.exitCode = issues.length === 0 ? 0 : 1
    })
  return program
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv], { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit with 0; usage errors (already printed by commander) with 2.
      return error.exitCode === 0 ? 0 : 2
    }
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`microcred: ${message}\n`)
    return 2
  }
}
