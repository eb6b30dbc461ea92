import type { Proof } from '../model/ob3.js'
import { assertOptions } from '../util/json.js'
import { assertList, type StatusList } from '../status/entry.js'
import { statusListCredential, type BitstringStatusListCredential } from '../status/list.js'
import { issue, type IssueOptions } from './issue.js'
import { withoutFragment } from '../util/iri.js'

/** Options of {@link publishStatusList}: how to sign (as for `issue()`) and the list credential's validity. */
export interface PublishStatusListOptions extends Pick<
  IssueOptions,
  'keyPair' | 'signer' | 'created' | 'documentLoader'
> {
  /** Start of the list credential's validity; default now. */
  validFrom?: string | Date
  /** End of its validity; verifiers refuse an expired list. */
  validUntil?: string | Date
}

/**
 * Builds and signs the `BitstringStatusListCredential` of a list (VC 2.0, `eddsa-rdfc-2022`), with the current
 * statuses GZIP-compressed and base64url-encoded. Publish it at `list.id`. Sign with the issuer's key: verifiers
 * accept a list only from the issuer of the credential that points to it.
 *
 * @example
 * ```ts
 * const listCredential = await publishStatusList(list, { keyPair, validUntil: new Date(Date.now() + 86_400_000) })
 * await writeFile('public/status/1', JSON.stringify(listCredential))
 * ```
 */
export async function publishStatusList(
  list: StatusList,
  options: PublishStatusListOptions,
): Promise<BitstringStatusListCredential & { proof: Proof[] }> {
  assertList(list, 'publishStatusList(list, options)')
  assertOptions(options, 'publishStatusList(list, options)')
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- callers in JavaScript can leave the options out (assertOptions() lets undefined through): they get the TypeError below
  const { keyPair, signer } = options ?? {}
  const issuer = keyPair?.controller ?? (signer === undefined ? undefined : withoutFragment(signer.id))
  if (issuer === undefined)
    throw new TypeError('publishStatusList(list, options): pass options.keyPair or options.signer')
  const { validFrom, validUntil, ...signing } = options
  const credential = await statusListCredential(list, {
    issuer,
    ...(validFrom === undefined ? {} : { validFrom }),
    ...(validUntil === undefined ? {} : { validUntil }),
  })
  return issue(credential, signing)
}
