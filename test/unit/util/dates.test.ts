/** Dates in builder input: RFC 3339 date-times (OB 3.0 DateTimeZ), plain dates and Date objects. */
import { describe, expect, it } from 'vitest'
import { createMicroCredential } from '../../../src/index.js'
import { minimalInput } from '../../fixtures/inputs.js'
import { expectMicrocredError, type Loose } from '../credential/helpers.js'

const build = (patch: Loose) => createMicroCredential({ ...minimalInput(), ...patch })

describe('date normalisation', () => {
  it('a Date becomes an RFC 3339 UTC string to the second (milliseconds dropped)', () => {
    const c = build({ issued: new Date(Date.UTC(2025, 5, 30, 10, 0, 0, 789)) })
    expect(c.validFrom).toBe('2025-06-30T10:00:00Z')
  })

  it('a Date is written in UTC whatever offset it was created with', () => {
    expect(build({ issued: new Date('2025-06-30T12:34:56+02:00') }).validFrom).toBe('2025-06-30T10:34:56Z')
  })

  it('Date objects work for awarded and validUntil too', () => {
    const c = build({
      issued: '2025-06-30T10:00:00Z',
      awarded: new Date(Date.UTC(2025, 5, 27)),
      validUntil: new Date(Date.UTC(2030, 5, 30, 0, 0, 0, 1)),
    })
    expect(c.awardedDate).toBe('2025-06-27T00:00:00Z')
    expect(c.validUntil).toBe('2030-06-30T00:00:00Z')
  })

  it("a plain date '2025-03-01' becomes '2025-03-01T00:00:00Z'", () => {
    expect(build({ issued: '2025-03-01' }).validFrom).toBe('2025-03-01T00:00:00Z')
  })

  it.each([
    '2025-06-30T12:00:00+02:00',
    '2025-06-30T10:00:00Z',
    '2025-06-30T10:00:00.250Z',
    '2025-12-31T23:59:59-05:30',
  ])('a full date-time with a time zone is kept as given: %s', (issued) => {
    expect(build({ issued }).validFrom).toBe(issued)
  })

  it('a QA decisionDate given as a Date becomes its UTC date YYYY-MM-DD', () => {
    const c = build({ qualityAssurance: [{ type: 'programme', decisionDate: new Date('2023-05-10T23:30:00-02:00') }] })
    expect(c.credentialSubject.achievement.qualityAssurance[0]!.decisionDate).toBe('2023-05-11')
  })
})

describe('validUntil against the date of issuing', () => {
  it('compares instants, not strings: 09:30Z is after 11:00+02:00 (= 09:00Z)', () => {
    const c = build({ issued: '2025-06-30T11:00:00+02:00', validUntil: '2025-06-30T09:30:00Z' })
    expect(c.validUntil).toBe('2025-06-30T09:30:00Z')
  })

  it('rejects 10:30+02:00 (= 08:30Z) after an issue date of 09:00Z', () => {
    expectMicrocredError(
      () => build({ issued: '2025-06-30T09:00:00Z', validUntil: '2025-06-30T10:30:00+02:00' }),
      'ERR_INVALID_INPUT',
      'validUntil',
    )
  })

  it('rejects validUntil equal to the date of issuing', () => {
    expectMicrocredError(
      () => build({ issued: '2025-06-30T10:00:00Z', validUntil: '2025-06-30T10:00:00Z' }),
      'ERR_INVALID_INPUT',
      'validUntil',
    )
  })
})
