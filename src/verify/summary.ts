/** What a credential says, in the terms a reader (an employer, an admissions office) looks for first. */
import {
  ASSESSMENT_TYPES,
  CREDIT_SYSTEMS,
  EQF_LEVELS,
  PARTICIPATION_MODES,
  QA_TYPES,
  QF_EHEA_CYCLES,
  type Vocabulary,
} from '../model/vocabularies.js'
import { isJsonObject, type JsonObject } from '../util/json.js'
import type { VerificationReport } from './report.js'

/** A value as the credential gives it (an IRI or text), with its friendly name and English label when microcred knows them. */
export interface SummaryTerm {
  /** The value as the credential carries it, e.g. `http://data.europa.eu/snb/assessment/6e6cb2cc78`. */
  value: string
  /** microcred's friendly name for it, e.g. `written-exam`. */
  name?: string
  /** English label, e.g. `Written examination`. */
  label?: string
}

/** The outcome of one verification check, as a summary shows it. */
export interface SummaryCheck {
  status: 'passed' | 'failed' | 'skipped'
  /** What the check established, why it was skipped, or what it found wrong. */
  detail?: string
}

/**
 * What a credential says about itself, read from it without judging it: the verdict is the report's. Every member is
 * optional: what the credential does not state (or states in a shape that cannot be read) is left out.
 */
export interface CredentialSummary {
  /** The achievement's name (or the credential's). */
  title?: string
  /**
   * Who the learner is: the name the credential gives in the clear, the subject's `id`, and the identity types
   * (`emailAddress`, `sisSourcedId`...) the credential holds only as hashes.
   */
  learner?: { name?: string; id?: string; hashed?: string[] }
  /** The issuer's name and id, and (with a report) whether its key was shown to be the issuer's. */
  issuer?: { id?: string; name?: string; binding?: SummaryCheck }
  /** Date of issuing: `validFrom` (VC 1.1: `issuanceDate`). */
  issued?: string
  /** The original date of the award (`awardedDate`), when re-issued. */
  awarded?: string
  /** End of validity: `validUntil` (VC 1.1: `expirationDate`). */
  validUntil?: string
  /** Credits the achievement carries (`creditsAvailable`), in which system, and how many the learner earned. */
  credits?: { available?: number; earned?: number; system?: SummaryTerm }
  /** Notional workload as the ISO 8601 duration the credential gives (`volumeOfLearning`, e.g. `PT125H`). */
  workload?: string
  /** The workload in hours, when the duration is whole hours, days or weeks of hours (`PT125H`). */
  workloadHours?: number
  /** EQF level (`eqfLevel`, or an alignment to an EQF level IRI). */
  eqfLevel?: SummaryTerm
  /** QF-EHEA cycle (`qfEheaCycle`). */
  qfEheaCycle?: SummaryTerm
  /** National qualifications framework level (`nqfLevel`), as text. */
  nqfLevel?: string
  /** Types of assessment (`assessmentType`). */
  assessment?: SummaryTerm[]
  /** Forms of participation (`learningMode`). */
  participation?: SummaryTerm[]
  /** Quality assurance (`qualityAssurance`): its type, the accrediting agent's name (or id) and the report's URL. */
  qualityAssurance?: { type?: SummaryTerm; agent?: string; report?: string }[]
  /** How many endorsements the credential embeds (on the credential, its issuer, its achievement or its creator). */
  endorsements?: number
  /** With a report: what its `status` check found (revoked, suspended, active, or no status entry). */
  status?: SummaryCheck
}

/** At most this many values of one list are summarised: a summary is for reading, and a hostile list may be long. */
const MAX_LIST = 20

/** The parts of a report a summary reads. */
export type SummaryReport = Pick<VerificationReport, 'checks' | 'issues'>

/**
 * Reads what a reader of a credential wants first: learner, title, issuer, dates, ECTS credits and workload, EQF (and
 * QF-EHEA) level, assessment, participation, quality assurance, endorsements; with the credential's verification
 * report, also how the issuer's key was bound and the status outcome. Values from the EU vocabularies microcred
 * bundles get their English label. Works on any input (a plain VC, an OB 3.0 badge, an EU micro-credential, garbage):
 * what cannot be read is left out, and it never throws. Nothing is verified: read `report.verified` for the verdict.
 *
 * @example
 * ```ts
 * const report = await verify(credential)
 * const summary = summarizeCredential(report.credential, report)
 * summary.eqfLevel // { value: 'http://data.europa.eu/snb/eqf/6', name: '6', label: 'EQF level 6' }
 * summary.credits  // { available: 5, earned: 5, system: { value: 'http://data.europa.eu/snb/education-credit/6fcec5c5af', name: 'ects', label: '...' } }
 * ```
 */
