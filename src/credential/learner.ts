/** The learner (EU element 1) -> `credentialSubject.id` and `IdentityObject`s, hashing what is personal. */
import { createHash, randomBytes } from 'node:crypto'
import type { IdentifierType, IdentityObject } from '../model/ob3.js'
import type { HashedIdentifier, LearnerInput } from '../model/input.js'
import type { PathSegments } from '../util/path.js'
import { asArray, isJsonObject } from '../util/json.js'
import {
  isAbsent,
  optionalText,
  rejectUnknownMembers,
  requireEmail,
  requireIri,
  requireObject,
  requireText,
  scalarText,
} from '../util/input-checks.js'
import { EU_ELEMENTS, missingElement } from './eu-elements.js'

/** Which OB identity type each hashed learner field becomes. */
const HASHED_FIELDS = [
  { field: 'email', identityType: 'emailAddress' },
  { field: 'studentId', identityType: 'sisSourcedId' },
  { field: 'nationalId', identityType: 'nationalIdentityNumber' },
] as const satisfies readonly { field: keyof LearnerInput; identityType: IdentifierType }[]

/**
 * OB 3.0 `IdentityHash`: `sha256$` + lower-case hex SHA-256 of the UTF-8 identifier followed by the salt
 * (OB 3.0 §B.2.6, e.g. `sha256$b580...` for `a@example.com` + `Kosher`).
 *
 * @example
 * ```ts
 * identityHash('a@example.com', 'Kosher') // 'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399'
 * ```
 */
export function identityHash(identifier: string, salt = ''): string {
  return `sha256$${createHash('sha256')
    .update(identifier + salt, 'utf8')
    .digest('hex')}`
}

/** The learner's part of `credentialSubject`: `id` and `identifier[]`. */
export function buildLearner(value: unknown, path: PathSegments): { id?: string; identifier?: IdentityObject[] } {
  if (isAbsent(value)) missingElement(path, EU_ELEMENTS.learner)
  const input = requireObject(value, path)
  rejectUnknownMembers(input, ['id', 'name', 'email', 'studentId', 'nationalId', 'salt'], path)
  const id = isAbsent(input['id'])
    ? undefined
    : requireIri(input['id'], [...path, 'id'], "a URI (the learner's DID or other URI)")
  const name = optionalText(input['name'], [...path, 'name'])
  const salt = isAbsent(input['salt']) ? randomBytes(16).toString('hex') : requireText(input['salt'], [...path, 'salt'])

  const identifier: IdentityObject[] = []
  if (name !== undefined)
    identifier.push({ type: 'IdentityObject', identityHash: name, identityType: 'name', hashed: false })
  for (const { field, identityType } of HASHED_FIELDS) {
    const raw = optionalText(input[field], [...path, field])
    if (raw === undefined) continue
    const clean = field === 'email' ? requireEmail(raw, [...path, field]) : raw
    identifier.push({
      type: 'IdentityObject',
      identityHash: identityHash(clean, salt),
      identityType,
      hashed: true,
      salt,
    })
  }
  if (id === undefined && identifier.length === 0) {
    missingElement(path, EU_ELEMENTS.learner, 'give at least one of id, name, email, studentId, nationalId')
  }
  return { ...(id === undefined ? {} : { id }), ...(identifier.length === 0 ? {} : { identifier }) }
}

/** Reads the learner back from `credentialSubject`. */
export function readLearner(subject: Record<string, unknown>): {
  id?: string
  name?: string
  hashedIdentifiers: HashedIdentifier[]
} {
  const learner: { id?: string; name?: string; hashedIdentifiers: HashedIdentifier[] } = { hashedIdentifiers: [] }
  if (typeof subject['id'] === 'string') learner.id = subject['id']
  const identifiers = Array.isArray(subject['identifier']) ? subject['identifier'].filter(isJsonObject) : []
  for (const entry of identifiers) {
    const type = scalarText(entry['identityType'])
    const value = scalarText(entry['identityHash'])
    if (entry['hashed'] === false) {
      if (type === 'name' && learner.name === undefined) learner.name = value
      continue
    }
    const field = HASHED_FIELDS.find((f) => f.identityType === type)?.field ?? type
    learner.hashedIdentifiers.push({
      type: field,
      hash: value,
      ...(typeof entry['salt'] === 'string' ? { salt: entry['salt'] } : {}),
    })
  }
  return learner
}

/** Friendly identity type names and the OB 3.0 `identityType` each stands for. */
const IDENTITY_TYPE_ALIASES: Readonly<Record<string, string>> = {
  email: 'emailAddress',
  studentId: 'sisSourcedId',
  nationalId: 'nationalIdentityNumber',
}

function hashMatches(identityHash: string, value: string, salt: string): boolean {
  const [, algorithm, hex] = /^(sha256|md5)\$([0-9a-fA-F]+)$/.exec(identityHash) ?? []
  if (algorithm === undefined || hex === undefined) return false
  return (
    createHash(algorithm)
      .update(value + salt, 'utf8')
      .digest('hex') === hex.toLowerCase()
  )
}

/** What in a credential subject names a learner: its `id`, or one of its `identifier` entries. */
type Naming = { via: 'id' } | { via: 'identifier'; identifier: Record<string, unknown> }

