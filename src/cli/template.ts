/**
 * The course template `microcred template` prints (and `examples/course.json` ships): the builder's input with every
 * EU micro-credential element, placeholder values that build once the issuer id is set (`microcred issue` sets it to
 * the key's controller), and what each member means. The builder refuses unknown members, so the explanations
 * cannot travel inside the JSON: they are a separate list.
 */
import type { JsonObject } from '../util/json.js'

/** The builder input of the template: plain JSON for `microcred issue <file> --key <key>`. */
export const COURSE_TEMPLATE: JsonObject = {
  issuer: {
    name: 'Example University',
    url: 'https://uni.example',
    email: 'registrar@uni.example',
    country: 'DE',
    region: 'Bavaria',
    legalIdentifiers: [{ type: 'ErasmusCode', value: 'D  EXAMPLE01' }],
  },
  awardingBodies: [{ id: 'https://uni.example', name: 'Example University' }],
  learner: { name: 'Ada Lovelace', email: 'ada@example.org', studentId: 'S-2025-0001' },
  title: 'Data Engineering Fundamentals',
  description: 'Build reliable batch and streaming data pipelines.',
  learningOutcomes: [
    'Design a relational schema in third normal form',
    'Build a batch pipeline that is idempotent and observable',
  ],
  workload: { ects: 5, hours: 125 },
  level: { eqf: 6, qfEhea: 'first' },
  assessment: { types: ['written-exam', 'project'], supervision: 'supervised-with-id' },
  participation: ['blended'],
  learningActivities: ['classroom', 'e-learning'],
  learningSetting: 'formal',
  qualityAssurance: [
    {
      type: 'institutional',
      agent: { id: 'https://www.deqar.eu/agencies/example', name: 'Example Accreditation Agency' },
      description: 'Institutional accreditation of the university',
    },
  ],
  prerequisites: 'Basic programming in Python.',
  stackability: { stackable: true, partOf: ['https://uni.example/programmes/msc-data-science'] },
  furtherInformation: 'Part of the university lifelong learning offer.',
  infoUrl: 'https://uni.example/microcredentials/data-engineering',
  fieldOfStudy: 'Computer science',
  iscedF: ['0613'],
  language: 'en',
  awarded: '2025-06-27T00:00:00Z',
  validUntil: '2030-06-30T00:00:00Z',
}

/** Member path -> what it is (EU Annex I element numbers where mandatory), in the template's order. */
export const COURSE_TEMPLATE_NOTES: readonly (readonly [string, string])[] = [
  [
    'issuer',
    "EU 3 (country/region of the issuer): name and country (ISO 3166 code) are mandatory; issuer.id is left out: `microcred issue` uses the key's controller",
  ],
  ['issuer.legalIdentifiers', 'optional: ErasmusCode, PIC, VAT, ... of the issuing institution'],
  ['awardingBodies', 'EU 4 (awarding body): who awards the credential; default: the issuer'],
  [
    'learner',
    'EU 1 (identification of the learner): a name and/or id, email, studentId, nationalId (personal identifiers are stored only as salted hashes); `microcred batch` takes these from the roster instead',
  ],
  ['title', 'EU 2 (title of the micro-credential)'],
  ['description', 'optional: what the course is about'],
  ['learningOutcomes', 'EU 6 (learning outcomes): texts, or { text, escoSkills: [ESCO skill IRIs] }'],
  ['workload', 'EU 7 (notional workload): ects and/or hours'],
  ['level', "EU 8 (optional): eqf 1-8, qfEhea short|first|second|third, nqf (the national framework's level, as text)"],
  [
    'assessment',
    'EU 9 (type of assessment): types and supervision from `microcred vocabularies assessment` / `supervision`; optional grade { value, scheme }',
  ],
  ['participation', 'EU 10 (form of participation): from `microcred vocabularies participation`'],
  ['learningActivities', 'optional: from `microcred vocabularies learning-activity`'],
  ['learningSetting', 'optional: formal or non-formal'],
  [
    'qualityAssurance',
    'EU 11 (type of quality assurance): type from `microcred vocabularies quality-assurance`, the agent, an optional report URL and decisionDate',
  ],
  ['prerequisites', 'EU (optional): what a learner needs before enrolling'],
  ['stackability', 'EU (optional): whether it can be combined into a larger credential, and which (partOf: URLs)'],
  ['furtherInformation', 'optional: free text'],
  ['infoUrl', 'optional: the course page'],
  ['fieldOfStudy', 'optional: the field of study, as text'],
  ['iscedF', 'optional: ISCED-F 2013 field codes'],
  ['language', 'optional: the language of instruction (BCP 47)'],
  [
    'awarded',
    'optional: when the learner earned it (default: issued); "issued" is left out: `microcred issue` uses now',
  ],
  ['validUntil', 'optional: when the credential expires'],
]

/** The explanations as text, one member a line. */
export function templateNotes(): string {
  const width = Math.max(...COURSE_TEMPLATE_NOTES.map(([path]) => path.length))
  return COURSE_TEMPLATE_NOTES.map(([path, note]) => `${path.padEnd(width)}  ${note}`).join('\n')
}
