/** createAchievement(): the achievement of a micro-credential on its own, the same as createMicroCredential() builds. */
import { describe, expect, it } from 'vitest'
import {
  MicrocredError,
  createAchievement,
  createMicroCredential,
  type AchievementInput,
  type EUAchievement,
  type MicroCredentialInput,
} from '../../../src/index.js'
import { fullInput, minimalInput } from '../../fixtures/inputs.js'
import { IRI, copy, expectMicrocredError, thrown, type Loose } from './helpers.js'

/** The achievement part of a micro-credential input (the grade's scheme becomes assessment.gradeScheme). */
function achievementInput(input: MicroCredentialInput, id?: string): AchievementInput {
  const {
    id: _id,
    achievementId: _achievementId,
    issuer: _issuer,
    learner: _learner,
    issued: _issued,
    awarded: _awarded,
    validUntil: _validUntil,
    furtherInformation: _furtherInformation,
    contextMode: _contextMode,
    credentialSchema: _credentialSchema,
    assessment: { grade, ...assessment },
    ...content
  } = input
  return {
    ...content,
    ...(id === undefined ? {} : { id }),
    assessment: { ...assessment, ...(grade?.scheme === undefined ? {} : { gradeScheme: grade.scheme }) },
  }
}

function withoutId(achievement: EUAchievement): Omit<EUAchievement, 'id'> {
  const { id: _id, ...rest } = achievement
  return rest
}

describe('createAchievement() builds what createMicroCredential() builds', () => {
  it('fullInput(): the same achievement for the same content and id', () => {
    const input = fullInput()
    const fromCredential = createMicroCredential(input).credentialSubject.achievement
    expect(createAchievement(achievementInput(input, input.achievementId))).toStrictEqual(fromCredential)
  })

  it('minimalInput(): the same achievement apart from the generated id', () => {
    const input = minimalInput()
    const achievement = createAchievement(achievementInput(input))
    const fromCredential = createMicroCredential(input).credentialSubject.achievement
    expect(achievement.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/)
    expect(achievement.id).not.toBe(fromCredential.id)
    expect(withoutId(achievement)).toStrictEqual(withoutId(fromCredential))
  })

  it('places the elements where MAPPING.md says', () => {
    const a = createAchievement({
      ...achievementInput(minimalInput()),
      id: 'https://academy.example/courses/cloud-sec',
      workload: { ects: 2, hours: 50 },
      level: { eqf: 5, qfEhea: 'short' },
    })
    expect(a).toMatchObject({
      id: 'https://academy.example/courses/cloud-sec',
      achievementType: 'MicroCredential',
      name: 'Cloud Security Basics',
      creditsAvailable: 2,
      creditSystem: IRI.ects,
      volumeOfLearning: 'PT50H',
      eqfLevel: IRI.eqf(5),
      qfEheaCycle: 'ShortCycle',
      assessmentType: [IRI.assessment.quiz],
      learningMode: [IRI.participation.online],
      qualityAssurance: [{ type: 'QualityAssurance', qaType: IRI.qa.programme }],
    })
    expect(a.type).toEqual(expect.arrayContaining(['Achievement', 'EUMicroCredential']))
  })
})

