/**
 * `microcred/vocabularies`: the controlled vocabularies microcred maps friendly names to: the EU's (EQF levels,
 * credit systems, assessment, participation, supervision, quality assurance, learning settings and activities),
 * Open Badges 3.0's enumerations, and countries (ISO 3166 → the EU country authority table).
 *
 * @example
 * ```ts
 * import { ASSESSMENT_TYPES, lookupCountry, vocabularyIri } from 'microcred/vocabularies'
 *
 * vocabularyIri(ASSESSMENT_TYPES, 'written-exam') // 'http://data.europa.eu/snb/assessment/6e6cb2cc78'
 * lookupCountry('IE').country?.alpha3              // 'IRL'
 * ```
 *
 * @packageDocumentation
 * @module microcred/vocabularies
 */
export * from '../model/vocabularies.js'
export { lookupCountry, type Country } from '../model/countries.js'
export {
  ACHIEVEMENT_TYPES,
  ALIGNMENT_TARGET_TYPES,
  IDENTIFIER_TYPES,
  RESULT_TYPES,
  RESULT_STATUS_TYPES,
} from '../model/ob3.js'
