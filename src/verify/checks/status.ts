/**
 * Check `status`: is the credential revoked or suspended? For each `credentialStatus` entry the status list is
 * fetched through the injected fetch (cached for the resolver's TTL), verified like any credential (proof, key
 * bound to its own issuer, validity window), required to have the entry's purpose, then the entry's bits are read
 * (W3C Bitstring Status List §3.2). A list whose `id` is not its URL, or issued by someone other than the
 * credential's issuer, is read all the same, with a warning (§2.2 makes the id optional; §3.2 checks neither).
 * Fail closed: a list that cannot be obtained fails the check with `ERR_STATUS_UNAVAILABLE`, unless
 * `statusUnavailable: 'warn'`. Nothing is fetched until the credential's own proof verified with its issuer's key.
 *
 * A list that verified is kept decoded by the resolver (status/verified-cache.ts) while the documents its verification
 * used are the resolver's cached copies, for verifications with the same options: the next verification against it
 * reads the entry's bits, and judges only the list's validity window again, at its own `now`.
 *
 * Also read: `StatusList2021Entry` (the Bitstring Status List's predecessor, encodedList without multibase prefix)
 * and 1EdTech's `1EdTechRevocationList` (an issuer-hosted JSON list of revoked credential ids).
 */
import type { Issue } from '../../errors.js'
import { isMicrocredError } from '../../errors.js'
import { decodeListBytes, entryCountOf, readEntryBytes } from '../../status/bitstring.js'
import {
  StatusListCaches,
  statusListKey,
  type KeptStatusList,
  type StatusListCacheStats,
} from '../../status/verified-cache.js'
import type { KeyResolver } from '../../keys/resolve.js'
import { asArray, isJsonObject } from '../../util/json.js'
import { issuerIdOf } from './issuer-binding.js'
import { checkValidity } from './validity.js'
import { REQUIRED_CHECKS, type CheckResult, type VerificationReport } from '../report.js'
import type { VerifyOptions } from '../options.js'
import {
  asErrors,
  authenticated,
  fromIssues,
  notAuthenticated,
  skipped,
  type CheckOutcome,
  type VerificationState,
} from '../state.js'

interface EntryResult {
  issues: Issue[]
  /** What was established, for the pass reason. */
  note?: string
}

const LIST_TYPES: Readonly<Record<string, string>> = {
  BitstringStatusListEntry: 'BitstringStatusListCredential',
  StatusList2021Entry: 'StatusList2021Credential',
}

/** A status list is verified in full as a credential, without the checks that would follow what it names. */
const LIST_CHECKS: VerifyOptions['checks'] = Object.freeze({
  status: false,
  endorsements: false,
  credentials: false,
  recipient: false,
  'eu-profile': false,
})

/** A verified list as the resolver keeps it (status/verified-cache.ts). */
interface KeptList extends KeptStatusList {
  /** The list's verification report; its validity check is judged again at each use. */
  readonly report: VerificationReport
  /** `report.issues` without the validity check's, which come last (every check after it is off for a list). */
  readonly issuesBeforeValidity: readonly Issue[]
}

/** The lists every resolver keeps for this check. */
const keptLists = new StatusListCaches<KeptList>()

/**
 * What the status lists kept for `resolver` hold, and how often they were used, verified and decoded: undefined for a
 * resolver that keeps none (one not made by `createKeyResolver()`, or without a document cache), or has not been used
 * to check a status yet.
 *
 * @example
 * ```ts
 * const resolver = createKeyResolver({ fetch })
 * await verify(credential, { resolver })
 * await verify(credential, { resolver })
 * statusListCacheStats(resolver) // { entries: 1, hits: 1, verifications: 1, decodes: 1, ... }
 * ```
 */
export function statusListCacheStats(resolver: KeyResolver): StatusListCacheStats | undefined {
  return keptLists.stats(resolver)
}

/** A status list in hand: its verification report, and its decoded bits (which throws for a bad `encodedList`). */
interface ListInHand {
  report: VerificationReport
  bits: () => Uint8Array
}

