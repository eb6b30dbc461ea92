/**
 * A class roster: CSV, one learner a row, a header row naming the columns. Parsing is `csv-parse`'s (RFC 4180
 * quoting, multi-line fields, BOM); this file maps the columns to the builder's learner input and reports each
 * bad row with its line number instead of giving up on the file.
 */
import { parse } from 'csv-parse/sync'
import { MicrocredError } from '../errors.js'
import type { LearnerInput } from '../model/input.js'

/**
 * The columns a roster may have, as written in its header (case, spaces, `-` and `_` do not matter:
 * `Student ID` is `studentId`).
 *
 * @example
 * ```ts
 * const header = ROSTER_COLUMNS.join(',') // 'name,email,id,studentId,nationalId,grade,awarded'
 * ```
 */
export const ROSTER_COLUMNS = ['name', 'email', 'id', 'studentId', 'nationalId', 'grade', 'awarded'] as const

/** One of {@link ROSTER_COLUMNS}. */
export type RosterColumn = (typeof ROSTER_COLUMNS)[number]

/** A learner row of a roster. */
export interface RosterRow {
  /** Line of the file the row starts on (the header is line 1). */
  line: number
  /** The learner, for `createMicroCredential({ ...template, learner })`. */
  learner: LearnerInput
  /** The row's grade, when the roster has a `grade` column and the cell is not empty. */
  grade?: string
  /** When the learner was awarded the credential, when the roster has an `awarded` column and the cell is not empty. */
  awarded?: string
}

/** A row that cannot be used, and why. */
export interface RosterProblem {
  line: number
  message: string
}

/** What {@link parseRoster} found. */
export interface Roster {
  /** The header's columns, as understood. */
  columns: RosterColumn[]
  rows: RosterRow[]
  /** Rows that cannot be used (wrong number of cells, no learner at all); the other rows are still good. */
  problems: RosterProblem[]
}

/** Options of {@link parseRoster}. */
export interface ParseRosterOptions {
  /** Header names of columns to leave out (notes, cohort...). Any other unknown column is an error, so a typo such as `emial` cannot silently drop the e-mail. */
  ignoreColumns?: string[]
}

const normalise = (header: string): string => header.toLowerCase().replace(/[\s_-]/g, '')
const KNOWN = new Map<string, RosterColumn>(ROSTER_COLUMNS.map((column) => [normalise(column), column]))

/**
 * Parses a roster. A file that is not CSV at all (an unclosed quote, no header) or has unknown columns throws
 * `ERR_INVALID_INPUT`; a bad row is listed in `problems` with its line number and the others are returned.
 *
 * @example
 * ```ts
 * const roster = parseRoster('name,email,grade\nAda Lovelace,ada@example.org,9.5\n')
 * // roster.rows[0]: { line: 2, learner: { name: 'Ada Lovelace', email: 'ada@example.org' }, grade: '9.5' }
 * ```
 */
export function parseRoster(csv: string, options: ParseRosterOptions = {}): Roster {
  if (typeof csv !== 'string') throw new TypeError('parseRoster(csv): csv must be the text of a CSV file')
  let records: { record: string[]; info: { bytes: number } }[]
  try {
    records = parse(csv, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records
  } catch (error) {
    const line = (error as { lines?: number }).lines
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `the roster is not valid CSV${line === undefined ? '' : ` (line ${line})`}: ${(error as Error).message}`,
      { cause: error },
    )
  }
  const [header, ...body] = records
  if (header === undefined)
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      'the roster is empty: it needs a header row (name,email,...) and a row per learner',
    )

  const ignored = new Set((options.ignoreColumns ?? []).map(normalise))
  const columns: (RosterColumn | undefined)[] = header.record.map((name) =>
    ignored.has(normalise(name)) ? undefined : KNOWN.get(normalise(name)),
  )
  const unknown = header.record.filter((name, i) => columns[i] === undefined && !ignored.has(normalise(name)))
  if (unknown.length > 0) {
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `the roster has unknown columns ${unknown.map((c) => JSON.stringify(c)).join(', ')} (known: ${ROSTER_COLUMNS.join(', ')}; leave others out with ignoreColumns)`,
    )
  }
  const seen = new Set<RosterColumn>()
  for (const column of columns) {
    if (column === undefined) continue
    if (seen.has(column)) throw new MicrocredError('ERR_INVALID_INPUT', `the roster has the column ${column} twice`)
    seen.add(column)
  }
  if (!seen.has('name') && !seen.has('email') && !seen.has('id') && !seen.has('studentId') && !seen.has('nationalId')) {
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      'the roster has no column that identifies a learner (name, email, id, studentId or nationalId)',
    )
  }

  const rows: RosterRow[] = []
  const problems: RosterProblem[] = []
  const lineAt = lineCounter(Buffer.from(csv, 'utf8'))
  let previous = header.info
  for (const { record, info } of body) {
    // The line a record starts on, counted in the text itself: csv-parse reports where a record ends, and counts
    // a CR LF inside a quoted cell as two lines.
    const line = lineAt(previous.bytes)
    previous = info
    if (record.length !== header.record.length) {
      problems.push({ line, message: `the row has ${record.length} cells, the header ${header.record.length}` })
      continue
    }
    // A line break or other control character in a name or an e-mail is a spreadsheet accident, not data to sign.
    const control = columns.findIndex(
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      (column, i) => column !== undefined && /[\u0000-\u001f\u007f-\u009f]/.test(record[i] ?? ''),
    )
    if (control >= 0) {
      problems.push({ line, message: `the ${columns[control]} cell holds a line break or another control character` })
      continue
    }
    const cells: Partial<Record<RosterColumn, string>> = {}
    columns.forEach((column, i) => {
      if (column !== undefined && record[i] !== '') cells[column] = record[i]
    })
    const { grade, awarded, ...learner } = cells
    if (Object.keys(learner).length === 0) {
      problems.push({
        line,
        message: 'the row names no learner (name, email, id, studentId and nationalId are all empty)',
      })
      continue
    }
    rows.push({
      line,
      learner,
      ...(grade === undefined ? {} : { grade }),
      ...(awarded === undefined ? {} : { awarded }),
    })
  }
  return { columns: columns.filter((c): c is RosterColumn => c !== undefined), rows, problems }
}

/**
 * For a byte offset where a record's text may begin (after blank lines), the 1-based line of its first character.
 * Offsets must be asked in increasing order (records come in file order), so the text is scanned once.
 */
function lineCounter(bytes: Buffer): (offset: number) => number {
  let scanned = 0
  let line = 1
  return (offset) => {
    let at = offset
    while (at < bytes.length && (bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x20 || bytes[at] === 0x09))
      at++
    for (; scanned < at; scanned++) if (bytes[scanned] === 0x0a) line++
    return line
  }
}
