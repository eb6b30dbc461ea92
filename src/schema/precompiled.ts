/**
 * The validators of the bundled schemas, compiled ahead of time: `compiled/validators.js` is Ajv's standalone code,
 * written by scripts/compile-schemas.ts and committed. Validating therefore loads no Ajv compiler and evaluates no
 * generated code (`new Function`, which a strict Content-Security-Policy forbids), and the first validation costs no
 * compilation. There is no run-time compilation path: every schema microcred validates with is bundled, and
 * `npx tsx scripts/compile-schemas.ts --check` (CI) fails when the compiled code no longer matches them.
 */
import { MicrocredError } from '../errors.js'
import type { BundledSchema } from './bundled.js'
import { PRECOMPILED_SCHEMAS, type PrecompiledSchema } from './compiled/validators.js'
import type { SchemaValidators } from './distill.js'

const compiledById: ReadonlyMap<string, PrecompiledSchema> = new Map(
  PRECOMPILED_SCHEMAS.map((compiled) => [compiled.id, compiled]),
)

const adapted = new WeakMap<BundledSchema, SchemaValidators>()

/**
 * The compiled validators of a bundled schema (or of its VC 1.1 variant, `vc11Variant()`).
 *
 * @throws MicrocredError `ERR_INTERNAL` for a schema that was not compiled, or compiled from another version of its
 *   file (a build that skipped `npx tsx scripts/compile-schemas.ts`).
 * @example
 * ```ts
 * compiledSchemaFor(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA).validate(credential) // true or false
 * ```
 */
export function compiledSchemaFor(bundle: BundledSchema): SchemaValidators {
  let validators = adapted.get(bundle)
  if (validators === undefined) {
    const compiled = compiledById.get(bundle.id)
    if (compiled?.sha256 !== bundle.sha256) {
      throw new MicrocredError(
        'ERR_INTERNAL',
        compiled === undefined
          ? `no compiled validator for the schema ${bundle.id} (run npx tsx scripts/compile-schemas.ts)`
          : `the compiled validator of ${bundle.id} is of another version of ${bundle.file} (run npx tsx scripts/compile-schemas.ts)`,
      )
    }
    const { validate, alternatives } = compiled
    validators = {
      validate,
      alternative(schema: unknown) {
        const found = typeof schema === 'object' && schema !== null ? alternatives.get(schema) : undefined
        if (found === undefined) {
          throw new MicrocredError(
            'ERR_INTERNAL',
            `no compiled validator for a oneOf/anyOf alternative of ${bundle.id}`,
          )
        }
        return found
      },
    }
    adapted.set(bundle, validators)
  }
  return validators
}
