/** A verification report as text for people (terminals, logs). */
import { isJsonObject } from '../util/json.js'
import type { VerificationReport } from './report.js'
import { summarizeCredential, type CredentialSummary, type SummaryCheck, type SummaryTerm } from './summary.js'

/** Options of {@link formatReport}. */
export interface FormatReportOptions {
  /** Use ANSI colours. Default `false`. */
  color?: boolean
}

const MARK = { passed: '✔', failed: '✘', skipped: '–', warned: '⚠' } as const

/**
 * Characters that must not reach a terminal as they are: C0 controls (line breaks and tabs too: a name on two lines
 * could pass for two lines of the report), DEL, C1 controls (U+0080–U+009F; U+009B is a one-character CSI), the
 * Unicode bidi marks, embeddings, overrides and isolates (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), and
 * the line and paragraph separators (U+2028, U+2029).
 */
// eslint-disable-next-line no-control-regex -- control characters are what this finds, to escape them
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * Text from the credential or the report (anything microcred did not write itself), made safe to print: every
 * character matched by `UNSAFE` is shown as an escape (`\n`, `\u001b`, `\u202e`), so it is seen rather than obeyed.
 *
 * @example
 * ```ts
 * printable('Ada\u001b[2J\nLovelace') // 'Ada\\u001b[2J\\nLovelace'
 * ```
 */
