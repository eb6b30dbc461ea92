/**
 * `microcred/contexts`: the JSON-LD contexts and JSON Schemas microcred bundles, each pinned by SHA-256, and the
 * context URLs it writes. Nothing here fetches.
 *
 * @example
 * ```ts
 * import { BUNDLED_CONTEXTS, EU_CONTEXT } from 'microcred/contexts'
 *
 * BUNDLED_CONTEXTS.find((context) => context.url === EU_CONTEXT)?.sha256
 * ```
 *
 * @packageDocumentation
 * @module microcred/contexts
 */
export * from '../context/urls.js'
export { BUNDLED_CONTEXTS, type BundledContext } from '../context/bundled.js'
export {
  BUNDLED_SCHEMAS,
  CLR_CREDENTIAL_SCHEMA,
  EU_MICROCREDENTIAL_SCHEMA,
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  type BundledSchema,
} from '../schema/bundled.js'