export async function checkStatus(state: VerificationState): Promise<CheckOutcome> {
  const entries = asArray(state.credential['credentialStatus'])
  if (entries.length === 0) return skipped('the credential has no credentialStatus')
  if (!authenticated(state)) return notAuthenticated('status')
  const issues: Issue[] = []
  const notes: string[] = []
  for (const [i, entry] of entries.entries()) {
    const path = Array.isArray(state.credential['credentialStatus']) ? `credentialStatus[${i}]` : 'credentialStatus'
    const result = await checkEntry(state, entry, path)
    issues.push(...result.issues)
    if (result.note !== undefined) notes.push(result.note)
  }
  // Fail closed, unless the caller chose to accept an unobtainable list as a warning.
  const adjusted =
    state.options.statusUnavailable === 'warn'
      ? issues.map((issue) =>
          issue.code === 'ERR_STATUS_UNAVAILABLE' ? { ...issue, severity: 'warning' as const } : issue,
        )
      : issues
  return fromIssues(adjusted, notes.join('; ') || undefined)
}

async function checkEntry(state: VerificationState, entry: unknown, path: string): Promise<EntryResult> {
  const problem = (code: Issue['code'], message: string, at = path): EntryResult => ({
    issues: [{ code, check: 'status', path: at, message }],
  })
  if (!isJsonObject(entry) || typeof entry['type'] !== 'string')
    return problem('ERR_STATUS_LIST_INVALID', 'a status entry must be an object with a "type"')
  const type = entry['type']
  if (type === '1EdTechRevocationList') return checkRevocationList(state, entry, path)
  const listType = LIST_TYPES[type]
  if (listType === undefined)
    return problem(
      'ERR_STATUS_UNAVAILABLE',
      `the status type ${JSON.stringify(type)} is not supported, so the status cannot be confirmed`,
      `${path}.type`,
    )

  const url = entry['statusListCredential']
  if (typeof url !== 'string')
    return problem(
      'ERR_STATUS_LIST_INVALID',
      'the status entry has no statusListCredential URL',
      `${path}.statusListCredential`,
    )
  // Bitstring Status List §2.1: a base-10 string ("42"); the number 42 is read too (1EdTech's fixtures use it).
  const rawIndex = entry['statusListIndex']
  const index =
    typeof rawIndex === 'string' && /^\d+$/.test(rawIndex)
      ? Number(rawIndex)
      : typeof rawIndex === 'number'
        ? rawIndex
        : Number.NaN
  if (!Number.isSafeInteger(index) || index < 0) {
    return problem(
      'ERR_STATUS_LIST_INVALID',
      `statusListIndex ${JSON.stringify(entry['statusListIndex'])} is not a non-negative integer`,
      `${path}.statusListIndex`,
    )
  }
  const purpose = entry['statusPurpose']
  const statusSize = entry['statusSize'] === undefined ? 1 : Number(entry['statusSize'])
  if (!Number.isInteger(statusSize) || statusSize < 1 || statusSize > 8)
    return problem('ERR_STATUS_LIST_INVALID', 'statusSize must be an integer from 1 to 8', `${path}.statusSize`)

  let document: unknown
  try {
    document = await state.resolver.fetchDocument(url)
  } catch (error) {
    return problem(
      budgetSpent(error) ? 'ERR_BUDGET_EXCEEDED' : 'ERR_STATUS_UNAVAILABLE',
      `the status list ${url} could not be obtained: ${error instanceof Error ? error.message : String(error)}`,
      `${path}.statusListCredential`,
    )
  }
  const listPath = `${path}.statusListCredential`
  if (state.verifyNested === undefined)
    return problem('ERR_STATUS_UNAVAILABLE', 'status lists are not followed at this nesting depth', listPath)
  const inHand = await listOf(state, state.verifyNested, document, type, url, listPath)
  const { report } = inHand
  state.nested.push({ path: listPath, report })
  const list = report.credential
  if (list === undefined || !asArray<unknown>(list['type']).includes(listType)) {
    return problem('ERR_STATUS_LIST_INVALID', `${url} is not a ${listType}`, listPath)
  }
  if (!report.verified) {
    const failed = report.issues.filter((i) => i.severity !== 'warning')
    // An expired (or not yet valid) list says nothing current about the credential: unavailable, fail closed.
    if (failed.length > 0 && failed.every((i) => i.check === 'validity')) {
      return problem(
        'ERR_STATUS_UNAVAILABLE',
        `the status list ${url} is not valid now (${failed.map((i) => i.code).join(', ')}): the current status is unknown`,
        listPath,
      )
    }
    return problem(
      'ERR_STATUS_LIST_INVALID',
      `the status list ${url} does not verify (${failed
        .slice(0, 3)
        .map((i) => `${i.code}${i.path === undefined ? '' : ` at ${i.path}`}`)
        .join('; ')})`,
      listPath,
    )
  }
  // Bitstring Status List §2.2: a list MAY express an id matching its URL, and §3.2 checks neither that nor who issued
  // the list (the credential's issuer chose the URL, and may have the list signed by another key). Both are noted.
  const notes: Issue[] = []
  if (list['id'] !== undefined && list['id'] !== url) {
    notes.push({
      code: 'ERR_STATUS_LIST_ID_MISMATCH',
      check: 'status',
      path: listPath,
      severity: 'warning',
      message: `the status list fetched from ${url} calls itself ${JSON.stringify(list['id'])}`,
    })
  }
  const credentialIssuer = issuerIdOf(state.credential)
  const listIssuer = issuerIdOf(list)
  if (listIssuer !== credentialIssuer) {
    notes.push({
      code: 'ERR_STATUS_ISSUER_MISMATCH',
      check: 'status',
      path: listPath,
      severity: 'warning',
      message: `the status list was issued and signed by ${listIssuer ?? '(nobody)'}, not by the credential's issuer ${credentialIssuer ?? '(none)'}: the status it gives rests on whoever controls ${url}`,
    })
  }
  const read = readListEntry(entry, url, index, statusSize, purpose, list, inHand.bits, path, listPath)
  return { issues: [...notes, ...read.issues], ...(read.note === undefined ? {} : { note: read.note }) }
}

