/**
 * summarizeCredential(): what an employer reads first, read from any credential: the EU elements of a full
 * micro-credential with their English labels, a plain VC's few members, and nothing thrown for garbage.
 */
import { describe, expect, it } from 'vitest'
import {
  createMicroCredential,
  formatReport,
  summarizeCredential,
  verify,
  type VerificationReport,
} from '../../../src/index.js'
import { fullInput, minimalInput } from '../../fixtures/inputs.js'
import { copy, signedEuCredential } from '../../helpers/credentials.js'

const now = new Date('2026-01-01T00:00:00Z')

describe('summarizeCredential()', () => {
  it('reads every element a reader looks for from a full EU micro-credential, vocabulary IRIs with their labels', () => {
    const summary = summarizeCredential(createMicroCredential(fullInput()))
    expect(summary).toEqual({
      title: 'Data Engineering Fundamentals',
      learner: {
        name: 'Ada Lovelace',
        id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
        hashed: ['emailAddress', 'sisSourcedId'],
      },
      issuer: { id: 'did:web:tu-example.de', name: 'Technische Universität Example' },
      issued: '2025-06-30T10:00:00Z',
      awarded: '2025-06-27T00:00:00Z',
      validUntil: '2030-06-30T00:00:00Z',
      credits: {
        available: 5,
        earned: 5,
        system: {
          value: 'http://data.europa.eu/snb/education-credit/6fcec5c5af',
          name: 'ects',
          label: 'European Credit Transfer and Accumulation System (ECTS)',
        },
      },
      workload: 'PT125H',
      workloadHours: 125,
      eqfLevel: { value: 'http://data.europa.eu/snb/eqf/6', name: '6', label: 'EQF level 6' },
      qfEheaCycle: { value: 'FirstCycle', name: 'first', label: 'QF-EHEA first cycle (EQF level 6)' },
      nqfLevel: 'DQR 6',
      assessment: [
        {
          value: 'http://data.europa.eu/snb/assessment/6e6cb2cc78',
          name: 'written-exam',
          label: 'Written examination',
        },
        { value: 'http://data.europa.eu/snb/assessment/795dac4096', name: 'project', label: 'Project work' },
      ],
      participation: [
        { value: 'http://data.europa.eu/snb/learning-assessment/e92d221e4d', name: 'blended', label: 'Blended' },
      ],
      qualityAssurance: [
        {
          type: {
            value: 'http://data.europa.eu/snb/accreditation/bb4618238e',
            name: 'institutional',
            label: 'Institutional quality assurance',
          },
          agent: 'AQAS e.V.',
          report: 'https://www.deqar.eu/reports/12345',
        },
      ],
    })
  })

  it('says the identity is hashed when the learner is named only by hashes', () => {
    const credential = createMicroCredential(minimalInput({ learner: { email: 'grace@example.org', salt: 's' } }))
    expect(summarizeCredential(credential).learner).toEqual({ hashed: ['emailAddress'] })
  })

  it('keeps an IRI the bundled vocabularies do not name, without a label', () => {
    const credential = copy(createMicroCredential(fullInput()))
    credential.credentialSubject.achievement.assessmentType = [
      'http://data.europa.eu/snb/assessment/0000000000',
      { id: 'http://data.europa.eu/snb/assessment/d30284d7df' },
    ]
    expect(summarizeCredential(credential).assessment).toEqual([
      { value: 'http://data.europa.eu/snb/assessment/0000000000' },
      { value: 'http://data.europa.eu/snb/assessment/d30284d7df', name: 'oral-exam', label: 'Oral examination' },
    ])
  })

  it('reads a plain W3C VC: issuer, subject and dates, nothing invented', () => {
    const plain = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: 'did:example:issuer',
      validFrom: '2024-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:subject', alumniOf: 'Example University' },
    }
    expect(summarizeCredential(plain)).toEqual({
      learner: { id: 'did:example:subject' },
      issuer: { id: 'did:example:issuer' },
      issued: '2024-01-01T00:00:00Z',
    })
  })

  it('adds the issuer binding and the status outcome from a report', async () => {
    const { signed, keyPair } = await signedEuCredential()
    const report = await verify(signed, { now })
    expect(report.verified).toBe(true)
    const summary = summarizeCredential(report.credential, report)
    expect(summary.issuer).toMatchObject({ id: keyPair.controller, binding: { status: 'passed' } })
    expect(summary.issuer?.binding?.detail).toContain("is the issuer's")
    expect(summary.status).toEqual({ status: 'skipped', detail: 'the credential has no credentialStatus' })
    const revoked = {
      checks: [{ id: 'status', status: 'failed' }],
      issues: [
        { code: 'ERR_REVOKED', check: 'status', message: 'the credential has been revoked (https://x.example/status)' },
      ],
    } as unknown as VerificationReport
    expect(summarizeCredential({}, revoked)).toEqual({
      status: { status: 'failed', detail: 'the credential has been revoked (https://x.example/status)' },
    })
  })

  it('never throws, whatever it is given', () => {
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom')
        },
        has: () => {
          throw new Error('boom')
        },
      },
    )
    const garbage: unknown[] = [
      undefined,
      null,
      0,
      'text',
      [],
      [1, 2],
      Symbol('s'),
      () => 1,
      throwing,
      { issuer: 42, credentialSubject: 'x', validFrom: 7, name: { nested: true } },
      {
        issuer: { id: ['a'], name: [null] },
        credentialSubject: [
          null,
          {
            achievement: [
              1,
              {
                assessmentType: [null, 5, {}, { id: 3 }],
                creditsAvailable: 'many',
                eqfLevel: 99,
                qfEheaCycle: {},
                qualityAssurance: [null, 'x', { qaType: [], accreditingAgent: 5 }],
                learningMode: { '@id': 'http://data.europa.eu/snb/learning-assessment/920fbb3cbe' },
              },
            ],
            identifier: [null, { hashed: 'yes' }, { identityType: 'name', hashed: false, identityHash: 5 }],
          },
        ],
        endorsement: 'one',
      },
      { credentialSubject: { achievement: throwing, identifier: throwing }, issuer: throwing },
    ]
    for (const value of garbage)
      expect(() =>
        summarizeCredential(value, { checks: 'x', issues: null } as unknown as VerificationReport),
      ).not.toThrow()
    expect(summarizeCredential(garbage[10])).toEqual({
      eqfLevel: { value: '99' },
      participation: [
        { value: 'http://data.europa.eu/snb/learning-assessment/920fbb3cbe', name: 'online', label: 'Online' },
      ],
      endorsements: 1,
    })
    expect(summarizeCredential(garbage[11])).toEqual({})
  })
})

