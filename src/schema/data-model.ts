/**
 * The W3C Verifiable Credentials Data Model rules (check `data-model`) that can be checked on the JSON document
 * itself: VC Data Model 2.0 for documents whose first `@context` is `https://www.w3.org/ns/credentials/v2`, VC Data
 * Model 1.1 for `https://www.w3.org/2018/credentials/v1`. JSON-LD processing (undefined terms, redefined protected
 * terms, what a context maps a term to) is the `context` check's job and is not repeated here.
 *
 * Inputs are hostile: nothing here recurses, throws on an odd value, reads inherited members or does more than
 * linear work.
 */
import type { Issue } from '../errors.js'
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from '../context/urls.js'
import { assertOptions, isJsonObject } from '../util/json.js'
import { formatPath } from '../util/path.js'
import { describe, digestIssues, isUrl, relatedResourceIssues, type ResourceDigest } from './related-resource.js'

/**
 * Which data model version a document follows, from its first `@context`: `'2.0'`, `'1.1'`, or `undefined`
 * (neither).
 *
 * @example
 * ```ts
 * dataModelVersion({ '@context': ['https://www.w3.org/ns/credentials/v2'] })    // '2.0'
 * dataModelVersion({ '@context': ['https://www.w3.org/2018/credentials/v1'] })  // '1.1'
 * dataModelVersion({ '@context': ['https://example.com/other'] })              // undefined
 * ```
 */
export function dataModelVersion(document: Record<string, unknown>): '2.0' | '1.1' | undefined {
  const context = own(document, '@context')
  const first = Array.isArray(context) ? (context as unknown[])[0] : context
  return first === VC_V2_CONTEXT ? '2.0' : first === VC_V1_CONTEXT ? '1.1' : undefined
}

/**
 * Options of {@link credentialDataModelIssues} and {@link presentationDataModelIssues}.
 *
 * @example
 * ```ts
 * const options: DataModelOptions = {
 *   resourceDigest: (url, algorithm) => bundledContextDigest(url, algorithm), // undefined when not bundled
 * }
 * ```
 */
export interface DataModelOptions {
  /**
   * Digests of resources microcred has (bundled contexts) keyed by URL; returns the raw bytes' digest for an
   * algorithm, or undefined when the resource is not available. Injected so this module does not depend on where
   * bundled files live. May return several digests when several published versions of a resource are the same
   * resource (a `relatedResource` digest matches any of them).
   */
  resourceDigest?: ResourceDigest
}

/**
 * Every VC Data Model rule a credential breaks (check `data-model`): `ERR_DATA_MODEL` for the structure,
 * `ERR_DIGEST_MISMATCH` when a `relatedResource` (or any `digestSRI` / `digestMultibase`) digest differs from the
 * resource's, and `ERR_RELATED_RESOURCE_UNVERIFIED` (severity `'warning'`) when the resource is not available to
 * check. Each issue's message names the rule and its section; paths look like `credentialStatus[1].type`.
 *
 * Follows VC Data Model 1.1 when the first `@context` is the 1.1 one, 2.0 otherwise. An
 * `EnvelopedVerifiableCredential` (§4.13.1) is checked as an envelope. Throws `TypeError` only when `credential`
 * is not an object (a caller's mistake); never because of what is inside it.
 *
 * @example
 * ```ts
 * const issues = credentialDataModelIssues({ ...credential, issuer: 'Example University' })
 * // [{ code: 'ERR_DATA_MODEL', check: 'data-model', path: 'issuer',
 * //    message: 'VC Data Model 2.0 §4.7: issuer must be a URL or an object whose id is a URL, and "Example University" is not a URL' }]
 * ```
 */
