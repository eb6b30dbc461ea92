/** `microcred did-web`: the did.json a did:web issuer hosts. */
import type { Command } from 'commander'
import { didWebDocument } from '../../keys/documents.js'
import type { KeyPair } from '../../keys/keypair.js'
import { loadKey, UsageError, writeResult } from '../io.js'

export function registerDidWeb(program: Command): void {
  program
    .command('did-web')
    .description("write the did.json a did:web issuer hosts, listing its keys (the keys' controller is the DID)")
    .requiredOption('-k, --key <file...>', 'key files of the issuer (public or secret; only public keys are written)')
    .option('-o, --out <file>', 'write did.json here instead of stdout')
    .option('--force', 'replace --out if it exists')
    .addHelpText(
      'after',
      '\nExample:\n  microcred keygen --controller did:web:uni.example --out uni-key.json\n  microcred did-web --key uni-key.json --out did.json   # host at https://uni.example/.well-known/did.json',
    )
    .action(async (options: { key: string[]; out?: string; force?: boolean }) => {
      const keyPairs: KeyPair[] = []
      for (const file of options.key) keyPairs.push(await loadKey(file, { publicOnly: true }))
      const [first] = keyPairs
      if (first === undefined) throw new UsageError("give the issuer's key with --key <file>")
      const did = first.controller
      if (!did.startsWith('did:web:'))
        throw new UsageError(
          `${options.key[0]}: the key is controlled by ${did}, not a did:web (make one with \`microcred keygen --controller did:web:<host>\`)`,
        )
      const other = keyPairs.find((k) => k.controller !== did)
      if (other !== undefined)
        throw new UsageError(
          `the keys have different controllers (${did}, ${other.controller}); a did.json lists the keys of one DID`,
        )
      const { url, document } = didWebDocument(did, { keyPairs })
      await writeResult(options.out, `${JSON.stringify(document, null, 2)}\n`, { force: options.force === true })
      process.stderr.write(`host it at ${url}\n`)
    })
}
