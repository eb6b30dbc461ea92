/**
 * Stack rules: defineStack() + evaluateStack() verify every credential, keep those of the learner at the level,
 * and check the requirements; a met stack is issued as a CLR whose associations link back (isPartOf).
 */
import { describe, expect, it } from 'vitest'
import { generateKeyPair, issue, issueJwt, MicrocredError, verify } from '../../../src/index.js'
import {
  createClr,
  defineStack,
  describeStack,
  evaluateStack,
  stackAchievement,
  type StackInput,
} from '../../../src/entries/stack.js'
import { setStatus } from '../../../src/entries/status.js'
import { copy, euCredential } from '../../helpers/credentials.js'
import { cohort, created, LEARNER, LEARNER_EMAIL, now, OTHER_LEARNER } from './setup.js'

const CERTIFICATE: StackInput = {
  id: 'https://uni-a.example/qualifications/data-science',
  name: 'Certificate in Data Science',
  requires: { minEcts: 15, eqfAtLeast: 6 },
}

describe('defineStack()', () => {
  it('returns a frozen definition and describes it', () => {
    const stack = defineStack({
      ...CERTIFICATE,
      requires: { ...CERTIFICATE.requires, minCount: 3, achievements: ['urn:example:a'] },
    })
    expect(Object.isFrozen(stack) && Object.isFrozen(stack.requires)).toBe(true)
    expect(describeStack(stack)).toBe(
      'the achievement urn:example:a; at least 15 ECTS; at least 3 credentials; each credential at EQF level 6 or above',
    )
  })

  it.each([
    [{ requires: {} }, 'requires'],
    [{ requires: { minEcts: 0 } }, 'requires.minEcts'],
    [{ requires: { minEcts: -5 } }, 'requires.minEcts'],
    [{ requires: { minCount: 1.5 } }, 'requires.minCount'],
    [{ requires: { eqfAtLeast: 9 } }, 'requires.eqfAtLeast'],
    [{ requires: { achievements: [] } }, 'requires.achievements'],
    [{ requires: { achievements: ['urn:a:b', 'urn:a:b'] } }, 'requires.achievements[1]'],
    [{ requires: { achievements: ['no uri'] } }, 'requires.achievements[0]'],
    [{ requires: { issuers: ['did:example:a'] } }, 'requires'],
    [{ requires: { minEcts: 5, issuers: [] } }, 'requires.issuers'],
    [{ id: 'data-science' }, 'id'],
    [{ name: '' }, 'name'],
  ])('refuses %j at %s', (overrides, path) => {
    expect(() => defineStack({ ...CERTIFICATE, ...overrides })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_INPUT', path }),
    )
  })

  it.each([
    [{ requires: { minimumEcts: 15 } }, 'ERR_INPUT_UNKNOWN_MEMBER', 'requires.minimumEcts'],
    [{ level: 6 }, 'ERR_INPUT_UNKNOWN_MEMBER', 'level'],
    [{ name: undefined }, 'ERR_INPUT_REQUIRED', 'name'],
    [{ id: null }, 'ERR_INPUT_REQUIRED', 'id'],
    [{ requires: undefined }, 'ERR_INPUT_REQUIRED', 'requires'],
  ])('refuses %j with %s at %s', (overrides, code, path) => {
    expect(() => defineStack({ ...CERTIFICATE, ...overrides } as StackInput)).toThrow(
      expect.objectContaining({ code, path }),
    )
  })

  it('only takes definitions from defineStack()', async () => {
    await expect(evaluateStack({ ...CERTIFICATE }, [])).rejects.toThrow(TypeError)
    expect(() => stackAchievement(CERTIFICATE as never)).toThrow(TypeError)
  })
})

