/**
 * The runnable scripts people try first. `npm run demo` is the README's first command: it must run offline and
 * show what it promises (a verified EU micro-credential, the changed copy failing at its proof, the baked PNG
 * verifying, the revoked credential failing at its status).
 */
import { describe, expect, it } from 'vitest'
import { runFixture } from '../helpers/child.js'

describe('npm run demo', () => {
  it('issues, verifies, detects the changed copy, verifies the baked PNG, detects the revocation, and exits 0', async () => {
    const output = await runFixture('scripts/demo.ts', [])
    const sections = output.split(/\n(?=\d\. )/)
    const section = (number: number): string => sections.find((s) => s.startsWith(`${number}. `)) ?? ''

    expect(section(2)).toContain('"statusPurpose": "revocation"')
    expect(section(3)).toContain('✔ VERIFIED')
    expect(section(3)).toMatch(/✔ status\s+not revoked/)
    expect(section(4)).toContain('✘ NOT VERIFIED')
    expect(section(4)).toContain('ERR_PROOF_INVALID at proof[0]')
    expect(section(5)).toMatch(/\.tmp\/demo-badge\.png: \d+ bytes, carrying urn:uuid:/)
    expect(section(5)).toContain('✔ VERIFIED')
    expect(section(6)).toContain('✘ NOT VERIFIED')
    expect(section(6)).toContain('ERR_REVOKED at credentialStatus')
    expect(section(6)).not.toContain('ERR_PROOF_INVALID')
  }, 60_000)
})

describe('examples/issue-and-verify.ts', () => {
  it('issues with a stored key, verifies (assertVerified does not throw) and reads the workload back', async () => {
    expect(await runFixture('examples/issue-and-verify.ts', [])).toBe('{ ects: 3 }\n')
  }, 60_000)
})

describe('examples/endorse-and-stack.ts', () => {
  it('endorses a course, stacks three micro-credentials from two universities and issues the CLR, which verifies', async () => {
    expect(await runFixture('examples/endorse-and-stack.ts', [])).toBe(
      'stack met: true 15 of 15 ECTS; 3 credentials at EQF 6 or above\n' +
        'record verified: true (3 bundled credentials verified; the first carries 1 endorsement verified)\n',
    )
  }, 60_000)
})
