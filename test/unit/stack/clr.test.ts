/**
 * CLR 2.0 records: createClr() bundles signed credentials from several issuers; verify() checks the record's
 * proof and every bundled credential, each against its own issuer, and says which one fails.
 */
import { describe, expect, it } from 'vitest'
import {
  generateKeyPair,
  identityHash,
  MAX_BUNDLED_CREDENTIALS,
  MAX_NESTED_VERIFICATIONS,
  issue,
  MicrocredError,
  validateCredential,
  verify,
  type VerificationReport,
} from '../../../src/index.js'
import { createClr, type ClrCredential } from '../../../src/entries/stack.js'
import { copy } from '../../helpers/credentials.js'
import { cohort, created, LEARNER, LEARNER_EMAIL, now, OTHER_LEARNER } from './setup.js'

const status = (report: VerificationReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
const nestedVerified = (report: VerificationReport) =>
  (report.nested ?? [])
    .filter((n) => n.path.startsWith('credentialSubject.verifiableCredential'))
    .map((n) => n.report.verified)
const achievementId = (credential: { credentialSubject: { achievement: { id: string } } }) =>
  credential.credentialSubject.achievement.id

function thrown(run: () => unknown): MicrocredError {
  try {
    run()
  } catch (error) {
    if (error instanceof MicrocredError) return error
    throw error
  }
  throw new Error('expected a MicrocredError')
}

describe('createClr() and verify() on a ClrCredential', async () => {
  const setup = await cohort()
  const { uniA, credentials, fetch } = setup
  const registrar = { id: uniA.controller, name: 'University A Registrar' }
  const build = (overrides: Record<string, unknown> = {}): ClrCredential =>
    createClr({
      issuer: registrar,
      learner: { id: LEARNER },
      credentials,
      validFrom: '2025-07-01T00:00:00Z',
      ...overrides,
    })

  it('builds a VC 2.0 ClrCredential with the CLR 2.0.1 and OB 3.0.3 contexts that validates', async () => {
    const clr = build({
      id: 'urn:uuid:3f0e6f4a-0000-4000-8000-000000000001',
      name: 'Data Science record',
      partial: true,
    })
    expect(clr['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ])
    expect(clr.type).toEqual(['VerifiableCredential', 'ClrCredential'])
    expect(clr).toMatchObject({
      id: 'urn:uuid:3f0e6f4a-0000-4000-8000-000000000001',
      name: 'Data Science record',
      partial: true,
      validFrom: '2025-07-01T00:00:00Z',
    })
    expect(clr.credentialSubject).toMatchObject({ id: LEARNER, type: ['ClrSubject'] })
    expect(clr.credentialSubject.verifiableCredential).toEqual(credentials)
    expect(clr.credentialSubject.verifiableCredential[0]).not.toBe(credentials[0])
    expect(await validateCredential(clr)).toEqual([])
  })

  it('three EU micro-credentials from two issuers stack into a record that verifies, each bundled credential against its own issuer', async () => {
    const signed = await issue(build(), { keyPair: uniA, created })
    const report = await verify(signed, { now, fetch })
    expect(report.issues).toEqual([])
    expect(report.verified).toBe(true)
    expect(status(report)).toMatchObject({
      schema: 'passed',
      proof: 'passed',
      'issuer-binding': 'passed',
      credentials: 'passed',
    })
    expect(report.checks.find((c) => c.id === 'credentials')?.reason).toBe('3 bundled credentials verified')
    expect(nestedVerified(report)).toEqual([true, true, true])
    const issuers = (report.nested ?? [])
      .filter((n) => n.path.startsWith('credentialSubject'))
      .map((n) => (n.report.credential?.['issuer'] as { id: string }).id)
    expect(new Set(issuers)).toEqual(new Set([setup.uniA.controller, setup.uniB.controller]))
  })

  it('a bundled credential altered before the record was signed fails alone, and the report says which', async () => {
    const altered = copy(credentials)
    altered[1].credentialSubject.achievement.creditsAvailable = 30
    const signed = await issue(build({ credentials: altered }), { keyPair: uniA, created })
    const report = await verify(signed, { now, fetch })
    expect(report.verified).toBe(false)
    expect(status(report)).toMatchObject({ proof: 'passed', 'issuer-binding': 'passed', credentials: 'failed' })
    expect(nestedVerified(report)).toEqual([true, false, true])
    const failures = report.issues.filter((i) => i.check === 'credentials')
    expect(failures).toEqual([
      expect.objectContaining({ code: 'ERR_CREDENTIAL_INVALID', path: 'credentialSubject.verifiableCredential[1]' }),
    ])
    expect(failures[0]!.message).toContain(credentials[1]!.id)
    expect(failures[0]!.message).toContain('ERR_PROOF_INVALID')
    const nested = report.nested!.find((n) => n.path === 'credentialSubject.verifiableCredential[1]')!.report
    expect(nested.issues).toContainEqual(expect.objectContaining({ check: 'proof', code: 'ERR_PROOF_INVALID' }))
  })

  it("a bundled credential altered after the record was signed breaks the record's proof; nothing it bundles is then verified on its say-so", async () => {
    const signed = copy(await issue(build(), { keyPair: uniA, created }))
    signed.credentialSubject.verifiableCredential[2].credentialSubject.achievement.name = 'Deep Learning'
    const report = await verify(signed, { now, fetch })
    expect(status(report)).toMatchObject({ proof: 'failed', 'issuer-binding': 'skipped', credentials: 'skipped' })
    expect(report.checks.find((c) => c.id === 'credentials')?.reason).toContain('until one of its proofs verifies')
    expect(report.nested).toBeUndefined()
    expect(report.verified).toBe(false)
  })

  it('a bundled credential about another learner fails with ERR_LEARNER_MISMATCH (record signed anyway by a careless issuer)', async () => {
    const other = await setup.issueA({ title: 'Ethics', learner: { id: OTHER_LEARNER } })
    const clr = build()
    clr.credentialSubject.verifiableCredential = [...clr.credentialSubject.verifiableCredential, other]
    const signed = await issue(clr, { keyPair: uniA, created })
    const report = await verify(signed, { now, fetch })
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'credentials',
        code: 'ERR_LEARNER_MISMATCH',
        path: 'credentialSubject.verifiableCredential[3].credentialSubject.id',
      }),
    ])
    expect(report.issues[0]!.message).toContain(OTHER_LEARNER)
  })

  it('expectedRecipient applies to the record and to every bundled credential (hashed e-mail matches)', async () => {
    const signed = await issue(build({ learner: { email: LEARNER_EMAIL, salt: 'pepper' } }), { keyPair: uniA, created })
    const good = await verify(signed, {
      now,
      fetch,
      expectedRecipient: { value: LEARNER_EMAIL, identityType: 'email' },
    })
    expect(good.issues).toEqual([])
    expect(status(good)).toMatchObject({ credentials: 'passed', recipient: 'passed' })
    const bad = await verify(signed, {
      now,
      fetch,
      expectedRecipient: { value: 'someone@example.org', identityType: 'email' },
    })
    expect(status(bad)).toMatchObject({ credentials: 'failed', recipient: 'failed' })
    expect(bad.issues.filter((i) => i.check === 'credentials').map((i) => i.code)).toEqual([
      'ERR_LEARNER_MISMATCH',
      'ERR_LEARNER_MISMATCH',
      'ERR_LEARNER_MISMATCH',
    ])
  })

  it('a record bundling no credential, or something that is not an OB credential, fails the credentials check', async () => {
    const empty = copy(build())
    empty.credentialSubject.verifiableCredential = []
    const report = await verify(await signAny(empty), { now, fetch })
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        check: 'credentials',
        code: 'ERR_CREDENTIAL_INVALID',
        path: 'credentialSubject.verifiableCredential',
      }),
    )
    expect(report.issues).toContainEqual(
      expect.objectContaining({ check: 'schema', path: 'credentialSubject.verifiableCredential' }),
    )

    const status = (await verify(credentials[2], { now, fetch })).nested![0]!.report.credential!
    const wrong = copy(build())
    wrong.credentialSubject.verifiableCredential = [status]
    const wrongReport = await verify(await signAny(wrong), { now, fetch })
    expect(wrongReport.issues).toContainEqual(
      expect.objectContaining({
        check: 'credentials',
        code: 'ERR_CREDENTIAL_INVALID',
        message: expect.stringContaining('is not an OpenBadgeCredential'),
      }),
    )
  })

  it('refuses to verify more bundled credentials than MAX_BUNDLED_CREDENTIALS, before verifying any', async () => {
    const crowded = copy(build())
    crowded.credentialSubject.verifiableCredential = Array.from({ length: MAX_BUNDLED_CREDENTIALS + 1 }, (_, i) => ({
      id: `urn:example:${i}`,
    }))
    const report = await verify(crowded, { now, fetch })
    // Refused when read (the syntax check), before any JSON-LD processing.
    expect(report.issues).toEqual([
      expect.objectContaining({
        check: 'syntax',
        code: 'ERR_INPUT_TOO_LARGE',
        path: 'credentialSubject.verifiableCredential',
        message: expect.stringContaining('MAX_ARRAY_ENTRIES.verifiableCredential'),
      }),
    ])
    expect(report.nested ?? []).toEqual([])
  })

  it('checks the CLR structure: association types and ids, ClrSubject', async () => {
    const clr = copy(build())
    clr.credentialSubject.association = [
      { type: 'Association', associationType: 'isCousinOf', sourceId: 'urn:x:a', targetId: 'urn:x:b' },
    ]
    delete clr.credentialSubject.type
    const issues = await validateCredential(clr, { jsonLd: false })
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'ERR_SCHEMA_VALUE', path: 'credentialSubject.association[0].associationType' }),
    )
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'ERR_SCHEMA_REQUIRED', path: 'credentialSubject.type' }),
    )
  })

  it("links achievements with associations, checked against the record's achievements", async () => {
    const programme = {
      id: 'https://uni-a.example/programmes/data-science',
      type: ['Achievement'],
      name: 'Data Science programme',
      description: 'Three modules.',
      criteria: { narrative: 'Pass all three modules.' },
    }
    const clr = build({
      achievements: [programme],
      associations: [
        { associationType: 'isPartOf', sourceId: achievementId(credentials[0]!), targetId: programme.id },
        {
          associationType: 'precedes',
          sourceId: achievementId(credentials[0]!),
          targetId: achievementId(credentials[2]!),
        },
      ],
    })
    expect(clr.credentialSubject.achievement).toEqual([programme])
    expect(clr.credentialSubject.association).toEqual([
      {
        type: 'Association',
        associationType: 'isPartOf',
        sourceId: achievementId(credentials[0]!),
        targetId: programme.id,
      },
      {
        type: 'Association',
        associationType: 'precedes',
        sourceId: achievementId(credentials[0]!),
        targetId: achievementId(credentials[2]!),
      },
    ])
    const report = await verify(await issue(clr, { keyPair: uniA, created }), { now, fetch })
    expect(report.verified).toBe(true)

    const unknown = thrown(() =>
      build({
        associations: [
          { associationType: 'isPartOf', sourceId: achievementId(credentials[0]!), targetId: 'urn:example:nowhere' },
        ],
      }),
    )
    expect([unknown.code, unknown.path]).toEqual(['ERR_INVALID_INPUT', 'associations[0].targetId'])
    const badType = thrown(() =>
      build({ associations: [{ associationType: 'isCousinOf', sourceId: 'urn:a:b', targetId: 'urn:a:c' }] }),
    )
    expect([badType.code, badType.path]).toEqual(['ERR_INVALID_INPUT', 'associations[0].associationType'])
  })

  it("refuses unsigned credentials, VC-JWTs, other learners' credentials, duplicates and non-OB credentials, with the path", async () => {
    const { proof: _proof, ...unsigned } = credentials[0]!
    const cases: [Record<string, unknown>, string, string][] = [
      [{ credentials: [credentials[0], unsigned] }, 'ERR_PROOF_MISSING', 'credentials[1]'],
      [{ credentials: ['eyJhbGciOiJFZERTQSJ9.e30.c2ln'] }, 'ERR_INVALID_INPUT', 'credentials[0]'],
      [{ credentials: [credentials[0], credentials[0]] }, 'ERR_INVALID_INPUT', 'credentials[1]'],
      [{ credentials: [] }, 'ERR_INVALID_INPUT', 'credentials'],
      [
        { credentials: [{ ...credentials[0], type: ['VerifiableCredential', 'EndorsementCredential'] }] },
        'ERR_INVALID_INPUT',
        'credentials[0].type',
      ],
      [{ learner: { id: OTHER_LEARNER } }, 'ERR_LEARNER_MISMATCH', 'credentials[0].credentialSubject'],
      [{ learner: { email: 'grace@example.org' } }, 'ERR_LEARNER_MISMATCH', 'credentials[0].credentialSubject'],
      [{ learner: { name: 'Ada Lovelace' } }, 'ERR_INVALID_INPUT', 'learner'],
      [{ validUntil: '2025-01-01T00:00:00Z' }, 'ERR_INVALID_INPUT', 'validUntil'],
      [{ partial: 'yes' }, 'ERR_INVALID_INPUT', 'partial'],
      [{ issuer: { id: 'not a uri', name: 'X' } }, 'ERR_INVALID_INPUT', 'issuer.id'],
      [{ colour: 'blue' }, 'ERR_INPUT_UNKNOWN_MEMBER', 'colour'],
      [{ credentials: undefined }, 'ERR_INPUT_REQUIRED', 'credentials'],
      [{ learner: undefined }, 'ERR_INPUT_REQUIRED', 'learner'],
    ]
    for (const [overrides, code, path] of cases) {
      const error = thrown(() => build(overrides))
      expect([error.code, error.path], JSON.stringify(overrides).slice(0, 80)).toEqual([code, path])
    }
    expect(() => createClr(null as never)).toThrow(TypeError)
  })

  it('a record naming the learner by e-mail only carries the identifier that matched, so the link verifies', async () => {
    const clr = build({ learner: { email: LEARNER_EMAIL } })
    expect(clr.credentialSubject.id).toBeUndefined()
    const matched = credentials[0]!.credentialSubject.identifier!.find((i) => i.identityType === 'emailAddress')!
    expect(clr.credentialSubject.identifier).toHaveLength(2)
    expect(clr.credentialSubject.identifier).toContainEqual(matched)
    const report = await verify(await issue(clr, { keyPair: uniA, created }), { now, fetch })
    expect(report.issues).toEqual([])
  })

  it("a record that cannot show its bundled credentials are its learner's fails (someone else's credentials in my record)", async () => {
    const mallory = await generateKeyPair()
    // Mallory's record names her by a hashed e-mail and bundles Ada's genuine credentials.
    const clr = copy(build())
    clr.issuer = { id: mallory.controller, type: ['Profile'], name: 'Mallory' }
    clr.credentialSubject = {
      type: ['ClrSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityType: 'emailAddress',
          hashed: true,
          salt: 's',
          identityHash: identityHash('mallory@example.org', 's'),
        },
      ],
      verifiableCredential: credentials,
    }
    const report = await verify(await issue(clr, { keyPair: mallory, created }), { now, fetch })
    expect(report.verified).toBe(false)
    expect(report.issues.map((i) => [i.check, i.code])).toEqual([
      ['credentials', 'ERR_LEARNER_MISMATCH'],
      ['credentials', 'ERR_LEARNER_MISMATCH'],
      ['credentials', 'ERR_LEARNER_MISMATCH'],
    ])
    expect(report.issues[0]!.message).toContain('nothing shows')
    // With expectedRecipient the verifier checks both against the learner it has in mind.
    const asAda = await verify(await issue(clr, { keyPair: mallory, created }), {
      now,
      fetch,
      expectedRecipient: LEARNER,
    })
    expect(asAda.issues.filter((i) => i.check === 'recipient').map((i) => i.code)).toEqual(['ERR_RECIPIENT_MISMATCH'])
  })

  it('refuses a CLR bundled inside a CLR without verifying it', async () => {
    const inner = await issue(build(), { keyPair: uniA, created })
    const outer = copy(build())
    outer.credentialSubject.verifiableCredential = [
      credentials[0],
      { ...inner, type: ['VerifiableCredential', 'AchievementCredential', 'ClrCredential'] },
    ]
    const report = await verify(await signAny(outer), { now, fetch })
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        check: 'credentials',
        code: 'ERR_CREDENTIAL_INVALID',
        path: 'credentialSubject.verifiableCredential[1]',
        message: expect.stringContaining('not verified'),
      }),
    )
    expect(report.nested?.map((n) => n.path)).toEqual(['credentialSubject.verifiableCredential[0]'])
  })

  it('verifies at most MAX_NESTED_VERIFICATIONS credentials inside one credential, endorsements included', async () => {
    // One genuine bundled credential of the registrar's, carrying three (broken) endorsements, bundled again and again:
    // each copy verifies, so each has its endorsements verified, and one record asks for 4 x 100 verifications.
    const { proof: _proof, ...unsignedEntry } = copy(credentials[0]!)
    const entry = await signAny({
      ...unsignedEntry,
      issuer: { ...unsignedEntry.issuer, id: uniA.controller },
      endorsement: [{ id: 'urn:e:1' }, { id: 'urn:e:2' }, { id: 'urn:e:3' }],
    })
    const crowded = copy(build())
    crowded.credentialSubject.verifiableCredential = Array.from({ length: MAX_BUNDLED_CREDENTIALS }, () => entry)
    // No time budget: the count, not the machine's speed, must decide where verification stops.
    const report = await verify(await signAny(crowded), {
      now,
      fetch,
      maxBytes: 16 * 1024 * 1024,
      maxWorkMs: Number.POSITIVE_INFINITY,
    })
    expect(status(report)).toMatchObject({ proof: 'passed', 'issuer-binding': 'passed' })
    const all: VerificationReport[] = []
    const walk = (r: VerificationReport) => {
      ;(r.nested ?? []).forEach((n) => {
        all.push(n.report)
        walk(n.report)
      })
    }
    walk(report)
    const refused = all.filter((r) => r.issues.some((i) => i.code === 'ERR_BUDGET_EXCEEDED'))
    expect(all.length - refused.length).toBe(MAX_NESTED_VERIFICATIONS)
    expect(refused.length).toBeGreaterThan(0)
    // Every bundled entry is still reported on, the late ones as not verified.
    expect(report.nested).toHaveLength(MAX_BUNDLED_CREDENTIALS)
    expect(report.nested!.at(-1)!.report.issues).toEqual([
      expect.objectContaining({
        check: 'syntax',
        code: 'ERR_BUDGET_EXCEEDED',
        message: expect.stringContaining(`at most ${MAX_NESTED_VERIFICATIONS} credentials`),
      }),
    ])
  })

  async function signAny(document: object) {
    const { signBypassingChecks } = await import('../../helpers/credentials.js')
    return signBypassingChecks(document, uniA)
  }
})

describe('a CLR signed by one key for another issuer', () => {
  it('fails issuer-binding like any credential', async () => {
    const setup = await cohort()
    const stranger = await generateKeyPair()
    const clr = createClr({
      issuer: { id: setup.uniA.controller, name: 'University A' },
      learner: { id: LEARNER },
      credentials: setup.credentials,
    })
    await expect(issue(clr, { keyPair: stranger })).rejects.toMatchObject({ code: 'ERR_ISSUER_KEY_MISMATCH' })
  })
})
