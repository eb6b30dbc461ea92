/** 1EdTech Comprehensive Learner Record (CLR) 2.0 types: a record bundling a learner's signed credentials. */
import type {
  Achievement,
  CredentialBase,
  EndorsementCredential,
  IdentityObject,
  Iri,
  OpenBadgeCredential,
  Proof,
} from './ob3.js'

/**
 * CLR 2.0 `AssociationType`: how the source achievement relates to the target one (`isPartOf`: the source is a
 * part of the target, e.g. a micro-credential of a larger qualification; `precedes`: the source comes first).
 */
export const ASSOCIATION_TYPES = [
  'exactMatchOf',
  'exemplar',
  'hasSkillLevel',
  'isChildOf',
  'isParentOf',
  'isPartOf',
  'isPeerOf',
  'isRelatedTo',
  'precedes',
  'replacedBy',
] as const
/** One of the CLR 2.0 association types ({@link ASSOCIATION_TYPES}). */
export type AssociationType = (typeof ASSOCIATION_TYPES)[number]

/** CLR 2.0 `Association`: a relation between two achievements, by their ids. */
export interface Association {
  type: 'Association'
  associationType: AssociationType
  sourceId: Iri
  targetId: Iri
}

/** CLR 2.0 `ClrSubject`: the learner, the credentials bundled for them, achievements and their associations. */
export interface ClrSubject {
  /** The learner's DID or other URI. */
  id?: Iri
  /** Contains `'ClrSubject'`. */
  type: string[]
  identifier?: IdentityObject[]
  /** The bundled credentials, each signed by its own issuer. */
  verifiableCredential: (OpenBadgeCredential & { proof: Proof[] | Proof })[]
  achievement?: Achievement[]
  association?: Association[]
}

/** CLR 2.0 `ClrCredential`. */
export interface ClrCredential extends CredentialBase {
  name: string
  credentialSubject: ClrSubject
  /** True when the record holds only part of the learner's achievements with the issuer. */
  partial?: boolean
  endorsement?: EndorsementCredential[]
  endorsementJwt?: string[]
}
