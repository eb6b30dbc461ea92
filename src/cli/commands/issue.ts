/** `microcred issue`: sign a credential, from the builder's input or an unsigned credential. */
import type { Command } from 'commander'
import { createMicroCredential } from '../../build/microcredential.js'
import { issue } from '../../issue.js'
import type { MicroCredentialInput } from '../../model/input.js'
import type { CredentialBase } from '../../model/ob3.js'
import { issueJwt } from '../../proof/jwt/issue-jwt.js'
import { PROOF_FORMATS, type ProofFormat } from '../../proof/suite.js'
import { allocateStatus } from '../../status/list.js'
import { isJsonObject, type JsonObject } from '../../util/json.js'
import { assertWritable, loadKey, readJsonObject, UsageError, writeResult } from '../io.js'
import { openStoreList } from './status.js'


/**
 * The unsigned credential for an input file: an unsigned credential as is, or the builder's input built. In
 * builder input, a missing issuer id is the key's controller and a missing `issued` is now.
 */
export function credentialForInput(input: JsonObject, controller: string): CredentialBase {
  if ('@context' in input) {
    if ('proof' in input) throw new UsageError('the input is already signed (it has a proof)')
    return input as unknown as CredentialBase
  }
  const issuer = isJsonObject(input['issuer']) ? input['issuer'] : {}
  const completed = {
    ...input,
    issuer: { ...issuer, id: typeof issuer['id'] === 'string' ? issuer['id'] : controller },
    issued: input['issued'] ?? new Date(Math.floor(Date.now() / 1000) * 1000),
  }
  return createMicroCredential(completed as unknown as MicroCredentialInput)
}

export function registerIssue(program: Command): void {
  program
    .command('issue')
    .description("sign a credential: from the builder's input (JSON: issuer, learner, title, ... as createMicroCredential takes) or from an unsigned credential")
    .argument('<input>', 'JSON file: builder input or unsigned credential ("-" reads stdin)')
    .requiredOption('-k, --key <file>', 'secret key file (microcred keygen)')
    .option('-o, --out <file>', 'write the signed credential here instead of stdout')
    .option('--format <format>', 'ldp (embedded proof, JSON) or jwt (VC-JWT)', 'ldp')
    .option('--proof <type>', `proof type for --format ldp: ${PROOF_FORMATS.join(' or ')}`, 'eddsa-rdfc-2022')
    .option('--status-store <dir>', 'status list folder (microcred status create): give the credential an entry')
    .option('--status-list <url>', 'the list in --status-store to use')
    .option('--force', 'replace --out if it exists')
    .addHelpText('after', '\nIn builder input, a missing issuer.id is the key\'s controller and a missing "issued" is now.\n\nExample:\n  microcred issue course.json --key issuer-key.json --out credential.json')
    .action(async (file: string, options: { key: string; out?: string; format: string; proof: string; statusStore?: string; statusList?: string; force?: boolean }) => {
      if (options.format !== 'ldp' && options.format !== 'jwt') throw new UsageError(`--format must be ldp or jwt, not ${JSON.stringify(options.format)}`)
      if (!(PROOF_FORMATS as readonly string[]).includes(options.proof)) throw new UsageError(`--proof must be ${PROOF_FORMATS.join(' or ')}, not ${JSON.stringify(options.proof)}`)
      if ((options.statusStore === undefined) !== (options.statusList === undefined)) throw new UsageError('--status-store and --status-list go together')
      assertWritable(options.out, options.force)
      const keyPair = await loadKey(options.key)
      const input = await readJsonObject(file, "the builder's input or an unsigned credential")
      let credential = credentialForInput(input, keyPair.controller)
      if (options.statusStore !== undefined && options.statusList !== undefined) {
        const { credentialStatus } = await allocateStatus(await openStoreList(options.statusStore, options.statusList))
        credential = { ...credential, credentialStatus }
      }
      const signed = options.format === 'jwt'
        ? `${await issueJwt(credential, { keyPair })}\n`
        : `${JSON.stringify(await issue(credential, { keyPair, proof: options.proof as ProofFormat }), null, 2)}\n`
      await writeResult(options.out, signed, { force: options.force === true })
    })
}