export function summarizeCredential(credential: unknown, report?: SummaryReport): CredentialSummary {
  const summary: CredentialSummary = {}
  const c = isJsonObject(credential) ? credential : {}
  const subject = guarded(() => firstObject(c['credentialSubject']))
  const a = (subject === undefined ? undefined : guarded(() => firstObject(subject['achievement']))) ?? {}
  // Each part on its own: one that cannot be read (however odd the input) leaves the others.
  const parts: (() => void)[] = [
    () => {
      set(summary, 'title', text(a['name']) ?? text(c['name']))
    },
    () => {
      set(summary, 'learner', subject === undefined ? undefined : learnerOf(subject))
    },
    () => {
      set(summary, 'issuer', issuerOf(c['issuer'], report))
    },
    () => {
      set(summary, 'issued', text(c['validFrom']) ?? text(c['issuanceDate']))
    },
    () => {
      set(summary, 'awarded', text(c['awardedDate']))
    },
    () => {
      set(summary, 'validUntil', text(c['validUntil']) ?? text(c['expirationDate']))
    },
    () => {
      set(summary, 'credits', creditsOf(a, subject ?? {}))
    },
    () => {
      const workload = text(a['volumeOfLearning'])
      set(summary, 'workload', workload)
      set(summary, 'workloadHours', workload === undefined ? undefined : hoursOf(workload))
    },
    () => {
      set(summary, 'eqfLevel', eqfOf(a))
    },
    () => {
      set(summary, 'qfEheaCycle', cycleOf(a['qfEheaCycle']))
    },
    () => {
      set(summary, 'nqfLevel', text(a['nqfLevel']))
    },
    () => {
      set(summary, 'assessment', terms(ASSESSMENT_TYPES, a['assessmentType']))
    },
    () => {
      set(summary, 'participation', terms(PARTICIPATION_MODES, a['learningMode']))
    },
    () => {
      set(summary, 'qualityAssurance', qualityOf(a['qualityAssurance']))
    },
    () => {
      set(summary, 'endorsements', endorsementCount(c))
    },
    () => {
      set(summary, 'status', report === undefined ? undefined : statusOf(report))
    },
  ]
  for (const part of parts) guarded(part)
  return summary
}

/** What `read` gives, or `undefined` if it throws: only input that is not plain data (a throwing getter or proxy) does. */
function guarded<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch {
    return undefined
  }
}

function set<K extends keyof CredentialSummary>(
  summary: CredentialSummary,
  key: K,
  value: CredentialSummary[K] | undefined,
): void {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return
  if (isJsonObject(value) && Object.keys(value).length === 0) return
  summary[key] = value
}

/** The first few entries of a value that may be one value or an array of them. */
function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value.slice(0, MAX_LIST) : [value]
}

function firstObject(value: unknown): JsonObject | undefined {
  return list(value).find(isJsonObject)
}

/** Text: a string, a JSON-LD value object (`{ "@value": ... }`) or the first readable one of a list (language maps). */
function text(value: unknown): string | undefined {
  for (const entry of list(value)) {
    if (typeof entry === 'string' && entry !== '') return entry
    if (isJsonObject(entry) && typeof entry['@value'] === 'string' && entry['@value'] !== '') return entry['@value']
  }
  return undefined
}

/** An IRI or term: a string, or a node reference (`{ "id": ... }`, `{ "@id": ... }`). */
function reference(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value
  if (isJsonObject(value)) return reference(value['id'] ?? value['@id'])
  return undefined
}

function term<N extends string>(vocab: Vocabulary<N>, value: unknown): SummaryTerm | undefined {
  const given = reference(value)
  if (given === undefined) return undefined
  for (const [name, entry] of Object.entries<{ iri: string; label: string }>(vocab.entries)) {
    if (entry.iri === given || name === given) return { value: given, name, label: entry.label }
  }
  return { value: given }
}

function terms<N extends string>(vocab: Vocabulary<N>, value: unknown): SummaryTerm[] {
  return list(value)
    .map((entry) => term(vocab, entry))
    .filter((entry): entry is SummaryTerm => entry !== undefined)
}

function learnerOf(subject: JsonObject): CredentialSummary['learner'] {
  const learner: NonNullable<CredentialSummary['learner']> = {}
  const id = reference(subject['id'])
  if (id !== undefined) learner.id = id
  const hashed: string[] = []
  for (const entry of list(subject['identifier']).filter(isJsonObject)) {
    const type = typeof entry['identityType'] === 'string' ? entry['identityType'] : 'identifier'
    if (entry['hashed'] === true) {
      if (!hashed.includes(type)) hashed.push(type)
    } else if (type === 'name' && learner.name === undefined) {
      const name = text(entry['identityHash'])
      if (name !== undefined) learner.name = name
    }
  }
  // OB 3.0 Profile-like subjects (and many plain VCs) name the subject directly.
  const name = learner.name ?? text(subject['name'])
  if (name !== undefined) learner.name = name
  if (hashed.length > 0) learner.hashed = hashed
  return learner
}

function issuerOf(issuer: unknown, report: SummaryReport | undefined): CredentialSummary['issuer'] {
  const result: NonNullable<CredentialSummary['issuer']> = {}
  const id = reference(issuer)
  if (id !== undefined) result.id = id
  const name = isJsonObject(issuer) ? text(issuer['name']) : undefined
  if (name !== undefined) result.name = name
  const binding = report === undefined ? undefined : checkOf(report, 'issuer-binding')
  if (binding !== undefined) result.binding = binding
  return result
}

