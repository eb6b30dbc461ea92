import type { Proof } from '../model/ob3.js'
import { assertOptions } from '../util/json.js'
import { assertList, type StatusList } from '../status/entry.js'
import { statusListCredential, type BitstringStatusListCredential } from '../status/list.js'
import { issue, type IssueOptions } from './issue.js'

/** Options of {@link publishStatusList}: how to sign (as for `issue()`) and the list credential's validity. */
export interface PublishStatusListOptions extends Pick<IssueOptions, 'keyPair' | 'signer' | 'created' | 'documentLoader'> {
  validFrom?: string | Date
  validUntil?: string | Date
}

export async function publishStatusList(list: StatusList, options: PublishStatusListOptions): Promise<BitstringStatusListCredential & { proof: Proof[] }> {
  assertList(list, 'publishStatusList(list, options)')
  assertOptions(options, 'publishStatusList(list, options)')
  const issuer = options?.keyPair?.controller ?? options?.signer?.id.split('#')[0]
  if (issuer === undefined) throw new TypeError('publishStatusList(list, options): pass options.keyPair or options.signer')
  const { validFrom, validUntil, ...signing } = options
  const credential = await statusListCredential(list, { issuer, ...(validFrom === undefined ? {} : { validFrom }), ...(validUntil === undefined ? {} : { validUntil }) })
  return issue(credential, signing)
}
