/**
 * "Suitable rules" for VC 1.1 Open Badges (1EdTech published no VC 1.1 schema for OB 3.0 in the stored
 * sources): the official VC 2.0 schema with the VC 1.1 differences applied. The first `@context` is the VC 1.1
 * one, `issuanceDate` replaces `validFrom` as the required date and `expirationDate` is allowed (VC Data Model
 * 1.1 §4.6, §4.7). Everything else of the OB 3.0 data model is unchanged.
 */
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from '../context/urls.js'
import { deepFreeze, isJsonObject } from '../util/json.js'
import type { BundledSchema } from './bundled.js'

const DATE_TIME = { type: 'string', format: 'date-time' } as const

function patch(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(patch)
  if (!isJsonObject(node)) return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) out[key] = patch(value)
  if (isJsonObject(out['properties'])) {
    const properties = { ...(out['properties'] as Record<string, unknown>) }
    const context = properties['@context']
    if (isJsonObject(context) && Array.isArray(context['items'])) {
      const [first, ...rest] = context['items'] as unknown[]
      if (isJsonObject(first) && Array.isArray(first['enum']) && first['enum'].includes(VC_V2_CONTEXT)) {
        properties['@context'] = { ...context, items: [{ ...first, enum: [VC_V1_CONTEXT] }, ...rest] }
      }
    }
    if ('validFrom' in properties) {
      properties['issuanceDate'] = DATE_TIME
      properties['expirationDate'] = DATE_TIME
    }
    out['properties'] = properties
  }
  if (Array.isArray(out['required']))
    out['required'] = (out['required'] as string[]).map((name) => (name === 'validFrom' ? 'issuanceDate' : name))
  return out
}

const variants = new WeakMap<BundledSchema, BundledSchema>()

/** The VC 1.1 variant of a bundled OB 3.0 schema (derived once, then reused). */
export function vc11Variant(schema: BundledSchema): BundledSchema {
  let variant = variants.get(schema)
  if (variant === undefined) {
    // A derived schema needs its own $id (Ajv keys schemas by it); `#` is not allowed in one.
    const id = `${schema.id}?vc-data-model=1.1`
    const { $id: _id, ...rest } = patch(schema.schema) as Record<string, unknown>
    variant = Object.freeze({ ...schema, id, schema: deepFreeze({ ...rest, $id: id }) })
    variants.set(schema, variant)
  }
  return variant
}