export function credentialDataModelIssues(
  credential: Record<string, unknown>,
  options: DataModelOptions = {},
): Issue[] {
  const rules = start(credential, options, 'credentialDataModelIssues(credential, options)')
  if (rules.version === '2.0' && isEnvelope(credential, 'EnvelopedVerifiableCredential')) {
    checkEnvelope(rules, credential, [], 'EnvelopedVerifiableCredential')
    return rules.finish()
  }
  checkContext(rules, credential, 'credential')
  checkType(rules, credential, [], 'types', 'a verifiable credential', 'VerifiableCredential')
  checkCredentialSubject(rules, credential)
  checkIssuer(rules, credential)
  if (rules.version === '2.0') {
    checkValidityPeriod(rules, credential)
    checkNaturalLanguage(rules, credential, [])
    const issuer = own(credential, 'issuer')
    if (isJsonObject(issuer)) checkNaturalLanguage(rules, issuer, ['issuer'])
    checkTypedObjects(rules, credential, [], 'credentialStatus', 'status', false)
    checkTypedObjects(rules, credential, [], 'credentialSchema', 'schemas', true)
    checkTypedObjects(rules, credential, [], 'refreshService', 'refresh', false)
    checkTypedObjects(rules, credential, [], 'termsOfUse', 'terms', false)
    checkTypedObjects(rules, credential, [], 'evidence', 'evidence', false)
    checkTypedObjects(rules, credential, [], 'proof', 'proof', false)
    checkTypedObjects(rules, credential, [], 'renderMethod', 'reserved', false)
    checkTypedObjects(rules, credential, [], 'confidenceMethod', 'reserved', false)
    const subjects = own(credential, 'credentialSubject')
    for (const [subject, segments] of entriesOf(subjects, ['credentialSubject'])) {
      if (isJsonObject(subject)) checkTypedObjects(rules, subject, segments, 'confidenceMethod', 'reserved', false)
    }
  } else {
    checkDates11(rules, credential)
    // VC Data Model 1.1 requires an id for status entries and refresh services, where 2.0 makes it optional.
    checkTypedObjects(rules, credential, [], 'credentialStatus', 'status', true)
    checkTypedObjects(rules, credential, [], 'credentialSchema', 'schemas', true)
    checkTypedObjects(rules, credential, [], 'refreshService', 'refresh', true)
    checkTypedObjects(rules, credential, [], 'termsOfUse', 'terms', false)
    checkTypedObjects(rules, credential, [], 'evidence', 'evidence', false)
    checkTypedObjects(rules, credential, [], 'proof', 'proof', false)
  }
  walk(rules, credential, new Set(['relatedResource']))
  rules.issues.push(...relatedResourceIssues(credential, { resourceDigest: rules.resourceDigest }))
  return rules.finish()
}

/**
 * The same for a presentation: its own members (VC Data Model 2.0 §4.13, or 1.1 §4.10). The credentials inside are
 * verified separately, but a `verifiableCredential` value that is not an object (in 1.1: not an object or a
 * VC-JWT string), an `EnvelopedVerifiableCredential` without the right `@context`, `id` or `type`, and (2.0
 * §4.13.4) a credential without a proof of its own in a presentation without a matching `holder`, are issues here.
 * An `EnvelopedVerifiablePresentation` (§4.13.2) is checked as an envelope.
 *
 * @example
 * ```ts
 * const issues = presentationDataModelIssues({
 *   '@context': ['https://www.w3.org/ns/credentials/v2'],
 *   type: ['VerifiablePresentation'],
 *   verifiableCredential: ['eyJhbGciOiJFUzI1NiJ9...'],
 * })
 * // [{ code: 'ERR_DATA_MODEL', path: 'verifiableCredential[0]', ... }]
 * ```
 */
export function presentationDataModelIssues(
  presentation: Record<string, unknown>,
  options: DataModelOptions = {},
): Issue[] {
  const rules = start(presentation, options, 'presentationDataModelIssues(presentation, options)')
  if (rules.version === '2.0' && isEnvelope(presentation, 'EnvelopedVerifiablePresentation')) {
    checkEnvelope(rules, presentation, [], 'EnvelopedVerifiablePresentation')
    return rules.finish()
  }
  checkContext(rules, presentation, 'presentation')
  checkType(rules, presentation, [], 'types', 'a verifiable presentation', 'VerifiablePresentation')
  if (rules.version === '2.0') {
    checkHolder(rules, presentation)
    checkPresentedCredentials(rules, presentation)
    checkTypedObjects(rules, presentation, [], 'refreshService', 'refresh', false)
  } else {
    checkPresentedCredentials11(rules, presentation)
  }
  checkTypedObjects(rules, presentation, [], 'termsOfUse', 'terms', false)
  checkTypedObjects(rules, presentation, [], 'proof', 'proof', false)
  walk(rules, presentation, new Set(['relatedResource', 'verifiableCredential']))
  rules.issues.push(...relatedResourceIssues(presentation, { resourceDigest: rules.resourceDigest }))
  return rules.finish()
}

