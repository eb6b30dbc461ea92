/**
 * createMicroCredential(): where each EU element goes (docs/MAPPING.md), context modes, credentialSchema,
 * multi-country issuers and grades. Expected IRIs are the ones MAPPING.md lists.
 */
import { describe, expect, it } from 'vitest'
import {
  createMicroCredential,
  readMicroCredential,
  validateCredential,
  type MicroCredentialInput,
} from '../../../src/index.js'
import { LEARNING_ACTIVITIES } from '../../../src/entries/vocabularies.js'
import { fullInput, minimalInput } from '../../fixtures/inputs.js'
import {
  CONTEXT,
  IRI,
  NAMESPACE,
  OB_SCHEMA_URL,
  achievementOf,
  issuerOf,
  repoJson,
  sha256Identity,
  type Loose,
} from './helpers.js'

const build = (input: Loose) => createMicroCredential(input as MicroCredentialInput)

describe('createMicroCredential(fullInput()): every element where MAPPING.md places it', () => {
  const input = fullInput()
  const credential = createMicroCredential(input)
  const a = achievementOf(credential)
  const subject = credential.credentialSubject

  it('is an OpenBadgeCredential with the given credential and achievement ids', () => {
    expect(credential.type).toEqual(expect.arrayContaining(['VerifiableCredential', 'OpenBadgeCredential']))
    expect(credential.id).toBe(input.id)
    expect(a.id).toBe(input.achievementId)
  })

  it('type (extra): achievementType MicroCredential and type containing Achievement and EUMicroCredential', () => {
    expect(a.achievementType).toBe('MicroCredential')
    expect(a.type).toEqual(expect.arrayContaining(['Achievement', 'EUMicroCredential']))
  })

  it('1. learner: credentialSubject.id is the learner DID', () => {
    expect(subject.type).toContain('AchievementSubject')
    expect(subject.id).toBe(input.learner.id)
  })

  it('1. learner: the name is a plain IdentityObject, e-mail and student id are hashed with the salt', () => {
    const { name, email, studentId, salt } = input.learner as Required<MicroCredentialInput['learner']>
    expect(subject.identifier).toHaveLength(3)
    expect(subject.identifier).toContainEqual({
      type: 'IdentityObject',
      identityType: 'name',
      hashed: false,
      identityHash: name,
    })
    expect(subject.identifier).toContainEqual({
      type: 'IdentityObject',
      identityType: 'emailAddress',
      hashed: true,
      salt,
      identityHash: sha256Identity(email, salt),
    })
    expect(subject.identifier).toContainEqual({
      type: 'IdentityObject',
      identityType: 'sisSourcedId',
      hashed: true,
      salt,
      identityHash: sha256Identity(studentId, salt),
    })
  })

  it('1. learner: no personal identifier appears in clear anywhere in the credential', () => {
    const json = JSON.stringify(credential)
    expect(json).not.toContain(input.learner.email)
    expect(json).not.toContain(input.learner.studentId)
  })

  it('2. title: achievement.name and the credential name', () => {
    expect(a.name).toBe(input.title)
    expect(credential.name).toBe(input.title)
  })

  it('3. country/region: issuer.address with ISO alpha-2 code, English country name and region', () => {
    const issuer = issuerOf(credential)
    expect(issuer.address).toEqual({
      type: ['Address'],
      addressCountryCode: 'DE',
      addressCountry: 'Germany',
      addressRegion: 'Bavaria',
    })
    // One country: the multi-country extension is not used.
    expect(a).not.toHaveProperty('issuerCountry')
  })

  it('4. awarding body: the issuer Profile, with legal identifiers as otherIdentifier of type ext:<kind>', () => {
    const issuer = issuerOf(credential)
    expect(issuer).toMatchObject({
      id: input.issuer.id,
      name: input.issuer.name,
      url: input.issuer.url,
      email: input.issuer.email,
    })
    expect(issuer.type).toContain('Profile')
    expect(issuer.otherIdentifier).toEqual([
      { type: 'IdentifierEntry', identifier: 'D  MUNCHEN99', identifierType: 'ext:ErasmusCode' },
      { type: 'IdentifierEntry', identifier: '999999999', identifierType: 'ext:PIC' },
    ])
  })

  it('4. awarding body: the first awarding body is A.creator in full, and A.awardingBody[] refers to it', () => {
    const body = input.awardingBodies![0]!
    const expected = {
      id: body.id,
      type: ['Profile'],
      name: body.name,
      otherIdentifier: [{ type: 'IdentifierEntry', identifier: 'DE123456789', identifierType: 'ext:VAT' }],
    }
    expect(a.creator).toEqual(expected)
    // Described once: a second full copy of the same node could lose members without changing the signature.
    expect(a.awardingBody).toEqual([{ id: body.id, type: ['Profile'] }])
  })

  it('4. awarding body: several bodies are all listed, each described once', () => {
    const second = {
      id: 'https://partner.example',
      name: 'Partner University',
      legalIdentifiers: [{ type: 'PIC', value: '123456789' }],
    }
    const credential = createMicroCredential(fullInput({ awardingBodies: [input.awardingBodies![0]!, second] }))
    const achievement = credential.credentialSubject.achievement
    expect(achievement.awardingBody).toEqual([
      { id: input.awardingBodies![0]!.id, type: ['Profile'] },
      {
        id: second.id,
        type: ['Profile'],
        name: second.name,
        otherIdentifier: [{ type: 'IdentifierEntry', identifier: '123456789', identifierType: 'ext:PIC' }],
      },
    ])
    expect(readMicroCredential(credential).awardingBodies.map((b) => b.name)).toEqual([
      input.awardingBodies![0]!.name,
      second.name,
    ])
  })

  it('4. awarding body: the issuer listed again as awarding body is a reference to the issuer', () => {
    const issuer = fullInput().issuer
    const credential = createMicroCredential(
      fullInput({
        awardingBodies: [
          {
            id: issuer.id,
            name: issuer.name,
            url: issuer.url!,
            email: issuer.email!,
            legalIdentifiers: issuer.legalIdentifiers!,
          },
        ],
      }),
    )
    expect(credential.credentialSubject.achievement.creator).toEqual({ id: issuer.id, type: ['Profile'] })
    expect(() =>
      createMicroCredential(fullInput({ awardingBodies: [{ id: issuer.id, name: 'Another name' }] })),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }))
  })

  it('5. date of issuing: validFrom; awardedDate; validUntil', () => {
    expect(credential.validFrom).toBe(input.issued)
    expect(credential.awardedDate).toBe(input.awarded)
    expect(credential.validUntil).toBe(input.validUntil)
  })

  it('6. learning outcomes: A.learningOutcome[] with relatedESCOSkill', () => {
    expect(a.learningOutcome).toEqual([
      {
        type: 'LearningOutcome',
        name: 'Design a relational schema in third normal form',
        relatedESCOSkill: ['http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000001'],
      },
      {
        type: 'LearningOutcome',
        name: 'Build a batch pipeline that is idempotent and observable',
        relatedESCOSkill: ['http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000002'],
      },
      { type: 'LearningOutcome', name: 'Explain the trade-offs between batch and stream processing' },
    ])
  })

  it('6. learning outcomes: criteria.narrative is a Markdown list of every outcome, in order', () => {
    const items = a.criteria
      .narrative!.split('\n')
      .filter((line) => line.startsWith('- '))
      .map((line) => line.slice(2))
    expect(items).toEqual([
      'Design a relational schema in third normal form',
      'Build a batch pipeline that is idempotent and observable',
      'Explain the trade-offs between batch and stream processing',
    ])
  })

  it('6. learning outcomes: each ESCO skill is an alignment with targetUrl = skill IRI and targetFramework ESCO', () => {
    const esco = (a.alignment ?? []).filter((al) => al.targetFramework === 'ESCO')
    expect(esco.map((al) => al.targetUrl)).toEqual([
      'http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000001',
      'http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000002',
    ])
    // The given label is the alignment's name; an unlabelled skill still gets a non-empty name (OB requires one).
    expect(esco[0]!.targetName).toBe('synthetic skill one')
    expect(esco[1]!.targetName).toEqual(expect.stringMatching(/\S/))
    for (const al of esco) expect(al.type).toContain('Alignment')
  })

  it('7. workload: creditsAvailable + ECTS creditSystem IRI, volumeOfLearning PT125H, creditsEarned', () => {
    expect(a.creditsAvailable).toBe(5)
    expect(a.creditSystem).toBe(IRI.ects)
    expect(a.volumeOfLearning).toBe('PT125H')
    expect(subject.creditsEarned).toBe(5)
  })

  it('8. level: EQF alignment entry and eqfLevel IRI', () => {
    expect(a.alignment).toContainEqual(
      expect.objectContaining({
        targetUrl: 'http://data.europa.eu/snb/eqf/6',
        targetName: 'EQF level 6',
        targetFramework: 'European Qualifications Framework',
        targetCode: '6',
      }),
    )
    expect(a.eqfLevel).toBe(IRI.eqf(6))
  })

  it('8. level: qfEheaCycle and nqfLevel', () => {
    expect(a.qfEheaCycle).toBe('FirstCycle')
    expect(a.nqfLevel).toBe('DQR 6')
  })

  it('9. assessment: assessmentType IRIs (written exam, project work)', () => {
    expect(a.assessmentType).toEqual([IRI.assessment.writtenExam, IRI.assessment.project])
  })

  it('supervision and identity verification: supervisionVerification IRI', () => {
    expect(a.supervisionVerification).toBe(IRI.supervision.supervisedWithId)
  })

  it('10. participation: learningMode IRIs', () => {
    expect(a.learningMode).toEqual([IRI.participation.blended])
  })

  it('learningActivityType: IRIs of the learning-activity list, in input order', () => {
    expect(a.learningActivityType).toHaveLength(2)
    for (const iri of a.learningActivityType!)
      expect(iri).toMatch(new RegExp(`^${NAMESPACE.learningActivity.replace(/[./]/g, '\\$&')}[0-9a-f]{10}$`))
    expect(a.learningActivityType).toEqual([
      LEARNING_ACTIVITIES.entries['e-learning'].iri,
      LEARNING_ACTIVITIES.entries.lab.iri,
    ])
  })

  it('learningSetting: formal IRI', () => {
    expect(a.learningSetting).toBe(IRI.setting.formal)
  })

  it('11. quality assurance: QualityAssurance with qaType IRI, agent Profile, report, decisionDate, description', () => {
    const qa = input.qualityAssurance[0]!
    expect(a.qualityAssurance).toEqual([
      {
        type: 'QualityAssurance',
        qaType: IRI.qa.institutional,
        accreditingAgent: { id: qa.agent!.id, type: ['Profile'], name: qa.agent!.name },
        report: qa.report,
        decisionDate: '2023-05-10',
        description: qa.description,
      },
    ])
  })

  it('prerequisites: entryRequirement', () => {
    expect(a.entryRequirement).toBe(input.prerequisites)
  })

  it('stackability: Stackable and isPartOf', () => {
    expect(a.stackability).toBe('Stackable')
    expect(a.isPartOf).toEqual(input.stackability!.partOf)
  })

  it('further information: credential description, achievement description and criteria.id', () => {
    expect(credential.description).toBe(input.furtherInformation)
    expect(a.description).toBe(input.description)
    expect(a.criteria.id).toBe(input.infoUrl)
  })

  it('field of study: fieldOfStudy text and ISCED-F IRI', () => {
    expect(a.fieldOfStudy).toBe(input.fieldOfStudy)
    expect(a.iscedF).toEqual([IRI.iscedF('0613')])
  })

  it('language and image: inLanguage and an OB Image', () => {
    expect(a.inLanguage).toBe('en')
    expect(a.image).toEqual({ id: input.image!.id, type: 'Image', caption: input.image!.caption })
  })

  it('grade: resultDescription from the scheme, and a result with the value pointing at it', () => {
    const scheme = input.assessment.grade!.scheme!
    expect(a.resultDescription).toHaveLength(1)
    const rd = a.resultDescription![0]!
    expect(rd).toMatchObject({
      name: scheme.name,
      resultType: scheme.resultType,
      allowedValue: scheme.allowedValues,
      requiredValue: scheme.passing,
    })
    expect(rd.type).toContain('ResultDescription')
    expect(typeof rd.id).toBe('string')
    expect(subject.result).toHaveLength(1)
    const result = subject.result![0]!
    expect(result.type).toContain('Result')
    expect(result.resultDescription).toBe(rd.id)
    expect(result.value).toBe('B')
    expect(result.status).toBe('Completed')
  })
})

