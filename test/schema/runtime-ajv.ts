/**
 * The reference for the precompiled validators: the bundled schemas compiled by Ajv at run time, exactly as
 * src/schema/ajv.ts did before they were compiled ahead of time (issue 20). The options are spelled out here on
 * purpose, not imported from scripts/compile-schemas.ts: a change to the script's options shows as a difference.
 */
import Ajv2019 from 'ajv/dist/2019.js'
import type { AnySchema, ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { BundledSchema } from '../../src/schema/bundled.js'
import type { SchemaValidators } from '../../src/schema/distill.js'

let shared: Ajv2019 | undefined

/** The one Ajv instance, as src/schema/ajv.ts made it. */
function ajv(): Ajv2019 {
  if (shared === undefined) {
    shared = new Ajv2019({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true })
    addFormats(shared)
  }
  return shared
}

const compiledByBundle = new Map<string, ValidateFunction>()

/** A bundled schema compiled at run time (src/schema/ajv.ts `validatorFor()`). */
export function runtimeValidator(bundle: BundledSchema): ValidateFunction {
  let validate = compiledByBundle.get(bundle.id)
  if (validate === undefined) {
    validate = ajv().compile(bundle.schema as AnySchema)
    compiledByBundle.set(bundle.id, validate)
  }
  return validate
}

const compiledBranches = new WeakMap<object, ValidateFunction>()

/** One `oneOf`/`anyOf` alternative compiled at run time with the `$defs` of its schema (`branchValidator()`). */
export function runtimeBranchValidator(branch: AnySchema, defs: unknown): ValidateFunction {
  if (typeof branch !== 'object') return ajv().compile(branch)
  let validate = compiledBranches.get(branch)
  if (validate === undefined) {
    const { $id: _ignoredId, ...rest } = branch as Record<string, unknown>
    validate = ajv().compile(defs === undefined ? rest : { ...rest, $defs: defs })
    compiledBranches.set(branch, validate)
  }
  return validate
}

/** The distiller's view of a schema compiled at run time: what `schemaFindings()` got before issue 20. */
export function runtimeSchemaFor(bundle: BundledSchema): SchemaValidators {
  const validate = runtimeValidator(bundle)
  const defs: unknown = bundle.schema['$defs']
  return { validate, alternative: (schema) => runtimeBranchValidator(schema as AnySchema, defs) }
}
