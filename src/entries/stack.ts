/**
 * `microcred/stack`: stacking micro-credentials. Endorsements, Comprehensive Learner Records (CLR 2.0), and stack
 * rules that say when a set of credentials adds up to a larger achievement.
 *
 * @example
 * ```ts
 * import { evaluateStack } from 'microcred/stack'
 *
 * // certificate: a StackDefinition from defineStack()
 * const result = await evaluateStack(certificate, [credentialA, credentialB], { fetch: safeFetch() })
 * if (!result.met) console.log(result.missing) // [ '5 more ECTS (10 of 15)' ]
 * ```
 *
 * @packageDocumentation
 * @module microcred/stack
 */
export {
  createEndorsement,
  embedEndorsements,
  type EmbedEndorsementsOptions,
  type Endorsed,
  type EndorsementInput,
  type EndorsementPlace,
} from '../stack/endorsement.js'
export { createClr, type AssociationInput, type ClrInput } from '../stack/clr.js'
export {
  defineStack,
  describeStack,
  evaluateStack,
  isStackDefinition,
  isStackEvaluation,
  stackAchievement,
  type CountedCredential,
  type EvaluateStackOptions,
  type ExcludedCredential,
  type ExclusionReason,
  type StackDefinition,
  type StackEvaluation,
  type StackInput,
  type StackRequirementResult,
  type StackRequirements,
  type StackRule,
} from '../stack/stack.js'
export {
  ASSOCIATION_TYPES,
  type Association,
  type AssociationType,
  type ClrCredential,
  type ClrSubject,
} from '../model/clr.js'