describe('createMicroCredential(minimalInput()): only the mandatory elements', () => {
  const input = minimalInput()
  const credential = createMicroCredential(input)
  const a = achievementOf(credential)

  it('generates urn:uuid ids for the credential and the achievement', () => {
    const uuid = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
    expect(credential.id).toMatch(uuid)
    expect(a.id).toMatch(uuid)
    expect(a.id).not.toBe(credential.id)
  })

  it('carries the mandatory elements', () => {
    expect(credential.credentialSubject).not.toHaveProperty('id')
    expect(credential.credentialSubject.identifier).toEqual([
      { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Grace Hopper' },
    ])
    expect(issuerOf(credential).address).toEqual({
      type: ['Address'],
      addressCountryCode: 'FR',
      addressCountry: 'France',
    })
    expect(a.volumeOfLearning).toBe('PT30H')
    expect(a.assessmentType).toEqual([IRI.assessment.quiz])
    expect(a.learningMode).toEqual([IRI.participation.online])
    expect(a.qualityAssurance).toEqual([{ type: 'QualityAssurance', qaType: IRI.qa.programme }])
  })

  it('adds no optional member that was not asked for', () => {
    for (const key of [
      'creditsAvailable',
      'creditSystem',
      'eqfLevel',
      'qfEheaCycle',
      'nqfLevel',
      'alignment',
      'supervisionVerification',
      'learningActivityType',
      'learningSetting',
      'entryRequirement',
      'stackability',
      'isPartOf',
      'iscedF',
      'issuerCountry',
      'awardingBody',
      'creator',
      'resultDescription',
      'image',
      'inLanguage',
      'fieldOfStudy',
    ]) {
      expect(a, key).not.toHaveProperty(key)
    }
    for (const key of ['description', 'validUntil', 'awardedDate', 'credentialSchema'])
      expect(credential, key).not.toHaveProperty(key)
    expect(credential.credentialSubject).not.toHaveProperty('creditsEarned')
    expect(credential.credentialSubject).not.toHaveProperty('result')
    expect(a.criteria).not.toHaveProperty('id')
  })
})

describe('vocabulary values given as raw IRIs', () => {
  it('accepts an IRI of the right list and carries it unchanged', () => {
    const c = build({
      ...minimalInput(),
      participation: [IRI.participation.workBased],
      assessment: { types: [IRI.assessment.writtenExam] },
    })
    expect(achievementOf(c).learningMode).toEqual([IRI.participation.workBased])
    expect(achievementOf(c).assessmentType).toEqual([IRI.assessment.writtenExam])
  })

  it('accepts a well-formed IRI in the list namespace that has no friendly name yet', () => {
    const iri = 'http://data.europa.eu/snb/learning-assessment/0123456789'
    expect(achievementOf(build({ ...minimalInput(), participation: [iri] })).learningMode).toEqual([iri])
  })

  it('maps "onsite" to the presential IRI', () => {
    expect(achievementOf(build({ ...minimalInput(), participation: ['onsite'] })).learningMode).toEqual([
      IRI.participation.onsite,
    ])
  })
})

describe('stackability', () => {
  it('stackable: false gives Standalone and no isPartOf', () => {
    const a = achievementOf(build({ ...minimalInput(), stackability: { stackable: false } }))
    expect(a.stackability).toBe('Standalone')
    expect(a).not.toHaveProperty('isPartOf')
  })
})

describe('@context modes and credentialSchema', () => {
  const euContext = repoJson('contexts/microcred-eu-v1.json')['@context']

  it("default ('embedded'): [VC 2.0, OB 3.0, the EU context object inline]", () => {
    const context = createMicroCredential(minimalInput())['@context']
    expect(context).toHaveLength(3)
    expect(context[0]).toBe(CONTEXT.vc2)
    expect(context[1]).toMatch(CONTEXT.ob3)
    expect(typeof context[2]).toBe('object')
    expect(context[2]).toEqual(euContext)
  })

  it("explicit 'embedded' is the same as the default", () => {
    expect(createMicroCredential(fullInput({ contextMode: 'embedded' }))).toStrictEqual(
      createMicroCredential(fullInput()),
    )
  })

  it("'url': the third entry is https://w3id.org/microcred/eu/v1", () => {
    const context = createMicroCredential(minimalInput({ contextMode: 'url' }))['@context']
    expect(context).toHaveLength(3)
    expect(context[0]).toBe(CONTEXT.vc2)
    expect(context[1]).toMatch(CONTEXT.ob3)
    expect(context[2]).toBe(CONTEXT.eu)
  })

  it('no credentialSchema and no OB extensions context unless asked for', () => {
    const credential = createMicroCredential(fullInput())
    expect(credential).not.toHaveProperty('credentialSchema')
    expect(credential['@context']).not.toContain(CONTEXT.obExtensions)
  })

  it.each(['embedded', 'url'] as const)(
    'credentialSchema: true (%s) adds the OB extensions context and two 1EdTechJsonSchemaValidator2019 entries',
    (contextMode) => {
      const credential = createMicroCredential(fullInput({ credentialSchema: true, contextMode }))
      const context = credential['@context']
      expect(context[0]).toBe(CONTEXT.vc2)
      expect(context[1]).toMatch(CONTEXT.ob3)
      expect(context).toContain(CONTEXT.obExtensions)
      expect(context).toHaveLength(4)
      if (contextMode === 'url') expect(context).toContain(CONTEXT.eu)
      else expect(context.filter((entry) => typeof entry === 'object')).toEqual([euContext])
      expect(credential.credentialSchema).toHaveLength(2)
      for (const schema of credential.credentialSchema!) expect(schema.type).toBe('1EdTechJsonSchemaValidator2019')
      expect(credential.credentialSchema!.map((s) => s.id)).toEqual(
        expect.arrayContaining([OB_SCHEMA_URL, String(repoJson('schemas/eu-microcredential-v1.json')['$id'])]),
      )
    },
  )

  it.each([
    ['embedded', {}],
    ['url', { contextMode: 'url' }],
    ['embedded + credentialSchema', { credentialSchema: true }],
    ['url + credentialSchema', { contextMode: 'url', credentialSchema: true }],
  ] as const)(
    'the %s credential validates offline (JSON-LD safe mode, OB 3.0 schema, EU profile)',
    async (_name, options) => {
      const credential = createMicroCredential(fullInput(options))
      expect(await validateCredential(credential, { profile: 'eu' })).toEqual([])
    },
  )
})

describe('issuer country (EU element 3)', () => {
  const issuer = { id: 'did:web:crossborder.example', name: 'Cross-border Institute' }

  it("['BE', 'NL']: address has BE, issuerCountry holds the EU country authority IRIs of both", () => {
    const credential = build({ ...minimalInput(), issuer: { ...issuer, country: ['BE', 'NL'] } })
    expect(issuerOf(credential).address).toMatchObject({ addressCountryCode: 'BE', addressCountry: 'Belgium' })
    expect(achievementOf(credential).issuerCountry).toEqual([IRI.country('BEL'), IRI.country('NLD')])
  })

  it("lowercase 'de' is accepted and normalised to 'DE'", () => {
    const credential = build({ ...minimalInput(), issuer: { ...issuer, country: 'de' } })
    expect(issuerOf(credential).address).toMatchObject({ addressCountryCode: 'DE', addressCountry: 'Germany' })
  })

  it('lowercase codes in a list are normalised too', () => {
    const credential = build({ ...minimalInput(), issuer: { ...issuer, country: ['be', 'nl'] } })
    expect(issuerOf(credential).address).toMatchObject({ addressCountryCode: 'BE' })
    expect(achievementOf(credential).issuerCountry).toEqual([IRI.country('BEL'), IRI.country('NLD')])
  })

  it('a one-element list is a single country (no issuerCountry)', () => {
    const credential = build({ ...minimalInput(), issuer: { ...issuer, country: ['NL'] } })
    expect(issuerOf(credential).address).toMatchObject({ addressCountryCode: 'NL', addressCountry: 'Netherlands' })
    expect(achievementOf(credential)).not.toHaveProperty('issuerCountry')
  })
})

describe('grades', () => {
  it('a scheme with min/max/passing becomes valueMin/valueMax/requiredValue', () => {
    const c = build({
      ...minimalInput(),
      assessment: {
        types: ['quiz'],
        grade: {
          value: '87',
          scheme: { name: 'Percentage', resultType: 'Percent', min: '0', max: '100', passing: '50' },
        },
      },
    })
    const rd = achievementOf(c).resultDescription![0]!
    expect(rd).toMatchObject({
      name: 'Percentage',
      resultType: 'Percent',
      valueMin: '0',
      valueMax: '100',
      requiredValue: '50',
    })
    expect(rd).not.toHaveProperty('allowedValue')
    expect(c.credentialSubject.result![0]).toMatchObject({ value: '87', resultDescription: rd.id })
  })

  it('a grade without a scheme gets a ResultDescription with the documented defaults (name "Grade", resultType "Result")', () => {
    // GradeScheme in src/model/input.ts: name "Default `Grade`", resultType "Default `Result` (a generic result)".
    const c = build({ ...minimalInput(), assessment: { types: ['quiz'], grade: { value: 'B' } } })
    const rd = achievementOf(c).resultDescription![0]!
    expect(rd.name).toBe('Grade')
    expect(rd.resultType).toBe('Result')
    expect(c.credentialSubject.result![0]).toMatchObject({ value: 'B', resultDescription: rd.id })
  })
})

describe('countries given more than once', () => {
  it('count once, whatever their case', () => {
    const credential = createMicroCredential(
      fullInput({ issuer: { ...fullInput().issuer, country: ['BE', 'be', 'NL', 'BE'] } }),
    )
    expect(credential.credentialSubject.achievement.issuerCountry).toEqual([
      'http://publications.europa.eu/resource/authority/country/BEL',
      'http://publications.europa.eu/resource/authority/country/NLD',
    ])
    const single = createMicroCredential(fullInput({ issuer: { ...fullInput().issuer, country: ['DE', 'de'] } }))
    expect(single.credentialSubject.achievement.issuerCountry).toBeUndefined()
  })
})
