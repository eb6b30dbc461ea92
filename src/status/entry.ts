/** A status list handle, and the `credentialStatus` entry of one of its indexes. */
import type { CredentialStatus } from '../model/ob3.js'
import { BITSTRING_STATUS_CONTEXT } from '../context/urls.js'
import { withContext } from '../context/with-context.js'
import { isVc11 } from '../schema/validate.js'
import { isJsonObject } from '../util/json.js'
import type { StatusListRecord, StatusListStore } from './store.js'

/** A status list bound to the store that holds it. */
export interface StatusList extends Readonly<StatusListRecord> {
  readonly store: StatusListStore
}

/** Throws `TypeError` unless `list` is a status list handle. */
export function assertList(list: unknown, where: string): asserts list is StatusList {
  if (!isJsonObject(list) || typeof list['id'] !== 'string' || !isJsonObject(list['store']))
    throw new TypeError(`${where}: not a status list (use createStatusList or openStatusList)`)
}

/**
 * The `credentialStatus` entry for an index of a list (W3C Bitstring Status List §2.1).
 *
 * @example
 * ```ts
 * statusEntry(list, 42)
 * // { id: 'https://uni.example/status/1#42', type: 'BitstringStatusListEntry', statusPurpose: 'revocation',
 * //   statusListIndex: '42', statusListCredential: 'https://uni.example/status/1' }
 * ```
 */
export function statusEntry(list: StatusList, index: number): CredentialStatus {
  assertList(list, 'statusEntry(list, index)')
  return {
    id: `${list.id}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: list.purpose,
    statusListIndex: String(index),
    statusListCredential: list.id,
    ...(list.statusSize > 1
      ? { statusSize: list.statusSize, statusMessage: list.statusMessages?.map((m) => ({ ...m })) ?? [] }
      : {}),
  }
}

/**
 * The credential with the Bitstring Status List context added when its own contexts do not define a status entry's
 * terms (a VC 1.1 credential without it); otherwise the credential itself.
 *
 * @example
 * ```ts
 * withStatusContext({ '@context': ['https://www.w3.org/2018/credentials/v1'], ... })
 * // { '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/ns/credentials/status/v1'], ... }
 * ```
 */
export function withStatusContext<C extends object>(credential: C): C {
  return isVc11(credential as Record<string, unknown>) ? withContext(credential, BITSTRING_STATUS_CONTEXT) : credential
}

/**
 * The credential with `entry` as its `credentialStatus`, and the context its terms need (see {@link withStatusContext}):
 * how `issue({ status })`, the batch issuer, the CLI and the service all attach an entry.
 *
 * @example
 * ```ts
 * const unsigned = withStatusEntry(credential, statusEntry(list, 42))
 * ```
 */
export function withStatusEntry<C extends object>(
  credential: C,
  entry: CredentialStatus,
): C & { credentialStatus: CredentialStatus } {
  return { ...withStatusContext(credential), credentialStatus: entry }
}

/**
 * Why a status entry cannot be added to a credential before it is signed, said of it (`already has a
 * credentialStatus`, `is already signed; ...`), or `undefined` when it can be.
 */
export function statusEntryRefusal(credential: { credentialStatus?: unknown; proof?: unknown }): string | undefined {
  if (credential.credentialStatus !== undefined) return 'already has a credentialStatus'
  if (credential.proof !== undefined) return 'is already signed; a status entry added now would break its proofs'
  return undefined
}