type Version = '2.0' | '1.1'
type Segments = (string | number)[]
type Section =
  | 'contexts'
  | 'identifiers'
  | 'types'
  | 'names'
  | 'issuer'
  | 'subject'
  | 'validity'
  | 'issuance'
  | 'expiration'
  | 'status'
  | 'schemas'
  | 'proof'
  | 'presentations'
  | 'envelopedCredentials'
  | 'envelopedPresentations'
  | 'holderClaims'
  | 'refresh'
  | 'terms'
  | 'evidence'
  | 'reserved'
  | 'language'

const SECTIONS: Record<Version, Partial<Record<Section, string>>> = {
  '2.0': {
    contexts: '4.3',
    identifiers: '4.4',
    types: '4.5',
    names: '4.6',
    issuer: '4.7',
    subject: '4.8',
    validity: '4.9',
    status: '4.10',
    schemas: '4.11',
    proof: '4.12',
    presentations: '4.13',
    envelopedCredentials: '4.13.1',
    envelopedPresentations: '4.13.2',
    holderClaims: '4.13.4',
    refresh: '5.4',
    terms: '5.5',
    evidence: '5.6',
    reserved: '5.10',
    language: '11.1',
  },
  '1.1': {
    contexts: '4.1',
    identifiers: '4.2',
    types: '4.3',
    subject: '4.4',
    issuer: '4.5',
    issuance: '4.6',
    proof: '4.7',
    expiration: '4.8',
    status: '4.9',
    presentations: '4.10',
    schemas: '5.4',
    refresh: '5.5',
    terms: '5.6',
    evidence: '5.7',
  },
}

/** Past this many values, a document is not walked further (inputs are capped at 1 MiB upstream, far below). */
const MAX_NODES = 1_000_000
/** Past this many issues, a document is not worth describing further (and building paths costs). */
const MAX_ISSUES = 1_000

/** What the checks of one document share: its version, the issues found and the (memoized) digest source. */
interface Rules {
  readonly version: Version
  /** False when the first `@context` is neither base context (the 2.0 rules then apply, unless only 1.1's is there). */
  readonly versionKnown: boolean
  readonly issues: Issue[]
  readonly resourceDigest: ResourceDigest | undefined
  cite(section: Section): string
  fail(segments: readonly (string | number)[], message: string): void
  finish(): Issue[]
}

function start(document: Record<string, unknown>, options: DataModelOptions, where: string): Rules {
  if (!isJsonObject(document)) throw new TypeError(`${where}: the document must be a JSON object`)
  assertOptions(options, where)
  const resourceDigest = options.resourceDigest
  if (resourceDigest !== undefined && typeof resourceDigest !== 'function')
    throw new TypeError(`${where}: options.resourceDigest must be a function`)
  const known = dataModelVersion(document)
  const context = own(document, '@context')
  const onlyV1 = Array.isArray(context) && context.includes(VC_V1_CONTEXT) && !context.includes(VC_V2_CONTEXT)
  const version: Version = known ?? (onlyV1 ? '1.1' : '2.0')
  const issues: Issue[] = []
  return {
    version,
    versionKnown: known !== undefined,
    issues,
    resourceDigest: memoize(resourceDigest),
    cite: (section) =>
      `VC Data Model ${SECTIONS[version][section] === undefined ? '2.0' : version} §${SECTIONS[version][section] ?? SECTIONS['2.0'][section]}`,
    fail: (segments, message) => {
      if (issues.length <= MAX_ISSUES)
        issues.push({ code: 'ERR_DATA_MODEL', check: 'data-model', path: formatPath(segments), message })
    },
    // One issue per code and path: a value that breaks a specific rule (issuer.id) is not reported again by the
    // general one (every id is a URL).
    finish: () => {
      const seen = new Set<string>()
      const unique = issues.filter((issue) => {
        const key = `${issue.code} ${issue.path ?? ''}`
        if (seen.has(key)) return false
        seen.add(key)
        return true
      })
      if (unique.length <= MAX_ISSUES) return unique
      return [
        ...unique.slice(0, MAX_ISSUES),
        {
          code: 'ERR_DATA_MODEL',
          check: 'data-model',
          message: `more than ${MAX_ISSUES} data model issues; the rest are not listed`,
        },
      ]
    },
  }
}

