/**
 * A quality-assurance agency endorses a university's micro-credential course; the learner's three micro-credentials
 * from two universities stack into a certificate, which the university issues as a CLR 2.0 record.
 * Run: npx tsx examples/endorse-and-stack.ts
 */
import { createMicroCredential, generateKeyPair, issue, verify, type MicroCredentialInput } from '../src/index.js'
import { createClr, createEndorsement, defineStack, embedEndorsements, evaluateStack } from '../src/entries/stack.js'

const [university, partner, agency] = await Promise.all([generateKeyPair(), generateKeyPair(), generateKeyPair()])
const learner = { id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', name: 'Sam de Vries' }
const course = (issuerId: string, title: string, achievementId: string): MicroCredentialInput => ({
  achievementId,
  issuer: {
    id: issuerId,
    name: issuerId === university.controller ? 'Example University' : 'Partner University',
    country: 'NL',
  },
  learner,
  title,
  description: `${title}, assessed by a project.`,
  learningOutcomes: [`Apply ${title.toLowerCase()} to a real data set`],
  workload: { ects: 5 },
  level: { eqf: 6 },
  assessment: { types: ['project'] },
  participation: ['online'],
  qualityAssurance: [{ type: 'programme', agent: { id: agency.controller, name: 'Agency for Quality Assurance' } }],
  issued: '2025-09-01T00:00:00Z',
})

// 1. The agency vouches for the university's course (the achievement), with its own key.
const databases = createMicroCredential(
  course(university.controller, 'Relational Databases', 'https://uni.example/courses/databases'),
)
const endorsement = await issue(
  createEndorsement({
    issuer: { id: agency.controller, name: 'Agency for Quality Assurance' },
    subjectId: databases.credentialSubject.achievement.id,
    comment: 'Programme accredited under ESG 2015 until 2030.',
    validFrom: '2025-01-01T00:00:00Z',
  }),
  { keyPair: agency },
)

// 2. The learner's three micro-credentials, from two universities.
const credentials = [
  await issue(embedEndorsements(databases, [endorsement], { at: 'achievement' }), { keyPair: university }),
  await issue(
    createMicroCredential(course(university.controller, 'Statistics', 'https://uni.example/courses/statistics')),
    { keyPair: university },
  ),
  await issue(
    createMicroCredential(course(partner.controller, 'Machine Learning', 'https://partner.example/courses/ml')),
    { keyPair: partner },
  ),
]

// 3. Do they make up the certificate? 15 ECTS at EQF 6 or above.
const certificate = defineStack({
  id: 'https://uni.example/qualifications/data-science',
  name: 'Certificate in Data Science',
  requires: { minEcts: 15, eqfAtLeast: 6 },
})
const evaluation = await evaluateStack(certificate, credentials)
console.log('stack met:', evaluation.met, evaluation.requirements.map((r) => r.detail).join('; '))

// 4. Issue it as a CLR record; a verifier checks the record and each credential in it.
const record = await issue(
  createClr({
    issuer: { id: university.controller, name: 'Example University' },
    learner: { id: learner.id },
    stack: { definition: certificate, evaluation },
  }),
  { keyPair: university },
)
const report = await verify(record)
const reason = (r: typeof report, check: string) => r.checks.find((c) => c.id === check)?.reason
const first = report.nested?.[0]
console.log(
  'record verified:',
  report.verified,
  `(${reason(report, 'credentials')}; the first carries ${first === undefined ? 'no report' : reason(first.report, 'endorsements')})`,
)
