/**
 * Endorsements (OB 3.0 `EndorsementCredential`): a third party, such as a quality-assurance agency, vouches for
 * a credential, an achievement or an organisation. Build one with {@link createEndorsement}, sign it with
 * `issue()` or `issueJwt()`, and place it with {@link embedEndorsements}.
 */
import { randomUUID } from 'node:crypto'
import { decodeJwt } from 'jose'
import { MicrocredError } from '../errors.js'
import type { Achievement, EndorsementCredential, Profile } from '../model/ob3.js'
import type { DateInput, ProfileInput } from '../model/input.js'
import { OB_CONTEXT, VC_V2_CONTEXT } from '../context/urls.js'
import { obSchemaIssues } from '../schema/validate.js'
import { credentialOfPayload, looksLikeCompactJws } from '../proof/jwt/format.js'
import { asArray, assertOptions, cloneJson, isJsonObject } from '../util/json.js'
import { formatPath, type PathSegments } from '../util/path.js'
import {
  invalid,
  isAbsent,
  optionalText,
  rejectUnknownMembers,
  requireIri,
  requireObject,
  requireText,
} from '../util/input-checks.js'
import { nowDateTime, timeOf, toDateTime } from '../util/dates.js'
import { buildProfile } from '../credential/profile.js'

/** What {@link createEndorsement} takes. */
export interface EndorsementInput {
  /** The endorsement's id; default `urn:uuid:<random>`. */
  id?: string
  /** Who endorses: the endorser's profile. Its `id` is the key controller that signs the endorsement. */
  issuer: ProfileInput
  /** The id of what is endorsed: a credential, an achievement or a profile (issuer, awarding body...). */
  subjectId: string
  /** The endorser's statement (`endorsementComment`), e.g. the outcome of a quality review. */
  comment?: string
  /** The endorsement's name; default `Endorsement by <endorser name>`. */
  name?: string
  description?: string
  /** From when the endorsement holds; default now. */
  validFrom?: DateInput
  /** Until when it holds, e.g. the end of an accreditation period. */
  validUntil?: DateInput
}

const ENDORSEMENT_MEMBERS = [
  'id',
  'issuer',
  'subjectId',
  'comment',
  'name',
  'description',
  'validFrom',
  'validUntil',
] as const

/**
 * Builds an unsigned OB 3.0 `EndorsementCredential` (VC 2.0). Pure (no I/O); the result is checked against the
 * official OB 3.0 EndorsementCredential schema. Sign it with `issue()` (or `issueJwt()`) using a key of the
 * endorser, then attach it with {@link embedEndorsements}.
 *
 * @throws MicrocredError `ERR_INVALID_INPUT` with the path of the bad field (`subjectId`, `issuer.id`, `validUntil`...).
 * @example
 * ```ts
 * import { issue } from 'microcred'
 * import { createEndorsement, embedEndorsements } from 'microcred/stack'
 *
 * // A quality-assurance agency vouches for a university's micro-credential course (its achievement).
 * const endorsement = await issue(createEndorsement({
 *   issuer: { id: agencyKey.controller, name: 'Agency for Quality Assurance' },
 *   subjectId: credential.credentialSubject.achievement.id,
 *   comment: 'Reviewed under the ESG 2015 standards; accredited until 2030.',
 *   validFrom: '2025-01-01T00:00:00Z',
 * }), { keyPair: agencyKey })
 * const endorsed = embedEndorsements(credential, [endorsement], { at: 'achievement' })
 * ```
 */