function checkContext(rules: Rules, document: Record<string, unknown>, what: 'credential' | 'presentation'): void {
  const base = rules.version === '2.0' ? VC_V2_CONTEXT : VC_V1_CONTEXT
  const section = rules.cite('contexts')
  const first = rules.versionKnown
    ? `${section}: the first @context item must be ${base}`
    : `VC Data Model 2.0 §4.3: the first @context item must be ${VC_V2_CONTEXT} (or, for a VC Data Model 1.1 document, ${VC_V1_CONTEXT}: 1.1 §4.1)`
  if (!Object.hasOwn(document, '@context')) {
    rules.fail(['@context'], `${section}: a verifiable ${what} must have an @context whose first item is ${base}`)
    return
  }
  const context = document['@context']
  // A JSON-LD ordered set of one item may be written as the item itself (compacted form).
  if (typeof context === 'string') {
    if (context !== base) rules.fail(['@context'], first)
    return
  }
  if (!Array.isArray(context)) {
    rules.fail(
      ['@context'],
      `${section}: @context must be an ordered set (a list) whose first item is ${base}, not ${describe(context)}`,
    )
    return
  }
  if (context[0] !== base) rules.fail(context.length === 0 ? ['@context'] : ['@context', 0], first)
  for (let i = 1; i < context.length; i++) {
    const item: unknown = context[i]
    if (isJsonObject(item)) continue
    if (typeof item === 'string') {
      if (!isUrl(item))
        rules.fail(
          ['@context', i],
          `${section}: each further @context item must be a URL or a context object, and ${describe(item)} is not a URL`,
        )
    } else {
      rules.fail(
        ['@context', i],
        `${section}: each further @context item must be a URL or a context object, not ${describe(item)}`,
      )
    }
  }
}

/** `type` present, a term or absolute URL string or a non-empty list of them, including `required` if given. */
function checkType(
  rules: Rules,
  node: Record<string, unknown>,
  segments: Segments,
  section: Section,
  subject: string,
  required?: string,
): void {
  const path = [...segments, 'type']
  const cite = rules.cite(section)
  const value = own(node, 'type')
  if (value === undefined) {
    rules.fail(path, `${cite}: ${subject} must have a type${required === undefined ? '' : ` including "${required}"`}`)
    return
  }
  let values: unknown[]
  if (typeof value === 'string') values = [value]
  else if (Array.isArray(value)) values = value
  else {
    rules.fail(
      path,
      `${cite}: the type of ${subject} must be a term or an absolute URL, or a list of them, not ${describe(value)}`,
    )
    return
  }
  if (values.length === 0) {
    rules.fail(
      path,
      `${cite}: the type of ${subject} must have at least one value${required === undefined ? '' : `, including "${required}"`}`,
    )
    return
  }
  values.forEach((item, i) => {
    if (typeof item !== 'string' || item === '') {
      rules.fail(
        Array.isArray(value) ? [...path, i] : path,
        `${cite}: each type of ${subject} must be a term or an absolute URL (a non-empty string), not ${describe(item)}`,
      )
    }
  })
  if (required !== undefined && !values.includes(required)) {
    rules.fail(path, `${cite}: the type of ${subject} must include "${required}"`)
  }
}

function checkCredentialSubject(rules: Rules, credential: Record<string, unknown>): void {
  const cite = rules.cite('subject')
  const value = own(credential, 'credentialSubject')
  if (value === undefined) {
    rules.fail(['credentialSubject'], `${cite}: a verifiable credential must have a credentialSubject`)
    return
  }
  if (Array.isArray(value) && value.length === 0) {
    rules.fail(['credentialSubject'], `${cite}: credentialSubject must be one or more objects, not an empty list`)
    return
  }
  for (const [subject, segments] of entriesOf(value, ['credentialSubject'])) {
    if (!isJsonObject(subject))
      rules.fail(
        segments,
        `${cite}: each credentialSubject must be an object holding claims about its subject, not ${describe(subject)}`,
      )
    else if (Object.keys(subject).length === 0)
      rules.fail(
        segments,
        `${cite}: each credentialSubject must make at least one claim about its subject, and this one is empty`,
      )
  }
}

function checkIssuer(rules: Rules, credential: Record<string, unknown>): void {
  const cite = rules.cite('issuer')
  if (!Object.hasOwn(credential, 'issuer'))
    rules.fail(['issuer'], `${cite}: a verifiable credential must have an issuer`)
  else
    checkUrlOrIdentifiedObject(
      rules,
      credential['issuer'],
      'issuer',
      `${cite}: issuer must be a URL or an object whose id is a URL`,
    )
}