/**
 * The status list `document` verified (as a nested credential) and decoded: kept by the resolver's status list cache
 * (status/verified-cache.ts) when it has one and the list verified, and taken from it when the same document was
 * verified with the same options, its validity window judged again at `now`.
 */
async function listOf(
  state: VerificationState,
  verifyNested: NonNullable<VerificationState['verifyNested']>,
  document: unknown,
  type: string,
  url: string,
  listPath: string,
): Promise<ListInHand> {
  const lists = keptLists.of(state.resolver)
  const verifyList = (): Promise<VerificationReport> => verifyNested(document, listPath, LIST_CHECKS)
  const encoded = (report: VerificationReport) => encodedListOf(report.credential, type)
  if (lists === undefined) {
    const report = await verifyList()
    return { report, bits: () => decodeListBytes(encoded(report)) }
  }
  const key = statusListKey(state.options, type, url)
  const kept = lists.get(key, document)
  // As verifyNested() would: nothing once the time is spent, and the budget's count of nested verifications is taken.
  if (kept !== undefined && !state.budget.timeSpent && state.budget.takeNested())
    return { report: reportAtNow(kept, state), bits: () => kept.bits }

  const { value: report, lookups } = await lists.documents.watch(verifyList)
  lists.count('verifications')
  if (!keepable(report, type)) return { report, bits: () => decodeListBytes(encoded(report)) }
  let bits: Uint8Array
  try {
    bits = decodeListBytes(encoded(report))
  } catch (error) {
    return {
      report,
      bits: () => {
        throw error
      },
    }
  }
  lists.count('decodes')
  const validityIssues = trailingValidityIssues(report.issues)
  lists.set(key, url, {
    document,
    lookups,
    report,
    issuesBeforeValidity: report.issues.slice(0, report.issues.length - validityIssues),
    bits,
  })
  return { report, bits: () => bits }
}

/** The `encodedList` of a list credential; StatusList2021 wrote the GZIP base64url without the multibase prefix. */
function encodedListOf(list: Record<string, unknown> | undefined, type: string): unknown {
  const encoded = asArray(list?.['credentialSubject']).find(isJsonObject)?.['encodedList']
  return type === 'StatusList2021Entry' && typeof encoded === 'string' && !encoded.startsWith('u')
    ? `u${encoded}`
    : encoded
}

