/**
 * The JSON Schemas a credential declares it conforms to: `credentialSchema` entries of type
 * `1EdTechJsonSchemaValidator2019` (OB 3.0 §9.1 and CLR 2.0 verification: "If the credential has a credentialSchema
 * property, and the type of the CredentialSchema object is 1EdTechJsonSchemaValidator2019, check that the credential
 * conforms", a verifier's MUST). Only bundled schemas can be applied: nothing is fetched.
 */
import { asArray, isJsonObject } from '../util/json.js'
import { BUNDLED_SCHEMAS, type BundledSchema } from './bundled.js'

/** The `credentialSchema` type whose schemas OB 3.0 verifiers must check. */
export const ONE_EDTECH_SCHEMA_VALIDATOR = '1EdTechJsonSchemaValidator2019'

/** One declared schema: where it is declared, its id, and the bundled copy when microcred has one. */
export interface DeclaredSchema {
  /** JSON path of the `credentialSchema` entry. */
  path: string
  id: string
  schema?: BundledSchema
}

const BY_ID: ReadonlyMap<string, BundledSchema> = new Map(
  BUNDLED_SCHEMAS.flatMap((schema) => [schema.id, ...schema.aliases].map((id) => [id, schema] as const)),
)

/**
 * The `1EdTechJsonSchemaValidator2019` schemas the credential declares, each with the bundled copy if there is one.
 *
 * @example
 * ```ts
 * declaredSchemas({ credentialSchema: [{ id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' }] })
 * // [{ path: 'credentialSchema[0]', id: '...', schema: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA }]
 * ```
 */
export function declaredSchemas(credential: Record<string, unknown>): DeclaredSchema[] {
  const raw = credential['credentialSchema']
  return asArray(raw).flatMap((entry, i) => {
    if (!isJsonObject(entry) || entry['type'] !== ONE_EDTECH_SCHEMA_VALIDATOR || typeof entry['id'] !== 'string')
      return []
    const schema = BY_ID.get(entry['id'])
    return [
      {
        path: Array.isArray(raw) ? `credentialSchema[${i}]` : 'credentialSchema',
        id: entry['id'],
        ...(schema === undefined ? {} : { schema }),
      },
    ]
  })
}