function checkHolder(rules: Rules, presentation: Record<string, unknown>): void {
  if (!Object.hasOwn(presentation, 'holder')) return
  checkUrlOrIdentifiedObject(
    rules,
    presentation['holder'],
    'holder',
    `${rules.cite('presentations')}: holder must be a URL or an object whose id is a URL`,
  )
}

/** `issuer` and `holder`: a URL, or an object whose `id` is a URL (VC Data Model 2.0 §4.7, §4.13). */
function checkUrlOrIdentifiedObject(rules: Rules, value: unknown, member: 'issuer' | 'holder', rule: string): void {
  if (typeof value === 'string') {
    if (!isUrl(value)) rules.fail([member], `${rule}, and ${describe(value)} is not a URL`)
  } else if (isJsonObject(value)) {
    const id = own(value, 'id')
    if (id === undefined) rules.fail([member, 'id'], `${rule}, and this object has no id`)
    else if (!isUrl(id)) rules.fail([member, 'id'], `${rule}, and its id ${describe(id)} is not a URL`)
  } else rules.fail([member], `${rule} (a single one), not ${describe(value)}`)
}

function checkValidityPeriod(rules: Rules, credential: Record<string, unknown>): void {
  const cite = rules.cite('validity')
  const instants: Partial<Record<'validFrom' | 'validUntil', Instant>> = {}
  for (const member of ['validFrom', 'validUntil'] as const) {
    if (!Object.hasOwn(credential, member)) continue
    const value = credential[member]
    const instant = typeof value === 'string' ? parseDateTime(value, true) : undefined
    if (instant === undefined) {
      rules.fail(
        [member],
        `${cite}: ${member} must be an XML Schema dateTimeStamp (a date and time with a time zone, such as 2010-01-01T19:23:24Z), not ${describe(value)}`,
      )
    } else instants[member] = instant
  }
  const { validFrom, validUntil } = instants
  if (validFrom !== undefined && validUntil !== undefined && compareInstants(validFrom, validUntil) > 0) {
    rules.fail(
      ['validUntil'],
      `${cite}: validUntil (${String(credential['validUntil'])}) must be the same as or later than validFrom (${String(credential['validFrom'])})`,
    )
  }
}

function checkDates11(rules: Rules, credential: Record<string, unknown>): void {
  for (const member of ['issuanceDate', 'expirationDate'] as const) {
    const cite = rules.cite(member === 'issuanceDate' ? 'issuance' : 'expiration')
    if (!Object.hasOwn(credential, member)) {
      if (member === 'issuanceDate')
        rules.fail([member], `${cite}: a VC Data Model 1.1 credential must have an issuanceDate`)
      continue
    }
    const value = credential[member]
    if (typeof value !== 'string' || parseDateTime(value, false) === undefined) {
      rules.fail(
        [member],
        `${cite}: ${member} must be a single XML Schema dateTime string (such as 2010-01-01T19:23:24Z), not ${describe(value)}`,
      )
    }
  }
}

/**
 * `member` is one object or a non-empty list of objects, each with a `type` and, when `idRequired`, an `id` URL
 * (an `id` given where optional is checked by the walk, like every `id`).
 */
function checkTypedObjects(
  rules: Rules,
  node: Record<string, unknown>,
  segments: Segments,
  member: string,
  section: Section,
  idRequired: boolean,
): void {
  if (!Object.hasOwn(node, member)) return
  const cite = rules.cite(section)
  const value = node[member]
  if (Array.isArray(value) && value.length === 0) {
    rules.fail([...segments, member], `${cite}: ${member} must be one or more objects, not an empty list`)
    return
  }
  for (const [entry, path] of entriesOf(value, [...segments, member])) {
    if (!isJsonObject(entry)) {
      rules.fail(path, `${cite}: each ${member} value must be an object with a type, not ${describe(entry)}`)
      continue
    }
    checkType(rules, entry, path, section, `each ${member} object`)
    if (!idRequired) continue
    const id = own(entry, 'id')
    if (id === undefined) rules.fail([...path, 'id'], `${cite}: each ${member} object must have an id that is a URL`)
    else if (!isUrl(id))
      rules.fail([...path, 'id'], `${cite}: the id of each ${member} object must be a URL, not ${describe(id)}`)
  }
}

