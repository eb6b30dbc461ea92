/** Builder input profiles (issuer, awarding bodies, QA agencies) -> OB 3.0 `Profile`. */
import type { IdentifierEntry, IdentifierType, Profile } from '../model/ob3.js'
import { IDENTIFIER_TYPES } from '../model/ob3.js'
import type { ProfileInput, ProfileRecord } from '../model/input.js'
import type { PathSegments } from '../util/path.js'
import { isJsonObject } from '../util/json.js'
import { invalid, optionalList, optionalText, rejectUnknownMembers, requireEmail, requireIri, requireObject, requireText, requireUrl } from './checks.js'

const PROFILE_MEMBERS = ['id', 'name', 'url', 'email', 'legalIdentifiers'] as const

/** `eIDAS` -> `ext:eIDAS`; OB identifier types and `ext:` names are kept. */
function identifierType(type: string, path: PathSegments): IdentifierType {
  if ((IDENTIFIER_TYPES as readonly string[]).includes(type) || /^ext:[A-Za-z0-9._-]+$/.test(type)) return type as IdentifierType
  if (/^[A-Za-z0-9._-]+$/.test(type)) return `ext:${type}`
  return invalid(path, `${JSON.stringify(type)} is not a usable identifier type (letters, digits, ".", "-", "_")`)
}

/**
 * Builds an OB 3.0 `Profile` from builder input. `extraMembers` lists further input members the caller
 * handles itself (e.g. the issuer's `country`).
 */
export function buildProfile(value: unknown, path: PathSegments, extraMembers: readonly string[] = []): Profile {
  const input = requireObject(value, path)
  rejectUnknownMembers(input, [...PROFILE_MEMBERS, ...extraMembers], path)
  const profile: Profile = {
    id: requireIri(input['id'], [...path, 'id']),
    type: ['Profile'],
    name: requireText(input['name'], [...path, 'name']),
  }
  const url = optionalText(input['url'], [...path, 'url'])
  if (url !== undefined) profile.url = requireUrl(url, [...path, 'url'])
  const email = optionalText(input['email'], [...path, 'email'])
  if (email !== undefined) profile.email = requireEmail(email, [...path, 'email'])
  const identifiers = optionalList(input['legalIdentifiers'], [...path, 'legalIdentifiers']).map((entry, i): IdentifierEntry => {
    const at = [...path, 'legalIdentifiers', i]
    const item = requireObject(entry, at)
    rejectUnknownMembers(item, ['type', 'value'], at)
    return {
      type: 'IdentifierEntry',
      identifier: requireText(item['value'], [...at, 'value']),
      identifierType: identifierType(requireText(item['type'], [...at, 'type']), [...at, 'type']),
    }
  })
  if (identifiers.length > 0) profile.otherIdentifier = identifiers
  return profile
}

/** Reads an OB 3.0 `Profile` back into builder input form. */
export function readProfile(profile: unknown): ProfileRecord {
  if (typeof profile === 'string') return { id: profile, name: '' }
  if (!isJsonObject(profile)) return { id: '', name: '' }
  const record: ProfileRecord = { id: String(profile['id'] ?? ''), name: String(profile['name'] ?? '') }
  if (typeof profile['url'] === 'string') record.url = profile['url']
  if (typeof profile['email'] === 'string') record.email = profile['email']
  const identifiers = Array.isArray(profile['otherIdentifier']) ? profile['otherIdentifier'] : []
  const legal = identifiers.filter(isJsonObject).map((entry) => ({
    type: String(entry['identifierType'] ?? '').replace(/^ext:/, ''),
    value: String(entry['identifier'] ?? ''),
  }))
  if (legal.length > 0) record.legalIdentifiers = legal
  return record
}
