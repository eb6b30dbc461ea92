/**
 * CLR 2.0 records: a `ClrCredential` bundling a learner's signed Open Badges credentials, possibly from several
 * issuers, with the achievements they stack into and the associations between them.
 */
import { randomUUID } from 'node:crypto'
import { MicrocredError } from '../errors.js'
import {
  ASSOCIATION_TYPES,
  type Association,
  type AssociationType,
  type ClrCredential,
  type ClrSubject,
} from '../model/clr.js'
import type { Achievement, IdentityObject, SignedCredential } from '../model/ob3.js'
import type { DateInput, LearnerInput, ProfileInput } from '../model/input.js'
import { CLR_CONTEXT, OB_CONTEXT, VC_V2_CONTEXT } from '../context/urls.js'
import { obSchemaIssues } from '../schema/validate.js'
import { cloneJson, isJsonObject, asArray } from '../util/json.js'
import { formatPath } from '../util/path.js'
import {
  invalid,
  required,
  isAbsent,
  optionalText,
  rejectUnknownMembers,
  requireIri,
  requireObject,
  requireText,
} from '../util/input-checks.js'
import { nowDateTime, timeOf, toDateTime } from '../util/dates.js'
import { buildLearner, learnerMatch } from '../credential/learner.js'
import { buildProfile } from '../credential/profile.js'
import {
  achievementIdOf,
  isStackDefinition,
  isStackEvaluation,
  stackAchievement,
  type StackDefinition,
  type StackEvaluation,
} from './stack.js'

/** An association between two achievements of the record, by their ids. */
export interface AssociationInput {
  associationType: AssociationType
  sourceId: string
  targetId: string
}

/** What {@link createClr} takes. */
export interface ClrInput {
  /** The record's id; default `urn:uuid:<random>`. */
  id?: string
  /** Who compiles and signs the record (a registrar, a university); the key that signs it must be theirs. */
  issuer: ProfileInput
  /**
   * The learner, as in `createMicroCredential()`: `id` becomes the subject id, e-mail / student id / national id
   * are stored hashed. Every bundled credential must name this learner.
   */
  learner: LearnerInput
  /** Signed OB credentials (embedded proofs), from any issuers. Leave out with `stack`: the credentials that counted are bundled. */
  credentials?: readonly (SignedCredential | Record<string, unknown>)[]
  /** Achievements the record describes besides those of its credentials (a programme, a stack). */
  achievements?: readonly Achievement[]
  /** Relations between achievements of the record: `isPartOf`, `precedes`, ... */
  associations?: readonly AssociationInput[]
  /** True when the record holds only part of the learner's achievements. */
  partial?: boolean
  /** Default: the stack's name with `stack`, else `Comprehensive Learner Record`. */
  name?: string
  description?: string
  /** Default now. */
  validFrom?: DateInput
  validUntil?: DateInput
  /**
   * Issue a met stack: its achievement is added, and every counted credential's achievement is linked to it
   * with an `isPartOf` association.
   */
  stack?: { definition: StackDefinition; evaluation: StackEvaluation }
}

const CLR_MEMBERS = [
  'id',
  'issuer',
  'learner',
  'credentials',
  'achievements',
  'associations',
  'partial',
  'name',
  'description',
  'validFrom',
  'validUntil',
  'stack',
] as const

/**
 * Builds an unsigned CLR 2.0 `ClrCredential` (VC 2.0 + the CLR 2.0.1 and OB 3.0.3 contexts) bundling the
 * learner's signed credentials. Pure (no I/O): the credentials are checked for form (signed, Open Badges, about
 * this learner) but not verified; verify them first, or use `evaluateStack()`. Sign the record with `issue()`;
 * `verify()` then checks the record's proof and every bundled credential.
 *
 * @throws MicrocredError `ERR_PROOF_MISSING` for an unsigned credential, `ERR_LEARNER_MISMATCH` for one about
 *   someone else, `ERR_STACK_NOT_MET` for a stack not met, `ERR_INVALID_INPUT` for anything else, with its path.
 * @example
 * ```ts
 * import { issue } from 'microcred'
 * import { createClr } from 'microcred/stack'
 *
 * const record = await issue(createClr({
 *   issuer: { id: registrarKey.controller, name: 'Example University Registrar' },
 *   learner: { id: 'did:key:z6Mk...' },
 *   credentials: [databases, statistics, machineLearning],   // signed, from any issuers
 *   associations: [{ associationType: 'precedes', sourceId: databasesAchievementId, targetId: mlAchievementId }],
 * }), { keyPair: registrarKey })
 * ```
 */