/** `name` and `description` (2.0 §4.6): a string, a language value object (§11.1), or a list of those. */
function checkNaturalLanguage(rules: Rules, node: Record<string, unknown>, segments: Segments): void {
  for (const member of ['name', 'description'] as const) {
    if (!Object.hasOwn(node, member)) continue
    const value = node[member]
    const rule = `${rules.cite('names')}: ${member} must be a string or a language value object (§11.1), or a list of them`
    if (Array.isArray(value) && value.length === 0) {
      rules.fail([...segments, member], `${rule}, not an empty list`)
      continue
    }
    for (const [item, path] of entriesOf(value, [...segments, member])) {
      if (typeof item === 'string') continue
      if (!isJsonObject(item)) {
        rules.fail(path, `${rule}, not ${describe(item)}`)
        continue
      }
      const language = rules.cite('language')
      if (typeof own(item, '@value') !== 'string')
        rules.fail([...path, '@value'], `${language}: a language value object must have an @value string`)
      for (const key of Object.keys(item)) {
        if (key !== '@value' && key !== '@language' && key !== '@direction') {
          rules.fail(
            [...path, key],
            `${language}: a language value object must not have members other than @value, @language and @direction, and it has ${JSON.stringify(key)}`,
          )
        }
      }
      if (Object.hasOwn(item, '@language') && typeof item['@language'] !== 'string') {
        rules.fail(
          [...path, '@language'],
          `${language}: @language must be a language tag string, not ${describe(item['@language'])}`,
        )
      }
      if (Object.hasOwn(item, '@direction') && item['@direction'] !== 'ltr' && item['@direction'] !== 'rtl') {
        rules.fail(
          [...path, '@direction'],
          `${language}: @direction must be the base direction "ltr" or "rtl", not ${describe(item['@direction'])}`,
        )
      }
    }
  }
}

/** Whether `node` is (or, with a `data:` URL id, says it is) an enveloped credential or presentation. */
function isEnvelope(
  node: Record<string, unknown>,
  type: 'EnvelopedVerifiableCredential' | 'EnvelopedVerifiablePresentation',
): boolean {
  const value = own(node, 'type')
  const id = own(node, 'id')
  return (
    value === type || (Array.isArray(value) && value.includes(type)) || (typeof id === 'string' && /^data:/i.test(id))
  )
}

function checkEnvelope(
  rules: Rules,
  node: Record<string, unknown>,
  segments: Segments,
  type: 'EnvelopedVerifiableCredential' | 'EnvelopedVerifiablePresentation',
): void {
  const credential = type === 'EnvelopedVerifiableCredential'
  const cite = rules.cite(credential ? 'envelopedCredentials' : 'envelopedPresentations')
  const context = own(node, '@context')
  const hasBase = context === VC_V2_CONTEXT || (Array.isArray(context) && context.includes(VC_V2_CONTEXT))
  if (!hasBase) {
    rules.fail(
      [...segments, '@context'],
      `${cite}: an ${type} must have an @context including ${VC_V2_CONTEXT}, which defines its id, type and ${type} terms`,
    )
  }
  const id = own(node, 'id')
  if (!(typeof id === 'string' && /^data:/i.test(id) && isUrl(id))) {
    rules.fail(
      [...segments, 'id'],
      `${cite}: the id of an ${type} must be a data: URL holding the secured ${credential ? 'credential' : 'presentation'}, not ${describe(id)}`,
    )
  }
  const value = own(node, 'type')
  if (!(value === type || (Array.isArray(value) && value.length === 1 && value[0] === type))) {
    rules.fail(
      [...segments, 'type'],
      `${cite}: the type of an enveloped ${credential ? 'credential' : 'presentation'} must be "${type}", not ${describe(value)}`,
    )
  }
}

