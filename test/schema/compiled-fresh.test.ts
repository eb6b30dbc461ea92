/**
 * The committed src/schema/compiled/validators.js is what scripts/compile-schemas.ts generates from the bundled
 * schemas today: a schema file, its pin in bundled.ts, the VC 1.1 variant rules, Ajv or the script changed without
 * regenerating it fails here (and in CI's `npx tsx scripts/compile-schemas.ts --check`).
 */
import { describe, expect, it } from 'vitest'
import { GENERATED_FILE, staleSchemaModules } from '../../scripts/compile-schemas.js'

describe('the precompiled schema validators', () => {
  it('are what scripts/compile-schemas.ts generates (else: npx tsx scripts/compile-schemas.ts, and commit)', async () => {
    const stale = await staleSchemaModules()
    expect(stale.map(({ file }) => file)).toEqual([])
    expect(GENERATED_FILE).toBe('src/schema/compiled/validators.js')
  }, 120_000)
})