function findNaming(subject: unknown, value: string, identityType?: string): Naming | undefined {
  // An empty value would match an empty plain identifier, or a hash of the salt alone.
  if (value.trim() === '') return undefined
  const wanted = identityType === undefined ? undefined : (IDENTITY_TYPE_ALIASES[identityType] ?? identityType)
  for (const entry of asArray(subject).filter(isJsonObject)) {
    if (wanted === undefined && entry['id'] === value) return { via: 'id' }
    for (const identifier of asArray(entry['identifier']).filter(isJsonObject)) {
      const type = scalarText(identifier['identityType'])
      if (wanted !== undefined && type !== wanted) continue
      const hash = scalarText(identifier['identityHash'])
      const salt = typeof identifier['salt'] === 'string' ? identifier['salt'] : ''
      const candidates = type === 'emailAddress' ? [value, value.toLowerCase()] : [value]
      const hashed = identifier['hashed'] === true
      if (hashed ? candidates.some((c) => hashMatches(hash, c, salt)) : candidates.includes(hash))
        return { via: 'identifier', identifier }
    }
  }
  return undefined
}

function describeNaming(naming: Naming): string {
  if (naming.via === 'id') return 'the subject id'
  const { identifier } = naming
  return `a${identifier['hashed'] === true ? ' hashed' : ''} ${scalarText(identifier['identityType'])} identifier`
}

/**
 * How a credential subject names a learner given by a plain value: its `id` (when no identity type is asked
 * for), or an `identifier` entry of that type whose hash (with its salt) or plain value matches. Returns what
 * matched, or `undefined` when nothing does. E-mail addresses are also tried lower-cased: issuers commonly hash
 * that form. An empty value matches nothing.
 */
export function subjectNames(subject: unknown, value: string, identityType?: string): string | undefined {
  const naming = findNaming(subject, value, identityType)
  return naming === undefined ? undefined : describeNaming(naming)
}

/** The learner's id in a credential subject (one object, or the first of several that has one). */
export function subjectIdOf(subject: unknown): string | undefined {
  return asArray(subject)
    .filter(isJsonObject)
    .map((entry) => entry['id'])
    .find((id): id is string => typeof id === 'string')
}

/** A learner as a caller knows them, in clear: any of their DID or URI, e-mail, student id, national id. */
export interface LearnerIdentity {
  id?: string
  email?: string
  studentId?: string
  nationalId?: string
}

/** The outcome of {@link learnerMatch}. */
export interface LearnerMatch {
  match: boolean
  reason: string
  /** The subject's identifier entry that matched, when the match is by identifier. */
  identifier?: Record<string, unknown>
}

/**
 * Whether a credential subject is about `learner`. Two ids decide on their own (equal or not); otherwise any
 * hashed or plain identifier matching one of the learner's values is a match.
 */
export function learnerMatch(subject: unknown, learner: LearnerIdentity): LearnerMatch {
  const subjectId = subjectIdOf(subject)
  if (learner.id !== undefined && subjectId !== undefined) {
    return subjectId === learner.id
      ? { match: true, reason: 'the subject id is the learner' }
      : { match: false, reason: `it is about ${subjectId}, not ${learner.id}` }
  }
  const tries: [string | undefined, string | undefined, string][] = [
    [learner.email, 'email', 'e-mail'],
    [learner.studentId, 'studentId', 'student id'],
    [learner.nationalId, 'nationalId', 'national id'],
    [learner.id, undefined, 'id'],
  ]
  for (const [value, type, label] of tries) {
    if (value === undefined) continue
    const naming = findNaming(subject, value, type)
    if (naming !== undefined)
      return {
        match: true,
        reason: `${describeNaming(naming)} matches the learner's ${label}`,
        ...(naming.via === 'identifier' ? { identifier: naming.identifier } : {}),
      }
  }
  return { match: false, reason: "it names none of the learner's identifiers" }
}

/**
 * Whether two credential subjects are shown to be the same learner: equal ids, or an identical identifier entry
 * (same `identityType` and `identityHash`; names do not count). `false` for two different ids; `undefined` when
 * nothing they carry can be compared.
 */
export function sameLearner(a: unknown, b: unknown): boolean | undefined {
  const first = asArray(a).filter(isJsonObject)
  const second = asArray(b).filter(isJsonObject)
  const [idA, idB] = [subjectIdOf(a), subjectIdOf(b)]
  if (idA !== undefined && idB !== undefined) return idA === idB
  const keys = (entries: Record<string, unknown>[]) =>
    new Set(
      entries
        .flatMap((entry) => asArray(entry['identifier']).filter(isJsonObject))
        // A name is no identity: two learners can share one.
        .filter(
          (identifier) =>
            typeof identifier['identityHash'] === 'string' &&
            identifier['identityHash'] !== '' &&
            identifier['identityType'] !== 'name',
        )
        .map(
          (identifier) =>
            `${String(identifier['identityType'])}\u0000${String(identifier['hashed'] === true)}\u0000${String(identifier['identityHash'])}`,
        ),
    )
  const shared = [...keys(first)].some((key) => keys(second).has(key))
  return shared ? true : undefined
}
