/**
 * The library's messages give advice in terms of its options (`options.fetch`, `ignoreColumns`...); printed by the
 * CLI, that advice must name the command-line flags that do the same, or nothing the user can type.
 */
import type { VerificationReport } from '../verify/report.js'

/** Library option names in messages -> what to say on the command line instead. Most specific first. */
const REWRITES: readonly (readonly [RegExp, string])[] = [
  [
    /\(pass options\.fetch, e\.g\. safeFetch\(\)\)/g,
    '(pass --online, or answer it from files with --did-document, --status-list or --published)',
  ],
  [/\bpass options\.fetch\b/g, 'pass --online'],
  [/\boptions\.fetch\b/g, '--online'],
  [/leave others out with ignoreColumns/g, 'leave others out with --ignore-columns'],
  [/\bignoreColumns\b/g, '--ignore-columns'],
  // The CLI has no flag for these caps: the message already says what the cap is, so the option name just goes.
  [/ \(options\.(?:maxBytes|maxImageBytes|maxFetches)\)/g, ''],
]

/**
 * A library message with its advice in command-line terms.
 *
 * @example
 * ```ts
 * cliAdvice('unknown columns "notes" (known: name, email; leave others out with ignoreColumns)')
 * // '... leave others out with --ignore-columns)'
 * ```
 */
export function cliAdvice(message: string): string {
  let text = message
  for (const [pattern, replacement] of REWRITES) text = text.replace(pattern, replacement)
  return text
}

/**
 * The report with every issue message and check reason (nested reports included) in command-line terms; the
 * verdict and everything else unchanged.
 */
export function reportForCli(report: VerificationReport): VerificationReport {
  return {
    ...report,
    checks: report.checks.map((check) =>
      check.reason === undefined ? check : { ...check, reason: cliAdvice(check.reason) },
    ),
    issues: report.issues.map((issue) => ({ ...issue, message: cliAdvice(issue.message) })),
    ...(report.nested === undefined
      ? {}
      : { nested: report.nested.map((entry) => ({ ...entry, report: reportForCli(entry.report) })) }),
  }
}
