/** The learner (EU element 1) -> `credentialSubject.id` and `IdentityObject`s, hashing what is personal. */
import { createHash, randomBytes } from 'node:crypto'
import type { IdentifierType, IdentityObject } from '../model/ob3.js'
import type { HashedIdentifier, LearnerInput } from '../model/input.js'
import type { PathSegments } from '../util/path.js'
import { isJsonObject } from '../util/json.js'
import { EU_ELEMENTS, isAbsent, missingElement, optionalText, rejectUnknownMembers, requireEmail, requireIri, requireObject, requireText } from './checks.js'

/** Which OB identity type each hashed learner field becomes. */
const HASHED_FIELDS = [
  { field: 'email', identityType: 'emailAddress' },
  { field: 'studentId', identityType: 'sisSourcedId' },
  { field: 'nationalId', identityType: 'nationalIdentityNumber' },
] as const satisfies ReadonlyArray<{ field: keyof LearnerInput; identityType: IdentifierType }>

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
  return `sha256$${createHash('sha256').update(identifier + salt, 'utf8').digest('hex')}`
}

/** The learner's part of `credentialSubject`: `id` and `identifier[]`. */
export function buildLearner(value: unknown, path: PathSegments): { id?: string; identifier?: IdentityObject[] } {
  if (isAbsent(value)) missingElement(path, EU_ELEMENTS.learner)
  const input = requireObject(value, path)
  rejectUnknownMembers(input, ['id', 'name', 'email', 'studentId', 'nationalId', 'salt'], path)
  const id = isAbsent(input['id']) ? undefined : requireIri(input['id'], [...path, 'id'], "a URI (the learner's DID or other URI)")
  const name = optionalText(input['name'], [...path, 'name'])
  const salt = isAbsent(input['salt']) ? randomBytes(16).toString('hex') : requireText(input['salt'], [...path, 'salt'])

  const identifier: IdentityObject[] = []
  if (name !== undefined) identifier.push({ type: 'IdentityObject', identityHash: name, identityType: 'name', hashed: false })
  for (const { field, identityType } of HASHED_FIELDS) {
    const raw = optionalText(input[field], [...path, field])
    if (raw === undefined) continue
    const clean = field === 'email' ? requireEmail(raw, [...path, field]) : raw
    identifier.push({ type: 'IdentityObject', identityHash: identityHash(clean, salt), identityType, hashed: true, salt })
  }
  if (id === undefined && identifier.length === 0) {
    missingElement(path, EU_ELEMENTS.learner, 'give at least one of id, name, email, studentId, nationalId')
  }
  return { ...(id === undefined ? {} : { id }), ...(identifier.length === 0 ? {} : { identifier }) }
}

/** Reads the learner back from `credentialSubject`. */
export function readLearner(subject: Record<string, unknown>): { id?: string; name?: string; hashedIdentifiers: HashedIdentifier[] } {
  const learner: { id?: string; name?: string; hashedIdentifiers: HashedIdentifier[] } = { hashedIdentifiers: [] }
  if (typeof subject['id'] === 'string') learner.id = subject['id']
  const identifiers = Array.isArray(subject['identifier']) ? subject['identifier'].filter(isJsonObject) : []
  for (const entry of identifiers) {
    const type = String(entry['identityType'] ?? '')
    const value = String(entry['identityHash'] ?? '')
    if (entry['hashed'] === false) {
      if (type === 'name' && learner.name === undefined) learner.name = value
      continue
    }
    const field = HASHED_FIELDS.find((f) => f.identityType === type)?.field ?? type
    learner.hashedIdentifiers.push({ type: field, hash: value, ...(typeof entry['salt'] === 'string' ? { salt: entry['salt'] } : {}) })
  }
  return learner
}
