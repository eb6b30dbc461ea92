/** src/schema/precompiled.ts: the compiled validators of exactly the bundled schemas, or a clear internal error. */
import { describe, expect, it } from 'vitest'
import { MicrocredError } from '../../src/errors.js'
import { OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, OB_PROFILE_SCHEMA } from '../../src/schema/bundled.js'
import { compiledSchemaFor } from '../../src/schema/precompiled.js'
import { vc11Variant } from '../../src/schema/vc11.js'
import { readJson } from '../helpers/files.js'

function internalError(run: () => unknown): MicrocredError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(MicrocredError)
    expect((error as MicrocredError).code).toBe('ERR_INTERNAL')
    return error as MicrocredError
  }
  throw new Error('expected ERR_INTERNAL')
}

describe('compiledSchemaFor()', () => {
  it('validates with the bundled schema and its VC 1.1 variant', () => {
    const basic = readJson('test/vectors/spec/ob-basic-openbadgecredential.json')
    expect(compiledSchemaFor(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA).validate(basic)).toBe(true)
    // The VC 1.1 variant wants issuanceDate instead of validFrom.
    const v11 = compiledSchemaFor(vc11Variant(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA)).validate
    expect(v11(basic)).toBe(false)
    expect(v11.errors?.map((e) => e.params)).toContainEqual({ missingProperty: 'issuanceDate' })
    expect(compiledSchemaFor(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA)).toBe(
      compiledSchemaFor(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA),
    )
  })

  it('refuses a schema that was not compiled, naming the script that compiles', () => {
    const error = internalError(() =>
      compiledSchemaFor({ ...OB_PROFILE_SCHEMA, id: 'https://example.com/schema.json' }),
    )
    expect(error.message).toContain('https://example.com/schema.json')
    expect(error.message).toContain('npx tsx scripts/compile-schemas.ts')
  })

  it('refuses a schema whose file changed since it was compiled (its pinned SHA-256 differs)', () => {
    const error = internalError(() => compiledSchemaFor({ ...OB_PROFILE_SCHEMA, sha256: '0'.repeat(64) }))
    expect(error.message).toContain(OB_PROFILE_SCHEMA.file)
  })

  it('has a validator for each oneOf alternative that an error lists, and none for other objects', () => {
    const compiled = compiledSchemaFor(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA)
    const basic = readJson('test/vectors/spec/ob-basic-openbadgecredential.json')
    expect(compiled.validate({ ...basic, issuer: 42 })).toBe(false)
    const oneOf = compiled.validate.errors?.find((e) => e.keyword === 'oneOf' && e.instancePath === '/issuer')
    expect(Array.isArray(oneOf?.schema)).toBe(true)
    const [url, profile] = oneOf?.schema as object[]
    expect(compiled.alternative(url)('https://example.com/issuer')).toBe(true)
    expect(compiled.alternative(profile)('https://example.com/issuer')).toBe(false)
    expect(compiled.alternative(profile)(basic['issuer'])).toBe(true)
    // An equal object is not the one the errors list: alternatives are found by identity.
    internalError(() => compiled.alternative(structuredClone(url)))
  })
})
