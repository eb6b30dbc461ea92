/**
 * formatReport(): text from the credential or the report reaches a terminal, so control characters and Unicode bidi
 * controls in it are shown as escapes, never obeyed; microcred's own colours still work.
 */
import { describe, expect, it } from 'vitest'
import { formatReport, verify, type VerificationReport } from '../../../src/index.js'
import { copy, signedEuCredential } from '../../helpers/credentials.js'

const now = new Date('2026-01-01T00:00:00Z')

/** A name that, printed raw, moves up a line, erases it and writes a green "✔ VERIFIED" verdict there. */
const FAKE_VERDICT = 'x\u001b[1A\u001b[2K\r\u001b[32m✔ VERIFIED  Data Engineering Fundamentals\u001b[0m'

/** C0 controls except the line feed that separates the report's lines, DEL, C1 controls, bidi controls, line separators. */
const UNSAFE_EXCEPT_LF =
  // eslint-disable-next-line no-control-regex -- control characters are what the test looks for
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

/** microcred's own colour codes (green, red, yellow, dim, reset). */
// eslint-disable-next-line no-control-regex -- ESC starts the colour codes this matches
const OWN_COLOURS = /\u001b\[(?:0|2|31|32|33)m/g

describe('formatReport(): untrusted text is neutralised', () => {
  it('a credential named with escape sequences cannot make a failed report look verified', async () => {
    const { signed } = await signedEuCredential()
    const benign = copy(signed)
    benign.name = 'x'
    const hostile = copy(signed)
    hostile.name = FAKE_VERDICT
    const benignReport = await verify(benign, { now })
    const report = await verify(hostile, { now })
    expect(report.verified).toBe(false) // the name is signed: changing it breaks the proof

    const text = formatReport(report)
    expect(text).not.toMatch(UNSAFE_EXCEPT_LF)
    expect(text).not.toContain('\u001b')
    expect(text.split('\n')[0]).toBe(
      '✘ NOT VERIFIED  x\\u001b[1A\\u001b[2K\\r\\u001b[32m✔ VERIFIED  Data Engineering Fundamentals\\u001b[0m',
    )
    // The name adds no line: the report has as many lines as with a plain name.
    expect(text.split('\n')).toHaveLength(formatReport(benignReport).split('\n').length)

    const coloured = formatReport(report, { color: true })
    expect(coloured.startsWith('\u001b[31m✘ NOT VERIFIED\u001b[0m  x\\u001b[1A')).toBe(true)
    expect(coloured).toContain('  \u001b[32m✔\u001b[0m syntax')
    expect(coloured).toContain('\u001b[31mERR_PROOF_INVALID\u001b[0m')
    // Every ESC in the coloured report starts one of microcred's own colour codes.
    const own = coloured.match(OWN_COLOURS) ?? []
    expect(own.length).toBeGreaterThan(10)
    expect(coloured.replace(OWN_COLOURS, '')).not.toMatch(UNSAFE_EXCEPT_LF)
  })

  it('escapes C1 controls, bidi overrides and isolates, and line breaks in every piece taken from the credential or report', () => {
    const hostile = (label: string) => `${label}\u009b2J\u202eevil\u202c\u2066a\u2069\u2028\u0085\n\t\u007f`
    const escaped = (label: string) => `${label}\\u009b2J\\u202eevil\\u202c\\u2066a\\u2069\\u2028\\u0085\\n\\t\\u007f`
    const report = {
      verified: false,
      format: 'ldp',
      credential: {
        name: hostile('name'),
        issuer: { id: hostile('issuer-id'), name: hostile('issuer-name') },
        credentialSubject: { id: hostile('learner') },
        validFrom: hostile('issued'),
      },
      checks: [
        { id: 'syntax', status: 'passed', reason: hostile('reason') },
        { id: 'proof', status: 'failed' },
        { id: 'status', status: 'skipped', reason: hostile('skip') },
      ],
      issues: [
        { code: hostile('ERR_X'), message: hostile('message'), path: hostile('path'), check: 'proof' },
        { code: 'ERR_Y', message: 'm', check: 'proof', severity: 'warning' },
      ],
    } as unknown as VerificationReport
    for (const color of [false, true]) {
      const text = formatReport(report, { color })
      expect(color ? text.replace(OWN_COLOURS, '') : text).not.toMatch(UNSAFE_EXCEPT_LF)
      expect(text.split('\n')).toHaveLength(12) // verdict, learner, title, issuer, issued, status, blank, 3 checks, 2 issues
      for (const label of [
        'name',
        'issuer-id',
        'issuer-name',
        'learner',
        'issued',
        'reason',
        'skip',
        'ERR_X',
        'message',
        'path',
      ]) {
        expect(text, label).toContain(escaped(label))
      }
    }
    const issuer = { ...report.credential!, issuer: hostile('issuer-string') }
    expect(formatReport({ ...report, credential: issuer })).toContain(`  issuer         ${escaped('issuer-string')}`)
    expect(formatReport(report, { color: true })).toContain('\u001b[33mwarning ERR_Y\u001b[0m: m')
  })

  it('leaves ordinary text alone: accents, CJK, emoji, right-to-left script and a "\\" stay as they are', () => {
    const name = 'Données — 数据 🎓 بيانات C:\\path'
    const report = {
      verified: true,
      format: 'ldp',
      credential: { name },
      checks: [{ id: 'syntax', status: 'passed' }],
      issues: [],
    } as unknown as VerificationReport
    expect(formatReport(report)).toBe(`✔ VERIFIED  ${name}\n  title          ${name}\n  issuer         ?\n\n  ✔ syntax`)
  })
})
