import { describe, expect, it } from 'vitest'
import { createMicroCredential, validateCredential, type Issue, type ValidationProfile } from '../../../src/index.js'
import { fullInput } from '../../fixtures/inputs.js'
import { copy } from '../../helpers/credentials.js'
import { readJson } from '../../helpers/files.js'

const basic = readJson('test/vectors/spec/ob-basic-openbadgecredential.json')
const schemaIssues = async (doc: unknown, profile: ValidationProfile = 'auto'): Promise<Issue[]> =>
  (await validateCredential(doc, { jsonLd: false, profile })).filter((i) => i.check === 'schema')

describe('validateCredential: official OB 3.0 schema, root cause first', () => {
  it('says exactly that an image given as a string must be an object', async () => {
    const doc = copy(basic)
    doc.credentialSubject.achievement.image = 'https://example.com/badge.png'
    const issues = await schemaIssues(doc)
    expect(issues).toEqual([
      {
        code: 'ERR_SCHEMA_TYPE',
        check: 'schema',
        path: 'credentialSubject.achievement.image',
        message: '"image" must be an object with "id", "type", not a string',
      },
    ])
  })

  it('reports the profile problem of an issuer object, without the oneOf noise of its string alternative', async () => {
    const doc = copy(basic)
    delete doc.issuer.type
    expect(await schemaIssues(doc)).toEqual([
      expect.objectContaining({ code: 'ERR_SCHEMA_REQUIRED', path: 'issuer.type' }),
    ])
  })

  it('reports an issuer of neither allowed type once, naming both', async () => {
    const doc = copy(basic)
    doc.issuer = 42
    const issues = await schemaIssues(doc)
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ code: 'ERR_SCHEMA_TYPE', path: 'issuer' })
    expect(issues[0]!.message).toBe('"issuer" must be a string or an object, not a number')
  })

  it('reports an enumeration-or-extension value once, listing what is accepted', async () => {
    const doc = copy(basic)
    doc.credentialSubject.achievement.achievementType = 'Nanodegree'
    const issues = await schemaIssues(doc)
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ code: 'ERR_SCHEMA_VALUE', path: 'credentialSubject.achievement.achievementType' })
    expect(issues[0]!.message).toContain('"Nanodegree" is not allowed')
    expect(issues[0]!.message).toContain('(ext:)')
  })

  it('reports a missing type entry once (no per-item noise from "contains"), under profile ob3 (auto treats the credential as a plain VC)', async () => {
    const doc = copy(basic)
    doc.type = ['VerifiableCredential', 'SomethingElse']
    expect(await schemaIssues(doc)).toEqual([])
    expect(await schemaIssues(doc, 'ob3')).toEqual([
      expect.objectContaining({
        code: 'ERR_SCHEMA_VALUE',
        path: 'type',
        message: '"type" must contain one of "AchievementCredential", "OpenBadgeCredential"',
      }),
    ])
  })

  it('points a missing required member at the member itself', async () => {
    const doc = copy(basic)
    delete doc.credentialSubject.achievement.criteria
    expect(await schemaIssues(doc)).toEqual([
      expect.objectContaining({ code: 'ERR_SCHEMA_REQUIRED', path: 'credentialSubject.achievement.criteria' }),
    ])
  })

  it('reports members a closed object does not allow', async () => {
    const doc = copy(basic)
    doc.credentialSubject.achievement.image = { id: 'https://example.com/b.png', type: 'Image', width: 200 }
    expect(await schemaIssues(doc)).toEqual([
      expect.objectContaining({
        code: 'ERR_SCHEMA_ADDITIONAL_PROPERTY',
        path: 'credentialSubject.achievement.image.width',
      }),
    ])
  })

  it('checks formats (date-time with time zone)', async () => {
    const doc = copy(basic)
    doc.validFrom = '2010-01-01 00:00'
    const issues = await schemaIssues(doc)
    expect(issues).toEqual([expect.objectContaining({ code: 'ERR_SCHEMA_VALUE', path: 'validFrom' })])
    expect(issues[0]!.message).toContain('RFC 3339')
  })

  it('accepts a single proof object (VC 2.0) and locates problems inside it without an index', async () => {
    const doc = copy(basic)
    doc.proof = { type: 'DataIntegrityProof', created: 'yesterday' }
    expect(await schemaIssues(doc)).toEqual([
      expect.objectContaining({ code: 'ERR_SCHEMA_VALUE', path: 'proof.created' }),
    ])
  })

  it('accepts JSON-LD compacted single values where the schema wants an array, and locates problems inside them without an index', async () => {
    const doc = copy(basic)
    doc.credentialSubject.type = 'AchievementSubject'
    doc.credentialSubject.achievement.type = 'Achievement'
    expect(await schemaIssues(doc)).toEqual([])
    doc.credentialSubject.result = { type: 'Result', status: 'Passed' }
    expect(await schemaIssues(doc)).toContainEqual(
      expect.objectContaining({ code: 'ERR_SCHEMA_VALUE', path: 'credentialSubject.result.status' }),
    )
    // What is no array and no single member of one (a number) is still a type error.
    doc.credentialSubject.achievement.type = 42
    expect(await schemaIssues(doc)).toContainEqual(
      expect.objectContaining({ code: 'ERR_SCHEMA_TYPE', path: 'credentialSubject.achievement.type' }),
    )
  })

  it('validates an EndorsementCredential with the endorsement schema', async () => {
    const endorsement = readJson('test/vectors/spec/ob-endorsementcredential.json')
    expect(await validateCredential(endorsement)).toEqual([])
    const broken = copy(endorsement)
    delete broken.credentialSubject.type
    expect(await schemaIssues(broken)).toEqual([
      expect.objectContaining({ code: 'ERR_SCHEMA_REQUIRED', path: 'credentialSubject.type' }),
    ])
  })

  it('returns a syntax issue for something that is not an object', async () => {
    for (const value of [null, 'text', 42, [basic]]) {
      expect(await validateCredential(value)).toEqual([
        expect.objectContaining({ code: 'ERR_SYNTAX', check: 'syntax' }),
      ])
    }
  })

  it('rejects unknown options as programming mistakes', async () => {
    await expect(validateCredential(basic, { profile: 'strict' as 'eu' })).rejects.toThrow(TypeError)
    await expect(validateCredential(basic, 'eu' as never)).rejects.toThrow(TypeError)
  })
})