export function createEndorsement(input: EndorsementInput): EndorsementCredential {
  if (!isJsonObject(input)) throw new TypeError('createEndorsement(input): input must be an object')
  const raw = input as unknown as Record<string, unknown>
  rejectUnknownMembers(raw, ENDORSEMENT_MEMBERS, [])
  const issuer = buildProfile(raw['issuer'], ['issuer'])
  const subjectId = requireIri(
    raw['subjectId'],
    ['subjectId'],
    'the id (an absolute URI) of the credential, achievement or profile endorsed',
  )
  const validFrom = isAbsent(raw['validFrom']) ? nowDateTime() : toDateTime(raw['validFrom'], ['validFrom'])
  const comment = optionalText(raw['comment'], ['comment'])
  const description = optionalText(raw['description'], ['description'])
  const endorsement: EndorsementCredential = {
    '@context': [VC_V2_CONTEXT, OB_CONTEXT],
    id: isAbsent(raw['id']) ? `urn:uuid:${randomUUID()}` : requireIri(raw['id'], ['id']),
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: isAbsent(raw['name']) ? `Endorsement by ${issuer.name ?? issuer.id}` : requireText(raw['name'], ['name']),
    ...(description === undefined ? {} : { description }),
    issuer,
    validFrom,
    credentialSubject: {
      id: subjectId,
      type: ['EndorsementSubject'],
      ...(comment === undefined ? {} : { endorsementComment: comment }),
    },
  }
  if (!isAbsent(raw['validUntil'])) {
    const validUntil = toDateTime(raw['validUntil'], ['validUntil'])
    if (timeOf(validUntil) <= timeOf(validFrom))
      invalid(['validUntil'], `${validUntil} is not after validFrom ${validFrom}`)
    endorsement.validUntil = validUntil
  }
  const issues = obSchemaIssues(endorsement as unknown as Record<string, unknown>)
  if (issues.length > 0)
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `the built endorsement is not valid: ${MicrocredError.fromIssues(issues).message}`,
      { issues },
    )
  return endorsement
}

/** What carries endorsements (OB 3.0: a credential, a profile, an achievement). */
export interface Endorsed {
  endorsement?: EndorsementCredential[]
  endorsementJwt?: string[]
}

/** Where in a credential {@link embedEndorsements} places endorsements. */
export type EndorsementPlace = 'credential' | 'issuer' | 'achievement' | 'creator'

/** Options of {@link embedEndorsements}. */
export interface EmbedEndorsementsOptions {
  /**
   * For a credential: what the endorsements are about, `'credential'` (default), its `'issuer'`, its
   * `'achievement'`, or the achievement's `'creator'`. Ignored for an achievement or a profile, which carry
   * endorsements themselves.
   */
  at?: EndorsementPlace
}

const PLACES: Readonly<Record<EndorsementPlace, PathSegments>> = {
  credential: [],
  issuer: ['issuer'],
  achievement: ['credentialSubject', 'achievement'],
  creator: ['credentialSubject', 'achievement', 'creator'],
}

/** The endorsed entity's id and the credential an endorsement (object or VC-JWT) carries. */
function readEndorsement(endorsement: unknown, path: PathSegments): { subjectId: unknown; jwt: boolean } {
  if (typeof endorsement === 'string') {
    let credential: Record<string, unknown> | undefined
    try {
      if (looksLikeCompactJws(endorsement)) credential = credentialOfPayload(decodeJwt(endorsement))?.credential
    } catch {
      credential = undefined
    }
    if (credential === undefined) invalid(path, 'a string endorsement must be a VC-JWT (from issueJwt())')
    const subject = credential['credentialSubject']
    return { subjectId: isJsonObject(subject) ? subject['id'] : undefined, jwt: true }
  }
  const credential = requireObject(endorsement, path)
  const type = credential['type']
  if (!(Array.isArray(type) ? type : [type]).includes('EndorsementCredential'))
    invalid([...path, 'type'], 'is not an EndorsementCredential (build one with createEndorsement())')
  if (credential['proof'] === undefined) {
    throw new MicrocredError(
      'ERR_PROOF_MISSING',
      'the endorsement is not signed: sign it with issue() (or issueJwt()) before embedding it',
      { path: formatPath(path) },
    )
  }
  const subject = credential['credentialSubject']
  return { subjectId: isJsonObject(subject) ? subject['id'] : undefined, jwt: false }
}

