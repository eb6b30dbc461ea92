/**
 * Errors of createMicroCredential(): a missing mandatory EU element is ERR_EU_ELEMENT_MISSING, a present but
 * invalid value is ERR_INVALID_INPUT, each with the path of the field in the input (docs/DESIGN.md, "The
 * builder's input"); a non-object input is a TypeError.
 */
import { describe, expect, it } from 'vitest'
import { MicrocredError, createMicroCredential, type MicroCredentialInput } from '../../../src/index.js'
import { fullInput } from '../../fixtures/inputs.js'
import { expectMicrocredError, thrown, type Loose } from './helpers.js'

/** fullInput(), changed by `patch` (which may delete members or set values the types forbid). */
function variant(patch: (input: Loose) => void): MicroCredentialInput {
  const input = fullInput() as unknown as Loose
  patch(input)
  return input as MicroCredentialInput
}

interface Case {
  name: string
  patch: (input: Loose) => void
  path: string
  message?: RegExp
}

describe('a missing mandatory element: ERR_EU_ELEMENT_MISSING with its path', () => {
  const cases: Case[] = [
    { name: 'issuer absent', patch: (i) => delete i.issuer, path: 'issuer' },
    { name: 'issuer.country absent', patch: (i) => delete i.issuer.country, path: 'issuer.country' },
    { name: 'issuer.country []', patch: (i) => (i.issuer.country = []), path: 'issuer.country' },
    { name: 'learner absent', patch: (i) => delete i.learner, path: 'learner' },
    { name: 'learner {}', patch: (i) => (i.learner = {}), path: 'learner' },
    { name: 'learner with only a salt', patch: (i) => (i.learner = { salt: 'abc' }), path: 'learner' },
    { name: 'title absent', patch: (i) => delete i.title, path: 'title' },
    { name: 'learningOutcomes absent', patch: (i) => delete i.learningOutcomes, path: 'learningOutcomes' },
    { name: 'learningOutcomes []', patch: (i) => (i.learningOutcomes = []), path: 'learningOutcomes' },
    { name: 'workload absent', patch: (i) => delete i.workload, path: 'workload' },
    { name: 'workload {}', patch: (i) => (i.workload = {}), path: 'workload' },
    { name: 'assessment absent', patch: (i) => delete i.assessment, path: 'assessment' },
    { name: 'assessment.types []', patch: (i) => (i.assessment.types = []), path: 'assessment.types' },
    { name: 'assessment.types absent', patch: (i) => delete i.assessment.types, path: 'assessment.types' },
    { name: 'participation absent', patch: (i) => delete i.participation, path: 'participation' },
    { name: 'participation []', patch: (i) => (i.participation = []), path: 'participation' },
    { name: 'qualityAssurance absent', patch: (i) => delete i.qualityAssurance, path: 'qualityAssurance' },
    { name: 'qualityAssurance []', patch: (i) => (i.qualityAssurance = []), path: 'qualityAssurance' },
    {
      name: 'qualityAssurance[0].type absent',
      patch: (i) => delete i.qualityAssurance[0].type,
      path: 'qualityAssurance[0].type',
    },
    { name: 'issued absent', patch: (i) => delete i.issued, path: 'issued' },
    { name: 'issued null', patch: (i) => (i.issued = null), path: 'issued' },
  ]

  it.each(cases)('$name -> $path', ({ patch, path }) => {
    const error = expectMicrocredError(() => createMicroCredential(variant(patch)), 'ERR_EU_ELEMENT_MISSING', path)
    expect(error.message).toContain(path)
  })

  it('the error is a MicrocredError and an Error, named MicrocredError', () => {
    const error = thrown(() => createMicroCredential(variant((i) => delete i.title)))
    expect(error).toBeInstanceOf(Error)
    expect((error as MicrocredError).name).toBe('MicrocredError')
  })
})