function number(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value)) return Number(value)
  return undefined
}

function creditsOf(a: JsonObject, subject: JsonObject): CredentialSummary['credits'] {
  const credits: NonNullable<CredentialSummary['credits']> = {}
  const available = number(a['creditsAvailable'])
  if (available !== undefined) credits.available = available
  const earned = number(subject['creditsEarned'])
  if (earned !== undefined) credits.earned = earned
  const system = term(CREDIT_SYSTEMS, a['creditSystem'])
  if (system !== undefined) credits.system = system
  return credits
}

/** Hours from an ISO 8601 duration given in hours (`PT125H`, `PT7.5H`); a duration in days or weeks is not hours of study, so it gives none. */
function hoursOf(duration: string): number | undefined {
  const hours = /^PT(\d+(?:\.\d+)?)H$/.exec(duration)
  return hours === null ? undefined : Number(hours[1])
}

function eqfOf(a: JsonObject): SummaryTerm | undefined {
  const given = a['eqfLevel']
  if (typeof given === 'number' && Number.isInteger(given)) return term(EQF_LEVELS, String(given))
  const level = term(EQF_LEVELS, given)
  if (level !== undefined) return level
  // A plain OB 3.0 badge may state its level only as an alignment to the EQF level's IRI.
  for (const alignment of list(a['alignment']).filter(isJsonObject)) {
    const url = reference(alignment['targetUrl'])
    if (url !== undefined && EQF_LEVELS.iriPattern.test(url)) return term(EQF_LEVELS, url)
  }
  return undefined
}

const CYCLE_NAMESPACE = 'https://w3id.org/microcred/eu#'

function cycleOf(value: unknown): SummaryTerm | undefined {
  const given = reference(value)
  if (given === undefined) return undefined
  const bare = given.startsWith(CYCLE_NAMESPACE) ? given.slice(CYCLE_NAMESPACE.length) : given
  for (const [name, cycle] of Object.entries(QF_EHEA_CYCLES)) {
    if (cycle.term === bare) return { value: given, name, label: `QF-EHEA ${name} cycle (EQF level ${cycle.eqf})` }
  }
  return { value: given }
}

function qualityOf(value: unknown): CredentialSummary['qualityAssurance'] {
  return list(value)
    .filter(isJsonObject)
    .map((qa) => {
      const entry: NonNullable<CredentialSummary['qualityAssurance']>[number] = {}
      const type = term(QA_TYPES, qa['qaType'])
      if (type !== undefined) entry.type = type
      const agent = qa['accreditingAgent']
      const agentName = (isJsonObject(agent) ? text(agent['name']) : undefined) ?? reference(agent)
      if (agentName !== undefined) entry.agent = agentName
      const report = reference(qa['report'])
      if (report !== undefined) entry.report = report
      return entry
    })
    .filter((entry) => Object.keys(entry).length > 0)
}

/** Where OB 3.0 lets endorsements appear (as the `endorsements` check reads them). */
const ENDORSEMENT_OWNERS: readonly (readonly string[])[] = [
  [],
  ['issuer'],
  ['credentialSubject', 'achievement'],
  ['credentialSubject', 'achievement', 'creator'],
]

function endorsementCount(c: JsonObject): number | undefined {
  let count = 0
  for (const owner of ENDORSEMENT_OWNERS) {
    let node: unknown = c
    for (const key of owner) node = isJsonObject(node) ? node[key] : undefined
    if (!isJsonObject(node)) continue
    for (const member of ['endorsement', 'endorsementJwt']) {
      const value = node[member]
      count += value === undefined || value === null ? 0 : Array.isArray(value) ? value.length : 1
    }
  }
  return count === 0 ? undefined : count
}

function checkOf(report: SummaryReport, id: 'issuer-binding' | 'status'): SummaryCheck | undefined {
  // The report may come from anywhere (JSON read back, a caller's object): its members are checked, not trusted.
  const checks: unknown[] = Array.isArray(report.checks) ? report.checks : []
  const check = checks.filter(isJsonObject).find((entry) => entry['id'] === id)
  const status = check?.['status']
  if (check === undefined || (status !== 'passed' && status !== 'failed' && status !== 'skipped')) return undefined
  const issues: unknown[] = Array.isArray(report.issues) ? report.issues : []
  const found = issues.filter(isJsonObject).find((issue) => issue['check'] === id && issue['severity'] !== 'warning')
  const detail = status === 'failed' && found !== undefined ? String(found['message']) : check['reason']
  return { status, ...(typeof detail === 'string' && detail !== '' ? { detail } : {}) }
}

function statusOf(report: SummaryReport): SummaryCheck | undefined {
  const check = checkOf(report, 'status')
  if (check?.status !== 'passed' || check.detail !== undefined) return check
  return { status: 'passed', detail: 'not revoked or suspended' }
}
