/**
 * Types of `validators.js`, which scripts/compile-schemas.ts generates (Ajv's standalone code for the bundled
 * schemas). Written by hand: the generated module always has this shape.
 */
import type { ErrorObject } from 'ajv'

/**
 * A JSON Schema validator compiled ahead of time: true when `data` is valid; otherwise its `errors` list what Ajv
 * found (every error, `allErrors`, each with its `schema`, `parentSchema` and `data`, `verbose`).
 *
 * @example
 * ```ts
 * if (!validate(credential)) console.log(validate.errors?.map((error) => error.instancePath))
 * ```
 */
export interface PrecompiledValidator {
  (data: unknown): boolean
  /** The errors of the last call: `null` when it passed. */
  errors?: ErrorObject[] | null
}

/**
 * One compiled schema: a bundled schema of `src/schema/bundled.ts` or its VC 1.1 variant (`src/schema/vc11.ts`).
 *
 * @example
 * ```ts
 * PRECOMPILED_SCHEMAS.find((compiled) => compiled.id === OB_PROFILE_SCHEMA.id)?.validate(profile)
 * ```
 */
export interface PrecompiledSchema {
  /** The compiled schema's `$id` (the bundled schema's `id`, or its VC 1.1 variant's). */
  readonly id: string
  /** Repository path of the schema file it was compiled from (the base schema's, for a VC 1.1 variant). */
  readonly file: string
  /** SHA-256 of that file when it was compiled: the pin `src/schema/bundled.ts` has for it. */
  readonly sha256: string
  readonly validate: PrecompiledValidator
  /**
   * A validator for each `oneOf`/`anyOf` alternative of the schema, by the alternative's schema object as the
   * validators' errors hold it (`error.schema` of a `oneOf` error lists these objects): the alternative on its own,
   * with the schema's `$defs`.
   */
  readonly alternatives: ReadonlyMap<object, PrecompiledValidator>
}

/**
 * Every compiled schema.
 *
 * @example
 * ```ts
 * const ids = PRECOMPILED_SCHEMAS.map((compiled) => compiled.id)
 * ```
 */
export declare const PRECOMPILED_SCHEMAS: readonly PrecompiledSchema[]
