/** Builder input profiles (issuer, awarding bodies, QA agencies) -> OB 3.0 `Profile`. */
import type { IdentifierEntry, IdentifierType, Profile } from '../model/ob3.js'
import { IDENTIFIER_TYPES } from '../model/ob3.js'
import type { ProfileRecord } from '../model/input.js'
import type { PathSegments } from '../util/path.js'
import { isJsonObject } from '../util/json.js'
import { MicrocredError } from '../errors.js'
import {
  invalid,
  optionalList,
  optionalText,
  rejectUnknownMembers,
  requireEmail,
  requireIri,
  requireObject,
  requireText,
  requireUrl,
  scalarText,
} from '../util/input-checks.js'

const PROFILE_MEMBERS = ['id', 'name', 'url', 'email', 'legalIdentifiers'] as const

/** `eIDAS` -> `ext:eIDAS`; OB identifier types and `ext:` names are kept. */
function identifierType(type: string, path: PathSegments): IdentifierType {
  if ((IDENTIFIER_TYPES as readonly string[]).includes(type) || /^ext:[A-Za-z0-9._-]+$/.test(type))
    return type as IdentifierType
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
  const identifiers = optionalList(input['legalIdentifiers'], [...path, 'legalIdentifiers']).map(
    (entry, i): IdentifierEntry => {
      const at = [...path, 'legalIdentifiers', i]
      const item = requireObject(entry, at)
      rejectUnknownMembers(item, ['type', 'value'], at)
      return {
        type: 'IdentifierEntry',
        identifier: requireText(item['value'], [...at, 'value']),
        identifierType: identifierType(requireText(item['type'], [...at, 'type']), [...at, 'type']),
      }
    },
  )
  if (identifiers.length > 0) profile.otherIdentifier = identifiers
  return profile
}

/**
 * Keeps each organisation described once per credential. The first time a profile id is described it is
 * written in full; later occurrences become references (`{ id, type }`). Two full descriptions of one node
 * would merge in the signed RDF, so a copy could lose a member without changing the signature; with one full
 * description every member is signed exactly once.
 */
export class ProfileRegistry {
  private readonly described = new Map<string, Profile>()

  /**
   * The profile in full the first time its id is seen, a reference afterwards. Members the later description
   * adds are merged into the first; a member both give differently is an error (one organisation, one description).
   */
  place(profile: Profile): Profile {
    const known = this.described.get(profile.id)
    if (known === undefined) {
      this.described.set(profile.id, profile)
      return profile
    }
    const target = known as unknown as Record<string, unknown>
    for (const [key, value] of Object.entries(profile)) {
      if (key === 'type') continue
      if (!(key in target)) target[key] = value
      else if (JSON.stringify(target[key]) !== JSON.stringify(value)) {
        throw new MicrocredError(
          'ERR_INVALID_INPUT',
          `${profile.id} is described twice with different "${key}"; one organisation has one description`,
          { path: 'awardingBodies' },
        )
      }
    }
    return { id: profile.id, type: ['Profile'] }
  }
}

/** Index of the full profile descriptions in a credential, by id, to resolve references. */
export function profileIndex(root: unknown): Map<string, Record<string, unknown>> {
  const index = new Map<string, Record<string, unknown>>()
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk)
    else if (isJsonObject(node)) {
      const type = node['type']
      if (
        typeof node['id'] === 'string' &&
        typeof node['name'] === 'string' &&
        (type === 'Profile' || (Array.isArray(type) && type.includes('Profile')))
      ) {
        if (!index.has(node['id'])) index.set(node['id'], node)
      }
      Object.values(node).forEach(walk)
    }
  }
  walk(root)
  return index
}

/** Reads an OB 3.0 `Profile` back into builder input form; a reference is resolved through `index`. */
export function readProfile(profile: unknown, index?: Map<string, Record<string, unknown>>): ProfileRecord {
  if (isJsonObject(profile) && typeof profile['id'] === 'string' && typeof profile['name'] !== 'string') {
    profile = index?.get(profile['id']) ?? profile
  }
  if (typeof profile === 'string') return { id: profile, name: '' }
  if (!isJsonObject(profile)) return { id: '', name: '' }
  const record: ProfileRecord = { id: scalarText(profile['id']), name: scalarText(profile['name']) }
  if (typeof profile['url'] === 'string') record.url = profile['url']
  if (typeof profile['email'] === 'string') record.email = profile['email']
  const identifiers = Array.isArray(profile['otherIdentifier']) ? profile['otherIdentifier'] : []
  const legal = identifiers.filter(isJsonObject).map((entry) => ({
    type: scalarText(entry['identifierType']).replace(/^ext:/, ''),
    value: scalarText(entry['identifier']),
  }))
  if (legal.length > 0) record.legalIdentifiers = legal
  return record
}