export function printable(value: unknown): string {
  return String(value).replace(UNSAFE, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * Renders a report as readable text: the verdict (with the number of warnings, and the policy when strict), what the
 * credential says as a reader looks for it first ({@link summarizeCredential}: learner, title, issuer and how its key
 * was bound, dates, credits and workload, level, assessment, participation, quality assurance, endorsements, status;
 * EU vocabulary IRIs by their English labels; what the credential does not state is left out), then each check with its outcome (`⚠` for a check that passed with warnings) and the issues under the
 * check that found them, warnings marked as such; with several proofs, each proof's result and the one the verdict
 * rests on.
 *
 * Everything taken from the credential or the report (names, identifiers, reasons, issue messages and paths) is
 * printed with control characters and Unicode bidi controls escaped (e.g. `\u001b`, `\n`), so a credential cannot
 * move the cursor, recolour or rewrite the verdict, or reorder a line; only microcred's own colours are emitted.
 *
 * @example
 * ```ts
 * console.log(formatReport(await verify(credential), { color: process.stdout.isTTY }))
 * // ✔ VERIFIED  Data Engineering Fundamentals
 * //   learner        Ada Lovelace (did:key:z6Mk...); also hashed: emailAddress
 * //   title          Data Engineering Fundamentals
 * //   issuer         Technische Universität Example (did:web:tu-example.de)
 * //   issuer key     bound: the key did:web:tu-example.de#key-1 is the issuer's
 * //   credits        5 ECTS (earned 5)
 * //   level          EQF level 6; QF-EHEA first cycle (EQF level 6)
 * //   ...
 * //
 * //   ✔ syntax
 * //   ✔ proof           eddsa-rdfc-2022 proof verified with did:key:z6Mk...
 * ```
 */
export function formatReport(report: VerificationReport, options: FormatReportOptions = {}): string {
  // `text` is always printable() output or microcred's own words: colour codes are added last.
  const paint = (code: string, text: string): string =>
    options.color === true ? `\u001b[${code}m${text}\u001b[0m` : text
  const green = (t: string) => paint('32', t)
  const red = (t: string) => paint('31', t)
  const dim = (t: string) => paint('2', t)
  const lines: string[] = []
  const credential = report.credential
  const title = credential === undefined ? '' : printable(describeCredential(credential))
  const warnings = report.issues.filter((issue) => issue.severity === 'warning').length
  const yellow = (t: string) => paint('33', t)
  const verdict = report.verified ? green(`${MARK.passed} VERIFIED`) : red(`${MARK.failed} NOT VERIFIED`)
  const notes = [
    ...(warnings > 0 ? [yellow(`${warnings} warning${warnings === 1 ? '' : 's'}`)] : []),
    ...(report.policy === 'strict' ? ['strict policy'] : []),
  ]
  lines.push(`${verdict}${notes.length === 0 ? '' : ` (${notes.join(', ')})`}${title === '' ? '' : `  ${title}`}`)
  if (credential !== undefined)
    for (const [label, value] of summaryLines(summarizeCredential(credential, report)))
      lines.push(`  ${label.padEnd(SUMMARY_WIDTH)}${value}`)
  lines.push('')
  const rows = report.checks.map((check) => ({ check, id: printable(check.id) }))
  const width = rows.reduce((max, { id }) => Math.max(max, id.length), 0)
  rows.forEach(({ check, id }) => {
    const warned =
      check.status === 'passed' &&
      report.issues.some((issue) => issue.check === check.id && issue.severity === 'warning')
    const mark = warned
      ? yellow(MARK.warned)
      : check.status === 'passed'
        ? green(MARK.passed)
        : check.status === 'failed'
          ? red(MARK.failed)
          : dim(MARK.skipped)
    const why = check.reason === undefined ? '' : printable(check.reason)
    const reason =
      check.reason === undefined ? '' : `  ${check.status === 'skipped' ? dim(`skipped: ${why}`) : dim(why)}`
    lines.push(`  ${mark} ${reason === '' ? id : `${id.padEnd(width)}${reason}`}`)
    for (const issue of report.issues.filter((i) => i.check === check.id)) {
      const where = issue.path === undefined || issue.path === '' ? '' : ` at ${printable(issue.path)}`
      const code = printable(issue.code)
      const label = issue.severity === 'warning' ? paint('33', `warning ${code}`) : red(code)
      lines.push(`      ${label}${where}: ${printable(issue.message)}`)
    }
  })
  const proofs = Array.isArray(report.proofs) ? report.proofs : []
  if (proofs.length > 1) {
    lines.push('', '  proofs')
    for (const proof of proofs) {
      const used = proof.index === report.proofUsed ? '  (the verdict rests on this one)' : ''
      const bound =
        proof.bound === undefined ? '' : proof.bound ? ', key bound to the issuer' : ", key NOT the issuer's"
      lines.push(
        `    ${proof.index + 1}. ${printable(proof.cryptosuite ?? proof.type)} ${printable(proof.status)}${bound}${used}`,
      )
    }
  }
  return lines.join('\n')
}

function describeCredential(credential: Record<string, unknown>): string {
  if (typeof credential['name'] === 'string') return credential['name']
  const subject = credential['credentialSubject']
  const achievement = isJsonObject(subject) ? subject['achievement'] : undefined
  return isJsonObject(achievement) && typeof achievement['name'] === 'string' ? achievement['name'] : ''
}

/** The width of the summary's labels (the longest is "participation"). */
const SUMMARY_WIDTH = 15

/**
 * The summary as label and text lines, everything from the credential made printable. The issuer is always shown (`?`
 * when the credential names none), so a report never leaves out who stands behind the credential.
 */
function summaryLines(summary: CredentialSummary): [string, string][] {
  const lines: [string, string][] = []
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') lines.push([label, value])
  }
  const learner = summary.learner
  if (learner !== undefined) {
    const hashed = learner.hashed === undefined ? undefined : learner.hashed.map(printable).join(', ')
    const who =
      learner.name === undefined
        ? learner.id === undefined
          ? undefined
          : printable(learner.id)
        : `${printable(learner.name)}${learner.id === undefined ? '' : ` (${printable(learner.id)})`}`
    add(
      'learner',
      who === undefined
        ? `identity hashed (${hashed ?? ''}): name not given in the clear`
        : `${who}${hashed === undefined ? '' : `; also hashed: ${hashed}`}`,
    )
  }
  add('title', summary.title === undefined ? undefined : printable(summary.title))
  const issuer = summary.issuer
  const issuerName = issuer?.name === undefined ? undefined : printable(issuer.name)
  const issuerId = issuer?.id === undefined ? undefined : printable(issuer.id)
  add('issuer', issuerName === undefined ? (issuerId ?? '?') : `${issuerName} (${issuerId ?? '?'})`)
  if (issuer?.binding !== undefined) add('issuer key', checkText(issuer.binding, 'bound', 'NOT bound'))
  add(
    'issued',
    summary.issued === undefined
      ? undefined
      : `${printable(summary.issued)}${summary.awarded === undefined ? '' : ` (awarded ${printable(summary.awarded)})`}`,
  )
  add('valid until', summary.validUntil === undefined ? undefined : printable(summary.validUntil))
  const credits = summary.credits
  if (credits !== undefined) {
    const system =
      credits.system === undefined
        ? ''
        : ` ${credits.system.name === undefined ? termText(credits.system) : printable(credits.system.name.toUpperCase())}`
    const earned = credits.earned === undefined ? '' : `earned ${credits.earned}`
    add(
      'credits',
      credits.available === undefined
        ? `${earned}${system}`
        : `${credits.available}${system}${earned === '' ? '' : ` (${earned})`}`,
    )
  }
  add(
    'workload',
    summary.workloadHours !== undefined
      ? `${summary.workloadHours} hours`
      : summary.workload === undefined
        ? undefined
        : printable(summary.workload),
  )
  const level = [
    ...(summary.eqfLevel === undefined ? [] : [termText(summary.eqfLevel)]),
    ...(summary.qfEheaCycle === undefined ? [] : [termText(summary.qfEheaCycle)]),
    ...(summary.nqfLevel === undefined ? [] : [`NQF ${printable(summary.nqfLevel)}`]),
  ]
  add('level', level.length === 0 ? undefined : level.join('; '))
  add('assessment', summary.assessment?.map(termText).join(', '))
  add('participation', summary.participation?.map(termText).join(', '))
  add(
    'quality',
    summary.qualityAssurance
      ?.map((qa) => {
        const by = [qa.agent, qa.report].filter((part): part is string => part !== undefined).map(printable)
        return `${qa.type === undefined ? 'quality assurance' : termText(qa.type)}${by.length === 0 ? '' : ` (${by.join(', ')})`}`
      })
      .join('; '),
  )
  add('endorsements', summary.endorsements === undefined ? undefined : `${summary.endorsements} embedded`)
  if (summary.status !== undefined) add('status', checkText(summary.status, 'ok', 'FAILED'))
  return lines
}

/** A vocabulary value by its label when microcred knows it, else as the credential gives it. */
function termText(term: SummaryTerm): string {
  return printable(term.label ?? term.value)
}

function checkText(check: SummaryCheck, passed: string, failed: string): string {
  const outcome = check.status === 'passed' ? passed : check.status === 'failed' ? failed : 'not checked'
  return check.detail === undefined ? outcome : `${outcome}: ${printable(check.detail)}`
}