describe('formatReport(): the summary', () => {
  it('shows what an employer reads first above the checks, vocabulary values by their labels', async () => {
    const { signed, keyPair } = await signedEuCredential(fullInput())
    const text = formatReport(await verify(signed, { now }))
    const lines = text.split('\n')
    const summary = lines.slice(1, lines.indexOf(''))
    expect(summary).toEqual([
      '  learner        Ada Lovelace (did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK); also hashed: emailAddress, sisSourcedId',
      '  title          Data Engineering Fundamentals',
      `  issuer         Technische Universität Example (${keyPair.controller})`,
      expect.stringMatching(/^ {2}issuer key {5}bound: the key .+ is the issuer's/),
      '  issued         2025-06-30T10:00:00Z (awarded 2025-06-27T00:00:00Z)',
      '  valid until    2030-06-30T00:00:00Z',
      '  credits        5 ECTS (earned 5)',
      '  workload       125 hours',
      '  level          EQF level 6; QF-EHEA first cycle (EQF level 6); NQF DQR 6',
      '  assessment     Written examination, Project work',
      '  participation  Blended',
      '  quality        Institutional quality assurance (AQAS e.V., https://www.deqar.eu/reports/12345)',
      '  status         not checked: the credential has no credentialStatus',
    ])
    expect(lines[0]).toBe('✔ VERIFIED  Data Engineering Fundamentals')
    expect(lines[lines.indexOf('') + 1]).toBe('  ✔ syntax')
  })

  it('says when the learner is known only by hashes, and shows a failed binding', () => {
    const report = {
      verified: false,
      policy: 'default',
      format: 'ldp',
      credential: {
        issuer: 'did:example:x',
        credentialSubject: { identifier: [{ identityType: 'emailAddress', hashed: true, identityHash: 'sha256$00' }] },
      },
      checks: [{ id: 'issuer-binding', status: 'failed' }],
      issues: [{ code: 'ERR_KEY_NOT_BOUND', check: 'issuer-binding', message: "the key is not the issuer's" }],
      proofs: [],
    } as unknown as VerificationReport
    const text = formatReport(report)
    expect(text).toContain('  learner        identity hashed (emailAddress): name not given in the clear')
    expect(text).toContain('  issuer         did:example:x')
    expect(text).toContain("  issuer key     NOT bound: the key is not the issuer's")
  })
})
