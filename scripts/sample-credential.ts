/** The EU micro-credential the benchmark and load scripts sign and verify (one shape, so their numbers compare). */
import { createMicroCredential, type MicroCredential, type MicroCredentialInput } from '../src/index.js'

export function sampleCredential(issuer: { id: string; name: string }, overrides: Partial<MicroCredentialInput> = {}): MicroCredential {
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
