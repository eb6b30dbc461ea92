/** `microcred verify`. */
import type { Command } from 'commander'
import { safeFetch } from '../../net/safe-fetch.js'
import { VALIDATION_PROFILES } from '../../schema/validate.js'
import { formatReport } from '../../verify/format.js'
import type { VerifyOptions } from '../../verify/options.js'
import { verify } from '../../verify/verify.js'
import { reportForCli } from '../advice.js'
import { collect, EXIT, parseProfile, readContexts, readInput, UsageError } from '../io.js'
import { publishedFetch } from '../published.js'

/** The `--profile` help of verify and validate. */
export const PROFILE_HELP = `which rules the credential is held to: ${VALIDATION_PROFILES.join(', ')} (auto: OB 3.0 rules for Open Badges, the EU profile for EU micro-credentials, the VC Data Model alone for other credentials)`
/** The `--context` help of verify and validate. */
export const CONTEXT_HELP = 'trust an extra JSON-LD context: its URL and a file holding its document (repeatable)'

interface VerifyCommandOptions {
  json?: boolean
  now?: string
  online?: boolean
  didDocument: string[]
  statusList: string[]
  published?: string
  recipient?: string
  strict?: boolean
  profile: string
  context: string[]
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'verify a credential: JSON, VC-JWT, or a baked PNG or SVG; exit 0 verified, 1 not verified, 2 input error',
    )
    .argument('[file]', 'credential file (.json, .jwt, .png, .svg); "-" or nothing reads stdin')
    .option('--json', 'print the report as JSON')
    .option('--now <date-time>', 'check validity at this time instead of now')
    .option(
      '--online',
      'fetch DID documents, issuer documents, JWKS and status lists over https (public addresses only); offline by default',
    )
    .option(
      '--did-document <file>',
      'before publishing: a did:web DID document (did.json), answering the URL its "id" maps to (repeatable)',
      collect,
      [],
    )
    .option(
      '--status-list <url>=<file>',
      'before publishing: the signed status list credential (microcred status publish) to answer for that URL (repeatable)',
      collect,
      [],
    )
    .option(
      '--published <folder>',
      'before publishing: a folder laid out like the web root (URL path -> file), answering https URLs from its files',
    )
    .option(
      '--recipient <value>',
      'check the credential is about this learner (their DID, or an e-mail address matched against the hashed one)',
    )
    .option(
      '--strict',
      'every warning (OB schema, EU profile, status list hosted elsewhere...) fails the credential, as a conformance check in CI wants',
    )
    .option('--profile <profile>', PROFILE_HELP, 'auto')
    .option('--context <url>=<file>', CONTEXT_HELP, collect, [])
    .addHelpText(
      'after',
      '\nOffline, nothing is fetched: a did:web issuer cannot be resolved and a credential with a credentialStatus\nfails its status check, unless --online is given or the files are given with --did-document, --status-list\nor --published (only those URLs are answered; with --online too, others are fetched).\n\nExamples:\n  microcred verify badge-ada.png --online\n  microcred verify ada.json --did-document did.json --status-list https://uni.example/status/1=list.json\n  microcred verify transcript.json --strict --context https://uni.example/ctx/v1=uni-context.json',
    )
    .action(async (file: string | undefined, options: VerifyCommandOptions) => {
      const verifyOptions: VerifyOptions = {
        profile: parseProfile(options.profile),
        ...(options.strict === true ? { policy: 'strict' } : {}),
      }
      if (options.now !== undefined) {
        const now = new Date(options.now)
        if (Number.isNaN(now.getTime()))
          throw new UsageError(`--now: ${JSON.stringify(options.now)} is not a date-time`)
        verifyOptions.now = now
      }
      const extra = await readContexts(options.context)
      if (extra !== undefined) {
        verifyOptions.documentLoader = extra.documentLoader
        verifyOptions.allowedContexts = extra.allowedContexts
      }
      const input = await readInput(file)
      const fetch = await publishedFetch({
        didDocuments: options.didDocument,
        statusLists: options.statusList,
        ...(options.published === undefined ? {} : { published: options.published }),
        ...(options.online === true ? { fallback: safeFetch() } : {}),
      })
      if (fetch !== undefined) verifyOptions.fetch = fetch
      if (options.recipient !== undefined) verifyOptions.expectedRecipient = options.recipient
      const report = reportForCli(await verify(input, verifyOptions))
      process.stdout.write(
        options.json === true
          ? `${JSON.stringify(report, null, 2)}\n`
          : `${formatReport(report, { color: process.stdout.isTTY })}\n`,
      )
      process.exitCode = report.verified ? EXIT.ok : EXIT.failed
    })
}
