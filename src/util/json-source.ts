/**
 * JSON text read for its positions: where a text stops being JSON (and why), and where each value of a valid text
 * starts, so a message about a file can point at a line and a column.
 *
 * Hand-written because `JSON.parse` (V8) gives no position for many errors ("Unexpected token '}', ... is not
 * valid JSON") and no positions at all for values; one pass, no recursion (nesting depth costs nothing).
 */
import { formatPath } from './path.js'

/** Where a JSON text breaks the grammar: the offset (UTF-16 code units) of the first character that cannot continue it. */
export interface JsonSyntaxError {
  /** Offset into the text that was scanned. */
  offset: number
  /** What is wrong there, e.g. `expected ',' or '}' after a member's value, found '"'`. */
  message: string
}

/** What {@link scanJson} found: the first syntax error, or (for `offsets`) where each value starts. */
export interface JsonScan {
  /** The first place the text breaks the JSON grammar; absent for valid JSON. */
  error?: JsonSyntaxError
  /**
   * For valid JSON scanned with `offsets: true`: each value's JSON path (as issues write it, `formatPath()`) → the
   * offset of its member name (an object member) or of the value itself (the root, an array entry).
   */
  offsets?: Map<string, number>
}

/** A 1-based line and column, the column counted in UTF-16 code units (SARIF's `utf16CodeUnits`). */
export interface LineColumn {
  line: number
  column: number
}

const WORD = /[A-Za-z_$][\w$]*/y
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}

/** A character as a message shows it: printable ones quoted, others by code point. */
function describeAt(text: string, at: number, end: number): string {
  const code = text.codePointAt(at)
  if (at >= end || code === undefined) return 'the end of the text'
  if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xfeff || (code >= 0x2000 && code <= 0x206f))
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  return `'${String.fromCodePoint(code)}'`
}

/**
 * Scans JSON text (RFC 8259) from `start` to `end` (default: all of it) and returns its first syntax error, or, with
 * `offsets`, where every value starts. Only space, tab, line feed and carriage return are whitespace, as in
 * `JSON.parse`.
 *
 * @example
 * ```ts
 * scanJson('{"a": 1,}').error // { offset: 8, message: "expected a member name (a double-quoted string) after ',', found '}': JSON allows no trailing comma" }
 * scanJson('{"a": [true]}', { offsets: true }).offsets?.get('a[0]') // 7
 * ```
 */
