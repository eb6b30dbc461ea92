import { describe, expect, it } from 'vitest'
import { isMicrocredError } from '../../../src/index.js'
import { parseRoster } from '../../../src/entries/batch.js'

const errorOf = (action: () => unknown): { code?: string; message: string } => {
  try {
    action()
  } catch (error) {
    return { code: isMicrocredError(error) ? error.code : undefined, message: (error as Error).message }
  }
  throw new Error('expected an error')
}

describe('parseRoster', () => {
  it('maps the columns to the learner, the grade and the award date', () => {
    const roster = parseRoster(
      'name,email,id,studentId,nationalId,grade,awarded\nAda Lovelace,ada@example.org,did:example:ada,S-1,N-1,9.5,2025-06-01\n',
    )
    expect(roster.columns).toEqual(['name', 'email', 'id', 'studentId', 'nationalId', 'grade', 'awarded'])
    expect(roster.rows).toEqual([
      {
        line: 2,
        learner: {
          name: 'Ada Lovelace',
          email: 'ada@example.org',
          id: 'did:example:ada',
          studentId: 'S-1',
          nationalId: 'N-1',
        },
        grade: '9.5',
        awarded: '2025-06-01',
      },
    ])
    expect(roster.problems).toEqual([])
  })

  it('reads headers however they are written (case, spaces, - and _), a BOM, CRLF and trims cells', () => {
    const roster = parseRoster('\uFEFFName , E-Mail,Student_ID\r\n  Grace Hopper , grace@example.org ,G-7\r\n')
    expect(roster.columns).toEqual(['name', 'email', 'studentId'])
    expect(roster.rows[0]).toEqual({
      line: 2,
      learner: { name: 'Grace Hopper', email: 'grace@example.org', studentId: 'G-7' },
    })
  })

  it('counts lines as the file does: blank lines and quoted multi-line cells', () => {
    const roster = parseRoster(
      'name,email\nAda,ada@example.org\n\n"Bob\nSmith",bob@example.org\n"Carl, Jr.",carl@example.org\n',
    )
    expect(roster.rows.map((r) => [r.line, r.learner.name])).toEqual([
      [2, 'Ada'],
      [6, 'Carl, Jr.'],
    ])
    expect(roster.problems.map((p) => p.line)).toEqual([4])
  })

  it('counts lines right with CR LF line ends, also inside a quoted cell, and after a BOM and multi-byte text', () => {
    const roster = parseRoster(
      '\uFEFFname,email\r\n\r\nÄda,a@example.org\r\n"Multi\r\nLine",m@example.org\r\nBob,b@example.org\r\n',
    )
    expect(roster.rows.map((r) => [r.line, r.learner.name])).toEqual([
      [3, 'Äda'],
      [6, 'Bob'],
    ])
    // A name broken over two lines is a spreadsheet accident: reported at the line it starts on.
    expect(roster.problems).toEqual([
      { line: 4, message: 'the name cell holds a line break or another control character' },
    ])
  })

  it('an empty cell is left out (not an empty string)', () => {
    expect(parseRoster('name,email,grade\nAda,,\n').rows[0]).toEqual({ line: 2, learner: { name: 'Ada' } })
  })

  it('reports rows with the wrong number of cells or no learner, by line, and keeps the others', () => {
    const roster = parseRoster(
      'name,email,grade\nAda,ada@example.org,9\nBob,bob@example.org\n,,7\nDan,dan@example.org,8,extra\nEve,eve@example.org,6\n',
    )
    expect(roster.rows.map((r) => r.line)).toEqual([2, 6])
    expect(roster.problems).toEqual([
      { line: 3, message: 'the row has 2 cells, the header 3' },
      { line: 4, message: expect.stringContaining('names no learner') },
      { line: 5, message: 'the row has 4 cells, the header 3' },
    ])
  })

  it('refuses unknown columns by name (a typo must not drop data), unless ignored', () => {
    const error = errorOf(() => parseRoster('name,emial,notes\nAda,ada@example.org,x\n'))
    expect(error.code).toBe('ERR_INVALID_INPUT')
    expect(error.message).toContain('"emial", "notes"')
    const roster = parseRoster('name,Notes,email\nAda,first row,ada@example.org\n', { ignoreColumns: ['notes'] })
    expect(roster.rows[0]!.learner).toEqual({ name: 'Ada', email: 'ada@example.org' })
  })

  it.each([
    ['a column given twice', 'name,email,E-mail\nAda,a@x.org,b@x.org\n', 'the column email twice'],
    ['no column naming a learner', 'grade,awarded\n9,2025-01-01\n', 'no column that identifies a learner'],
    ['an empty file', '', 'the roster is empty'],
    ['an unclosed quote', 'name,email\n"Ada,ada@example.org\n', 'not valid CSV (line'],
  ])('refuses %s with ERR_INVALID_INPUT', (_what, csv, message) => {
    const error = errorOf(() => parseRoster(csv))
    expect(error.code).toBe('ERR_INVALID_INPUT')
    expect(error.message).toContain(message)
  })

  it('throws TypeError for a non-string', () => {
    expect(() => parseRoster(Buffer.from('name\nAda\n') as never)).toThrow(TypeError)
  })
})