/**
 * Returns a copy of `target` (an unsigned credential, an achievement or a profile) carrying the signed
 * endorsements: objects go to `endorsement`, VC-JWTs to `endorsementJwt` (OB 3.0 §B.1), after those already
 * there. Each endorsement must be about the entity it is placed on. Embed before signing the credential: its
 * signature covers its endorsements.
 *
 * @throws MicrocredError `ERR_PROOF_MISSING` for an unsigned endorsement, `ERR_ENDORSEMENT_SUBJECT` for one
 *   about another entity, `ERR_INVALID_INPUT` for a signed target or a place the credential lacks.
 * @example
 * ```ts
 * const achievement = embedEndorsements(createAchievement(input), [signedEndorsement])
 * const credential = embedEndorsements(unsigned, [endorsementJwt], { at: 'issuer' })
 * ```
 */
export function embedEndorsements<T extends Achievement | Profile | Record<string, unknown>>(
  target: T,
  endorsements: readonly (EndorsementCredential | Record<string, unknown> | string)[],
  options?: EmbedEndorsementsOptions & { at?: 'credential' },
): T & Endorsed
export function embedEndorsements<T extends Achievement | Profile | Record<string, unknown>>(
  target: T,
  endorsements: readonly (EndorsementCredential | Record<string, unknown> | string)[],
  options: EmbedEndorsementsOptions,
): T
export function embedEndorsements<T extends Achievement | Profile | Record<string, unknown>>(
  target: T,
  endorsements: readonly (EndorsementCredential | Record<string, unknown> | string)[],
  options: EmbedEndorsementsOptions = {},
): T & Endorsed {
  if (!isJsonObject(target))
    throw new TypeError(
      'embedEndorsements(target, endorsements): target must be a credential, an achievement or a profile',
    )
  if (!Array.isArray(endorsements))
    throw new TypeError('embedEndorsements(target, endorsements): endorsements must be an array')
  assertOptions(options, 'embedEndorsements(target, endorsements, options)')
  if (target['proof'] !== undefined) {
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      'the target is already signed: its signature would not cover the endorsements; embed them before issue()',
      { path: 'proof' },
    )
  }
  const isCredential = target['credentialSubject'] !== undefined
  const place: EndorsementPlace = options.at ?? 'credential'
  if (!Object.hasOwn(PLACES, place))
    throw new TypeError(`embedEndorsements(target, endorsements, options): unknown place ${JSON.stringify(place)}`)
  const copy = cloneJson(target) as Record<string, unknown>
  let owner: unknown = copy
  for (const key of isCredential ? PLACES[place] : []) owner = isJsonObject(owner) ? owner[key] : undefined
  if (!isJsonObject(owner))
    invalid(isCredential ? PLACES[place] : [], `the credential has no ${place} object to place endorsements on`)
  const ownerId = owner['id']

  const objects: unknown[] = []
  const jwts: string[] = []
  endorsements.forEach((endorsement, i) => {
    const { subjectId, jwt } = readEndorsement(endorsement, ['endorsements', i])
    if (subjectId !== ownerId) {
      throw new MicrocredError(
        'ERR_ENDORSEMENT_SUBJECT',
        `the endorsement is about ${String(subjectId)}, but it would be placed on ${String(ownerId)}; endorse that id, or place it where it belongs (options.at)`,
        { path: formatPath(['endorsements', i, 'credentialSubject', 'id']) },
      )
    }
    if (jwt) jwts.push(endorsement as string)
    else objects.push(cloneJson(endorsement))
  })
  // A single endorsement already there (JSON-LD compacted form) is kept, as the first of the list.
  if (objects.length > 0) owner['endorsement'] = [...asArray(owner['endorsement']), ...objects]
  if (jwts.length > 0) owner['endorsementJwt'] = [...asArray(owner['endorsementJwt']), ...jwts]
  return copy as T & Endorsed
}
