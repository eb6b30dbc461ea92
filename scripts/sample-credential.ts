/** The EU micro-credential the benchmark and load scripts sign and verify (one shape, so their numbers compare). */
import { createMicroCredential, type MicroCredential, type MicroCredentialInput } from '../src/index.js'

export function sampleCredential(
  issuer: { id: string; name: string },
  overrides: Partial<MicroCredentialInput> = {},
): MicroCredential {
  return createMicroCredential({
    issuer: { ...issuer, country: 'DE' },
    learner: { id: 'did:example:learner', email: 'learner@example.org', salt: 'fixed' },
    title: 'Distributed Systems',
    description: 'Design and operate distributed systems.',
    learningOutcomes: ['Explain consensus', 'Operate a replicated database'],
    workload: { ects: 5 },
    level: { eqf: 6 },
    assessment: { types: ['written-exam'] },
    participation: ['online'],
    qualityAssurance: [{ type: 'institutional' }],
    issued: '2025-09-01T00:00:00Z',
    ...overrides,
  })
}

/**
 * `count` sample credentials, each with its own id (numbered from `firstNumber`): the lists the `--many` benchmark signs. Each is built on its own,
 * as an issuing service builds one per learner: copies sharing their nested objects would flatter a loop of issue()
 * over them (what it works out per object is found again) but not worker threads, which get their own copies.
 */
export function sampleCredentials(
  issuer: { id: string; name: string },
  count: number,
  firstNumber = 0,
): MicroCredential[] {
  return Array.from({ length: count }, (_, i) =>
    sampleCredential(issuer, { id: `urn:uuid:2f0b6c3e-9a51-4c7e-8d2a-${String(firstNumber + i).padStart(12, '0')}` }),
  )
}
