/**
 * Check `status`: is the credential revoked or suspended? For each `credentialStatus` entry the status list is
 * fetched through the injected fetch (cached for the resolver's TTL), verified like any credential (proof, key
 * bound to its own issuer, validity window), required to have the entry's purpose, then the entry's bits are read
 * (W3C Bitstring Status List §3.2). A list whose `id` is not its URL, or issued by someone other than the
 * credential's issuer, is read all the same, with a warning (§2.2 makes the id optional; §3.2 checks neither).
 * Fail closed: a list that cannot be obtained fails the check with `ERR_STATUS_UNAVAILABLE`, unless
 * `statusUnavailable: 'warn'`. Nothing is fetched until the credential's own proof verified with its issuer's key.
 *
 * Also read: `StatusList2021Entry` (the Bitstring Status List's predecessor, encodedList without multibase prefix)
 * and 1EdTech's `1EdTechRevocationList` (an issuer-hosted JSON list of revoked credential ids).
 */
import type { Issue } from '../../errors.js'
import { isMicrocredError } from '../../errors.js'
import { decodeList, readEntry } from '../../status/bitstring.js'
import { asArray, isJsonObject } from '../../util/json.js'
import { issuerIdOf } from './issuer-binding.js'
import {
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
  const report = await state.verifyNested(document, listPath, {
    status: false,
    endorsements: false,
    credentials: false,
    recipient: false,
    'eu-profile': false,
  })
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
  const read = readListEntry(entry, type, url, index, statusSize, purpose, list, path, listPath)
  return { issues: [...notes, ...read.issues], ...(read.note === undefined ? {} : { note: read.note }) }
}

/** Reads the entry's bits in a verified list (W3C Bitstring Status List §3.2 steps 8-12). */
function readListEntry(
  entry: Record<string, unknown>,
  type: string,
  url: string,
  index: number,
  statusSize: number,
  purpose: unknown,
  list: Record<string, unknown>,
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
    const encoded = subject?.['encodedList']
    // StatusList2021 wrote the GZIP base64url without the multibase prefix.
    const bits = decodeList(
      type === 'StatusList2021Entry' && typeof encoded === 'string' && !encoded.startsWith('u')
        ? `u${encoded}`
        : encoded,
    )
    if ((index + 1) * statusSize > bits.length)
      return problem(
        'ERR_STATUS_LIST_INVALID',
        `index ${index} is beyond the end of the list (${Math.floor(bits.length / statusSize)} entries)`,
        `${path}.statusListIndex`,
      )
    value = readEntry(bits, index, statusSize)
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