describe('evaluateStack()', async () => {
  const setup = await cohort()
  const { credentials, fetch, list } = setup
  const stack = defineStack(CERTIFICATE)

  it('a stack needing 15 ECTS at EQF >= 6 is met by three 5-ECTS EQF 6 micro-credentials from two issuers', async () => {
    const result = await evaluateStack(stack, credentials, { now, fetch })
    expect(result.met).toBe(true)
    expect(result.learner).toBe(LEARNER)
    expect(result.counted).toEqual(credentials.map((c) => c.id))
    expect(result.countedCredentials.map((c) => [c.ects, c.eqf])).toEqual([
      [5, 6],
      [5, 6],
      [5, 6],
    ])
    expect(result.requirements).toEqual([
      { rule: 'minEcts', met: true, required: 15, actual: 15, detail: '15 of 15 ECTS' },
      { rule: 'eqfAtLeast', met: true, required: 6, actual: 3, detail: '3 credentials at EQF 6 or above' },
    ])
    expect(result.missing).toEqual([])
    expect(result.excluded).toEqual([])
    expect(result.reports.map((r) => r.verified)).toEqual([true, true, true])
    expect(JSON.parse(JSON.stringify(result))).toEqual(result)
  })

  it('is not met when one credential is revoked, and says why', async () => {
    const index = Number(credentials[2]!.credentialStatus!.statusListIndex)
    await setStatus(list, index, true)
    await setup.publish()
    try {
      const result = await evaluateStack(stack, credentials, { now, fetch })
      expect(result.met).toBe(false)
      expect(result.counted).toEqual([credentials[0]!.id, credentials[1]!.id])
      expect(result.excluded).toEqual([
        expect.objectContaining({ index: 2, id: credentials[2]!.id, reason: 'not-verified' }),
      ])
      expect(result.excluded[0]!.issues).toContainEqual(
        expect.objectContaining({ code: 'ERR_REVOKED', check: 'status' }),
      )
      expect(result.requirements.find((r) => r.rule === 'minEcts')).toMatchObject({
        met: false,
        actual: 10,
        detail: '10 of 15 ECTS',
      })
      expect(result.missing).toEqual(['5 more ECTS (10 of 15)'])
    } finally {
      await setStatus(list, index, false)
      await setup.publish()
    }
  })

  it('is not met when one credential belongs to another learner, and says why', async () => {
    const foreign = await setup.issueA({ title: 'Machine Learning', learner: { id: OTHER_LEARNER } })
    const result = await evaluateStack(stack, [credentials[0], credentials[1], foreign], { now, fetch })
    expect(result.met).toBe(false)
    expect(result.excluded).toEqual([
      expect.objectContaining({ index: 2, reason: 'other-learner', message: expect.stringContaining(OTHER_LEARNER) }),
    ])
    expect(result.excluded[0]!.issues).toEqual([expect.objectContaining({ code: 'ERR_LEARNER_MISMATCH' })])
    expect(result.missing).toEqual(['5 more ECTS (10 of 15)'])
  })

  it('with options.learner, even the first credential must be theirs; hashed e-mails match', async () => {
    const byEmail = await evaluateStack(stack, credentials, { now, fetch, learner: { email: LEARNER_EMAIL } })
    expect(byEmail.met).toBe(true)
    const someoneElse = await evaluateStack(stack, credentials, { now, fetch, learner: { id: OTHER_LEARNER } })
    expect(someoneElse.counted).toEqual([])
    expect(someoneElse.excluded.map((e) => e.reason)).toEqual(['other-learner', 'other-learner', 'other-learner'])
    expect(someoneElse.requirements.find((r) => r.rule === 'eqfAtLeast')).toMatchObject({ met: false })
    expect(someoneElse.missing).toEqual(['15 more ECTS (0 of 15)', 'a credential at EQF 6 or above'])
    await expect(evaluateStack(stack, credentials, { learner: { name: 'Ada' } as never })).rejects.toThrow(TypeError)
  })

  it('a credential naming its learner only by hashed identifiers needs options.learner', async () => {
    const hashedOnly = await setup.issueA({ title: 'Privacy', learner: { email: LEARNER_EMAIL } })
    const result = await evaluateStack(stack, [hashedOnly], { now, fetch })
    expect(result.excluded).toEqual([
      expect.objectContaining({ reason: 'other-learner', message: expect.stringContaining('options.learner') }),
    ])
    const told = await evaluateStack(stack, [hashedOnly], { now, fetch, learner: { email: LEARNER_EMAIL } })
    expect(told.counted).toEqual([hashedOnly.id])
  })

  it('leaves out credentials below the EQF level, tampered ones, second credentials for one achievement, and non-OB credentials', async () => {
    const low = await setup.issueA({ title: 'Spreadsheets', level: { eqf: 4 } })
    const tampered = copy(credentials[1])
    tampered.credentialSubject.achievement.creditsAvailable = 50
    const again = await setup.issueA({
      title: 'Relational Databases',
      achievementId: credentials[0]!.credentialSubject.achievement.id,
    })
    const result = await evaluateStack(stack, [credentials[0], low, tampered, again, { hello: 'world' }], {
      now,
      fetch,
    })
    expect(result.excluded.map((e) => [e.index, e.reason])).toEqual([
      [1, 'below-level'],
      [2, 'not-verified'],
      [3, 'duplicate-achievement'],
      [4, 'not-verified'],
    ])
    expect(result.excluded[0]!.message).toBe("EQF 4 is below the stack's EQF 6")
    expect(result.excluded[1]!.issues).toContainEqual(expect.objectContaining({ code: 'ERR_PROOF_INVALID' }))
    expect(result.excluded[2]!.message).toContain(credentials[0]!.id)
    expect(result.counted).toEqual([credentials[0]!.id])
  })

  it('with requires.issuers, only credentials of those issuers count (a self-issued one does not)', async () => {
    const trusted = defineStack({
      ...CERTIFICATE,
      requires: { ...CERTIFICATE.requires, issuers: [setup.uniA.controller, setup.uniB.controller] },
    })
    expect(describeStack(trusted)).toContain(`each credential issued by one of ${setup.uniA.controller}`)
    expect((await evaluateStack(trusted, credentials, { now, fetch })).met).toBe(true)
    const self = await generateKeyPair()
    const selfIssued = await issue(
      euCredential(self, {
        learner: { id: LEARNER },
        id: 'urn:uuid:00000000-0000-4000-8000-00000000000a',
        achievementId: credentials[2]!.credentialSubject.achievement.id,
      }),
      { keyPair: self, created },
    )
    const result = await evaluateStack(trusted, [credentials[0], credentials[1], selfIssued], { now, fetch })
    expect(result.met).toBe(false)
    expect(result.excluded).toEqual([
      expect.objectContaining({
        index: 2,
        reason: 'untrusted-issuer',
        message: expect.stringContaining(self.controller),
      }),
    ])
    expect(result.requirements.find((r) => r.rule === 'issuers')).toMatchObject({
      met: true,
      detail: '2 credentials from accepted issuers, 1 from others',
    })
    // Without the rule, the self-issued credential verifies and counts: issuer trust is the stack's to set.
    expect((await evaluateStack(stack, [credentials[0], credentials[1], selfIssued], { now, fetch })).met).toBe(true)
  })

  it('refuses an empty learner value', async () => {
    await expect(evaluateStack(stack, credentials, { learner: { email: ' ' } })).rejects.toThrow(TypeError)
  })

  it('checks required achievements and a minimum count', async () => {
    const needs = defineStack({
      id: 'urn:example:stack',
      name: 'Core',
      requires: {
        achievements: [credentials[0]!.credentialSubject.achievement.id, 'urn:example:missing'],
        minCount: 3,
      },
    })
    const result = await evaluateStack(needs, credentials.slice(0, 2), { now, fetch })
    expect(result.requirements).toEqual([
      {
        rule: 'achievements',
        met: false,
        required: [credentials[0]!.credentialSubject.achievement.id, 'urn:example:missing'],
        actual: [credentials[0]!.credentialSubject.achievement.id],
        detail: '1 of 2 required achievements',
      },
      { rule: 'minCount', met: false, required: 3, actual: 2, detail: '2 of 3 credentials' },
    ])
    expect(result.missing).toEqual(['achievement urn:example:missing', '1 more credential'])
  })

  it('a met stack is issued as a CLR whose isPartOf associations link each counted achievement to the stack', async () => {
    const evaluation = await evaluateStack(stack, credentials, { now, fetch })
    const clr = createClr({
      issuer: { id: setup.uniA.controller, name: 'University A' },
      learner: { id: LEARNER },
      stack: { definition: stack, evaluation },
      validFrom: '2025-07-01T00:00:00Z',
    })
    expect(clr.name).toBe('Certificate in Data Science')
    expect(clr.credentialSubject.achievement).toEqual([stackAchievement(stack)])
    expect(clr.credentialSubject.achievement![0]).toMatchObject({
      id: stack.id,
      creditsAvailable: 15,
      criteria: { narrative: expect.stringContaining('at least 15 ECTS') },
    })
    expect(clr.credentialSubject.association).toEqual(
      credentials.map((c) => ({
        type: 'Association',
        associationType: 'isPartOf',
        sourceId: c.credentialSubject.achievement.id,
        targetId: stack.id,
      })),
    )
    const report = await verify(await issue(clr, { keyPair: setup.uniA, created }), { now, fetch })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('an unmet stack cannot be issued (ERR_STACK_NOT_MET), nor an evaluation of another stack', async () => {
    const evaluation = await evaluateStack(stack, credentials.slice(0, 2), { now, fetch })
    const issuer = { id: setup.uniA.controller, name: 'University A' }
    expect(() => createClr({ issuer, learner: { id: LEARNER }, stack: { definition: stack, evaluation } })).toThrow(
      expect.objectContaining({
        code: 'ERR_STACK_NOT_MET',
        path: 'stack.evaluation',
        message: expect.stringContaining('5 more ECTS'),
      }),
    )
    const other = defineStack({ ...CERTIFICATE, id: 'urn:example:other' })
    const met = await evaluateStack(stack, credentials, { now, fetch })
    expect(() =>
      createClr({ issuer, learner: { id: LEARNER }, stack: { definition: other, evaluation: met } }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT', path: 'stack.evaluation' }))
    expect(() =>
      createClr({ issuer, learner: { id: LEARNER }, stack: { definition: CERTIFICATE, evaluation: met } }),
    ).toThrow(MicrocredError)
    // Only evaluateStack()'s own result: a hand-made (or copied) "met" evaluation issues nothing.
    expect(() =>
      createClr({ issuer, learner: { id: LEARNER }, stack: { definition: stack, evaluation: { ...met } } }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT', path: 'stack.evaluation' }))
    // The record bundles exactly what counted.
    expect(() =>
      createClr({ issuer, learner: { id: LEARNER }, credentials, stack: { definition: stack, evaluation: met } }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT', path: 'credentials' }))
  })

  it('a stack met with a VC-JWT cannot be bundled, and says which credential', async () => {
    const jwt = await issueJwt(
      euCredential(setup.uniA, {
        learner: { id: LEARNER },
        id: 'urn:uuid:00000000-0000-4000-8000-00000000000b',
        achievementId: 'urn:uuid:00000000-0000-4000-8000-00000000000c',
      }),
      { keyPair: setup.uniA },
    )
    const evaluation = await evaluateStack(stack, [credentials[0], credentials[1], jwt], { now, fetch })
    expect(evaluation.met).toBe(true)
    expect(evaluation.countedCredentials.map((c) => c.format)).toEqual(['ldp', 'ldp', 'jwt'])
    expect(() =>
      createClr({
        issuer: { id: setup.uniA.controller, name: 'University A' },
        learner: { id: LEARNER },
        stack: { definition: stack, evaluation },
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT', path: 'stack.evaluation.countedCredentials[2]' }))
  })
})