export function createClr(input: ClrInput): ClrCredential {
  if (!isJsonObject(input)) throw new TypeError('createClr(input): input must be an object')
  const raw = input as unknown as Record<string, unknown>
  rejectUnknownMembers(raw, CLR_MEMBERS, [])
  const stack = readStack(raw['stack'])
  const issuer = buildProfile(raw['issuer'], ['issuer'])
  const learnerInput = requireObject(raw['learner'], ['learner'])
  const learner = buildLearner(learnerInput, ['learner'])
  const identity = {
    ...(typeof learnerInput['id'] === 'string' ? { id: learnerInput['id'] } : {}),
    ...(typeof learnerInput['email'] === 'string' ? { email: learnerInput['email'] } : {}),
    ...(typeof learnerInput['studentId'] === 'string' ? { studentId: learnerInput['studentId'] } : {}),
    ...(typeof learnerInput['nationalId'] === 'string' ? { nationalId: learnerInput['nationalId'] } : {}),
  }
  if (Object.keys(identity).length === 0)
    invalid(
      ['learner'],
      'give an id, email, studentId or nationalId: a name alone cannot show that the credentials are about this learner',
    )

  const givenCredentials = isAbsent(raw['credentials']) ? undefined : raw['credentials']
  if (stack !== undefined && givenCredentials !== undefined)
    invalid(
      ['credentials'],
      'with a stack, the record bundles exactly the credentials that counted; leave credentials out',
    )
  const credentialsList = givenCredentials ?? stack?.evaluation.countedCredentials.map((entry) => entry.credential)
  if (credentialsList === undefined) required(['credentials'], 'give the signed credentials to bundle')
  if (!Array.isArray(credentialsList) || credentialsList.length === 0)
    invalid(['credentials'], 'must be a non-empty array of signed credentials')
  // Where a credential names the learner by an identifier rather than by id, the record carries that same
  // identifier entry, so a verifier can see the link (see the `credentials` check of verify()).
  const linking: Record<string, unknown>[] = []
  const verifiableCredential = credentialsList.map((entry, i) => bundledCredential(entry, i, identity, linking))
  const ids = verifiableCredential.map((credential) => credential['id'])
  const repeated = ids.findIndex((id, i) => ids.indexOf(id) !== i)
  if (repeated >= 0) invalid(['credentials', repeated], `the credential ${String(ids[repeated])} is bundled twice`)

  const achievements = (isAbsent(raw['achievements']) ? [] : asList(raw['achievements'], 'achievements')).map(
    (entry, i) => readAchievement(entry, i),
  )
  const associations = (isAbsent(raw['associations']) ? [] : asList(raw['associations'], 'associations')).map(
    (entry, i) => readAssociation(entry, i),
  )
  if (stack !== undefined) {
    const achievement = stackAchievement(stack.definition)
    if (!achievements.some((entry) => entry.id === achievement.id)) achievements.push(achievement)
    for (const credential of verifiableCredential) {
      const sourceId = achievementIdOf(credential)
      if (
        sourceId !== undefined &&
        !associations.some(
          (a) => a.associationType === 'isPartOf' && a.sourceId === sourceId && a.targetId === achievement.id,
        )
      ) {
        associations.push({ type: 'Association', associationType: 'isPartOf', sourceId, targetId: achievement.id })
      }
    }
  }
  const achievementIds = new Set([...verifiableCredential.map(achievementIdOf), ...achievements.map((a) => a.id)])
  const achievementRepeated = achievements.findIndex((a, i) => achievements.findIndex((b) => b.id === a.id) !== i)
  if (achievementRepeated >= 0)
    invalid(
      ['achievements', achievementRepeated, 'id'],
      `the achievement ${achievements[achievementRepeated]?.id ?? ''} is listed twice`,
    )
  associations.forEach((association, i) => {
    for (const end of ['sourceId', 'targetId'] as const) {
      if (!achievementIds.has(association[end])) {
        invalid(
          ['associations', i, end],
          `${association[end]} is not the id of an achievement in this record (of a bundled credential, or in achievements)`,
        )
      }
    }
  })

  const identifiers = [
    ...(learner.identifier ?? []),
    ...linking.map((identifier) => cloneJson(identifier) as unknown as IdentityObject),
  ].filter(
    (identifier, i, all) =>
      all.findIndex(
        (other) => other.identityType === identifier.identityType && other.identityHash === identifier.identityHash,
      ) === i,
  )
  const validFrom = isAbsent(raw['validFrom']) ? nowDateTime() : toDateTime(raw['validFrom'], ['validFrom'])
  const subject: ClrSubject = {
    ...(learner.id === undefined ? {} : { id: learner.id }),
    type: ['ClrSubject'],
    ...(identifiers.length === 0 ? {} : { identifier: identifiers }),
    verifiableCredential: verifiableCredential as unknown as ClrSubject['verifiableCredential'],
    ...(achievements.length === 0 ? {} : { achievement: achievements }),
    ...(associations.length === 0 ? {} : { association: associations }),
  }
  const description = optionalText(raw['description'], ['description'])
  const clr: ClrCredential = {
    '@context': [VC_V2_CONTEXT, CLR_CONTEXT, OB_CONTEXT],
    id: isAbsent(raw['id']) ? `urn:uuid:${randomUUID()}` : requireIri(raw['id'], ['id']),
    type: ['VerifiableCredential', 'ClrCredential'],
    name: isAbsent(raw['name'])
      ? (stack?.definition.name ?? 'Comprehensive Learner Record')
      : requireText(raw['name'], ['name']),
    ...(description === undefined ? {} : { description }),
    issuer,
    validFrom,
    credentialSubject: subject,
  }
  if (!isAbsent(raw['validUntil'])) {
    const validUntil = toDateTime(raw['validUntil'], ['validUntil'])
    if (timeOf(validUntil) <= timeOf(validFrom))
      invalid(['validUntil'], `${validUntil} is not after validFrom ${validFrom}`)
    clr.validUntil = validUntil
  }
  if (!isAbsent(raw['partial'])) {
    if (typeof raw['partial'] !== 'boolean') invalid(['partial'], 'must be true or false')
    clr.partial = raw['partial']
  }
  const issues = obSchemaIssues(clr as unknown as Record<string, unknown>)
  if (issues.length > 0)
    throw new MicrocredError(
      'ERR_INVALID_INPUT',
      `the built CLR is not valid: ${MicrocredError.fromIssues(issues).message}`,
      { issues },
    )
  return clr
}

