/** `microcred keygen`: a new issuer key, its secret written to a file only the user can read. */
import type { Command } from 'commander'
import { exportKeyPair, generateKeyPair, type KeyAlgorithm } from '../../keys/keypair.js'
import { UsageError, writeOutput } from '../io.js'

const ALGORITHMS: readonly KeyAlgorithm[] = ['Ed25519', 'ES256', 'RS256']

export function registerKeygen(program: Command): void {
  program
    .command('keygen')
    .description('make an issuer key pair; the secret key goes to a file with mode 0600 and is never printed')
    .option('-o, --out <file>', 'secret key file', 'issuer-key.json')
    .option('--algorithm <algorithm>', 'Ed25519, ES256 or RS256', 'Ed25519')
    .option(
      '--controller <iri>',
      'the issuer that controls the key (did:web:uni.example, https://uni.example/issuer); default a did:key (did:jwk for RS256)',
    )
    .option('--id <iri>', 'the key id (verification method); default <controller>#<key>')
    .option('--public <file>', 'also write the public key (safe to share) to this file')
    .option('--force', 'replace existing files')
    .option('--json', 'print the public key as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  microcred keygen --controller did:web:uni.example --out uni-key.json\n  microcred did-web --key uni-key.json --out did.json',
    )
    .action(
      async (options: {
        out: string
        algorithm: string
        controller?: string
        id?: string
        public?: string
        force?: boolean
        json?: boolean
      }) => {
        if (!ALGORITHMS.includes(options.algorithm as KeyAlgorithm))
          throw new UsageError(`--algorithm must be ${ALGORITHMS.join(', ')}, not ${JSON.stringify(options.algorithm)}`)
        const keyPair = await generateKeyPair({
          algorithm: options.algorithm as KeyAlgorithm,
          ...(options.controller === undefined ? {} : { controller: options.controller }),
          ...(options.id === undefined ? {} : { id: options.id }),
        })
        const force = options.force === true
        await writeOutput(options.out, `${JSON.stringify(exportKeyPair(keyPair, { secret: true }), null, 2)}\n`, {
          force,
          mode: 0o600,
        })
        const publicKey = `${JSON.stringify(exportKeyPair(keyPair), null, 2)}\n`
        if (options.public !== undefined) await writeOutput(options.public, publicKey, { force })
        if (options.json === true) {
          process.stdout.write(publicKey)
          return
        }
        process.stdout.write(
          [
            `wrote the secret key to ${options.out} (mode 0600: keep it like a password)`,
            ...(options.public === undefined ? [] : [`wrote the public key to ${options.public}`]),
            `algorithm   ${keyPair.algorithm}`,
            `controller  ${keyPair.controller}   (use it as the issuer id)`,
            `key id      ${keyPair.id}`,
            '',
          ].join('\n'),
        )
      },
    )
}
