/**
 * What `microcred validate` prints: one line per issue (text), a JSON report, JUnit XML or SARIF 2.1.0, from the
 * same per-file outcomes. Text is written file by file as the files are done; the others once, at the end.
 */
import { isAbsolute, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { printable } from '../verify/format.js'
import { version } from '../version.js'
import type { FileIssue, FileValidation } from './validate-files.js'

/** The output formats of `validate --format`. */
export const VALIDATE_FORMATS = ['text', 'json', 'junit', 'sarif'] as const

/** One of {@link VALIDATE_FORMATS}. */
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number]

/** Counts over every file. */
export interface ValidateSummary {
  files: number
  valid: number
  invalid: number
  errors: number
  warnings: number
}

/**
 * Counts the files and issues of a run.
 *
 * @example
 * ```ts
 * summarize(results) // { files: 3, valid: 2, invalid: 1, errors: 4, warnings: 1 }
 * ```
 */
export function summarize(results: readonly FileValidation[]): ValidateSummary {
  const valid = results.filter((result) => result.valid).length
  return {
    files: results.length,
    valid,
    invalid: results.length - valid,
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    warnings: results.reduce((sum, result) => sum + result.warnings, 0),
  }
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`

/**
 * Where an issue is, as a text line names it after the file: its JSON path; for a text that is not JSON, the line and
 * column where it stops being JSON; nothing for the credential as a whole.
 */
function textLocation(issue: FileIssue): string | undefined {
  if (issue.path !== undefined && issue.path !== '') return issue.path
  if (issue.code === 'ERR_SYNTAX' && issue.line !== undefined) return `${issue.line}:${issue.column ?? 1}`
  return undefined
}

/**
 * One line per issue of a file: `file:json-path: CODE message` (`file:line:column: ERR_SYNTAX ...` for a file that
 * is not JSON, `file: CODE ...` without a path), warnings as `file:json-path: warning: CODE message`. Everything
 * taken from the file (its name, paths, quoted values) is printed with control characters escaped.
 *
 * @example
 * ```ts
 * textLines(result) // ['creds/b.json:credentialSubject.achievement: ERR_SCHEMA_REQUIRED "name" is required']
 * ```
 */
export function textLines(result: FileValidation): string[] {
  return result.issues.map((issue) => {
    const location = textLocation(issue)
    return `${printable(result.file)}${location === undefined ? '' : `:${printable(location)}`}: ${issue.severity === 'warning' ? 'warning: ' : ''}${issue.code} ${printable(issue.message)}`
  })
}

/**
 * The last line of the text output.
 *
 * @example
 * ```ts
 * textSummary({ files: 3, valid: 2, invalid: 1, errors: 4, warnings: 1 }) // '1 of 3 files invalid: 4 errors, 1 warning'
 * textSummary({ files: 1, valid: 1, invalid: 0, errors: 0, warnings: 0 }) // '1 file valid'
 * ```
 */
export function textSummary(summary: ValidateSummary): string {
  if (summary.invalid > 0)
    return `${summary.invalid} of ${plural(summary.files, 'file')} invalid: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`
  const all = summary.files === 1 ? '1 file valid' : `${plural(summary.files, 'file')} valid`
  return summary.warnings === 0 ? all : `${all}, with ${plural(summary.warnings, 'warning')}`
}

/** The JSON report: every file with its verdict and issues, and the counts. */
export interface ValidateJsonReport {
  files: { file: string; valid: boolean; errors: number; warnings: number; issues: FileIssue[] }[]
  summary: ValidateSummary
}

/**
 * The `--format json` report.
 *
 * @example
 * ```ts
 * jsonReport(results).files.filter((file) => !file.valid).map((file) => file.file) // ['creds/b.json']
 * ```
 */
export function jsonReport(results: readonly FileValidation[]): ValidateJsonReport {
  return {
    files: results.map(({ file, valid, errors, warnings, issues }) => ({ file, valid, errors, warnings, issues })),
    summary: summarize(results),
  }
}

/** Characters XML 1.0 cannot carry at all (C0 controls but tab and line breaks, lone surrogates, U+FFFE, U+FFFF). */
// eslint-disable-next-line no-control-regex -- the control characters XML allows are what this lists
const NOT_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

/** Text for XML content or an attribute value: markup escaped, characters XML cannot hold replaced by U+FFFD. */
function xml(value: string): string {
  return value.replace(NOT_XML, '\ufffd').replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c)
}

/**
 * The `--format junit` report: one `<testsuite>` (inside `<testsuites>`) with one `<testcase>` per file; an invalid
 * file's testcase has a `<failure>` listing its issues as the text lines do, and warnings go to `<system-out>`.
 * What GitLab, Jenkins and the GitHub test-report actions read.
 *
 * @example
 * ```ts
 * await writeFile('validate.junit.xml', junitReport(results))
 * ```
 */
export function junitReport(results: readonly FileValidation[]): string {
  const summary = summarize(results)
  const seconds = (ms: number): string => (ms / 1000).toFixed(3)
  const total = seconds(results.reduce((sum, result) => sum + result.ms, 0))
  const name = 'microcred validate'
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${summary.files}" failures="${summary.invalid}" errors="0" time="${total}">`,
    `  <testsuite name="${name}" tests="${summary.files}" failures="${summary.invalid}" errors="0" skipped="0" time="${total}">`,
  ]
  for (const result of results) {
    const file = xml(result.file)
    const open = `    <testcase classname="microcred.validate" name="${file}" file="${file}" time="${seconds(result.ms)}"`
    const errors = result.issues.filter((issue) => issue.severity !== 'warning')
    const warnings = result.issues.filter((issue) => issue.severity === 'warning')
    if (result.valid && warnings.length === 0) {
      lines.push(`${open}/>`)
      continue
    }
    lines.push(`${open}>`)
    const issueLines = (issues: FileIssue[]): string => xml(textLines({ ...result, issues }).join('\n'))
    // Invalid means at least one error (FileValidation.valid is `errors === 0`).
    const first = errors[0]
    if (!result.valid && first !== undefined) {
      const message = `${plural(errors.length, 'error')}; first: ${first.code}${first.path === undefined || first.path === '' ? '' : ` at ${printable(first.path)}`}: ${printable(first.message)}`
      lines.push(`      <failure type="${xml(first.code)}" message="${xml(message)}">${issueLines(errors)}</failure>`)
    }
    if (warnings.length > 0) lines.push(`      <system-out>${issueLines(warnings)}</system-out>`)
    lines.push('    </testcase>')
  }
  lines.push('  </testsuite>', '</testsuites>')
  return `${lines.join('\n')}\n`
}

