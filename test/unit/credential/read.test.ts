/**
 * readMicroCredential(): the inverse of createMicroCredential(). Each field of the record is compared with
 * the builder's input (friendly names come back as `name` with their MAPPING.md `iri`, hashed identifiers as
 * hashes with their salt, the country as a list).
 */
import { describe, expect, it } from 'vitest'
import {
  MicrocredError,
  createMicroCredential,
  readMicroCredential,
  type LearningOutcomeInput,
  type MicroCredentialInput,
} from '../../../src/index.js'
import { fullInput, minimalInput } from '../../fixtures/inputs.js'
import { IRI, copy, expectMicrocredError, repoJson, sha256Identity, thrown, type Loose } from './helpers.js'

/** What the record gives for the input's learning outcomes. */
function expectedOutcomes(outcomes: LearningOutcomeInput[]) {
  return outcomes.map((outcome) =>
    typeof outcome === 'string'
      ? { text: outcome, escoSkills: [] }
      : {
          text: outcome.text,
          escoSkills: (outcome.escoSkills ?? []).map((skill) => (typeof skill === 'string' ? { iri: skill } : skill)),
        },
  )
}

describe('readMicroCredential(createMicroCredential(fullInput()))', () => {
  const input = fullInput()
  const credential = createMicroCredential(input)
  const record = readMicroCredential(credential)

  it('ids', () => {
    expect(record.id).toBe(input.id)
    expect(record.achievementId).toBe(input.achievementId)
  })

  it('issuer: the profile, its legal identifiers, region, and the country as a list', () => {
    const { country, ...profile } = input.issuer
    expect(record.issuer).toEqual({ ...profile, country: [country] })
  })

  it('awarding bodies', () => {
    expect(record.awardingBodies).toEqual(input.awardingBodies)
  })

  it('learner: id and name in clear, e-mail and student id as hashes with their salt', () => {
    const { id, name, email, studentId, salt } = input.learner as Required<MicroCredentialInput['learner']>
    expect(record.learner.id).toBe(id)
    expect(record.learner.name).toBe(name)
    expect(record.learner.hashedIdentifiers).toHaveLength(2)
    expect(record.learner.hashedIdentifiers).toContainEqual({ type: 'email', hash: sha256Identity(email, salt), salt })
    expect(record.learner.hashedIdentifiers).toContainEqual({
      type: 'studentId',
      hash: sha256Identity(studentId, salt),
      salt,
    })
  })

  it('title, description, learning outcomes with their ESCO skills (and labels)', () => {
    expect(record.title).toBe(input.title)
    expect(record.description).toBe(input.description)
    expect(record.learningOutcomes).toEqual(expectedOutcomes(input.learningOutcomes))
  })

  it('workload and level (with the EQF IRI)', () => {
    expect(record.workload).toEqual(input.workload)
    expect(record.level).toEqual({ ...input.level, eqfIri: IRI.eqf(6) })
  })

  it('assessment: types and supervision as name + IRI, grade with its scheme', () => {
    expect(record.assessment.types).toEqual([
      expect.objectContaining({ name: 'written-exam', iri: IRI.assessment.writtenExam }),
      expect.objectContaining({ name: 'project', iri: IRI.assessment.project }),
    ])
    expect(record.assessment.supervision).toEqual(
      expect.objectContaining({ name: 'supervised-with-id', iri: IRI.supervision.supervisedWithId }),
    )
    expect(record.assessment.grade).toEqual(input.assessment.grade)
  })

  it('participation, learning activities and learning setting as name + IRI', () => {
    expect(record.participation).toEqual([expect.objectContaining({ name: 'blended', iri: IRI.participation.blended })])
    expect(record.learningActivities.map((v) => v.name)).toEqual(input.learningActivities)
    expect(record.learningSetting).toEqual(expect.objectContaining({ name: 'formal', iri: IRI.setting.formal }))
  })

  it('quality assurance: type as name + IRI, agent, report, decision date, description', () => {
    const qa = input.qualityAssurance[0]!
    expect(record.qualityAssurance).toEqual([
      {
        type: expect.objectContaining({ name: 'institutional', iri: IRI.qa.institutional }),
        agent: qa.agent,
        report: qa.report,
        decisionDate: qa.decisionDate,
        description: qa.description,
      },
    ])
  })

  it('dates', () => {
    expect(record.issued).toBe(input.issued)
    expect(record.awarded).toBe(input.awarded)
    expect(record.validUntil).toBe(input.validUntil)
  })

  it('optional elements', () => {
    expect(record.prerequisites).toBe(input.prerequisites)
    expect(record.stackability).toEqual(input.stackability)
    expect(record.furtherInformation).toBe(input.furtherInformation)
    expect(record.infoUrl).toBe(input.infoUrl)
    expect(record.fieldOfStudy).toBe(input.fieldOfStudy)
    expect(record.iscedF).toEqual(input.iscedF)
    expect(record.language).toBe(input.language)
    expect(record.image).toEqual(input.image)
  })

  it('a record built again gives the same credential (ids, salt and every element survive)', () => {
    const again: Loose = {
      ...record,
      learner: input.learner,
      // The builder takes a skill as an IRI string or as { iri, label } (label required).
      learningOutcomes: record.learningOutcomes.map((o) => ({
        text: o.text,
        escoSkills: o.escoSkills.map((s) => (s.label === undefined ? s.iri : s)),
      })),
      assessment: {
        types: record.assessment.types.map((t) => t.iri),
        supervision: record.assessment.supervision!.iri,
        grade: record.assessment.grade,
      },
      participation: record.participation.map((p) => p.iri),
      learningActivities: record.learningActivities.map((p) => p.iri),
      learningSetting: record.learningSetting!.iri,
      qualityAssurance: record.qualityAssurance.map((qa) => ({ ...qa, type: qa.type.iri })),
      level: { eqf: record.level!.eqf, qfEhea: record.level!.qfEhea, nqf: record.level!.nqf },
      issuer: { ...record.issuer, country: record.issuer.country },
    }
    expect(createMicroCredential(again as MicroCredentialInput)).toStrictEqual(credential)
  })

  it('does not modify the credential', () => {
    const before = copy(credential)
    readMicroCredential(credential)
    expect(credential).toStrictEqual(before)
  })
})

