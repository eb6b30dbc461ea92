/**
 * Issue an EU micro-credential with a key you keep, and verify it.
 * Run: npx tsx examples/issue-and-verify.ts
 */
import {
  assertVerified,
  createMicroCredential,
  exportKeyPair,
  generateKeyPair,
  importKeyPair,
  issue,
  readMicroCredential,
  verify,
} from '../src/index.js'

// Once: generate the issuer key and store the export (it contains the secret key: keep it like a password).
const stored = exportKeyPair(await generateKeyPair(), { secret: true })

// In the issuing service: load the key and issue.
const keyPair = await importKeyPair(stored)
const credential = createMicroCredential({
  issuer: { id: keyPair.controller, name: 'Example Academy', country: 'NL' },
  learner: { id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', name: 'Sam de Vries' },
  title: 'Sustainable Supply Chains',
  description: 'Measure and reduce the carbon footprint of a supply chain.',
  learningOutcomes: ['Map the emission sources of a supply chain', 'Propose a reduction plan with measurable targets'],
  workload: { ects: 3 },
  level: { eqf: 5 },
  assessment: { types: ['assignment'] },
  participation: ['online'],
  qualityAssurance: [{ type: 'institutional' }],
  issued: '2025-09-01T00:00:00Z',
})
const signed = await issue(credential, { keyPair })

// In a verifier:
const report = await verify(signed)
assertVerified(report)
console.log(readMicroCredential(report.credential).workload) // { ects: 3 }
