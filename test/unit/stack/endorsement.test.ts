/**
 * Endorsements: a quality-assurance agency endorses a university's micro-credential (its achievement). The
 * endorsement verifies against the agency's own key; a forged or altered one fails, and the report says where.
 */
import { describe, expect, it } from 'vitest'
import {
  generateKeyPair,
  issue,
  issueJwt,
  verify,
  type EndorsementCredential,
  type VerificationReport,
} from '../../../src/index.js'
import { createEndorsement, embedEndorsements } from '../../../src/entries/stack.js'
import { copy, euCredential, signBypassingChecks } from '../../helpers/credentials.js'

const now = new Date('2025-09-01T00:00:00Z')
const created = '2025-06-30T10:00:00Z'
const status = (report: VerificationReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]))

describe('endorsements', async () => {
  const [university, agency, forger] = await Promise.all([generateKeyPair(), generateKeyPair(), generateKeyPair()])
  const unsigned = euCredential(university)
  const achievementId = unsigned.credentialSubject.achievement.id
  const agencyProfile = { id: agency.controller, name: 'Agency for Quality Assurance' }
  const endorsementOf = (subjectId: string, overrides: Record<string, unknown> = {}): EndorsementCredential =>
    createEndorsement({
      issuer: agencyProfile,
      subjectId,
      comment: 'Reviewed under ESG 2015; accredited until 2030.',
      validFrom: '2025-01-01T00:00:00Z',
      ...overrides,
    })

  it('createEndorsement() builds an OB 3.0 EndorsementCredential', () => {
    const endorsement = endorsementOf(achievementId, {
      id: 'urn:uuid:7e1d0c6a-0000-4000-8000-000000000001',
      validUntil: '2030-12-31T23:59:59Z',
    })
    expect(endorsement).toEqual({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      id: 'urn:uuid:7e1d0c6a-0000-4000-8000-000000000001',
      type: ['VerifiableCredential', 'EndorsementCredential'],
      name: 'Endorsement by Agency for Quality Assurance',
      issuer: { id: agency.controller, type: ['Profile'], name: 'Agency for Quality Assurance' },
      validFrom: '2025-01-01T00:00:00Z',
      validUntil: '2030-12-31T23:59:59Z',
      credentialSubject: {
        id: achievementId,
        type: ['EndorsementSubject'],
        endorsementComment: 'Reviewed under ESG 2015; accredited until 2030.',
      },
    })
  })

  it.each([
    [{ subjectId: 'not a uri' }, 'ERR_INVALID_INPUT', 'subjectId'],
    [{ validUntil: '2024-01-01T00:00:00Z' }, 'ERR_INVALID_INPUT', 'validUntil'],
    [{ validFrom: 'yesterday' }, 'ERR_INVALID_INPUT', 'validFrom'],
    [{ issuer: { id: agency.controller } }, 'ERR_INPUT_REQUIRED', 'issuer.name'],
    [{ subjectId: undefined }, 'ERR_INPUT_REQUIRED', 'subjectId'],
    [{ stars: 5 }, 'ERR_INPUT_UNKNOWN_MEMBER', 'stars'],
  ])('createEndorsement() refuses %j with %s at %s', (overrides, code, path) => {
    expect(() => endorsementOf(achievementId, overrides)).toThrow(expect.objectContaining({ code, path }))
  })

  it('an endorsement from another issuer (a QA agency, on the achievement) verifies, and is listed in report.nested', async () => {
    const endorsement = await issue(endorsementOf(achievementId), { keyPair: agency, created })
    const credential = await issue(embedEndorsements(unsigned, [endorsement], { at: 'achievement' }), {
      keyPair: university,
      created,
    })
    expect(credential.credentialSubject.achievement.endorsement).toEqual([endorsement])
    const report = await verify(credential, { now })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    expect(status(report)['endorsements']).toBe('passed')
    expect(report.nested?.map((n) => [n.path, n.report.verified])).toEqual([
      ['credentialSubject.achievement.endorsement[0]', true],
    ])
    const nested = report.nested![0]!.report
    expect(status(nested)).toMatchObject({
      schema: 'passed',
      proof: 'passed',
      'issuer-binding': 'passed',
      validity: 'passed',
    })
    expect((nested.credential!['issuer'] as { id: string }).id).toBe(agency.controller)
  })

  it('a VC-JWT endorsement goes to endorsementJwt and verifies (here: of the issuer)', async () => {
    const jwt = await issueJwt(endorsementOf(university.controller), { keyPair: agency })
    const credential = await issue(embedEndorsements(unsigned, [jwt], { at: 'issuer' }), {
      keyPair: university,
      created,
    })
    expect((credential.issuer as { endorsementJwt?: string[] }).endorsementJwt).toEqual([jwt])
    const report = await verify(credential, { now })
    expect(report.issues).toEqual([])
    expect(report.nested?.map((n) => [n.path, n.report.format, n.report.verified])).toEqual([
      ['issuer.endorsementJwt[0]', 'jwt', true],
    ])
  })

  it('a forged endorsement (the agency named as issuer, another key signing) does not count, and the report says where and why', async () => {
    const forged = await signBypassingChecks(endorsementOf(achievementId), forger)
    const credential = await issue(embedEndorsements(unsigned, [forged], { at: 'achievement' }), {
      keyPair: university,
      created,
    })
    const report = await verify(credential, { now })
    expect(report.verified).toBe(true)
    expect(status(report)).toMatchObject({ proof: 'passed', 'issuer-binding': 'passed', endorsements: 'passed' })
    expect(report.checks.find((c) => c.id === 'endorsements')?.reason).toBe(
      '0 of 1 endorsement verified (the others do not count)',
    )
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'endorsements',
        code: 'ERR_ENDORSEMENT_INVALID',
        path: 'credentialSubject.achievement.endorsement[0]',
        severity: 'warning',
      }),
    ])
    expect(report.issues[0]!.message).toContain('ERR_ISSUER_KEY_MISMATCH')
    expect(report.nested![0]!.report.issues).toContainEqual(
      expect.objectContaining({ check: 'issuer-binding', code: 'ERR_ISSUER_KEY_MISMATCH' }),
    )
  })

  it('an endorsement altered after signing fails its proof, and does not count', async () => {
    const altered = copy(await issue(endorsementOf(achievementId), { keyPair: agency, created }))
    altered.credentialSubject.endorsementComment = 'Excellent in every respect.'
    const credential = await issue(embedEndorsements(unsigned, [altered], { at: 'achievement' }), {
      keyPair: university,
      created,
    })
    const report = await verify(credential, { now })
    expect(report.nested![0]!.report.issues).toContainEqual(
      expect.objectContaining({ check: 'proof', code: 'ERR_PROOF_INVALID' }),
    )
    expect(report.issues).toEqual([
      expect.objectContaining({ check: 'endorsements', code: 'ERR_ENDORSEMENT_INVALID', severity: 'warning' }),
    ])
    expect(status(await verify(credential, { now, policy: 'strict' }))['endorsements']).toBe('failed')
  })

  it('an endorsement about something else than what carries it verifies with an ERR_ENDORSEMENT_SUBJECT warning', async () => {
    const ofIssuer = await issue(endorsementOf(university.controller), { keyPair: agency, created })
    const placed = copy(unsigned)
    placed.credentialSubject.achievement.endorsement = [ofIssuer]
    const report = await verify(await issue(placed, { keyPair: university, created }), { now })
    expect(report.verified).toBe(true)
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'endorsements',
        code: 'ERR_ENDORSEMENT_SUBJECT',
        severity: 'warning',
        path: 'credentialSubject.achievement.endorsement[0]',
      }),
    ])
  })

  it('embeds into an achievement or a profile directly, after the endorsements already there', async () => {
    const achievement = copy(unsigned.credentialSubject.achievement) as typeof unsigned.credentialSubject.achievement
    const first = await issue(endorsementOf(achievement.id), { keyPair: agency, created })
    const second = await issueJwt(endorsementOf(achievement.id), { keyPair: agency })
    const once = embedEndorsements(achievement, [first])
    const twice = embedEndorsements(once, [first, second])
    expect(twice.endorsement).toEqual([first, first])
    expect(twice.endorsementJwt).toEqual([second])
    expect(achievement.endorsement).toBeUndefined()
    // A single endorsement already there (JSON-LD compacted form) is kept.
    const compacted = embedEndorsements({ ...achievement, endorsement: first as never }, [first, second])
    expect(compacted.endorsement).toEqual([first, first])
    expect(compacted.endorsementJwt).toEqual([second])
    const profile = embedEndorsements({ id: 'https://uni.example', type: ['Profile'], name: 'Uni' }, [
      await issue(endorsementOf('https://uni.example'), { keyPair: agency, created }),
    ])
    expect(profile.endorsement).toHaveLength(1)
  })

  it('embedEndorsements() refuses what would mislead or not verify', async () => {
    const signedEndorsement = await issue(endorsementOf(achievementId), { keyPair: agency, created })
    const signedCredential = await issue(unsigned, { keyPair: university, created })
    const cases: [() => unknown, string, string][] = [
      [
        () => embedEndorsements(unsigned, [endorsementOf(achievementId)], { at: 'achievement' }),
        'ERR_PROOF_MISSING',
        'endorsements[0]',
      ],
      [
        () => embedEndorsements(unsigned, [signedEndorsement]),
        'ERR_ENDORSEMENT_SUBJECT',
        'endorsements[0].credentialSubject.id',
      ],
      [
        () => embedEndorsements(signedCredential, [signedEndorsement], { at: 'achievement' }),
        'ERR_INVALID_INPUT',
        'proof',
      ],
      [
        () => embedEndorsements({ ...unsigned, issuer: university.controller }, [signedEndorsement], { at: 'issuer' }),
        'ERR_INVALID_INPUT',
        'issuer',
      ],
      [
        () => embedEndorsements(unsigned, [signedCredential as never], { at: 'achievement' }),
        'ERR_INVALID_INPUT',
        'endorsements[0].type',
      ],
      [() => embedEndorsements(unsigned, ['not a jwt'], { at: 'achievement' }), 'ERR_INVALID_INPUT', 'endorsements[0]'],
    ]
    for (const [run, code, path] of cases) expect(run).toThrow(expect.objectContaining({ code, path }))
    expect(() => embedEndorsements(unsigned, [signedEndorsement], { at: 'nowhere' as never })).toThrow(TypeError)
    expect(() => embedEndorsements(unsigned, signedEndorsement as never)).toThrow(TypeError)
  })
})