describe('an invalid value: ERR_INVALID_INPUT with its exact path', () => {
  const cases: Case[] = [
    { name: 'level.eqf 0', patch: (i) => (i.level = { eqf: 0 }), path: 'level.eqf' },
    { name: 'level.eqf 9', patch: (i) => (i.level = { eqf: 9 }), path: 'level.eqf' },
    { name: 'level.eqf 6.5', patch: (i) => (i.level = { eqf: 6.5 }), path: 'level.eqf' },
    { name: "level.eqf '6'", patch: (i) => (i.level = { eqf: '6' }), path: 'level.eqf' },
    { name: 'workload.ects -1', patch: (i) => (i.workload = { ects: -1 }), path: 'workload.ects' },
    { name: 'workload.ects NaN', patch: (i) => (i.workload = { ects: Number.NaN }), path: 'workload.ects' },
    {
      name: 'workload.ects Infinity',
      patch: (i) => (i.workload = { ects: Number.POSITIVE_INFINITY }),
      path: 'workload.ects',
    },
    { name: "workload.ects '5'", patch: (i) => (i.workload = { ects: '5' }), path: 'workload.ects' },
    { name: 'workload.hours 0', patch: (i) => (i.workload = { hours: 0 }), path: 'workload.hours' },
    { name: 'workload.hours -10', patch: (i) => (i.workload = { ects: 5, hours: -10 }), path: 'workload.hours' },
    { name: "issuer.country 'XX'", patch: (i) => (i.issuer.country = 'XX'), path: 'issuer.country' },
    { name: "issuer.country 'UK'", patch: (i) => (i.issuer.country = 'UK'), path: 'issuer.country', message: /"GB"/ },
    { name: "issuer.country 'DEU'", patch: (i) => (i.issuer.country = 'DEU'), path: 'issuer.country', message: /"DE"/ },
    { name: "issuer.country ['BE', 'XX']", patch: (i) => (i.issuer.country = ['BE', 'XX']), path: 'issuer.country[1]' },
    { name: "issued 'yesterday'", patch: (i) => (i.issued = 'yesterday'), path: 'issued' },
    { name: "issued '2025-02-30'", patch: (i) => (i.issued = '2025-02-30'), path: 'issued' },
    { name: "issued '2025-13-01T00:00:00Z'", patch: (i) => (i.issued = '2025-13-01T00:00:00Z'), path: 'issued' },
    {
      name: "issued '2025-06-30T10:00:00' (no time zone)",
      patch: (i) => (i.issued = '2025-06-30T10:00:00'),
      path: 'issued',
    },
    { name: 'issued 1751277600000 (a number)', patch: (i) => (i.issued = 1751277600000), path: 'issued' },
    { name: 'issued an invalid Date', patch: (i) => (i.issued = new Date('nope')), path: 'issued' },
    { name: "awarded '2025-06-31'", patch: (i) => (i.awarded = '2025-06-31'), path: 'awarded' },
    { name: 'validUntil before issued', patch: (i) => (i.validUntil = '2024-01-01T00:00:00Z'), path: 'validUntil' },
    { name: "learningOutcomes[1] ''", patch: (i) => (i.learningOutcomes[1] = ''), path: 'learningOutcomes[1]' },
    { name: "learningOutcomes[2] '   '", patch: (i) => (i.learningOutcomes[2] = '   '), path: 'learningOutcomes[2]' },
    {
      name: "learningOutcomes[0].text ''",
      patch: (i) => (i.learningOutcomes[0] = { text: '' }),
      path: 'learningOutcomes[0].text',
    },
    {
      name: 'learningOutcomes[1].escoSkills[0] not an ESCO IRI',
      patch: (i) =>
        (i.learningOutcomes[1] = {
          text: 'x',
          escoSkills: ['http://data.europa.eu/esco/occupation/00000000-0000-4000-8000-000000000001'],
        }),
      path: 'learningOutcomes[1].escoSkills[0]',
    },
    { name: "iscedF ['abc']", patch: (i) => (i.iscedF = ['abc']), path: 'iscedF[0]' },
    { name: "language 'not a tag!'", patch: (i) => (i.language = 'not a tag!'), path: 'language' },
    { name: "issuer.id 'not a uri'", patch: (i) => (i.issuer.id = 'not a uri'), path: 'issuer.id' },
    { name: "learner.id 'x y'", patch: (i) => (i.learner.id = 'x y'), path: 'learner.id' },
    { name: "learner.email 'nope'", patch: (i) => (i.learner.email = 'nope'), path: 'learner.email' },
    {
      name: "assessment.types ['exam']",
      patch: (i) => (i.assessment.types = ['exam']),
      path: 'assessment.types[0]',
      message: /"exam" is not in the assessment vocabulary: use one of .*"written-exam".*"oral-exam".*"attendance"/s,
    },
    {
      name: 'participation: an IRI from another list (assessment)',
      patch: (i) => (i.participation = ['http://data.europa.eu/snb/assessment/6e6cb2cc78']),
      path: 'participation[0]',
    },
    {
      name: 'participation: an IRI outside the EU namespace',
      patch: (i) => (i.participation = ['online', 'https://example.org/modes/online']),
      path: 'participation[1]',
    },
    {
      name: "level { eqf: 7, qfEhea: 'first' } (mismatch)",
      patch: (i) => (i.level = { eqf: 7, qfEhea: 'first' }),
      path: 'level.qfEhea',
    },
    { name: "level.qfEhea 'bachelor'", patch: (i) => (i.level = { qfEhea: 'bachelor' }), path: 'level.qfEhea' },
    {
      name: 'grade value not in allowedValues',
      patch: (i) => (i.assessment.grade.value = 'A+'),
      path: 'assessment.grade.value',
    },
    {
      name: 'scheme passing value not in allowedValues',
      patch: (i) => (i.assessment.grade.scheme.passing = 'Pass'),
      path: 'assessment.grade.scheme.passing',
    },
    {
      name: 'stackability { stackable: false, partOf: [...] }',
      patch: (i) =>
        (i.stackability = { stackable: false, partOf: ['https://tu-example.de/programmes/msc-data-science'] }),
      path: 'stackability.partOf',
    },
    { name: "image.id 'ftp://x'", patch: (i) => (i.image = { id: 'ftp://x' }), path: 'image.id' },
    { name: "contextMode 'inline'", patch: (i) => (i.contextMode = 'inline'), path: 'contextMode' },
    { name: "credentialSchema 'yes'", patch: (i) => (i.credentialSchema = 'yes'), path: 'credentialSchema' },
    { name: "id 'not a uri'", patch: (i) => (i.id = 'not a uri'), path: 'id' },
    {
      name: "qualityAssurance[0].type 'accredited'",
      patch: (i) => (i.qualityAssurance[0].type = 'accredited'),
      path: 'qualityAssurance[0].type',
    },
    {
      name: "qualityAssurance[0].decisionDate '2023-02-30'",
      patch: (i) => (i.qualityAssurance[0].decisionDate = '2023-02-30'),
      path: 'qualityAssurance[0].decisionDate',
    },
    {
      name: "assessment.supervision 'proctored'",
      patch: (i) => (i.assessment.supervision = 'proctored'),
      path: 'assessment.supervision',
    },
    { name: "infoUrl 'nope'", patch: (i) => (i.infoUrl = 'nope'), path: 'infoUrl' },
    { name: "awardingBodies[0].id ''", patch: (i) => (i.awardingBodies[0].id = ''), path: 'awardingBodies[0].id' },
    { name: "title ''", patch: (i) => (i.title = ''), path: 'title' },
  ]

  it.each(cases)('$name -> $path', ({ patch, path, message }) => {
    const error = expectMicrocredError(() => createMicroCredential(variant(patch)), 'ERR_INVALID_INPUT', path)
    if (message !== undefined) expect(error.message).toMatch(message)
  })

  it('a raw IRI inside the participation list namespace IS accepted', () => {
    const iri = 'http://data.europa.eu/snb/learning-assessment/920fbb3cbe'
    const credential = createMicroCredential(variant((i) => (i.participation = [iri])))
    expect(credential.credentialSubject.achievement.learningMode).toEqual([iri])
  })
})

