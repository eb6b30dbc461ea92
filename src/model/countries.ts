/**
 * ISO 3166-1 countries: alpha-2 validation, alpha-3 and English names. The code table is the `i18n-iso-countries`
 * package's (its `codes.json`, read when a country is first looked up: the package's entry point also loads its
 * locale machinery, which nothing here uses); English names come from the platform's `Intl.DisplayNames`.
 */
import { createRequire } from 'node:module'
import { EU_COUNTRY_NAMESPACE } from './vocabularies.js'

let alpha2ToAlpha3: Readonly<Record<string, string>> | undefined

/** ISO 3166-1 alpha-2 → alpha-3, from the package's table (rows of alpha-2, alpha-3, numeric, ISO 3166-2 prefix). */
function alpha3Codes(): Readonly<Record<string, string>> {
  if (alpha2ToAlpha3 !== undefined) return alpha2ToAlpha3
  const table: unknown = createRequire(import.meta.url)('i18n-iso-countries/codes.json')
  const rows = table as readonly (readonly [string, string, ...string[]])[]
  const codes: Readonly<Record<string, string>> = Object.freeze(
    Object.fromEntries(rows.map(([alpha2, alpha3]): [string, string] => [alpha2, alpha3])),
  )
  alpha2ToAlpha3 = codes
  return codes
}
const ENGLISH = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' })

/** Codes people often use that are not ISO 3166-1 alpha-2, with the code they mean. */
const COMMON_MISTAKES: Readonly<Record<string, string>> = { UK: 'GB', EL: 'GR' }

/** One country. */
export interface Country {
  /** ISO 3166-1 alpha-2, e.g. `DE`. */
  alpha2: string
  /** ISO 3166-1 alpha-3, e.g. `DEU`. */
  alpha3: string
  /** English short name, e.g. `Germany`. */
  name: string
  /** EU country authority IRI, e.g. `http://publications.europa.eu/resource/authority/country/DEU`. */
  iri: string
}

/**
 * Looks up an ISO 3166-1 alpha-2 code (any case). Returns the country, or a reason it is not one.
 *
 * @example
 * ```ts
 * lookupCountry('de')  // { country: { alpha2: 'DE', alpha3: 'DEU', name: 'Germany', iri: '.../country/DEU' } }
 * lookupCountry('UK')  // { problem: '"UK" is not an ISO 3166-1 alpha-2 code; did you mean "GB"?' }
 * ```
 */
export function lookupCountry(
  code: string,
): { country: Country; problem?: undefined } | { country?: undefined; problem: string } {
  const alpha2 = code.trim().toUpperCase()
  const alpha3 = alpha3Codes()[alpha2]
  if (/^[A-Z]{2}$/.test(alpha2) && alpha3 !== undefined) {
    return { country: { alpha2, alpha3, name: ENGLISH.of(alpha2) ?? alpha2, iri: `${EU_COUNTRY_NAMESPACE}${alpha3}` } }
  }
  const hint = COMMON_MISTAKES[alpha2] ?? Object.entries(alpha3Codes()).find(([, a3]) => a3 === alpha2)?.[0]
  return {
    problem: `${JSON.stringify(code)} is not an ISO 3166-1 alpha-2 country code${hint === undefined ? '' : `; did you mean "${hint}"?`}`,
  }
}

/** The alpha-2 code of an EU country authority IRI, or `undefined`. */
export function countryFromIri(iri: string): string | undefined {
  if (!iri.startsWith(EU_COUNTRY_NAMESPACE)) return undefined
  const alpha3 = iri.slice(EU_COUNTRY_NAMESPACE.length)
  return Object.entries(alpha3Codes()).find(([, a3]) => a3 === alpha3)?.[0]
}