describe('readMicroCredential(createMicroCredential(minimalInput()))', () => {
  const input = minimalInput()
  const credential = createMicroCredential(input)
  const record = readMicroCredential(credential)

  it('gives back the mandatory elements', () => {
    expect(record.id).toBe(credential.id)
    expect(record.achievementId).toBe(credential.credentialSubject.achievement.id)
    const { country, ...profile } = input.issuer
    expect(record.issuer).toEqual({ ...profile, country: [country] })
    expect(record.awardingBodies).toEqual([])
    expect(record.learner).toEqual({ name: 'Grace Hopper', hashedIdentifiers: [] })
    expect(record.title).toBe(input.title)
    expect(record.description).toBe(input.description)
    expect(record.learningOutcomes).toEqual(expectedOutcomes(input.learningOutcomes))
    expect(record.workload).toEqual(input.workload)
    expect(record.assessment).toEqual({ types: [expect.objectContaining({ name: 'quiz', iri: IRI.assessment.quiz })] })
    expect(record.participation).toEqual([expect.objectContaining({ name: 'online', iri: IRI.participation.online })])
    expect(record.learningActivities).toEqual([])
    expect(record.qualityAssurance).toEqual([
      { type: expect.objectContaining({ name: 'programme', iri: IRI.qa.programme }) },
    ])
    // The plain date was normalised to midnight UTC when built.
    expect(record.issued).toBe(`${String(input.issued)}T00:00:00Z`)
    expect(record.iscedF).toEqual([])
  })

  it('has no optional element that the input did not have', () => {
    for (const key of [
      'level',
      'learningSetting',
      'awarded',
      'validUntil',
      'prerequisites',
      'stackability',
      'furtherInformation',
      'infoUrl',
      'fieldOfStudy',
      'language',
      'image',
    ]) {
      expect(record, key).not.toHaveProperty(key)
    }
    expect(record.assessment).not.toHaveProperty('supervision')
    expect(record.assessment).not.toHaveProperty('grade')
  })
})