describe('a member the input does not have: ERR_INPUT_UNKNOWN_MEMBER with its exact path', () => {
  const cases: Case[] = [
    {
      name: 'unknown member learningOutcome (typo)',
      patch: (i) => (i.learningOutcome = ['Typo']),
      path: 'learningOutcome',
      message: /did you mean "learningOutcomes"/,
    },
    { name: 'unknown member in learner', patch: (i) => (i.learner.mail = 'ada@example.org'), path: 'learner.mail' },
    {
      name: 'unknown member in assessment (createAchievement-only gradeScheme)',
      patch: (i) => (i.assessment.gradeScheme = {}),
      path: 'assessment.gradeScheme',
    },
    { name: 'unknown member in a grade', patch: (i) => (i.assessment.grade.mark = 'A'), path: 'assessment.grade.mark' },
  ]

  it.each(cases)('$name -> $path', ({ patch, path, message }) => {
    const error = expectMicrocredError(() => createMicroCredential(variant(patch)), 'ERR_INPUT_UNKNOWN_MEMBER', path)
    if (message !== undefined) expect(error.message).toMatch(message)
  })

  it('the "did you mean" hint names the member that exists', () => {
    const error = expectMicrocredError(
      () => createMicroCredential(variant((i) => (i.learningOutcome = []))),
      'ERR_INPUT_UNKNOWN_MEMBER',
      'learningOutcome',
    )
    expect(error.message).not.toMatch(/did you mean "learningOutcome"\W/)
  })
})

