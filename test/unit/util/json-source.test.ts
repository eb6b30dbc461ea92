/**
 * scanJson(): agrees with JSON.parse on what is JSON (generated values, and the same texts with a character
 * dropped, doubled or inserted), points at the right character with a useful reason, and maps every JSON path to
 * where its value is; lineColumn() and offsetOfPath().
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lineColumn, offsetOfPath, scanJson } from '../../../src/util/json-source.js'

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

describe('scanJson', () => {
  it('finds no error in any JSON text, and an error wherever JSON.parse throws (texts with one character changed)', () => {
    const texts = fc.oneof(
      fc.json(),
      fc.jsonValue().map((value) => JSON.stringify(value, null, 2)),
    )
    fc.assert(
      fc.property(
        texts,
        fc.nat(),
        fc.constantFrom('', '"', ',', '}', ']', '{', '[', ':', '0', '.', 'e', '-', '\\', '\n', '\u0001', ' ', 'x'),
        (text, at, inserted) => {
          expect(scanJson(text).error).toBeUndefined()
          const i = at % (text.length + 1)
          for (const changed of [text.slice(0, i) + text.slice(i + 1), text.slice(0, i) + inserted + text.slice(i)]) {
            expect(scanJson(changed).error === undefined).toBe(isJson(changed))
          }
        },
      ),
      { numRuns: 2000, seed: 18 },
    )
  })

  it.each([
    ['{"a": 1,}', 8, /after ',', found '}': JSON allows no trailing comma/],
    ['[1, 2,]', 6, /expected a value, found '\]': JSON allows no trailing comma/],
    ['{"a": }', 6, /expected a value, found '}'/],
    ['{"a" 1}', 5, /expected ':' after a member name/],
    ['{"a": 1 "b": 2}', 8, /expected ',' or '}' after a member's value, found '"' \(a comma missing\?\)/],
    ["{'a': 1}", 1, /member names need double quotes/],
    ['{"a": tru}', 6, /unexpected 'tru': expected a value/],
    ['{"a": 01}', 7, /cannot start with 0 followed by more digits/],
    ['{"a": 1.}', 7, /a number needs digits after its '\.'/],
    ['{"a": 1e}', 7, /needs digits after its exponent's 'e'/],
    ['{"a": 1.5.2}', 9, /a number cannot go on with '\.'/],
    ['{"a": "x\ny"}', 8, /U\+000A inside a string/],
    ['{"a": "\\x"}', 7, /invalid escape '\\x'/],
    ['{"a": "\\u12"}', 7, /four hexadecimal digits/],
    ['{"a": "never closed}', 6, /a string that is never closed/],
    ['{"a": 1} // note', 9, /JSON allows no comments/],
    ['{"a": 1} x', 9, /unexpected 'x' after the end of the JSON value/],
    ['{"a": [1, 2}', 11, /expected ',' or '\]' after an array entry, found '}'/],
    ['{"a": 1', 7, /expected ',' or '}' after a member's value, found the end of the text/],
    ['', 0, /the text is empty/],
  ])('%j: error at %i', (text, offset, message) => {
    expect(isJson(text)).toBe(false)
    const { error } = scanJson(text)
    expect(error?.offset).toBe(offset)
    expect(error?.message).toMatch(message)
  })

  it('scans from start to end only, so a byte order mark and surrounding whitespace keep their offsets', () => {
    const text = '\uFEFF \n {"a": ]} \n'
    expect(scanJson(text, { start: 4, end: text.length - 3 }).error).toEqual({
      offset: 10,
      message: expect.stringMatching(/expected a value, found '\]'/),
    })
  })

  it('maps each JSON path (as issues write it) to its member name, or to the value for the root and array entries', () => {
    const text = '{\n  "a": {"b": [10, {"c": null}]},\n  "x y": true,\n  "@context": ["u"]\n}'
    const { offsets, error } = scanJson(text, { offsets: true })
    expect(error).toBeUndefined()
    const at = (path: string): string => text.slice(offsets!.get(path), offsets!.get(path)! + 6)
    expect(offsets!.get('')).toBe(0)
    expect(at('a')).toBe('"a": {')
    expect(at('a.b')).toBe('"b": [')
    expect(at('a.b[0]')).toBe('10, {"')
    expect(at('a.b[1]')).toBe('{"c": ')
    expect(at('a.b[1].c')).toBe('"c": n')
    expect(at('["x y"]')).toBe('"x y":')
    expect(at('@context[0]')).toBe('"u"]\n}')
  })

  it('handles nesting far deeper than a recursive parser could', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`
    expect(scanJson(deep).error).toBeUndefined()
    expect(scanJson(`${deep.slice(0, -1)}}`).error?.offset).toBe(deep.length - 1)
  })
})

describe('lineColumn', () => {
  it('counts lines at \\n, \\r\\n and a lone \\r, columns from 1, and a byte order mark as no column', () => {
    expect(lineColumn('{\n  "a": x\n}', 9)).toEqual({ line: 2, column: 8 })
    expect(lineColumn('a\r\nb\rc', 5)).toEqual({ line: 3, column: 1 })
    expect(lineColumn('\uFEFF{', 1)).toEqual({ line: 1, column: 1 })
    expect(lineColumn('\uFEFF{', 0)).toEqual({ line: 1, column: 1 })
  })
})

describe('offsetOfPath', () => {
  it('falls back to the nearest ancestor that exists, down to the root', () => {
    const { offsets } = scanJson('{"a": {"b": [1]}, "k.j": 2}', { offsets: true })
    expect(offsetOfPath(offsets!, 'a.b[0]')).toBe(13)
    expect(offsetOfPath(offsets!, 'a.b[3].c')).toBe(7)
    expect(offsetOfPath(offsets!, 'a.missing')).toBe(1)
    expect(offsetOfPath(offsets!, '["k.j"]')).toBe(18)
    expect(offsetOfPath(offsets!, '["k.x"].y')).toBe(0)
    expect(offsetOfPath(offsets!, 'nothing')).toBe(0)
  })
})
