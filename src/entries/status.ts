/**
 * `microcred/status`: Bitstring Status Lists. Create and open lists in a store (memory, files, PostgreSQL),
 * allocate an entry per credential, revoke or suspend, and publish the signed status list credential.
 *
 * @example
 * ```ts
 * import { FileStatusListStore, openOrCreateStatusList, publishStatusList, setStatus } from 'microcred/status'
 *
 * const store = new FileStatusListStore('./status')
 * const list = await openOrCreateStatusList({ id: 'https://uni.example/status/1', purpose: 'revocation', store })
 * const signed = await issue(credential, { keyPair, status: list })
 * // Revoking it later: the entry's index is in the credential.
 * await setStatus(list, Number(signed.credentialStatus.statusListIndex), true)
 * await writeFile('public/status/1', JSON.stringify(await publishStatusList(list, { keyPair })))
 * ```
 *
 * @packageDocumentation
 * @module microcred/status
 */
export {
  createStatusList,
  openOrCreateStatusList,
  openStatusList,
  allocateStatus,
  statusEntry,
  setStatus,
  getStatus,
  type BitstringStatusListCredential,
  type CreateStatusListOptions,
  type StatusList,
} from '../status/list.js'
export { publishStatusList, type PublishStatusListOptions } from '../issue/status-list.js'
export {
  MemoryStatusListStore,
  type StatusListRecord,
  type StatusListStore,
  type StatusMessage,
  type StatusPurpose,
} from '../status/store.js'
export { FileStatusListStore, type FileStatusListStoreOptions } from '../status/file-store.js'
export {
  PostgresStatusListStore,
  type PostgresStatusListStoreOptions,
  type SqlClient,
} from '../status/postgres-store.js'
export { MIN_STATUS_LIST_LENGTH } from '../status/bitstring.js'
