/** `microcred issue`: sign a credential, from the builder's input or an unsigned credential. */
import type { Command } from 'commander'
import { createMicroCredential } from '../../credential/microcredential.js'
import { issue } from '../../issue/issue.js'
import type { MicroCredentialInput } from '../../model/input.js'
import type { CredentialBase } from '../../model/ob3.js'
import { VALIDATION_PROFILES } from '../../schema/validate.js'
import { allocateStatus } from '../../status/list.js'
import { isJsonObject, type JsonObject } from '../../util/json.js'
import {
  assertWritable,
  collect,
  loadKey,
  parseProfile,
  readContexts,
  readJsonObject,
  UsageError,
  writeResult,
} from '../io.js'
import { withStatusEntry } from '../../status/entry.js'
import { proofOptions, withProofFlags, type ProofFlags } from '../proof-flags.js'
import { openStoreList } from './status.js'

/**
 * The credential to sign for an input file: a credential (anything with `@context`: an Open Badge, any W3C
 * credential, one already signed) as is, or the builder's input built. In builder input, a missing issuer id is
 * the key's controller and a missing `issued` is now.
 */
export function credentialForInput(input: JsonObject, controller: string): CredentialBase {
  if ('@context' in input) return input as unknown as CredentialBase
  const issuer = isJsonObject(input['issuer']) ? input['issuer'] : {}
  const completed = {
    ...input,
    issuer: { ...issuer, id: typeof issuer['id'] === 'string' ? issuer['id'] : controller },
    issued: input['issued'] ?? new Date(Math.floor(Date.now() / 1000) * 1000),
  }
  return createMicroCredential(completed as unknown as MicroCredentialInput)
}

export function registerIssue(program: Command): void {
  const command = program
    .command('issue')
    .description(
      "sign a credential: from the builder's input (JSON: issuer, learner, title, ... as createMicroCredential takes) or from a credential (Open Badges or any W3C VC 2.0 / 1.1 credential; one already signed gets one more proof)",
    )
    .argument('<input>', 'JSON file: builder input or a credential ("-" reads stdin)')
    .requiredOption('-k, --key <file>', 'secret key file (microcred keygen)')
    .option('-o, --out <file>', 'write the signed credential here instead of stdout')
  withProofFlags(command)
    .option('--status-store <dir>', 'status list folder (microcred status create): give the credential an entry')
    .option('--status-list <url>', 'the list in --status-store to use')
    .option(
      '--profile <profile>',
      `rules checked before signing: ${VALIDATION_PROFILES.join(', ')} (auto: OB 3.0 rules for Open Badges, the EU profile for EU micro-credentials, the VC Data Model alone for other credentials)`,
      'auto',
    )
    .option(
      '--context <url>=<file>',
      'trust an extra JSON-LD context the credential uses: its URL and a file holding its document (repeatable)',
      collect,
      [],
    )
    .option('--force', 'replace --out if it exists')
    .addHelpText(
      'after',
      '\nIn builder input, a missing issuer.id is the key\'s controller and a missing "issued" is now. A credential that\nalready has a proof gets one more (a proof set). An ES256 or RS256 key signs --proof vc-jwt only.\n\nExamples:\n  microcred issue course.json --key issuer-key.json --out credential.json\n  microcred issue course.json --key issuer-key.json --proof vc-jwt --out credential.jwt\n  microcred issue degree.json --key issuer-key.json --context https://uni.example/ctx/v1=uni-context.json',
    )
    .action(
      async (
        file: string,
        options: ProofFlags & {
          key: string
          out?: string
          statusStore?: string
          statusList?: string
          profile: string
          context: string[]
          force?: boolean
        },
      ) => {
        const proof = proofOptions(options)
        if ((options.statusStore === undefined) !== (options.statusList === undefined))
          throw new UsageError('--status-store and --status-list go together')
        const profile = parseProfile(options.profile)
        assertWritable(options.out, options.force)
        const extra = await readContexts(options.context)
        const keyPair = await loadKey(options.key)
        const input = await readJsonObject(file, "the builder's input or a credential")
        let credential = credentialForInput(input, keyPair.controller)
        const proofs =
          credential.proof === undefined ? 0 : Array.isArray(credential.proof) ? credential.proof.length : 1
        if (proofs > 0) {
          // The proofs already there sign the credential as it is: a status entry added now would break every one.
          if (options.statusStore !== undefined)
            throw new UsageError(
              '--status-store: the input already has a proof, which a status entry added now would break; give the entry before the first signature',
            )
          if (proof.proof === 'vc-jwt')
            throw new UsageError(
              '--proof vc-jwt: the input already has a proof; a VC-JWT secures an unsigned credential (add to the proof set with --proof eddsa-rdfc-2022 or Ed25519Signature2020)',
            )
        }
        if (options.statusStore !== undefined && options.statusList !== undefined) {
          const { credentialStatus } = await allocateStatus(
            await openStoreList(options.statusStore, options.statusList),
          )
          credential = withStatusEntry(credential, credentialStatus)
        }
        const issued = await issue(credential, {
          keyPair,
          profile,
          ...proof,
          ...(extra === undefined ? {} : { documentLoader: extra.documentLoader }),
        })
        const signed = typeof issued === 'string' ? `${issued}\n` : `${JSON.stringify(issued, null, 2)}\n`
        await writeResult(options.out, signed, { force: options.force === true })
        if (proofs > 0)
          process.stderr.write(
            `note: the input already had ${proofs} proof${proofs === 1 ? '' : 's'}; one more was added (a proof set)\n`,
          )
      },
    )
}