function readStack(value: unknown): { definition: StackDefinition; evaluation: StackEvaluation } | undefined {
  if (isAbsent(value)) return undefined
  const stack = requireObject(value, ['stack'])
  rejectUnknownMembers(stack, ['definition', 'evaluation'], ['stack'])
  const { definition, evaluation } = stack
  if (!isStackDefinition(definition)) invalid(['stack', 'definition'], 'must be a stack from defineStack()')
  // Only an evaluation evaluateStack() made here: a hand-made `met: true` would issue a qualification nobody checked.
  if (!isStackEvaluation(evaluation))
    invalid(['stack', 'evaluation'], 'must be the result of evaluateStack() (in this process; not a copy)')
  if (evaluation.stack !== definition.id)
    invalid(['stack', 'evaluation'], `is an evaluation of ${evaluation.stack}, not of ${definition.id}`)
  if (!evaluation.met) {
    throw new MicrocredError(
      'ERR_STACK_NOT_MET',
      `the stack ${definition.id} is not met (missing: ${evaluation.missing.join('; ') || 'see the evaluation'}); it cannot be issued`,
      { path: 'stack.evaluation' },
    )
  }
  evaluation.countedCredentials.forEach((counted, i) => {
    if (counted.format === 'jwt')
      invalid(
        ['stack', 'evaluation', 'countedCredentials', i],
        `${counted.id} counted as a VC-JWT; a CLR bundles credentials with embedded proofs (issue it with issue())`,
      )
  })
  return { definition, evaluation }
}

function asList(value: unknown, member: string): unknown[] {
  if (!Array.isArray(value)) invalid([member], 'must be an array')
  return value
}

function bundledCredential(
  value: unknown,
  i: number,
  learner: Parameters<typeof learnerMatch>[1],
  linking: Record<string, unknown>[],
): Record<string, unknown> {
  const path = ['credentials', i]
  if (typeof value === 'string')
    invalid(
      path,
      'a CLR bundles credentials with embedded proofs; a VC-JWT cannot be bundled (issue the credential with issue())',
    )
  const credential = requireObject(value, path)
  const types = asArray(credential['type'])
  if (!types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential')) {
    invalid(
      [...path, 'type'],
      'is not an OpenBadgeCredential / AchievementCredential, the only credentials a CLR bundles',
    )
  }
  if (credential['proof'] === undefined) {
    throw new MicrocredError('ERR_PROOF_MISSING', 'the credential is not signed: a CLR bundles signed credentials', {
      path: formatPath(path),
    })
  }
  const match = learnerMatch(credential['credentialSubject'], learner)
  if (!match.match) {
    throw new MicrocredError(
      'ERR_LEARNER_MISMATCH',
      `the credential is not about the record's learner: ${match.reason}`,
      { path: formatPath([...path, 'credentialSubject']) },
    )
  }
  if (match.identifier !== undefined) linking.push(match.identifier)
  return cloneJson(credential)
}

function readAchievement(value: unknown, i: number): Achievement {
  const path = ['achievements', i]
  const achievement = requireObject(value, path)
  requireIri(achievement['id'], [...path, 'id'])
  if (!asArray(achievement['type']).includes('Achievement')) invalid([...path, 'type'], 'must contain "Achievement"')
  requireText(achievement['name'], [...path, 'name'])
  return cloneJson(achievement) as unknown as Achievement
}

function readAssociation(value: unknown, i: number): Association {
  const path = ['associations', i]
  const association = requireObject(value, path)
  rejectUnknownMembers(association, ['associationType', 'sourceId', 'targetId', 'type'], path)
  const associationType = association['associationType']
  if (!(ASSOCIATION_TYPES as readonly unknown[]).includes(associationType))
    invalid([...path, 'associationType'], `must be one of ${ASSOCIATION_TYPES.join(', ')}`)
  return {
    type: 'Association',
    associationType: associationType as AssociationType,
    sourceId: requireIri(association['sourceId'], [...path, 'sourceId']),
    targetId: requireIri(association['targetId'], [...path, 'targetId']),
  }
}