describe('a required field that is not a mandatory EU element: ERR_INPUT_REQUIRED with its exact path', () => {
  const cases: Case[] = [
    { name: 'description absent', patch: (i) => delete i.description, path: 'description' },
    { name: 'issuer.name absent', patch: (i) => delete i.issuer.name, path: 'issuer.name' },
    { name: 'issuer.id null', patch: (i) => (i.issuer.id = null), path: 'issuer.id' },
    { name: 'grade value absent', patch: (i) => delete i.assessment.grade.value, path: 'assessment.grade.value' },
  ]

  it.each(cases)('$name -> $path', ({ patch, path }) => {
    const error = expectMicrocredError(() => createMicroCredential(variant(patch)), 'ERR_INPUT_REQUIRED', path)
    expect(error.message).toBe(`${path}: is required`)
  })
})

describe('errors are located in the input, never in the built credential', () => {
  // DESIGN.md: "a present but invalid value throws ERR_INVALID_INPUT with its path" (a field of the input).
  // Values the builder passes through must either produce a valid credential or be rejected at their input path.
  it.each<Case>([
    {
      name: "issued with an out-of-range offset '+99:99'",
      patch: (i) => (i.issued = '2025-06-30T10:00:00+99:99'),
      path: 'issued',
    },
    {
      name: 'issued a Date in the year 10000',
      patch: (i) => (i.issued = new Date(Date.UTC(10000, 0, 1))),
      path: 'issued',
    },
  ])('$name -> ERR_INVALID_INPUT at $path', ({ patch, path }) => {
    expectMicrocredError(() => createMicroCredential(variant(patch)), 'ERR_INVALID_INPUT', path)
  })

  it('workload.hours 1e-7 (positive, within bounds) gives a valid ISO 8601 duration or is rejected at workload.hours', () => {
    let volume: string | undefined
    try {
      volume = createMicroCredential(variant((i) => (i.workload = { hours: 1e-7 }))).credentialSubject.achievement
        .volumeOfLearning
    } catch (error) {
      expect(error).toBeInstanceOf(MicrocredError)
      expect((error as MicrocredError).path).toBe('workload.hours')
      return
    }
    expect(volume).toBe('PT0.0000001H')
  })
})

describe('a caller mistake: TypeError, not MicrocredError', () => {
  it.each([
    ['null', null],
    ['a string', 'x'],
    ['a number', 42],
    ['an array', []],
    ['undefined', undefined],
  ])('createMicroCredential(%s)', (_name, value) => {
    const error = thrown(() => createMicroCredential(value as unknown as MicroCredentialInput))
    expect(error).toBeInstanceOf(TypeError)
    expect(error).not.toBeInstanceOf(MicrocredError)
  })
})

describe('further input rules', () => {
  it('says a missing required text is required (not "must be a string, not an undefined")', () => {
    const input: Record<string, unknown> = { ...fullInput() }
    delete input['description']
    expect(() => createMicroCredential(input as never)).toThrow(
      expect.objectContaining({ code: 'ERR_INPUT_REQUIRED', path: 'description', message: 'description: is required' }),
    )
  })

  it("rejects a numeric grade outside the scheme's range", () => {
    const scheme = { resultType: 'Percent' as const, min: '0', max: '100', passing: '50' }
    expect(() =>
      createMicroCredential(fullInput({ assessment: { types: ['quiz'], grade: { value: '150', scheme } } })),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT', path: 'assessment.grade.value' }))
    expect(() =>
      createMicroCredential(fullInput({ assessment: { types: ['quiz'], grade: { value: '-1', scheme } } })),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT', path: 'assessment.grade.value' }))
    const ok = createMicroCredential(fullInput({ assessment: { types: ['quiz'], grade: { value: '100', scheme } } }))
    expect(ok.credentialSubject.result?.[0]?.value).toBe('100')
  })
})