describe('createAchievement(): assessment.gradeScheme', () => {
  const base = () => achievementInput(minimalInput(), 'https://academy.example/courses/cloud-sec')

  it('becomes a ResultDescription (allowedValue, requiredValue)', () => {
    const a = createAchievement({
      ...base(),
      assessment: {
        types: ['written-exam'],
        gradeScheme: {
          name: 'German grades',
          resultType: 'LetterGrade',
          allowedValues: ['1', '2', '3', '4', '5'],
          passing: '4',
        },
      },
    })
    expect(a.resultDescription).toHaveLength(1)
    expect(a.resultDescription![0]).toMatchObject({
      name: 'German grades',
      resultType: 'LetterGrade',
      allowedValue: ['1', '2', '3', '4', '5'],
      requiredValue: '4',
    })
    expect(a.resultDescription![0]!.type).toContain('ResultDescription')
    expect(a.resultDescription![0]!.id).toEqual(expect.any(String))
  })

  it('a numeric scale: valueMin / valueMax', () => {
    const a = createAchievement({
      ...base(),
      assessment: { types: ['quiz'], gradeScheme: { resultType: 'Percent', min: '0', max: '100' } },
    })
    expect(a.resultDescription![0]).toMatchObject({ resultType: 'Percent', valueMin: '0', valueMax: '100' })
  })

  it('no gradeScheme: no resultDescription', () => {
    expect(createAchievement(base())).not.toHaveProperty('resultDescription')
  })

  it('passing not in allowedValues: ERR_INVALID_INPUT at assessment.gradeScheme.passing', () => {
    expectMicrocredError(
      () =>
        createAchievement({
          ...base(),
          assessment: { types: ['quiz'], gradeScheme: { allowedValues: ['A', 'B'], passing: 'C' } },
        }),
      'ERR_INVALID_INPUT',
      'assessment.gradeScheme.passing',
    )
  })

  it('an unknown resultType: ERR_INVALID_INPUT at assessment.gradeScheme.resultType', () => {
    expectMicrocredError(
      () =>
        createAchievement({
          ...base(),
          assessment: { types: ['quiz'], gradeScheme: { resultType: 'Stars' as 'Percent' } },
        }),
      'ERR_INVALID_INPUT',
      'assessment.gradeScheme.resultType',
    )
  })
})

describe('createAchievement(): errors', () => {
  const base = (): Loose => achievementInput(fullInput(), 'https://tu-example.de/microcredentials/data-engineering-101')
  const create = (input: Loose) => createAchievement(input as AchievementInput)

  it.each([
    ['issuer (a credential member)', { issuer: fullInput().issuer }, 'issuer'],
    ['learner (a credential member)', { learner: { name: 'x' } }, 'learner'],
    ['issued (a credential member)', { issued: '2025-01-01' }, 'issued'],
    ['learningOutcome (typo)', { learningOutcome: ['x'] }, 'learningOutcome'],
  ])('rejects the unknown member %s', (_name, patch, path) => {
    expectMicrocredError(() => create({ ...base(), ...patch }), 'ERR_INPUT_UNKNOWN_MEMBER', path)
  })

  it('rejects assessment.grade (a learner result, not part of the achievement)', () => {
    const input = base()
    input.assessment.grade = { value: 'A' }
    expectMicrocredError(() => create(input), 'ERR_INPUT_UNKNOWN_MEMBER', 'assessment.grade')
  })

  it.each([
    ['learningOutcomes absent', (i: Loose) => delete i.learningOutcomes, 'learningOutcomes'],
    ['learningOutcomes []', (i: Loose) => (i.learningOutcomes = []), 'learningOutcomes'],
    ['title absent', (i: Loose) => delete i.title, 'title'],
    ['workload absent', (i: Loose) => delete i.workload, 'workload'],
    ['assessment absent', (i: Loose) => delete i.assessment, 'assessment'],
    ['participation []', (i: Loose) => (i.participation = []), 'participation'],
    ['qualityAssurance absent', (i: Loose) => delete i.qualityAssurance, 'qualityAssurance'],
  ])('%s: ERR_EU_ELEMENT_MISSING', (_name, patch, path) => {
    const input = base()
    patch(input)
    expectMicrocredError(() => create(input), 'ERR_EU_ELEMENT_MISSING', path)
  })

  it('does not need an issuer, a learner or a date', () => {
    expect(() => create(base())).not.toThrow()
  })

  it('invalid values: ERR_INVALID_INPUT with their path', () => {
    expectMicrocredError(() => create({ ...base(), level: { eqf: 9 } }), 'ERR_INVALID_INPUT', 'level.eqf')
    expectMicrocredError(() => create({ ...base(), id: 'not a uri' }), 'ERR_INVALID_INPUT', 'id')
  })

  it.each([
    ['null', null],
    ['a string', 'x'],
  ])('createAchievement(%s) is a TypeError', (_name, value) => {
    const error = thrown(() => createAchievement(value as unknown as AchievementInput))
    expect(error).toBeInstanceOf(TypeError)
    expect(error).not.toBeInstanceOf(MicrocredError)
  })

  it('does not modify its input', () => {
    const input = base()
    const before = copy(input)
    create(input)
    expect(input).toStrictEqual(before)
  })
})