describe('readMicroCredential: other inputs', () => {
  it('a multi-country issuer comes back as both alpha-2 codes', () => {
    const input = minimalInput({
      issuer: { id: 'did:web:crossborder.example', name: 'Cross-border Institute', country: ['BE', 'NL'] },
    })
    expect(readMicroCredential(createMicroCredential(input)).issuer.country).toEqual(['BE', 'NL'])
  })

  it('a url-mode credential reads the same as an embedded one', () => {
    const embedded = readMicroCredential(createMicroCredential(fullInput()))
    expect(readMicroCredential(createMicroCredential(fullInput({ contextMode: 'url' })))).toEqual(embedded)
  })

  it('a national id comes back as a hash of type nationalId', () => {
    const record = readMicroCredential(
      createMicroCredential(minimalInput({ learner: { nationalId: 'AB-123', salt: 'xyz' } })),
    )
    expect(record.learner.hashedIdentifiers).toEqual([
      { type: 'nationalId', hash: sha256Identity('AB-123', 'xyz'), salt: 'xyz' },
    ])
  })
})

describe('readMicroCredential on a credential that is not an EU micro-credential', () => {
  it('a plain Open Badge (EUMicroCredential type and learningOutcome removed): ERR_EU_ELEMENT_MISSING at the outcomes', () => {
    const credential = copy(createMicroCredential(fullInput())) as unknown as Loose
    const achievement = credential.credentialSubject.achievement
    achievement.type = achievement.type.filter((t: string) => t !== 'EUMicroCredential')
    delete achievement.learningOutcome
    const error = expectMicrocredError(
      () => readMicroCredential(credential),
      'ERR_EU_ELEMENT_MISSING',
      'credentialSubject.achievement.learningOutcome',
    )
    expect(error.issues.length).toBeGreaterThan(0)
    for (const issue of error.issues) expect(issue.code).toBe('ERR_EU_ELEMENT_MISSING')
  })

  it('a credential without the issuer address: ERR_EU_ELEMENT_MISSING at issuer.address', () => {
    const credential = copy(createMicroCredential(minimalInput())) as unknown as Loose
    delete credential.issuer.address
    expectMicrocredError(() => readMicroCredential(credential), 'ERR_EU_ELEMENT_MISSING', 'issuer.address')
  })

  it("the OB 3.0 spec's basic OpenBadgeCredential example: ERR_EU_ELEMENT_MISSING with a path in the credential", () => {
    const credential = repoJson('test/vectors/spec/ob-basic-openbadgecredential.json')
    const error = thrown(() => readMicroCredential(credential))
    expect(error).toBeInstanceOf(MicrocredError)
    const e = error as MicrocredError
    expect(e.code).toBe('ERR_EU_ELEMENT_MISSING')
    const root = String(e.path).split(/[.[]/)[0]!
    expect(Object.keys(credential)).toContain(root)
  })

  it.each([
    ['null', null],
    ['a string', 'x'],
  ])('readMicroCredential(%s) is a TypeError', (_name, value) => {
    expect(() => readMicroCredential(value)).toThrow(TypeError)
  })
})

describe('readMicroCredential output feeds back into the builder', () => {
  it('an ESCO skill read without a label ({ iri }) is accepted as input', () => {
    const record = readMicroCredential(createMicroCredential(fullInput()))
    const unlabelled = record.learningOutcomes.find(
      (o) => o.escoSkills.length > 0 && o.escoSkills.every((s) => s.label === undefined),
    )
    expect(unlabelled).toBeDefined()
    const rebuilt = createMicroCredential(
      fullInput({ learningOutcomes: record.learningOutcomes.map((o) => ({ text: o.text, escoSkills: o.escoSkills })) }),
    )
    expect(rebuilt.credentialSubject.achievement.learningOutcome).toEqual(
      createMicroCredential(fullInput()).credentialSubject.achievement.learningOutcome,
    )
  })
})