/** A file as a SARIF artifact URI: relative to the working folder (SARIF's %SRCROOT%), or a file: URL when absolute. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href }
  const uri = file.split(sep).join('/').split('/').map(encodeURIComponent).join('/')
  return { uri, uriBaseId: '%SRCROOT%' }
}

/** SARIF 2.1.0 JSON, as `--format sarif` prints it (the parts microcred writes). */
export interface SarifLog {
  $schema: string
  version: '2.1.0'
  runs: {
    tool: {
      driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string } }[] }
    }
    originalUriBaseIds: Record<string, { uri: string }>
    columnKind: 'utf16CodeUnits'
    artifacts: { location: { uri: string; uriBaseId?: string } }[]
    results: {
      ruleId: string
      ruleIndex: number
      level: 'error' | 'warning'
      message: { text: string }
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId?: string; index: number }
          region: { startLine: number; startColumn?: number }
        }
        logicalLocations?: { fullyQualifiedName: string; kind: string }[]
      }[]
    }[]
  }[]
}

/**
 * The `--format sarif` report: SARIF 2.1.0, one result per issue (`ruleId` its code, `level` error or warning), located
 * at its file and, for JSON text, at the line and column of the value its path names (of the error, for text that is
 * not JSON); the JSON path is also a logical location and part of the message. What GitHub code scanning uploads.
 *
 * @example
 * ```ts
 * await writeFile('validate.sarif', JSON.stringify(sarifReport(results, process.cwd())))
 * ```
 */
export function sarifReport(results: readonly FileValidation[], cwd: string): SarifLog {
  const rules: { id: string; shortDescription: { text: string } }[] = []
  const ruleIndex = new Map<string, number>()
  const sarifResults: SarifLog['runs'][number]['results'] = []
  const artifacts = results.map((result) => ({ location: artifactLocation(result.file) }))
  results.forEach((result, fileIndex) => {
    for (const issue of result.issues) {
      let index = ruleIndex.get(issue.code)
      if (index === undefined) {
        index = rules.length
        ruleIndex.set(issue.code, index)
        rules.push({ id: issue.code, shortDescription: { text: `${issue.code} (microcred ${issue.check} check)` } })
      }
      const path = issue.path === undefined || issue.path === '' ? undefined : issue.path
      sarifResults.push({
        ruleId: issue.code,
        ruleIndex: index,
        level: issue.severity === 'warning' ? 'warning' : 'error',
        message: { text: path === undefined ? issue.message : `${issue.message} (at ${path})` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { ...artifactLocation(result.file), index: fileIndex },
              // A region is always given (code scanning wants one): line 1 where the issue has no place in the text.
              region: {
                startLine: issue.line ?? 1,
                ...(issue.column === undefined ? {} : { startColumn: issue.column }),
              },
            },
            ...(path === undefined ? {} : { logicalLocations: [{ fullyQualifiedName: path, kind: 'member' }] }),
          },
        ],
      })
    }
  })
  const root = pathToFileURL(cwd).href
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'microcred', version, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: root.endsWith('/') ? root : `${root}/` } },
        columnKind: 'utf16CodeUnits',
        artifacts,
        results: sarifResults,
      },
    ],
  }
}
