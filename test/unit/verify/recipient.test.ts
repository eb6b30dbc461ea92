/**
 * The `recipient` check (OB 3.0 "Verify the Recipient Using an Identifier"): options.expectedRecipient must be
 * the credential's subject id, or match one of its `identifier` entries (hashed: `sha256$`/`md5$` of value +
 * salt; plain: the value itself). The fixture learner (test/fixtures/inputs.ts) has id
 * did:key:z6MkhaXg..., name 'Ada Lovelace', email 'ada@example.org', student id 'S-2025-0042', salt 'c0ffee'.
 */
import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  generateKeyPair,
  issue,
  issueJwt,
  verify,
  type ExpectedRecipient,
  type SignedMicroCredential,
  type VerificationReport,
} from '../../../src/index.js'
import { copy, euCredential, signedEuCredential } from '../../helpers/credentials.js'

const now = new Date('2026-01-01T00:00:00Z')
const LEARNER_ID = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'

const recipientOf = (report: VerificationReport) => report.checks.find((c) => c.id === 'recipient')!

async function check(credential: unknown, expectedRecipient: ExpectedRecipient): Promise<VerificationReport> {
  return verify(credential, { now, expectedRecipient })
}

function expectMatch(report: VerificationReport): void {
  expect(report.issues).toEqual([])
  expect(recipientOf(report).status).toBe('passed')
  expect(report.verified).toBe(true)
}

function expectMismatch(report: VerificationReport): void {
  expect(report.verified).toBe(false)
  expect(recipientOf(report).status).toBe('failed')
  expect(report.issues).toEqual([expect.objectContaining({ code: 'ERR_RECIPIENT_MISMATCH', check: 'recipient' })])
  // every other check still passed: it is only about who the credential is for
  for (const c of report.checks) if (c.id !== 'recipient') expect(c.status).not.toBe('failed')
}

const hex = (algorithm: 'sha256' | 'md5', text: string) => createHash(algorithm).update(text, 'utf8').digest('hex')

let signed: SignedMicroCredential

beforeAll(async () => {
  ;({ signed } = await signedEuCredential())
  // the fixture credential carries the identifiers these tests rely on
  const subject = signed.credentialSubject as unknown as { id: string; identifier: Record<string, unknown>[] }
  expect(subject.id).toBe(LEARNER_ID)
  expect(subject.identifier).toContainEqual({
    type: 'IdentityObject',
    identityType: 'emailAddress',
    hashed: true,
    salt: 'c0ffee',
    identityHash: `sha256$${hex('sha256', 'ada@example.orgc0ffee')}`,
  })
  expect(subject.identifier).toContainEqual({
    type: 'IdentityObject',
    identityType: 'sisSourcedId',
    hashed: true,
    salt: 'c0ffee',
    identityHash: `sha256$${hex('sha256', 'S-2025-0042c0ffee')}`,
  })
  expect(subject.identifier).toContainEqual({
    type: 'IdentityObject',
    identityType: 'name',
    hashed: false,
    identityHash: 'Ada Lovelace',
  })
})

describe('recipient: skipped without an expected recipient', () => {
  it('is skipped, with a reason, when no expectedRecipient is given', async () => {
    const report = await verify(signed, { now })
    expect(recipientOf(report).status).toBe('skipped')
    expect(recipientOf(report).reason).toMatch(/expectedRecipient/)
    expect(report.verified).toBe(true)
  })
})

describe('recipient: matches', () => {
  it('the credentialSubject.id', async () => {
    expectMatch(await check(signed, LEARNER_ID))
  })

  it('the hashed e-mail address (sha256 of value + salt)', async () => {
    expectMatch(await check(signed, 'ada@example.org'))
  })

  it('the hashed e-mail address given in upper case', async () => {
    expectMatch(await check(signed, 'ADA@EXAMPLE.ORG'))
    expectMatch(await check(signed, 'Ada@Example.Org'))
    expectMatch(await check(signed, { value: 'ADA@EXAMPLE.ORG', identityType: 'email' }))
  })

  it("with identityType 'email'", async () => {
    expectMatch(await check(signed, { value: 'ada@example.org', identityType: 'email' }))
  })

  it("with identityType 'emailAddress' (the OB name)", async () => {
    expectMatch(await check(signed, { value: 'ada@example.org', identityType: 'emailAddress' }))
  })

  it("with identityType 'studentId' (OB sisSourcedId)", async () => {
    expectMatch(await check(signed, { value: 'S-2025-0042', identityType: 'studentId' }))
    expectMatch(await check(signed, { value: 'S-2025-0042', identityType: 'sisSourcedId' }))
  })

  it('the hashed student id without an identity type', async () => {
    expectMatch(await check(signed, 'S-2025-0042'))
  })

  it('a plain (unhashed) identifier by its value', async () => {
    expectMatch(await check(signed, 'Ada Lovelace'))
    expectMatch(await check(signed, { value: 'Ada Lovelace', identityType: 'name' }))
  })

  it('in a VC-JWT as well', async () => {
    const keyPair = await generateKeyPair()
    const jwt = await issueJwt(euCredential(keyPair), { keyPair })
    expectMatch(await check(jwt, 'ada@example.org'))
    expectMismatch(await check(jwt, 'eve@example.org'))
  })
})