/**
 * Whether a list's report may be kept: the list is of the entry's list type, and its verification passed apart from
 * its validity window (which is judged at each use). Any other list is verified again at each use.
 */
function keepable(report: VerificationReport, type: string): boolean {
  const listType = LIST_TYPES[type]
  const status = (id: string) => report.checks.find((check) => check.id === id)?.status
  return (
    listType !== undefined &&
    report.credential !== undefined &&
    asArray<unknown>(report.credential['type']).includes(listType) &&
    report.proofUsed !== undefined &&
    REQUIRED_CHECKS.every((id) => status(id) === 'passed') &&
    report.checks.every((check) => check.id === 'validity' || check.status !== 'failed') &&
    // The checks a list is verified without add no issues: the validity check's come last.
    Object.keys(LIST_CHECKS ?? {}).every((id) => status(id) === 'skipped')
  )
}

/** How many issues at the end of a list's report are the validity check's. */
function trailingValidityIssues(issues: readonly Issue[]): number {
  let count = 0
  while (count < issues.length && issues[issues.length - 1 - count]?.check === 'validity') count++
  return count
}

/**
 * A kept list's report as verifying it now would make it: everything as kept, but the validity check judged at the
 * verification's `now` (and clock skew), and `verified` following it. Fresh arrays, so that no report shares them.
 */
function reportAtNow(kept: KeptList, state: VerificationState): VerificationReport {
  const list = kept.report.credential ?? {}
  // A nested verification without a caller's `now` takes the time it starts, as this does.
  const judged = checkValidity({ ...state, credential: list, now: state.options.now ?? new Date() })
  const outcome =
    state.options.policy === 'strict' && judged.issues.some((issue) => issue.severity === 'warning')
      ? fromIssues(asErrors(judged.issues))
      : judged
  const validity: CheckResult = {
    id: 'validity',
    status: outcome.status,
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
  }
  return {
    ...kept.report,
    verified: outcome.status !== 'failed',
    checks: kept.report.checks.map((check) => (check.id === 'validity' ? validity : { ...check })),
    issues: [...kept.issuesBeforeValidity.map((issue) => ({ ...issue })), ...outcome.issues],
    proofs: kept.report.proofs.map((proof) => ({ ...proof })),
  }
}

/** Reads the entry's bits in a verified list (W3C Bitstring Status List §3.2 steps 8-12). */
function readListEntry(
  entry: Record<string, unknown>,
  url: string,
  index: number,
  statusSize: number,
  purpose: unknown,
  list: Record<string, unknown>,
  listBits: () => Uint8Array,
  path: string,
  listPath: string,
): EntryResult {
  const problem = (code: Issue['code'], message: string, at = path): EntryResult => ({
    issues: [{ code, check: 'status', path: at, message }],
  })
  const subject = asArray(list['credentialSubject']).find(isJsonObject)
  const listPurposes = asArray(subject?.['statusPurpose'])
  if (typeof purpose !== 'string' || !listPurposes.includes(purpose)) {
    return problem(
      'ERR_STATUS_PURPOSE_MISMATCH',
      `the entry's purpose ${JSON.stringify(purpose)} is not the list's (${listPurposes.map((p) => JSON.stringify(p)).join(', ') || 'none'})`,
      `${path}.statusPurpose`,
    )
  }

  let value: number
  try {
    const bits = listBits()
    const entries = entryCountOf(bits, statusSize)
    if (index >= entries)
      return problem(
        'ERR_STATUS_LIST_INVALID',
        `index ${index} is beyond the end of the list (${entries} entries)`,
        `${path}.statusListIndex`,
      )
    value = readEntryBytes(bits, index, statusSize)
  } catch (error) {
    return problem(
      isMicrocredError(error) ? error.code : 'ERR_STATUS_LIST_INVALID',
      error instanceof Error ? error.message : String(error),
      listPath,
    )
  }

  if (purpose === 'message') {
    const messages = asArray(entry['statusMessage']).filter(isJsonObject)
    const hex = `0x${value.toString(16)}`
    // Compared as numbers: "0x02" and "0x2" are the same status.
    const meaning = messages.find(
      (m) => /^0x[0-9a-f]+$/i.test(String(m['status'])) && Number.parseInt(String(m['status']).slice(2), 16) === value,
    )?.['message']
    return value === 0 && meaning === undefined
      ? { issues: [], note: 'no status message is set' }
      : {
          issues: [
            {
              code: 'ERR_STATUS_MESSAGE',
              check: 'status',
              path,
              severity: 'warning',
              message: `status ${hex}${typeof meaning === 'string' ? `: ${meaning}` : ' (no message defined for it)'}`,
            },
          ],
        }
  }
  if (value === 0)
    return {
      issues: [],
      note: `not ${purpose === 'suspension' ? 'suspended' : purpose === 'revocation' ? 'revoked' : purpose} (${url} index ${index})`,
    }
  if (purpose === 'revocation')
    return problem('ERR_REVOKED', `the credential has been revoked (${url}, index ${index})`)
  if (purpose === 'suspension') return problem('ERR_SUSPENDED', `the credential is suspended (${url}, index ${index})`)
  return problem('ERR_STATUS_MESSAGE', `the status list (purpose ${JSON.stringify(purpose)}) flags this credential`)
}

