/** `microcred status`: the issuer's status lists in a folder — create, revoke, suspend, publish. */
import type { Command } from 'commander'
import { isMicrocredError } from '../../errors.js'
import { FileStatusListStore } from '../../status/file-store.js'
import { createStatusList, getStatus, openStatusList, setStatus, type StatusList } from '../../status/list.js'
import { publishStatusList } from '../../issue/status-list.js'
import type { StatusPurpose } from '../../status/store.js'
import { asArray, isJsonObject } from '../../util/json.js'
import { credentialFrom, loadKey, readInput, UsageError, writeResult } from '../io.js'

/** A list of a folder store, or a usage error saying how to create it. */
export async function openStoreList(folder: string, id: string): Promise<StatusList> {
  try {
    return await openStatusList(id, { store: new FileStatusListStore(folder) })
  } catch (error) {
    if (isMicrocredError(error) && error.code === 'ERR_STATUS_LIST_UNKNOWN') {
      throw new UsageError(
        `there is no status list ${id} in ${folder}; create it with \`microcred status create --store ${folder} --id ${id}\``,
      )
    }
    throw error
  }
}

function parseIndex(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--index must be a non-negative integer, not ${JSON.stringify(text)}`)
  return Number(text)
}

/** The entries to change: the credential's entries in this store's lists of `purpose`, or `--list`/`--index`. */
async function targets(
  file: string | undefined,
  options: { store: string; list?: string; index?: string },
  purpose: StatusPurpose,
): Promise<{ list: StatusList; index: number }[]> {
  if (options.list !== undefined || options.index !== undefined) {
    if (options.list === undefined || options.index === undefined || file !== undefined)
      throw new UsageError('give either a credential file, or --list and --index')
    return [{ list: await openStoreList(options.store, options.list), index: parseIndex(options.index) }]
  }
  if (file === undefined) throw new UsageError('give the credential file (or --list and --index)')
  const { credential } = credentialFrom(await readInput(file), file)
  const found: { list: StatusList; index: number }[] = []
  for (const entry of asArray(credential['credentialStatus']).filter(isJsonObject)) {
    const url = entry['statusListCredential']
    if (typeof url !== 'string' || entry['statusPurpose'] !== purpose) continue
    const list = await openStatusList(url, { store: new FileStatusListStore(options.store) }).catch(() => undefined)
    if (list !== undefined) found.push({ list, index: parseIndex(String(entry['statusListIndex'])) })
  }
  if (found.length === 0)
    throw new UsageError(`${file}: the credential has no ${purpose} entry in a list of ${options.store}`)
  return found
}

function registerChange(
  status: Command,
  name: string,
  purpose: StatusPurpose,
  value: boolean,
  description: string,
): void {
  status
    .command(name)
    .description(description)
    .argument('[credential]', 'the credential (JSON, JWT or baked image): its entry is found in the store')
    .requiredOption('--store <dir>', 'status list folder')
    .option('--list <url>', 'the list, instead of a credential file')
    .option('--index <n>', 'the entry, with --list')
    .action(async (file: string | undefined, options: { store: string; list?: string; index?: string }) => {
      for (const { list, index } of await targets(file, options, purpose)) {
        await setStatus(list, index, value)
        process.stdout.write(
          `${list.id} index ${index}: ${name === 'unsuspend' ? 'no longer suspended' : `${name}d`}; run \`microcred status publish\` and upload the list\n`,
        )
      }
    })
}

export function registerStatus(program: Command): void {
  const status = program
    .command('status')
    .description('revocation and suspension lists (W3C Bitstring Status List), kept in a folder')

  status
    .command('create')
    .description('create a status list')
    .requiredOption('--store <dir>', 'status list folder (created if missing)')
    .requiredOption('--id <url>', 'the https URL the list will be published at')
    .option('--purpose <purpose>', 'revocation or suspension', 'revocation')
    .option('--length <n>', 'number of entries (default 131072, the minimum for herd privacy)')
    .action(async (options: { store: string; id: string; purpose: string; length?: string }) => {
      if (options.purpose !== 'revocation' && options.purpose !== 'suspension')
        throw new UsageError(`--purpose must be revocation or suspension, not ${JSON.stringify(options.purpose)}`)
      const list = await createStatusList({
        id: options.id,
        purpose: options.purpose,
        store: new FileStatusListStore(options.store),
        ...(options.length === undefined ? {} : { length: parseIndex(options.length) }),
      })
      process.stdout.write(`created ${list.purpose} list ${list.id} (${list.length} entries) in ${options.store}\n`)
    })

  registerChange(status, 'revoke', 'revocation', true, 'revoke a credential (for good)')
  registerChange(status, 'suspend', 'suspension', true, 'suspend a credential')
  registerChange(status, 'unsuspend', 'suspension', false, 'lift a suspension')

  status
    .command('show')
    .description("print a credential's status in the store's lists")
    .argument('<credential>', 'the credential (JSON, JWT or baked image)')
    .requiredOption('--store <dir>', 'status list folder')
    .action(async (file: string, options: { store: string }) => {
      const { credential } = credentialFrom(await readInput(file), file)
      const lines: string[] = []
      for (const entry of asArray(credential['credentialStatus']).filter(isJsonObject)) {
        const url = String(entry['statusListCredential'])
        const list = await openStatusList(url, { store: new FileStatusListStore(options.store) }).catch(() => undefined)
        const index = parseIndex(String(entry['statusListIndex']))
        lines.push(
          list === undefined
            ? `${url} index ${index}: not a list of ${options.store}`
            : `${list.purpose} ${list.id} index ${index}: ${(await getStatus(list, index)) === 0 ? 'clear' : list.purpose === 'revocation' ? 'revoked' : 'suspended'}`,
        )
      }
      process.stdout.write(lines.length === 0 ? 'the credential has no credentialStatus\n' : `${lines.join('\n')}\n`)
    })

  status
    .command('publish')
    .description('sign the list as a BitstringStatusListCredential, to upload at its URL')
    .requiredOption('--store <dir>', 'status list folder')
    .requiredOption('--id <url>', 'the list')
    .requiredOption('-k, --key <file>', "the issuer's secret key file (the same issuer as the credentials)")
    .option('-o, --out <file>', 'write it here instead of stdout')
    .option('--valid-until <date-time>', 'when verifiers should stop trusting this copy (publish again before)')
    .option('--force', 'replace --out if it exists')
    .action(
      async (options: {
        store: string
        id: string
        key: string
        out?: string
        validUntil?: string
        force?: boolean
      }) => {
        if (options.validUntil !== undefined && Number.isNaN(Date.parse(options.validUntil)))
          throw new UsageError(`--valid-until: ${JSON.stringify(options.validUntil)} is not a date-time`)
        const list = await openStoreList(options.store, options.id)
        const published = await publishStatusList(list, {
          keyPair: await loadKey(options.key),
          ...(options.validUntil === undefined ? {} : { validUntil: new Date(options.validUntil) }),
        })
        await writeResult(options.out, `${JSON.stringify(published, null, 2)}\n`, { force: options.force === true })
      },
    )
}
