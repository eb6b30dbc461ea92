/**
 * The JSON Schemas microcred validates with, bundled (inlined at build time) and pinned by SHA-256 of the
 * file each was copied from (see `files/SOURCES.md`); a unit test recomputes the digests.
 */
import euProfile from '../../schemas/eu-microcredential-v1.json'
import clrStructure from '../../schemas/clr-v2p0-credential-v1.json'
import achievementCredential from './files/ob_v3p0_achievementcredential.json'
import endorsementCredential from './files/ob_v3p0_endorsementcredential.json'
import profile from './files/ob_v3p0_profile.json'
import { deepFreeze } from '../util/json.js'

/** One bundled JSON Schema. */
export interface BundledSchema {
  /** The schema's `$id`. */
  readonly id: string
  /** Other URLs credentials use for it in `credentialSchema[].id`. */
  readonly aliases: readonly string[]
  /** Repository path of the copy. */
  readonly file: string
  /** SHA-256 (hex) of the file's bytes. */
  readonly sha256: string
  /** The parsed, frozen schema. */
  readonly schema: Readonly<Record<string, unknown>>
}

const OB_SCHEMA_BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/'

function bundled(
  id: string,
  file: string,
  sha256: string,
  schema: Record<string, unknown>,
  aliases: string[] = [],
): BundledSchema {
  return Object.freeze({ id, aliases: Object.freeze(aliases), file, sha256, schema: deepFreeze(schema) })
}

/** Official OB 3.0 `AchievementCredential` / `OpenBadgeCredential` schema. */
export const OB_ACHIEVEMENT_CREDENTIAL_SCHEMA = bundled(
  `${OB_SCHEMA_BASE}ob_v3p0_achievementcredential-jsonschema1.json`,
  'src/schema/files/ob_v3p0_achievementcredential.json',
  '5753fb3ecf7d024ed273dd364bd683f483eb47257e718e6618832cf89eb2083a',
  achievementCredential,
  [`${OB_SCHEMA_BASE}ob_v3p0_achievementcredential_schema.json`],
)

/** Official OB 3.0 `EndorsementCredential` schema. */
export const OB_ENDORSEMENT_CREDENTIAL_SCHEMA = bundled(
  `${OB_SCHEMA_BASE}ob_v3p0_endorsementcredential-jsonschema1.json`,
  'src/schema/files/ob_v3p0_endorsementcredential.json',
  '4627e1878848d0192c3f9e26f09ef88a96ad48a46f5fca11b80b679ece0de345',
  endorsementCredential,
  [`${OB_SCHEMA_BASE}ob_v3p0_endorsementcredential_schema.json`],
)

/** Official OB 3.0 `Profile` schema. */
export const OB_PROFILE_SCHEMA = bundled(
  `${OB_SCHEMA_BASE}ob_v3p0_profile-jsonschema1.json`,
  'src/schema/files/ob_v3p0_profile.json',
  '9b05049f720b8ad9bd7aed358ca59c643c34bf1cec0b29fd7baa8bf98efed164',
  profile,
)

/** microcred's EU micro-credential profile schema (applied on top of the OB 3.0 schema). */
export const EU_MICROCREDENTIAL_SCHEMA = bundled(
  'https://w3id.org/microcred/eu/v1/schema.json',
  'schemas/eu-microcredential-v1.json',
  '8db70ab485a190c1745f49632001cf0b0a9b4b46366a1485f3d525a7f0150b07',
  euProfile,
)

/**
 * microcred's schema of the CLR 2.0 `ClrCredential` structure, written from the CLR 2.0 data model (the official
 * CLR 2.0 JSON Schema is not available offline). The credentials a CLR bundles are verified on their own.
 */
export const CLR_CREDENTIAL_SCHEMA = bundled(
  'https://w3id.org/microcred/clr/v2p0/schema.json',
  'schemas/clr-v2p0-credential-v1.json',
  '901430401a546ffc5ec90fe0832b0a7b05cd34db9649ec3c07b5219c1107977a',
  clrStructure,
)

/** Every bundled schema. */
export const BUNDLED_SCHEMAS: readonly BundledSchema[] = Object.freeze([
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  OB_ENDORSEMENT_CREDENTIAL_SCHEMA,
  OB_PROFILE_SCHEMA,
  EU_MICROCREDENTIAL_SCHEMA,
  CLR_CREDENTIAL_SCHEMA,
])