/**
 * 1EdTech Revocation List (VCRL 1.0, read for older OB 3.0 credentials): the entry's `id` is the URL of a JSON
 * document listing `revokedCredentials` by credential id.
 */
async function checkRevocationList(
  state: VerificationState,
  entry: Record<string, unknown>,
  path: string,
): Promise<EntryResult> {
  const url = entry['id']
  if (typeof url !== 'string')
    return {
      issues: [
        {
          code: 'ERR_STATUS_LIST_INVALID',
          check: 'status',
          path: `${path}.id`,
          message: 'a 1EdTechRevocationList entry needs the list URL as its id',
        },
      ],
    }
  let list: unknown
  try {
    list = await state.resolver.fetchDocument(url)
  } catch (error) {
    return {
      issues: [
        {
          code: budgetSpent(error) ? 'ERR_BUDGET_EXCEEDED' : 'ERR_STATUS_UNAVAILABLE',
          check: 'status',
          path: `${path}.id`,
          message: `the revocation list ${url} could not be obtained: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    }
  }
  if (!isJsonObject(list) || !Array.isArray(list['revokedCredentials'])) {
    return {
      issues: [
        {
          code: 'ERR_STATUS_LIST_INVALID',
          check: 'status',
          path: `${path}.id`,
          message: `${url} is not a 1EdTech revocation list (it needs "revokedCredentials")`,
        },
      ],
    }
  }
  // Unsigned: the list is whatever the URL the issuer chose serves. An issuer it names other than the credential's is noted.
  const listIssuer = issuerIdOf(list)
  const notes: Issue[] =
    listIssuer !== undefined && listIssuer !== issuerIdOf(state.credential)
      ? [
          {
            code: 'ERR_STATUS_ISSUER_MISMATCH',
            check: 'status',
            path: `${path}.id`,
            severity: 'warning',
            message: `the revocation list names ${listIssuer} as its issuer, not the credential's issuer`,
          },
        ]
      : []
  const revoked = list['revokedCredentials'].filter(isJsonObject).find((item) => item['id'] === state.credential['id'])
  if (revoked === undefined) return { issues: notes, note: `not in the revocation list ${url}` }
  const reason = typeof revoked['revocationReason'] === 'string' ? `: ${revoked['revocationReason']}` : ''
  return {
    issues: [
      ...notes,
      { code: 'ERR_REVOKED', check: 'status', path, message: `the credential has been revoked${reason} (${url})` },
    ],
  }
}

/** True for the verification's budget running out, which `statusUnavailable: 'warn'` must not turn into a pass. */
function budgetSpent(error: unknown): boolean {
  return isMicrocredError(error) && error.code === 'ERR_BUDGET_EXCEEDED'
}