export function scanJson(text: string, options: { start?: number; end?: number; offsets?: boolean } = {}): JsonScan {
  const end = options.end ?? text.length
  const offsets = options.offsets === true ? new Map<string, number>() : undefined
  const path: (string | number)[] = []
  /** Open containers, innermost last: whether each is an object, and how many entries it has so far. */
  const open: { object: boolean; entries: number }[] = []
  let at = options.start ?? 0
  const fail = (offset: number, message: string): JsonScan => ({ error: { offset, message } })
  const found = (): string => describeAt(text, at, end)
  const skipSpace = (): void => {
    while (at < end && isJsonSpace(text.charCodeAt(at))) at++
  }
  const atComment = (): boolean =>
    text.charCodeAt(at) === 0x2f && (text.charCodeAt(at + 1) === 0x2f || text.charCodeAt(at + 1) === 0x2a)
  const afterComma = (): boolean => {
    let i = at - 1
    while (i >= 0 && isJsonSpace(text.charCodeAt(i))) i--
    return text.charCodeAt(i) === 0x2c
  }

  /** Reads a string starting at `at` (a '"'); returns its end (after the closing quote), or an error. */
  const readString = (): number | JsonSyntaxError => {
    const opening = at
    let i = at + 1
    while (i < end) {
      const c = text.charCodeAt(i)
      if (c === 0x22) return i + 1
      if (c === 0x5c) {
        const escaped = text.charCodeAt(i + 1)
        if (escaped === 0x75) {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6)))
            return { offset: i, message: 'a \\u escape needs four hexadecimal digits' }
          i += 6
          continue
        }
        if (i + 1 >= end) break
        if (!'"\\/bfnrt'.includes(text.charAt(i + 1)))
          return {
            offset: i,
            message: `invalid escape '\\${text[i + 1]}' in a string (JSON has \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)`,
          }
        i += 2
        continue
      }
      if (c < 0x20)
        return {
          offset: i,
          message: `${describeAt(text, i, end)} inside a string: a control character (a line break, a tab...) must be written as an escape such as \\n`,
        }
      i++
    }
    return { offset: opening, message: "a string that is never closed (no matching '\"')" }
  }

  /** Reads an object member's name and its ':' at `at`; then `at` is where its value starts. */
  const readMemberName = (after: string): JsonSyntaxError | undefined => {
    if (text.charCodeAt(at) !== 0x22) {
      const trailing = after === "','" && (text.charCodeAt(at) === 0x7d || text.charCodeAt(at) === 0x5d)
      const single = text.charCodeAt(at) === 0x27 ? ': member names need double quotes' : ''
      return {
        offset: at,
        message: `expected a member name (a double-quoted string) after ${after}, found ${found()}${trailing ? ': JSON allows no trailing comma' : single}`,
      }
    }
    const nameAt = at
    const closed = readString()
    if (typeof closed !== 'number') return closed
    at = closed
    if (offsets !== undefined) {
      path.push(JSON.parse(text.slice(nameAt, closed)) as string)
      offsets.set(formatPath(path), nameAt)
    }
    skipSpace()
    if (text.charCodeAt(at) !== 0x3a)
      return { offset: at, message: `expected ':' after a member name, found ${found()}` }
    at++
    return undefined
  }

  skipSpace()
  // Each turn reads one value at `at`, then closes what it can and moves to where the next value starts.
  for (;;) {
    skipSpace()
    if (offsets !== undefined && open.at(-1)?.object !== true) offsets.set(formatPath(path), at)
    const c = text.charCodeAt(at)
    if (at >= end)
      return fail(
        at,
        open.length === 0 ? 'the text is empty: expected a JSON value' : 'the text ends where a value should be',
      )
    if (c === 0x7b || c === 0x5b) {
      at++
      skipSpace()
      const object = c === 0x7b
      if (text.charCodeAt(at) === (object ? 0x7d : 0x5d)) {
        at++
      } else {
        open.push({ object, entries: 1 })
        if (object) {
          const problem = readMemberName("'{'")
          if (problem !== undefined) return { error: problem }
        } else if (offsets !== undefined) path.push(0)
        continue
      }
    } else if (c === 0x22) {
      const closed = readString()
      if (typeof closed !== 'number') return { error: closed }
      at = closed
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = at
      const match = NUMBER.exec(text)
      if (match === null) return fail(at, `expected a number, found ${found()}`)
      at += match[0].length
      const next = text.charCodeAt(at)
      if (
        at < end &&
        ((next >= 0x30 && next <= 0x39) ||
          next === 0x2e ||
          next === 0x65 ||
          next === 0x45 ||
          next === 0x2b ||
          next === 0x2d)
      ) {
        const number = match[0]
        let why = `a number cannot go on with ${found()}`
        if (number.replace(/^-/, '') === '0' && next >= 0x30 && next <= 0x39)
          why = 'a number cannot start with 0 followed by more digits'
        else if (next === 0x2e && !/[.eE]/.test(number)) why = "a number needs digits after its '.'"
        else if ((next === 0x65 || next === 0x45) && !/[eE]/.test(number))
          why = "a number needs digits after its exponent's 'e'"
        return fail(at, why)
      }
    } else {
      WORD.lastIndex = at
      const word = WORD.exec(text)?.[0]
      if (word === 'true' || word === 'false' || word === 'null') at += word.length
      else if (word !== undefined)
        return fail(
          at,
          `unexpected '${word.length > 20 ? `${word.slice(0, 20)}...` : word}': expected a value (strings need double quotes; the literals are true, false and null)`,
        )
      else if (c === 0x27) return fail(at, "unexpected ''': JSON strings need double quotes")
      else if (atComment()) return fail(at, 'JSON allows no comments')
      else if ((c === 0x7d || c === 0x5d) && afterComma())
        return fail(at, `expected a value, found ${found()}: JSON allows no trailing comma`)
      else return fail(at, `expected a value, found ${found()}`)
    }
    // A value ended: close containers until one has a next entry, or the text ends.
    for (;;) {
      skipSpace()
      const container = open.at(-1)
      if (container === undefined) {
        if (at < end)
          return fail(
            at,
            atComment() ? 'JSON allows no comments' : `unexpected ${found()} after the end of the JSON value`,
          )
        return offsets === undefined ? {} : { offsets }
      }
      const next = text.charCodeAt(at)
      const close = container.object ? 0x7d : 0x5d
      if (next === 0x2c) {
        at++
        skipSpace()
        if (container.object) {
          if (offsets !== undefined) path.pop()
          const problem = readMemberName("','")
          if (problem !== undefined) return { error: problem }
        } else if (offsets !== undefined) path[path.length - 1] = container.entries
        container.entries++
        break
      }
      if (next === close) {
        at++
        open.pop()
        if (offsets !== undefined) path.pop()
        continue
      }
      const expected = container.object ? "',' or '}' after a member's value" : "',' or ']' after an array entry"
      return fail(
        at,
        atComment()
          ? 'JSON allows no comments'
          : `expected ${expected}, found ${found()}${at < end && next === 0x22 ? ' (a comma missing?)' : ''}`,
      )
    }
  }
}

/**
 * The 1-based line and column of `offset` in `text`. A line ends at "\n", "\r\n" or a lone "\r"; a byte order mark at
 * the start takes no column.
 *
 * @example
 * ```ts
 * lineColumn('{\n  "a": x\n}', 9) // { line: 2, column: 8 }
 * ```
 */
export function lineColumn(text: string, offset: number): LineColumn {
  let line = 1
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const stop = Math.min(offset, text.length)
  for (let i = 0; i < stop; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: Math.max(offset, lineStart) - lineStart + 1 }
}

/**
 * The nearest located value for an issue's JSON path: the path itself, else its closest ancestor in `offsets` (a
 * missing member is reported at its parent's path or its own, which does not exist in the text).
 *
 * @example
 * ```ts
 * const { offsets } = scanJson('{"a": {"b": 1}}', { offsets: true })
 * offsetOfPath(offsets!, 'a.c') // 1 (where "a" is, the nearest value that exists)
 * ```
 */
export function offsetOfPath(offsets: ReadonlyMap<string, number>, path: string): number | undefined {
  let rest = path
  for (;;) {
    const found = offsets.get(rest)
    if (found !== undefined || rest === '') return found
    const last = /(?:\.[^.[\]]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/.exec(rest)
    rest = last === null ? '' : rest.slice(0, last.index)
  }
}