describe('recipient: does not match', () => {
  it('another e-mail address → ERR_RECIPIENT_MISMATCH at check recipient', async () => {
    expectMismatch(await check(signed, 'eve@example.org'))
    expectMismatch(await check(signed, { value: 'eve@example.org', identityType: 'email' }))
  })

  it('an e-mail address given with identityType studentId (identity types filter)', async () => {
    expectMismatch(await check(signed, { value: 'ada@example.org', identityType: 'studentId' }))
  })

  it('the student id given with identityType email', async () => {
    expectMismatch(await check(signed, { value: 'S-2025-0042', identityType: 'email' }))
  })

  it('the name given with identityType email (a plain identifier of another type)', async () => {
    expectMismatch(await check(signed, { value: 'Ada Lovelace', identityType: 'email' }))
  })

  it('another subject id', async () => {
    expectMismatch(await check(signed, 'did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH'))
  })

  it('the salt alone, or the hash itself, is not the recipient', async () => {
    expectMismatch(await check(signed, 'c0ffee'))
    expectMismatch(await check(signed, `sha256$${hex('sha256', 'ada@example.orgc0ffee')}`))
  })

  it('a plain identifier only by its exact value (no case folding outside e-mail addresses)', async () => {
    expectMismatch(await check(signed, 'ada lovelace'))
  })
})

describe('recipient: hash forms', () => {
  /** The fixture credential with its identifiers replaced, signed. */
  async function withIdentifiers(identifier: Record<string, unknown>[]): Promise<Record<string, unknown>> {
    const keyPair = await generateKeyPair()
    const credential = copy(euCredential(keyPair))
    credential.credentialSubject.identifier = identifier
    delete credential.credentialSubject.id
    return issue(credential, { keyPair })
  }

  it('md5$ hashes match (md5 of value + salt)', async () => {
    const credential = await withIdentifiers([
      {
        type: 'IdentityObject',
        identityType: 'emailAddress',
        hashed: true,
        salt: 'pepper',
        identityHash: `md5$${hex('md5', 'grace@example.org' + 'pepper')}`,
      },
    ])
    expectMatch(await check(credential, 'grace@example.org'))
    expectMatch(await check(credential, { value: 'grace@example.org', identityType: 'email' }))
    expectMismatch(await check(credential, 'ada@example.org'))
  })

  it('md5$ without a salt', async () => {
    const credential = await withIdentifiers([
      { type: 'IdentityObject', identityType: 'sisSourcedId', hashed: true, identityHash: `md5$${hex('md5', 'S-1')}` },
    ])
    expectMatch(await check(credential, { value: 'S-1', identityType: 'studentId' }))
    expectMismatch(await check(credential, { value: 'S-2', identityType: 'studentId' }))
  })

  it('upper-case hex digests match (OB 3.0 IdentityHash allows either case)', async () => {
    const credential = await withIdentifiers([
      {
        type: 'IdentityObject',
        identityType: 'emailAddress',
        hashed: true,
        salt: 'x',
        identityHash: `sha256$${hex('sha256', 'grace@example.orgx').toUpperCase()}`,
      },
    ])
    expectMatch(await check(credential, 'grace@example.org'))
  })

  it('a plain e-mail identifier (hashed: false) matches by value', async () => {
    const credential = await withIdentifiers([
      { type: 'IdentityObject', identityType: 'emailAddress', hashed: false, identityHash: 'grace@example.org' },
    ])
    expectMatch(await check(credential, 'grace@example.org'))
    expectMatch(await check(credential, { value: 'grace@example.org', identityType: 'email' }))
    expectMismatch(await check(credential, { value: 'grace@example.org', identityType: 'studentId' }))
  })

  it('a hashed identifier with the wrong salt does not match', async () => {
    const credential = await withIdentifiers([
      {
        type: 'IdentityObject',
        identityType: 'emailAddress',
        hashed: true,
        salt: 'right',
        identityHash: `sha256$${hex('sha256', 'grace@example.org' + 'wrong')}`,
      },
    ])
    expectMismatch(await check(credential, 'grace@example.org'))
  })
})

describe('recipient: disabled check', () => {
  it('is reported as skipped when disabled by options.checks, even with an expectedRecipient', async () => {
    const report = await verify(signed, { now, expectedRecipient: 'eve@example.org', checks: { recipient: false } })
    expect(recipientOf(report).status).toBe('skipped')
    expect(report.verified).toBe(true)
  })
})
