/**
 * `npm run demo`: the main job end to end. Makes an issuer key, builds an EU micro-credential with every
 * mandatory element, signs it, verifies it, and prints the credential and the report. Then changes one value
 * of the signed credential and verifies again, to show what a verifier sees; bakes the credential into a PNG
 * badge and verifies the image; then revokes the credential through its status list and verifies once more.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createMicroCredential, formatReport, generateKeyPair, issue, verify, type FetchLike } from '../src/index.js'
import { bakePng, extractFromPng } from '../src/entries/bake.js'
import { createStatusList, publishStatusList, setStatus } from '../src/entries/status.js'

const color = process.stdout.isTTY
const heading = (text: string): void => {
  console.log(`\n${color ? `\u001b[1m${text}\u001b[0m` : text}\n${'─'.repeat(text.length)}`)
}

heading('1. An issuer key (Ed25519, did:key)')
const keyPair = await generateKeyPair()
console.log(`issuer id / key controller: ${keyPair.controller}`)

// The issuer's revocation list. A real issuer publishes it at its URL; here a stand-in for the verifier's
// fetch serves the latest published copy, so the demo stays offline.
const statusList = await createStatusList({ id: 'https://uni-ejemplo.es/status/revocation/1', purpose: 'revocation' })
const published = new Map<string, unknown>()
const publish = async (): Promise<void> => {
  published.set(statusList.id, await publishStatusList(statusList, { keyPair }))
}
const fetch: FetchLike = async (url) =>
  published.has(url)
    ? new Response(JSON.stringify(published.get(url)), { headers: { 'content-type': 'application/json' } })
    : new Response('not found', { status: 404 })

heading('2. An EU micro-credential, built and signed (eddsa-rdfc-2022), with an entry in a revocation list')
const credential = createMicroCredential({
  issuer: {
    id: keyPair.controller,
    name: 'Universidad de Ejemplo',
    url: 'https://uni-ejemplo.es',
    country: 'ES',
    region: 'Comunidad de Madrid',
    legalIdentifiers: [{ type: 'ErasmusCode', value: 'E  MADRID99' }],
  },
  learner: { name: 'Lucía Fernández', email: 'lucia.fernandez@example.org', studentId: '2025-11873' },
  title: 'Applied Machine Learning for Public Services',
  description: 'Plan, build and evaluate machine-learning services for public administrations.',
  learningOutcomes: [
    'Frame a public-service problem as a supervised learning task',
    'Evaluate a model for accuracy, fairness and data protection',
    'Deploy and monitor a model in production',
  ],
  workload: { ects: 6, hours: 150 },
  level: { eqf: 7, qfEhea: 'second' },
  assessment: {
    types: ['project', 'oral-exam'],
    supervision: 'supervised-with-id',
    grade: {
      value: '8.7',
      scheme: { name: 'Spanish university scale', resultType: 'RawScore', min: '0', max: '10', passing: '5' },
    },
  },
  participation: ['blended'],
  qualityAssurance: [
    { type: 'programme', agent: { id: 'https://www.aneca.es', name: 'ANECA' }, decisionDate: '2024-02-15' },
  ],
  stackability: { stackable: true, partOf: ['https://uni-ejemplo.es/programmes/master-data-science'] },
  iscedF: ['0613'],
  language: 'es',
  issued: new Date(),
})
const signed = await issue(credential, { keyPair, status: statusList })
await publish()
console.log(JSON.stringify({ ...signed, '@context': ['…VC 2.0, OB 3.0.3 and the inline EU context…'] }, null, 2))

heading('3. Verification report')
const report = await verify(signed, { fetch })
console.log(formatReport(report, { color }))

heading('4. The same credential with its grade changed from 8.7 to 9.9')
const forged = structuredClone(signed)
forged.credentialSubject.result![0]!.value = '9.9'
console.log(formatReport(await verify(forged, { fetch }), { color }))

heading('5. The credential baked into a PNG badge (OB 3.0 baking: an iTXt chunk "openbadgecredential")')
const badge = bakePng(await readFile(new URL('../assets/badge.png', import.meta.url)), signed)
await mkdir(new URL('../.tmp/', import.meta.url), { recursive: true })
await writeFile(new URL('../.tmp/demo-badge.png', import.meta.url), badge)
const baked = extractFromPng(badge)
const carried = baked.version === 'ob3' && baked.format === 'ldp' ? String(baked.credential['id']) : 'nothing'
console.log(`.tmp/demo-badge.png: ${badge.length} bytes, carrying ${carried}; verifying the image bytes:`)
const badgeReport = await verify(badge, { fetch })
console.log(formatReport(badgeReport, { color }))

heading('6. The issuer revokes the credential and publishes its list again')
await setStatus(statusList, Number(signed.credentialStatus!.statusListIndex), true)
await publish()
console.log(formatReport(await verify(signed, { fetch }), { color }))

if (!report.verified || !badgeReport.verified) process.exitCode = 1
