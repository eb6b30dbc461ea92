/** A verification report as text for people (terminals, logs). */
import { isJsonObject } from '../util/json.js'
import type { VerificationReport } from './report.js'

/** Options of {@link formatReport}. */
export interface FormatReportOptions {
  /** Use ANSI colours. Default `false`. */
  color?: boolean
}

const MARK = { passed: '✔', failed: '✘', skipped: '–' } as const

/**
 * Renders a report as readable text: the verdict, what the credential is, then each check with its outcome
 * and the issues under the check that found them.
 *
 * @example
 * ```ts
 * console.log(formatReport(await verify(credential), { color: process.stdout.isTTY }))
 * // ✔ VERIFIED  Data Engineering Fundamentals
 * //   ✔ syntax
 * //   ✔ proof           eddsa-rdfc-2022 proof verified with did:key:z6Mk...
 * ```
 */
export function formatReport(report: VerificationReport, options: FormatReportOptions = {}): string {
  const paint = (code: string, text: string): string => (options.color === true ? `\u001b[${code}m${text}\u001b[0m` : text)
  const green = (t: string) => paint('32', t)
  const red = (t: string) => paint('31', t)
  const dim = (t: string) => paint('2', t)
  const lines: string[] = []
  const credential = report.credential
  const title = credential === undefined ? '' : describeCredential(credential)
  lines.push(`${report.verified ? green(`${MARK.passed} VERIFIED`) : red(`${MARK.failed} NOT VERIFIED`)}${title === '' ? '' : `  ${title}`}`)
  if (credential !== undefined) {
    const issuer = credential['issuer']
    const issuerText = typeof issuer === 'string' ? issuer : isJsonObject(issuer) ? `${String(issuer['name'] ?? '')} (${String(issuer['id'] ?? '?')})`.trim() : '?'
    lines.push(`  issuer   ${issuerText}`)
    const subject = credential['credentialSubject']
    if (isJsonObject(subject) && typeof subject['id'] === 'string') lines.push(`  learner  ${subject['id']}`)
    if (typeof credential['validFrom'] === 'string') lines.push(`  issued   ${credential['validFrom']}`)
  }
  lines.push('')
  const width = Math.max(...report.checks.map((check) => check.id.length))
  for (const check of report.checks) {
    const mark = check.status === 'passed' ? green(MARK.passed) : check.status === 'failed' ? red(MARK.failed) : dim(MARK.skipped)
    const reason = check.reason === undefined ? '' : `  ${check.status === 'skipped' ? dim(`skipped: ${check.reason}`) : dim(check.reason)}`
    lines.push(`  ${mark} ${reason === '' ? check.id : `${check.id.padEnd(width)}${reason}`}`)
    for (const issue of report.issues.filter((i) => i.check === check.id)) {
      const where = issue.path === undefined || issue.path === '' ? '' : ` at ${issue.path}`
      const label = issue.severity === 'warning' ? paint('33', `warning ${issue.code}`) : red(issue.code)
      lines.push(`      ${label}${where}: ${issue.message}`)
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