function checkPresentedCredentials(rules: Rules, presentation: Record<string, unknown>): void {
  if (!Object.hasOwn(presentation, 'verifiableCredential')) return
  const cite = rules.cite('presentations')
  const value = presentation['verifiableCredential']
  if (Array.isArray(value) && value.length === 0) {
    rules.fail(
      ['verifiableCredential'],
      `${cite}: verifiableCredential must be one or more credential objects, not an empty list`,
    )
    return
  }
  const holder = own(presentation, 'holder')
  const holderId = isJsonObject(holder) ? own(holder, 'id') : holder
  for (const [entry, segments] of entriesOf(value, ['verifiableCredential'])) {
    if (!isJsonObject(entry)) {
      rules.fail(
        segments,
        `${cite}: each verifiableCredential value must be a verifiable credential or EnvelopedVerifiableCredential object, not ${describe(entry)} (a VC-JWT goes in an EnvelopedVerifiableCredential)`,
      )
      continue
    }
    if (isEnvelope(entry, 'EnvelopedVerifiableCredential')) {
      checkEnvelope(rules, entry, segments, 'EnvelopedVerifiableCredential')
      continue
    }
    const proof = own(entry, 'proof')
    if (proof !== undefined && proof !== null) continue
    // §4.13.4: a credential without a securing mechanism of its own is secured only by the presentation's, which
    // makes it self-asserted (its issuer is the holder), and such a presentation MUST include a holder.
    const held = formatPath(segments)
    if (holderId === undefined) {
      rules.fail(
        ['holder'],
        `${rules.cite('holderClaims')}: ${held} has no proof of its own, so it can only be a self-asserted credential secured by the presentation, and the presentation must then have a holder`,
      )
      continue
    }
    const issuer = own(entry, 'issuer')
    const issuerId = isJsonObject(issuer) ? own(issuer, 'id') : issuer
    if (issuerId !== holderId) {
      rules.fail(
        [...segments, 'issuer'],
        `${rules.cite('holderClaims')}: ${held} has no proof of its own, so it must be self-asserted: its issuer must be identical to the presentation's holder ${describe(holderId)}`,
      )
    }
  }
}

function checkPresentedCredentials11(rules: Rules, presentation: Record<string, unknown>): void {
  if (!Object.hasOwn(presentation, 'verifiableCredential')) return
  const cite = rules.cite('presentations')
  const value = presentation['verifiableCredential']
  if (Array.isArray(value) && value.length === 0) {
    rules.fail(
      ['verifiableCredential'],
      `${cite}: verifiableCredential must be constructed from one or more verifiable credentials, not an empty list`,
    )
    return
  }
  for (const [entry, segments] of entriesOf(value, ['verifiableCredential'])) {
    // 1.1 §6.3.1 carries a VC-JWT in a presentation as its compact string.
    if (isJsonObject(entry) || (typeof entry === 'string' && entry !== '')) continue
    rules.fail(
      segments,
      `${cite}: each verifiableCredential value must be a verifiable credential (an object, or a VC-JWT string), not ${describe(entry)}`,
    )
  }
}

interface Frame {
  readonly value: unknown
  readonly parent: Frame | undefined
  readonly key: string | number | undefined
}

function segmentsOf(frame: Frame): Segments {
  const segments: Segments = []
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) segments.push(at.key)
  return segments.reverse()
}

/**
 * Walks the whole document once, without recursion: every `id` is a single URL (2.0 §4.4, 1.1 §4.2: the base
 * contexts alias `id` to `@id` everywhere), and every `digestSRI` / `digestMultibase` is checked (2.0 §5.3). Skips
 * `@context` values (context definitions such as `"id": "@id"`) and the top-level members in `skip`, which other
 * rules own.
 */
function walk(rules: Rules, document: Record<string, unknown>, skip: ReadonlySet<string>): void {
  const identifiers = rules.cite('identifiers')
  const stack: Frame[] = [{ value: document, parent: undefined, key: undefined }]
  let visited = 0
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (++visited > MAX_NODES) {
      rules.issues.push({
        code: 'ERR_INPUT_TOO_LARGE',
        check: 'data-model',
        message: `the document has more than ${MAX_NODES} values; it was not checked past them`,
      })
      return
    }
    const { value } = frame
    if (Array.isArray(value)) {
      // Pushed last to first, so issues come out in document order.
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], parent: frame, key: i })
      continue
    }
    if (!isJsonObject(value)) continue
    if (rules.issues.length > MAX_ISSUES) break
    if (Object.hasOwn(value, 'id')) {
      const id = value['id']
      if (!isUrl(id)) {
        rules.fail(
          [...segmentsOf(frame), 'id'],
          `${identifiers}: an id must be a single URL (such as https://..., urn:uuid:... or did:...), not ${Array.isArray(id) ? 'a list' : describe(id)}`,
        )
      }
    }
    if (Object.hasOwn(value, 'digestSRI') || Object.hasOwn(value, 'digestMultibase')) {
      rules.issues.push(...digestIssues(value, segmentsOf(frame), { resourceDigest: rules.resourceDigest }))
    }
    for (const key of Object.keys(value).reverse()) {
      if (key === '@context' || (frame.parent === undefined && skip.has(key))) continue
      stack.push({ value: value[key], parent: frame, key })
    }
  }
}

