/** A status list handle, and the `credentialStatus` entry of one of its indexes. */
import type { CredentialStatus } from '../model/ob3.js'
import { isJsonObject } from '../util/json.js'
import type { StatusListRecord, StatusListStore } from './store.js'

/** A status list bound to the store that holds it. */
export interface StatusList extends Readonly<StatusListRecord> {
  readonly store: StatusListStore
}

/** Throws `TypeError` unless `list` is a status list handle. */
export function assertList(list: unknown, where: string): asserts list is StatusList {
  if (!isJsonObject(list) || typeof list['id'] !== 'string' || !isJsonObject(list['store'])) throw new TypeError(`${where}: not a status list (use createStatusList or openStatusList)`)
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
    ...(list.statusSize > 1 ? { statusSize: list.statusSize, statusMessage: list.statusMessages?.map((m) => ({ ...m })) ?? [] } : {}),
  }
}

