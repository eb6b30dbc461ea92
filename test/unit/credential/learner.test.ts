/** The learner (EU element 1): IdentityHash, salts, and which IdentityObjects each field becomes. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  createMicroCredential,
  identityHash,
  type IdentityObject,
  type MicroCredentialInput,
} from '../../../src/index.js'
import { minimalInput } from '../../fixtures/inputs.js'
import { sha256Identity } from './helpers.js'

const learnerOf = (learner: MicroCredentialInput['learner']) =>
  createMicroCredential(minimalInput({ learner })).credentialSubject

function byType(identifiers: IdentityObject[] | undefined, identityType: string): IdentityObject {
  const found = (identifiers ?? []).filter((entry) => entry.identityType === identityType)
  expect(found, identityType).toHaveLength(1)
  return found[0]!
}

describe('identityHash() (OB 3.0 IdentityHash)', () => {
  it("reproduces the OB 3.0 spec's example: 'a@example.com' salted with 'Kosher'", () => {
    expect(identityHash('a@example.com', 'Kosher')).toBe(
      'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
    )
  })

  it.each([
    ['ada@example.org', 'c0ffee'],
    ['S-2025-0042', '00112233445566778899aabbccddeeff'],
    ['Zoë Ünïcode', 'sälz'],
  ])('is sha256$ + hex SHA-256 of UTF-8 %j followed by salt %j', (value, salt) => {
    expect(identityHash(value, salt)).toBe(sha256Identity(value, salt))
  })

  it('without a salt hashes the identifier alone', () => {
    expect(identityHash('a@example.com')).toBe(`sha256$${createHash('sha256').update('a@example.com').digest('hex')}`)
  })
})

describe('learner identifiers in credentialSubject', () => {
  it('uses the given salt for every hashed identifier', () => {
    const salt = 'pepper-42'
    const subject = learnerOf({ email: 'ada@example.org', studentId: 'S-1', nationalId: 'X123', salt })
    expect(byType(subject.identifier, 'emailAddress')).toEqual({
      type: 'IdentityObject',
      identityType: 'emailAddress',
      hashed: true,
      salt,
      identityHash: sha256Identity('ada@example.org', salt),
    })
    expect(byType(subject.identifier, 'sisSourcedId')).toEqual({
      type: 'IdentityObject',
      identityType: 'sisSourcedId',
      hashed: true,
      salt,
      identityHash: sha256Identity('S-1', salt),
    })
    expect(byType(subject.identifier, 'nationalIdentityNumber')).toEqual({
      type: 'IdentityObject',
      identityType: 'nationalIdentityNumber',
      hashed: true,
      salt,
      identityHash: sha256Identity('X123', salt),
    })
  })

  it('generates a random 128-bit hex salt when none is given; two builds differ and each hash verifies with its stored salt', () => {
    const email = 'ada@example.org'
    const first = byType(learnerOf({ email }).identifier, 'emailAddress')
    const second = byType(learnerOf({ email }).identifier, 'emailAddress')
    for (const entry of [first, second]) {
      expect(entry.hashed).toBe(true)
      expect(entry.salt).toMatch(/^[0-9a-f]{32}$/)
      expect(entry.identityHash).toBe(sha256Identity(email, entry.salt!))
    }
    expect(first.salt).not.toBe(second.salt)
    expect(first.identityHash).not.toBe(second.identityHash)
  })

  it('the name is stored in clear, with no salt', () => {
    const subject = learnerOf({ name: 'Ada Lovelace', salt: 's' })
    expect(subject.identifier).toEqual([
      { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Ada Lovelace' },
    ])
  })

  it('an id alone becomes credentialSubject.id, with no identifier list', () => {
    const subject = learnerOf({ id: 'did:example:learner-1' })
    expect(subject.id).toBe('did:example:learner-1')
    expect(subject).not.toHaveProperty('identifier')
  })

  it('an e-mail alone is enough to identify the learner (no id)', () => {
    const subject = learnerOf({ email: 'grace@example.org', salt: 'x' })
    expect(subject).not.toHaveProperty('id')
    expect(subject.identifier).toEqual([
      {
        type: 'IdentityObject',
        identityType: 'emailAddress',
        hashed: true,
        salt: 'x',
        identityHash: sha256Identity('grace@example.org', 'x'),
      },
    ])
  })
})
