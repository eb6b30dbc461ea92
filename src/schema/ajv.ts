import Ajv2019 from 'ajv/dist/2019.js'
import type { AnySchema, ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { BundledSchema } from './bundled.js'

let shared: Ajv2019 | undefined

/**
 * The one Ajv instance (JSON Schema draft 2019-09, as the OB 3.0 schemas declare, with `ajv-formats`).
 * `allErrors` so a validation reports every problem at once; `verbose` so the distiller can see each failing
 * keyword's schema and data; `strict: false` because the official schemas use tuple `items` without
 * `minItems`/`maxItems`, which strict mode rejects although the schemas are valid 2019-09.
 */
function ajv(): Ajv2019 {
  if (shared === undefined) {
    shared = new Ajv2019({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true })
    addFormats(shared)
  }
  return shared
}

const compiledByBundle = new WeakMap<BundledSchema, ValidateFunction>()

/** The compiled validator of a bundled schema (compiled on first use, then reused). */
export function validatorFor(bundle: BundledSchema): ValidateFunction {
  let validate = compiledByBundle.get(bundle)
  if (validate === undefined) {
    validate = ajv().compile(bundle.schema as AnySchema)
    compiledByBundle.set(bundle, validate)
  }
  return validate
}

const compiledBranches = new WeakMap<object, ValidateFunction>()

/**
 * A validator for one `oneOf`/`anyOf` branch of a schema, so the distiller can ask "what is wrong with this
 * value under this alternative?". The branch keeps the `$defs` of the schema it came from, which is where its
 * `$ref`s (all of the form `#/$defs/...` in the bundled schemas) point.
 */
export function branchValidator(branch: AnySchema, defs: unknown): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a schema read from JSON may hold null
  if (typeof branch !== 'object' || branch === null) return ajv().compile(branch)
  let validate = compiledBranches.get(branch)
  if (validate === undefined) {
    const { $id: _ignoredId, ...rest } = branch as Record<string, unknown>
    validate = ajv().compile(defs === undefined ? rest : { ...rest, $defs: defs })
    compiledBranches.set(branch, validate)
  }
  return validate
}
