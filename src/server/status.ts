/**
 * The service's own status lists (one for revocation, one for suspension), the index of which credential got
 * which entry (so `POST /credentials/status` can find it by credential id), and the signed lists it serves.
 */
import { open, readFile } from 'node:fs/promises'
import { MicrocredError } from '../errors.js'
import type { KeyPair } from '../keys/keypair.js'
import type { CredentialStatus } from '../model/ob3.js'
import { allocateStatus, createStatusList, openStatusList, setStatus, type StatusList } from '../status/list.js'
import { publishStatusList } from '../issue/status-list.js'
import type { StatusListStore } from '../status/store.js'

/** The purposes the service keeps a list for. */
export type ServicePurpose = 'revocation' | 'suspension'

/** A status change the service accepts: VC-API `status` values. */
export type StatusChange = 'revoked' | 'suspended' | 'active'

interface Entries {
  revocation?: number
  suspension?: number
}

/** Status lists, the issued index and the published lists of one service. */
export class ServiceStatusLists {
  private readonly published = new Map<ServicePurpose, Promise<Record<string, unknown>>>()
  private readonly pending = new Set<string>()

  private constructor(
    private readonly lists: Readonly<Record<ServicePurpose, StatusList>>,
    private readonly keyPair: KeyPair,
    private readonly issued: Map<string, Entries>,
    private readonly indexFile: string | undefined,
  ) {}

  /** Opens (or creates) the lists `<base>/status/revocation` and `<base>/status/suspension`, and reads the index. */
  static async open(
    base: string,
    store: StatusListStore,
    keyPair: KeyPair,
    indexFile?: string,
  ): Promise<ServiceStatusLists> {
    const lists = {} as Record<ServicePurpose, StatusList>
    for (const purpose of ['revocation', 'suspension'] as const) {
      const id = ServiceStatusLists.listUrl(base, purpose)
      try {
        lists[purpose] = await openStatusList(id, { store })
      } catch (error) {
        if (!(error instanceof MicrocredError && error.code === 'ERR_STATUS_LIST_UNKNOWN')) throw error
        lists[purpose] = await createStatusList({ id, purpose, store })
      }
    }
    const issued = new Map<string, Entries>()
    if (indexFile !== undefined) {
      let text = ''
      try {
        text = await readFile(indexFile, 'utf8')
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error
      }
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue
        try {
          const { id, purpose, index, released } = JSON.parse(line) as {
            id: string
            purpose: ServicePurpose
            index?: number
            released?: true
          }
          if (released === true) {
            const { [purpose]: _released, ...rest } = issued.get(id) ?? {}
            if (Object.keys(rest).length === 0) issued.delete(id)
            else issued.set(id, rest)
          } else {
            issued.set(id, { ...issued.get(id), [purpose]: index })
          }
        } catch {
          // A torn last line (a crash mid-append) names no credential that was ever returned to a client.
        }
      }
    }
    return new ServiceStatusLists(lists, keyPair, issued, indexFile)
  }

  /** The URL of a list (its status list credential's id). */
  static listUrl(base: string, purpose: ServicePurpose): string {
    return `${base.replace(/\/+$/, '')}/status/${purpose}`
  }

  /** True when `url` is one of this service's lists. */
  owns(url: string): ServicePurpose | undefined {
    return (['revocation', 'suspension'] as const).find((purpose) => this.lists[purpose].id === url)
  }

  /** Allocates an entry for a credential (recorded, durably when there is an index file, before it returns). */
  async allocate(credentialId: string, purpose: ServicePurpose): Promise<CredentialStatus> {
    const key = `${purpose}\u0000${credentialId}`
    if (this.issued.get(credentialId)?.[purpose] !== undefined || this.pending.has(key)) {
      throw new MicrocredError(
        'ERR_INVALID_INPUT',
        `a credential with id ${credentialId} already has a ${purpose} entry; give each credential a new id`,
        { path: 'id' },
      )
    }
    // Reserved before the first await: two concurrent requests for one id cannot both get an entry.
    this.pending.add(key)
    try {
      return await this.allocateReserved(credentialId, purpose)
    } finally {
      this.pending.delete(key)
    }
  }

  private async allocateReserved(credentialId: string, purpose: ServicePurpose): Promise<CredentialStatus> {
    const { index, credentialStatus } = await allocateStatus(this.lists[purpose])
    await this.record({ id: credentialId, purpose, index })
    this.issued.set(credentialId, { ...this.issued.get(credentialId), [purpose]: index })
    return credentialStatus
  }

  /**
   * Gives up the entry allocated to a credential that was not issued after all (its signing failed or ran out of
   * time): the credential id may be issued again, with a new entry. The list index stays spent (never set), since a
   * list cannot take an index back; it costs one bit.
   */
  async release(credentialId: string, purpose: ServicePurpose): Promise<void> {
    const entries = this.issued.get(credentialId)
    if (entries?.[purpose] === undefined) return
    await this.record({ id: credentialId, purpose, released: true })
    const { [purpose]: _released, ...rest } = entries
    if (Object.keys(rest).length === 0) this.issued.delete(credentialId)
    else this.issued.set(credentialId, rest)
  }

  /** Appends a line to the index file (durably) when there is one. */
  private async record(line: { id: string; purpose: ServicePurpose; index?: number; released?: true }): Promise<void> {
    if (this.indexFile === undefined) return
    const handle = await open(this.indexFile, 'a', 0o600)
    try {
      await handle.write(`${JSON.stringify(line)}\n`)
      await handle.sync()
    } finally {
      await handle.close()
    }
  }

  /** The index a change applies to; throws (`ERR_STATUS_LIST_UNKNOWN`, `ERR_STATUS_PURPOSE_MISMATCH`) when it cannot apply. */
  assertChangeable(
    credentialId: string,
    change: StatusChange,
    path: string,
  ): { purpose: ServicePurpose; index: number } {
    const entries = this.issued.get(credentialId)
    if (entries === undefined)
      throw new MicrocredError(
        'ERR_STATUS_LIST_UNKNOWN',
        `this service issued no credential with id ${credentialId} and a status entry`,
        { path: 'credentialId' },
      )
    const purpose: ServicePurpose = change === 'revoked' ? 'revocation' : 'suspension'
    const index = entries[purpose]
    if (index === undefined) {
      throw new MicrocredError(
        'ERR_STATUS_PURPOSE_MISMATCH',
        `the credential ${credentialId} has no ${purpose} entry, so it cannot be ${change === 'active' ? 'restored' : change}`,
        { path },
      )
    }
    return { purpose, index }
  }

  /** Applies a status change to a credential the service issued with an entry of the right purpose. */
  async update(credentialId: string, change: StatusChange): Promise<void> {
    const { purpose, index } = this.assertChangeable(credentialId, change, 'credentialStatus[0].status')
    await setStatus(this.lists[purpose], index, change !== 'active')
    this.published.delete(purpose)
  }

  /** The signed status list credential of a purpose, re-signed after each change. */
  async credential(purpose: ServicePurpose): Promise<Record<string, unknown>> {
    let signed = this.published.get(purpose)
    if (signed === undefined) {
      signed = publishStatusList(this.lists[purpose], { keyPair: this.keyPair }).then(
        (list) => list as unknown as Record<string, unknown>,
      )
      this.published.set(purpose, signed)
      signed.catch(() => this.published.delete(purpose))
    }
    return signed
  }
}
