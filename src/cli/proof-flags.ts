/**
 * The flags that choose the proof, shared by `microcred issue` and `microcred batch`: `--proof` (one of the library's
 * `ISSUING_PROOFS`) and `--jwt-algorithm` beside it, as the library's `proof` and `jwtAlgorithm` options. The old
 * `--format` is kept hidden, only to say what replaced it.
 */
import { Option, type Command } from 'commander'
import { ISSUING_PROOFS, type IssuingProof } from '../issue/options.js'
import { JWT_ALGORITHMS, type JwtAlgorithm } from '../proof/jwt/format.js'
import { UsageError } from './io.js'

/** The proof flags as commander gives them. */
export interface ProofFlags {
  proof?: string
  jwtAlgorithm?: string
  /** The old flag, hidden: given, it is a usage error saying what replaced it. */
  format?: string
}

/**
 * Adds `--proof`, `--jwt-algorithm` and the hidden `--format` to a command.
 *
 * @example
 * ```ts
 * withProofFlags(program.command('issue'))
 * ```
 */
export function withProofFlags(command: Command): Command {
  return command
    .option(
      '--proof <proof>',
      `the proof: ${ISSUING_PROOFS.join(', ')} (vc-jwt: a VC-JWT, signed with the key's algorithm; the others embed a proof, which needs an Ed25519 key) (default: eddsa-rdfc-2022)`,
    )
    .option(
      '--jwt-algorithm <alg>',
      `with --proof vc-jwt: the JOSE alg the key must sign, ${JWT_ALGORITHMS.join(', ')}`,
    )
    .addOption(new Option('--format <format>').hideHelp())
}

/**
 * The proof flags as the library's options: a usage error for an unknown value, `--jwt-algorithm` without
 * `--proof vc-jwt`, and `--format` (saying what replaced it).
 *
 * @example
 * ```ts
 * proofOptions({ proof: 'vc-jwt', jwtAlgorithm: 'ES256' }) // { proof: 'vc-jwt', jwtAlgorithm: 'ES256' }
 * ```
 */
export function proofOptions(flags: ProofFlags): { proof?: IssuingProof; jwtAlgorithm?: JwtAlgorithm } {
  if (flags.format !== undefined)
    throw new UsageError(
      `--format was replaced by --proof: --proof vc-jwt for a VC-JWT (was --format jwt); leave it out, or give eddsa-rdfc-2022 or Ed25519Signature2020, for an embedded proof (was --format ldp)`,
    )
  const { proof, jwtAlgorithm } = flags
  if (proof !== undefined && !(ISSUING_PROOFS as readonly string[]).includes(proof))
    throw new UsageError(
      `--proof must be ${ISSUING_PROOFS.join(', ')}, not ${JSON.stringify(proof)}${proof === 'jwt' ? ' (a VC-JWT is --proof vc-jwt)' : ''}`,
    )
  if (jwtAlgorithm !== undefined) {
    if (proof !== 'vc-jwt') throw new UsageError('--jwt-algorithm goes with --proof vc-jwt')
    if (!(JWT_ALGORITHMS as readonly string[]).includes(jwtAlgorithm))
      throw new UsageError(`--jwt-algorithm must be ${JWT_ALGORITHMS.join(', ')}, not ${JSON.stringify(jwtAlgorithm)}`)
  }
  return {
    ...(proof === undefined ? {} : { proof: proof as IssuingProof }),
    ...(jwtAlgorithm === undefined ? {} : { jwtAlgorithm: jwtAlgorithm as JwtAlgorithm }),
  }
}