describe('validateCredential: EU micro-credential profile', () => {
  const eu = createMicroCredential(fullInput())

  it('applies the EU profile automatically to EU micro-credentials, and passes ours', async () => {
    expect(await validateCredential(eu)).toEqual([])
    expect(await validateCredential(eu, { profile: 'eu' })).toEqual([])
  })

  it('names each missing mandatory element with its EU element number', async () => {
    const doc = copy(eu)
    delete doc.credentialSubject.achievement.learningOutcome
    delete doc.credentialSubject.achievement.qualityAssurance
    delete doc.issuer.address
    const issues = (await validateCredential(doc, { jsonLd: false })).filter((i) => i.check === 'eu-profile')
    expect(issues.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'ERR_EU_ELEMENT_MISSING', path: 'issuer.address' },
      { code: 'ERR_EU_ELEMENT_MISSING', path: 'credentialSubject.achievement.learningOutcome' },
      { code: 'ERR_EU_ELEMENT_MISSING', path: 'credentialSubject.achievement.qualityAssurance' },
    ])
    expect(issues[1]!.message).toMatch(/^EU element 6: learning outcomes/)
    expect(issues[2]!.message).toMatch(/^EU element 11: type of quality assurance/)
  })

  it('asks for a workload as credits with their system, or hours', async () => {
    const doc = copy(eu)
    delete doc.credentialSubject.achievement.creditSystem
    delete doc.credentialSubject.achievement.volumeOfLearning
    const issues = (await validateCredential(doc, { jsonLd: false })).filter((i) => i.check === 'eu-profile')
    expect(issues).toEqual([
      expect.objectContaining({ code: 'ERR_EU_ELEMENT_MISSING', path: 'credentialSubject.achievement' }),
    ])
    expect(issues[0]!.message).toBe(
      'EU element 7: notional workload: "achievement" needs "creditSystem", or "volumeOfLearning"',
    )

    delete doc.credentialSubject.achievement.creditsAvailable
    const [both] = (await validateCredential(doc, { jsonLd: false })).filter((i) => i.check === 'eu-profile')
    expect(both!.message).toBe(
      'EU element 7: notional workload: "achievement" needs "creditsAvailable" and "creditSystem", or "volumeOfLearning"',
    )
  })

  it('requires the learner to be identified by id or identifier', async () => {
    const doc = copy(eu)
    delete doc.credentialSubject.id
    doc.credentialSubject.identifier = []
    const issues = (await validateCredential(doc, { jsonLd: false })).filter((i) => i.check === 'eu-profile')
    expect(issues).toEqual([expect.objectContaining({ code: 'ERR_EU_ELEMENT_MISSING', path: 'credentialSubject' })])
    expect(issues[0]!.message).toMatch(/^EU element 1: identification of the learner/)
  })

  it('rejects values that are not IRIs of the right EU vocabulary', async () => {
    const doc = copy(eu)
    doc.credentialSubject.achievement.assessmentType = ['http://data.europa.eu/snb/learning-assessment/920fbb3cbe']
    doc.credentialSubject.achievement.eqfLevel = 'http://data.europa.eu/snb/eqf/9'
    const issues = (await validateCredential(doc, { jsonLd: false })).filter((i) => i.check === 'eu-profile')
    expect(issues.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'ERR_EU_VALUE_INVALID', path: 'credentialSubject.achievement.eqfLevel' },
      { code: 'ERR_EU_VALUE_INVALID', path: 'credentialSubject.achievement.assessmentType[0]' },
    ])
  })

  it('applies the EU profile to a plain badge only when asked', async () => {
    expect(await validateCredential(basic)).toEqual([])
    expect((await validateCredential(basic, { profile: 'eu' })).some((i) => i.code === 'ERR_EU_ELEMENT_MISSING')).toBe(
      true,
    )
    expect(await validateCredential(eu, { profile: 'ob3' })).toEqual([])
  })
})