/** The values of a member that may be one value or a list, each with its path (`[value]` for a single value). */
function entriesOf(value: unknown, segments: Segments): [unknown, Segments][] {
  if (value === undefined) return []
  if (Array.isArray(value)) return value.map((item, i): [unknown, Segments] => [item, [...segments, i]])
  return [[value, segments]]
}

/** An own member's value: an inherited one (a polluted prototype) never counts. */
function own(node: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined
}

function memoize(resourceDigest: ResourceDigest | undefined): ResourceDigest | undefined {
  if (resourceDigest === undefined) return undefined
  const cache = new Map<string, ReturnType<ResourceDigest>>()
  return (url, algorithm) => {
    const key = `${algorithm} ${url}`
    if (cache.has(key)) return cache.get(key)
    const digest = resourceDigest(url, algorithm)
    cache.set(key, digest)
    return digest
  }
}

/** A point on the time line: whole seconds since 1970 (any year) and the fractional digits. */
interface Instant {
  readonly seconds: bigint
  readonly fraction: string
}

// XML Schema 1.1 Part 2 dateTime (§3.3.7); dateTimeStamp (§3.4.28) is the same with the time zone required. This is
// the regular expression VC Data Model 2.0 §5.8 reproduces, with the time zone optional and the parts captured.
const DATE_TIME =
  /^(-?(?:[1-9][0-9]{3,}|0[0-9]{3}))-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(?:([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(?:\.([0-9]+))?|24:00:00(?:\.0+)?)(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$/
const MAX_DATE_TIME_LENGTH = 64

/** Reads an XML Schema dateTime (dateTimeStamp when `zoneRequired`); a date that does not exist gives `undefined`. */
function parseDateTime(text: string, zoneRequired: boolean): Instant | undefined {
  if (text.length > MAX_DATE_TIME_LENGTH) return undefined
  const match = DATE_TIME.exec(text)
  if (match === null) return undefined
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fractionText, zone] = match
  if (yearText === undefined || (zoneRequired && zone === undefined)) return undefined
  const year = BigInt(yearText)
  const month = Number(monthText)
  const day = Number(dayText)
  // The regular expression allows 31 days in every month; XML Schema's value space does not (§3.3.7.2).
  if (day > daysInMonth(year, month)) return undefined
  const time =
    hourText === undefined ? 24 * 3600 : Number(hourText) * 3600 + Number(minuteText) * 60 + Number(secondText)
  // A value without a time zone is read as UTC (VC Data Model 2.0 §5.8); only VC 1.1 dates can lack one.
  let offset = 0
  if (zone !== undefined && zone !== 'Z')
    offset = (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60)
  return {
    seconds: daysFromCivil(year, month, day) * 86_400n + BigInt(time - offset),
    fraction: (fractionText ?? '').replace(/0+$/, ''),
  }
}

function compareInstants(a: Instant, b: Instant): number {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1
  const width = Math.max(a.fraction.length, b.fraction.length)
  const fa = a.fraction.padEnd(width, '0')
  const fb = b.fraction.padEnd(width, '0')
  return fa === fb ? 0 : fa < fb ? -1 : 1
}

function daysInMonth(year: bigint, month: number): number {
  if (month === 2) return year % 4n === 0n && (year % 100n !== 0n || year % 400n === 0n) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil), for any year. */
function daysFromCivil(year: bigint, month: number, day: number): bigint {
  const y = month <= 2 ? year - 1n : year
  const era = (y >= 0n ? y : y - 399n) / 400n
  const yearOfEra = y - era * 400n
  const dayOfYear = (153n * BigInt((month + 9) % 12) + 2n) / 5n + BigInt(day) - 1n
  const dayOfEra = yearOfEra * 365n + yearOfEra / 4n - yearOfEra / 100n + dayOfYear
  return era * 146_097n + dayOfEra - 719_468n
}
