/** `microcred verify` and `microcred validate`. */
import type { Command } from 'commander'
import { safeFetch } from '../../net/safe-fetch.js'
import { validateCredential, type ValidationProfile } from '../../schema/validate.js'
import { formatReport } from '../../verify/format.js'
import type { VerifyOptions } from '../../verify/options.js'
import { verify } from '../../verify/verify.js'
import { credentialFrom, EXIT, readInput, UsageError } from '../io.js'

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('verify a credential: JSON, VC-JWT, or a baked PNG or SVG; exit 0 verified, 1 not verified, 2 input error')
    .argument('[file]', 'credential file (.json, .jwt, .png, .svg); "-" or nothing reads stdin')
    .option('--json', 'print the report as JSON')
    .option('--now <date-time>', 'check validity at this time instead of now')
    .option('--online', 'fetch DID documents, issuer documents, JWKS and status lists over https (public addresses only); offline by default')
    .option('--recipient <value>', "check the credential is about this learner (their DID, or an e-mail address matched against the hashed one)")
    .addHelpText('after', '\nOffline, status lists cannot be fetched: a credential with a credentialStatus fails its status check\nunless --online is given.\n\nExample:\n  microcred verify badge-ada.png --online')
    .action(async (file: string | undefined, options: { json?: boolean; now?: string; online?: boolean; recipient?: string }) => {
      const input = await readInput(file)
      const verifyOptions: VerifyOptions = {}
      if (options.now !== undefined) {
        const now = new Date(options.now)
        if (Number.isNaN(now.getTime())) throw new UsageError(`--now: ${JSON.stringify(options.now)} is not a date-time`)
        verifyOptions.now = now
      }
      if (options.online === true) verifyOptions.fetch = safeFetch()
      if (options.recipient !== undefined) verifyOptions.expectedRecipient = options.recipient
      const report = await verify(input, verifyOptions)
      process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, { color: process.stdout.isTTY === true })}\n`)
      process.exitCode = report.verified ? EXIT.ok : EXIT.failed
    })

  program
    .command('validate')
    .description('validate a credential against the OB 3.0 schema, the EU profile and JSON-LD safe mode (no signature check); exit 0 valid, 1 invalid')
    .argument('[file]', 'credential file (JSON, VC-JWT or baked image); "-" or nothing reads stdin')
    .option('--profile <profile>', 'ob3, eu or auto', 'auto')
    .option('--json', 'print the issues as JSON')
    .action(async (file: string | undefined, options: { profile: string; json?: boolean }) => {
      if (!['ob3', 'eu', 'auto'].includes(options.profile)) throw new UsageError(`--profile must be ob3, eu or auto, not ${JSON.stringify(options.profile)}`)
      const { credential } = credentialFrom(await readInput(file), file)
      const issues = await validateCredential(credential, { profile: options.profile as ValidationProfile })
      if (options.json === true) process.stdout.write(`${JSON.stringify(issues, null, 2)}\n`)
      else if (issues.length === 0) process.stdout.write('valid\n')
      else for (const issue of issues) process.stdout.write(`${issue.code} at ${issue.path ?? '(root)'}: ${issue.message}\n`)
      process.exitCode = issues.length === 0 ? EXIT.ok : EXIT.failed
    })
}
